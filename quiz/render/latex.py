"""A quiz variant as pdfLaTeX source: the student sheet and the instructor's answer key.

Pure functions of their arguments: the same questions, code and locations give the same bytes,
so the PDFs are reproducible (the source also turns off PDF dates and pdfTeX's banner, and fixes
the trailer /ID to a hash of the source). All bank text goes through `texescape.escape`.
The layout is plain on purpose: black and white, one question never split across pages, no
hyphenation (a student should not have to reassemble a word), and the replay code on every page.
A matching question prints its numbered prompts, each after a blank for a letter, then its lettered
options; its key is the pairs, `1D 2B 3E`. A "select all that apply" question (kind "multiple")
prints a box to tick before each lettered option; its key is every keyed letter, `AC`, then the
keyed options.
"""

from __future__ import annotations

import hashlib

from quiz.model import LETTERS, Question
from quiz.render.texescape import escape

TITLE = "Massage for Back Spasms"

_PREAMBLE = r"""\documentclass[11pt]{article}
\pdfinfoomitdate=1
\pdfsuppressptexinfo=-1
\pdftrailerid{%(trailer)s}
\pdfinfo{/Title (%(title)s) /Creator (python -m quiz handout)}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{tgheros}
\renewcommand{\familydefault}{\sfdefault}
\renewcommand{\ttdefault}{txtt}
\usepackage[a4paper,hmargin=2cm,top=1.8cm,bottom=2.4cm,footskip=1.1cm]{geometry}
\usepackage{xcolor}
\usepackage{fancyhdr}
\usepackage{lastpage}
\pagestyle{fancy}
\fancyhf{}
\renewcommand{\headrulewidth}{0pt}
\fancyfoot[L]{\footnotesize %(footer)s}
\fancyfoot[R]{\footnotesize Page \thepage\ of \pageref{LastPage}}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0pt}
\raggedright
\hyphenpenalty=10000
\exhyphenpenalty=10000
\newcommand{\qbox}[1]{\begin{minipage}[t]{\linewidth}\raggedright #1\end{minipage}}
\newcommand{\option}[2]{\par\hangindent=2.2em\hangafter=1\makebox[2.2em][l]{#1)}#2}
\newcommand{\tickoption}[2]{\par\hangindent=3.6em\hangafter=1%%
  \makebox[1.4em][l]{\fboxsep=0pt\fbox{\rule{0pt}{.8em}\hspace{.8em}}}\makebox[2.2em][l]{#1)}#2}
\newcommand{\prompt}[2]{\par\hangindent=5.2em\hangafter=1\makebox[2.2em][l]{#1.}%%
  \makebox[3em][l]{\rule[-1pt]{2.4em}{0.4pt}}#2}
\newcommand{\redbox}[2]{\par\noindent\fboxrule=1.2pt\fboxsep=7pt%%
  \fcolorbox{black}{black!6}{\parbox{\dimexpr\linewidth-2\fboxsep-2\fboxrule}{%%
  \raggedright\textbf{#1}\par\smallskip #2}}\par}
\begin{document}
"""

_END = "\n\\end{document}\n"


def _preamble(title: str, footer: str, body_hash_source: str) -> str:
    trailer = hashlib.sha256(body_hash_source.encode("utf-8")).hexdigest()[:32]
    pdf_title = "".join(ch for ch in title if ch.isalnum() or ch in " -.:")
    return _PREAMBLE % {"trailer": trailer, "title": pdf_title, "footer": footer}


def _header(kind: str, variant: int, code: str, version: str) -> list[str]:
    return [
        (f"{{\\Large\\bfseries {escape(TITLE)}: {kind}}}"
        f"\\hfill{{\\Large\\bfseries Variant {variant}}}"),
        "\\par\\smallskip",
        f"Replay code: \\texttt{{{escape(code)}}}\\hfill Book version {escape(version)}\\par",
    ]


def safety_box(signs: list[str]) -> str:
    """The "Emergency: go now if..." box, from the bank's emergency red flags."""
    items = "; ".join(escape(s) for s in signs)
    text = (f"Back pain with any of these needs an emergency department or the local emergency "
            f"number now, not a massage: "
            f"{items}. Other signs that need a doctor the same day are in the book's chapter "
            f"Red flags and safety. This sheet is a study aid, not medical advice.")
    return f"\\redbox{{Emergency: go now if\\ldots}}{{{text}}}"


