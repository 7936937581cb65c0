"""The book as a PDF (issue 5): `make pdf`'s build, read back with poppler's pdftotext.

The PDF is built once per session by the `book_pdf` fixture (tests/conftest.py), as `make pdf`
builds it. The checks that need no LaTeX (the install hint of `make pdf`, the characters the
chapters use) run everywhere.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

import pdfutil
import quiz
from conftest import REPO_ROOT, toctree_docnames
from test_book import printed_questions
from quiz import typeset
from quiz.render.texescape import unsupported

DOCS = REPO_ROOT / "docs"
APT_LINE = f"apt-get install --no-install-recommends {typeset.PACKAGES}"




def doc_title(doc: str) -> str:
    text = (DOCS / f"{doc}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.M)[1].strip()


CHAPTERS = toctree_docnames()
APPENDICES = ["reference/glossary", "reference/references", "reference/answer-key",
              "reference/changelog"]


@pytest.fixture(scope="module")
def pdf(book_pdf):
    if book_pdf.returncode != 0 or not book_pdf.pdf.is_file():
        pytest.fail(f"make pdf failed ({book_pdf.returncode}):\n{book_pdf.output[-3000:]}")
    return book_pdf


@pytest.fixture(scope="module")
def page_texts(pdf) -> list[str]:
    return pdfutil.pages(pdf.pdf)


@pytest.fixture(scope="module")
def contents(page_texts) -> list[str]:
    """The lines of the table of contents (the pages before chapter 1), normalized."""
    lines = []
    for page in page_texts[1:12]:
        if "CHAPTER" in page:
            break
        lines += [pdfutil.norm(line) for line in page.splitlines() if line.strip()]
    return lines


def test_the_build_is_clean(pdf):
    warnings = [line for line in pdf.output.splitlines() if "WARNING" in line]
    assert not warnings, warnings
    log = (pdf.latex / "massage-for-back-spasms.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    assert "undefined" not in log and "multiply defined" not in log, "a reference or label"
    assert "Type 3" not in pdfutil.font_types(pdf.pdf), "a bitmap (Type 3) font: install tex-gyre"


def test_nothing_sticks_out_into_the_margin(pdf):
    """Table cells and lines overflow by at most a hair (LaTeX's Overfull \\hbox)."""
    log = (pdf.latex / "massage-for-back-spasms.log").read_text(encoding="utf-8", errors="replace")
    pattern = r"Overfull \\hbox \(([\d.]+)pt too wide\) (?:in paragraph|detected) at lines? ([\d-]+)"
    over = [(float(m[1]), m[2]) for m in re.finditer(pattern, log)]
    assert [o for o in over if o[0] > 6] == [], "lines of the .tex that overflow (pt, line)"


def test_nothing_runs_into_the_footer(pdf):
    """No page is filled past its bottom (LaTeX's Overfull \\vbox while a page is output): a
    table too tall for the rest of its page ran over the footer until it could break."""
    log = (pdf.latex / "massage-for-back-spasms.log").read_text(encoding="utf-8", errors="replace")
    over = re.findall(r"Overfull \\vbox \(([\d.]+)pt too high\) has occurred while \\output", log)
    assert [float(o) for o in over if float(o) > 2] == []


def test_a4_with_a_title_page_version_and_date(pdf, page_texts):
    assert pdfutil.info(pdf.pdf)["Page size"].startswith("595.276 x 841.89")
    title = pdfutil.norm(page_texts[0])
    assert "Massage for Back Spasms" in title
    assert f"Version {quiz.__version__}" in title
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", title), title


def test_every_chapter_is_in_the_contents_numbered_and_printed(contents, page_texts):
    body = pdfutil.norm(" ".join(page_texts)).lower()
    numbered = {}
    for line in contents:
        m = re.match(r"^(\d+|[A-Z]) (.+?) (\d+)$", line)
        if m:
            numbered[m[2]] = m[1]
    for doc in CHAPTERS:
        title = pdfutil.norm(doc_title(doc))
        assert title in numbered, f"{doc}: {title!r} is not a numbered entry of the contents"
        kind = "a letter" if doc in APPENDICES else "a number"
        assert numbered[title].isalpha() == (doc in APPENDICES), f"{title}: expected {kind}"
        assert title.lower() in body


def test_the_answer_key_is_an_appendix_with_the_self_check_answers(pdf, page_texts):
    pages = [pdfutil.norm(p) for p in page_texts]
    start = next(i for i, p in enumerate(pages) if "APPENDIX" in p and "ANSWER KEY" in p)
    end = next(i for i, p in enumerate(pages) if i > start and "APPENDIX" in p)
    key = " ".join(pages[start:end])
    # one answer per self-check question: `3. B) option`, for a select-all question `3. A) x; C) y`,
    # or for a matching question its pairs
    answers = re.findall(r"\b\d+\. ([A-H]\) |\d+[A-H](?: \d+[A-H])+ \()", key)
    printed = [int(n) for p in pages[:start] for n in re.findall(r"Self-check: (\d+) questions", p)]
    assert len(printed) >= 10, "every chapter's self-check is printed"
    assert len(answers) == sum(printed), "the key has one answer per printed question"
    assert "What a back spasm is" in key and "Red flags and safety" in key
    # a select-all question: its stem says so and its options are printed in its chapter; the key
    # names every keyed option (`A) feet; C) fingers; D) palms.`), then why
    select_all = [q for doc in CHAPTERS for q in printed_questions(doc) if q.kind == "multiple"]
    assert select_all, "no chapter prints a select-all question"

    def flat(text: str) -> str:  # words as printed, whether or not LaTeX broke them at a hyphen
        return pdfutil.norm(text).replace("- ", "").replace("-", "")

    body, key = flat(" ".join(pages[:start])), flat(key)
    for q in select_all:
        options = " ".join(f"{'ABCD'[i]}) {o}" for i, o in enumerate(q.options))
        assert flat(f"{q.stem} {options}") in body, q.id
        keyed = "; ".join(f"{'ABCD'[i]}) {q.options[i]}" for i in q.answer)
        assert flat(f"{keyed}. {q.explanation}") in key, q.id


def test_the_red_flags_and_the_bibliography_are_printed(page_texts):
    text = pdfutil.norm(" ".join(page_texts))
    assert "Go to an emergency department now" in text
    assert "REFERENCES" in text  # the appendix that holds the bibliography (test_printbook.py)
    # entries are labelled by author and year, as the text cites them: [Furlan et al. 2015]
    # (an in-text citation has a comma before its year: [Furlan et al., 2015])
    labels = re.findall(r"\[[^\[\],]{2,80} (?:\d{4}|n\.d\.)[a-z]?\] ", text)
    assert len(labels) >= 30, "the bibliography's entries"
    assert "[Furlan et al. 2015] " in labels and not re.search(r"\[\d+\] ", text)


def _printed_pages(page_texts: list[str]) -> dict[int, str]:
    """Each page's text by the number printed in its footer (the first or last word of its last
    line; the front matter's roman numbers are left out)."""
    printed = {}
    for text in page_texts:
        footer = ([line for line in text.splitlines() if line.strip()] or [""])[-1]
        number = re.match(r"\s*(\d+)\s", footer) or re.search(r"\s(\d+)\s*$", footer)
        if number:
            printed[int(number[1])] = text
    return printed


def test_a_reference_on_paper_gives_the_page_to_turn_to(page_texts):
    # Paper cannot follow a link: the chapters' emergency line ends "See why (page N)" where the
    # screen says "(why)", and page N lists the emergency signs. Every other internal reference
    # gets its page too (conf.py's latex_show_pagerefs).
    text = pdfutil.norm(" ".join(page_texts))
    assert "(why)" not in text
    pages = set(re.findall(r"See why \(page (\d+)\)\.", text))
    assert len(pages) == 1, pages
    target = pdfutil.norm(_printed_pages(page_texts)[int(pages.pop())])
    assert re.search(r"\d\.\d+ Emergency signs: go now", target), target[:300]
    assert len(re.findall(r"\(page \d+\)", text)) > 100


def test_every_character_of_the_chapters_and_the_bank_can_be_printed():
    files = sorted(DOCS.rglob("*.md")) + sorted((REPO_ROOT / "quiz" / "bank").glob("*.toml"))
    bad = {str(p.relative_to(REPO_ROOT)): unsupported(p.read_text(encoding="utf-8")) for p in files}
    assert {k: v for k, v in bad.items() if v} == {}, (
        "characters pdfLaTeX cannot print: add them to DECLARED in quiz/render/texescape.py")


def test_unsupported_names_what_latex_cannot_print():
    assert unsupported("a – b − c ≤ d “e” ü") == []
    assert unsupported("x ∃ y ✓") == ["U+2203 ∃", "U+2713 ✓"]


def _path_without(tool: str, tmp_path: Path, keep: list[str]) -> str:
    """A PATH holding only `keep` (symlinked), so that `tool` cannot be found."""
    import shutil

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in keep:
        found = shutil.which(name)
        if found:
            (bin_dir / name).symlink_to(found)
    assert not (bin_dir / tool).exists()
    return str(bin_dir)


def test_make_pdf_without_latex_says_what_to_install(tmp_path):
    from conftest import require_tool

    require_tool("make", "apt-get install make")
    env = dict(os.environ, PATH=_path_without("latexmk", tmp_path, ["make"]))
    r = subprocess.run(["make", "--no-print-directory", "pdf"], cwd=REPO_ROOT, env=env,
                       capture_output=True, text=True, check=False, timeout=60)
    assert r.returncode != 0
    assert f"sudo {APT_LINE}" in r.stderr, r.stderr
    assert r.stdout.strip() == "", "nothing is built"


def test_readme_makefile_and_ci_name_the_same_packages():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"sudo {APT_LINE}" in readme
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^TEX_PACKAGES := {re.escape(typeset.PACKAGES)}$", makefile, re.M)
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    line = next(ln for ln in ci.splitlines() if "latexmk" in ln and "apt-get install" in ln)
    assert all(pkg in line.split() for pkg in typeset.PACKAGES.split() + ["poppler-utils"])