def _question(q: Question) -> str:
    """One question of the sheet: the stem, then (matching) the prompts, then the options (each
    with a box to tick in a select-all question, whose stem says "Select all that apply.")."""
    command = "tickoption" if q.kind == "multiple" else "option"
    options = "".join(f"\\{command}{{{LETTERS[i]}}}{{{escape(o)}}}"
                      for i, o in enumerate(q.options))
    if not q.prompts:
        return f"\\item\\qbox{{{escape(q.stem)}\\par\\smallskip{options}}}"
    prompts = "".join(f"\\prompt{{{n}}}{{{escape(p)}}}" for n, p in enumerate(q.prompts, 1))
    return (f"\\item\\qbox{{{escape(q.stem)} {{\\small\\itshape Write the letter of its match "
            f"on the line before each item; each letter is used once.}}\\par\\smallskip{prompts}"
            f"\\par\\smallskip{options}}}")


def sheet(questions: list[Question], variant: int, code: str, version: str,
          signs: list[str]) -> str:
    """The student's sheet: the questions and options of one variant, with no answers."""
    body = _header("self-check", variant, code, version)
    kinds = {q.kind for q in questions}
    how = (f"Circle the letter of the one best answer to each of the {len(questions)} questions"
           + ("; where a question says \\emph{Select all that apply}, tick the box of every "
              "option that applies" if "multiple" in kinds else "")
           + ("; in a matching question, write a letter beside each numbered item"
              if "matching" in kinds else "") + ".\\par")
    body += ["\\medskip", "Name: \\rule{8cm}{0.4pt}\\hfill Date: \\rule{3.5cm}{0.4pt}\\par",
             "\\medskip", safety_box(signs), "\\medskip", how,
             "\\begin{enumerate}\\setlength{\\itemsep}{0.9em}"]
    body += [_question(q) for q in questions]
    body.append("\\end{enumerate}")
    text = "\n".join(body)
    footer = f"{escape(TITLE)} \\textperiodcentered{{}} {escape(code)}"
    return _preamble(f"{TITLE} self-check {code}", footer, text) + text + _END


def key(questions: list[Question], variant: int, code: str, version: str,
        where: list[str], pages_note: str) -> str:
    """The instructor's key: each answer's letter and text (a select-all question: every keyed
    letter, then each keyed option), why, and where the book says so.

    `where[i]` is the printed location of question i's section; `pages_note` says what the
    page numbers refer to (or why there are none).
    """
    body = _header("answer key", variant, code, version)
    quick = " \\quad ".join(f"\\mbox{{{n}\\enspace{{}}{q.letters}}}"
                             for n, q in enumerate(questions, 1))
    body += ["\\medskip", "\\textbf{For the instructor: do not hand out.} " + escape(pages_note),
             "\\par\\medskip", f"\\textbf{{Quick key:}} {quick}\\par", "\\medskip",
             "\\begin{enumerate}\\setlength{\\itemsep}{0.6em}"]
    for q, place in zip(questions, where):
        k = q.answer[0]
        if q.prompts:
            answer = f"\\textbf{{{q.letters}}}"
        elif q.kind == "multiple":
            answer = f"\\textbf{{{q.letters}}}" + "".join(
                f"\\option{{{LETTERS[i]}}}{{{escape(q.options[i])}}}" for i in q.answer)
        else:
            answer = f"\\textbf{{{LETTERS[k]})}} {escape(q.options[k])}"
        body.append(f"\\item\\qbox{{{answer}\\par "
                    f"{{\\small {escape(q.explanation)}\\par \\textit{{Book: {escape(place)}}}}}}}")
    body.append("\\end{enumerate}")
    text = "\n".join(body)
    dot = " \\textperiodcentered{} "
    footer = f"{escape(TITLE)}{dot}answer key{dot}{escape(code)}"
    return _preamble(f"{TITLE} answer key {code}", footer, text) + text + _END
