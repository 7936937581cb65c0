"""Where the printed book states each answer: section number, title and page, for answer keys.

Pages come from the book PDF build (`make pdf`): Sphinx's LaTeX writer labels every section
`doc:label`, and LaTeX records each label's section number and page in the `.aux` file beside the
PDF (`\\newlabel{techniques/swedish:swedish-direction}{{9.3}{45}{...}{section.9.3}{}}`). Titles
come from the headings in docs/*.md (glossary entries: "Glossary: term"). Without a build, a
location has no number or page, and the key prints the title and HTML path instead and says so.
"""

from __future__ import annotations

import os
import re
from collections import namedtuple

from quiz.paths import BOOK_DOCS, REPO_ROOT

#: where `make pdf` leaves the LaTeX build (conf.py: latex_documents)
DEFAULT_AUX = os.path.join(REPO_ROOT, "_build", "latex", "massage-for-back-spasms.aux")
DEFAULT_DOCS = BOOK_DOCS

_NEWLABEL = re.compile(r"^\\newlabel\{([^{}]+)\}\{\{([^{}]*)\}\{([^{}]*)\}", re.MULTILINE)
_RELEASE = re.compile(r"^\\release\{([^{}]*)\}", re.MULTILINE)
_ROLE = re.compile(r"\{[a-z:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`")


class Location(namedtuple("Location", "number title page html")):
    """A section as printed: number ('9.3', 'A'), title, page ('' without a PDF build), HTML path.
    """

    __slots__ = ()

    def text(self) -> str:
        """'9.3 Which way the strokes go, p. 45'; without pages 'Which way... (swedish.html#...)'.
        """
        if not self.page:
            return f"{self.title} ({self.html})"
        if self.number.isalpha():
            return f"Appendix {self.number}, {self.title}, p. {self.page}"
        if self.number.isdigit():
            return f"Chapter {self.number}, {self.title}, p. {self.page}"
        return f"{self.number} {self.title}, p. {self.page}".strip()


def read_aux(path: str) -> tuple[dict[str, tuple[str, str]], str]:
    """({'doc:label': (number, page)}, the book version of the .tex beside it, or 'unknown')."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        labels = {m[1]: (m[2], m[3]) for m in _NEWLABEL.finditer(fh.read())}
    release = "unknown"
    tex = os.path.splitext(path)[0] + ".tex"
    if os.path.isfile(tex):
        with open(tex, encoding="utf-8", errors="replace") as fh:
            found = _RELEASE.search(fh.read())
        release = found[1] if found else release
    return labels, release


def _plain(heading: str) -> str:
    """A MyST heading as plain text: roles reduced to their text, emphasis and code marks gone."""
    text = _ROLE.sub(r"\1", heading)
    return re.sub(r"[*`]", "", text).strip()


def doc_titles(docs_dir: str, doc: str) -> dict[str, str]:
    """{label: heading text} for the labelled headings of docs/<doc>.md; '' is the page title."""
    try:
        with open(os.path.join(docs_dir, doc + ".md"), encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return {}
    out: dict[str, str] = {}
    pending: list[str] = []
    for line in lines:
        target = re.match(r"^\(([A-Za-z0-9_-]+)\)=\s*$", line)
        if target:
            pending.append(target[1])
            continue
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*$", line)
        if heading:
            title = _plain(heading[1])
            out.setdefault("", title)
            for label in pending:
                out[label] = title
            pending = []
        elif line.strip():
            pending = []
    return out


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def locate(sections, aux_path: str | None, docs_dir: str | None,
           terms=()) -> tuple[dict[str, Location], str]:
    """({section ref: Location}, book version of the PDF build ('' without one, or 'unknown')).

    `sections` are quiz.model.Section values; `terms` the glossary's terms (to title entries).
    """
    labels: dict[str, tuple[str, str]] = {}
    release = ""
    if aux_path and os.path.isfile(aux_path):
        labels, release = read_aux(aux_path)
        if not labels:
            release = ""
    by_slug = {_slug(t): t for t in terms}
    titles: dict[str, dict[str, str]] = {}
    out: dict[str, Location] = {}
    for section in sections:
        if section.ref in out:
            continue
        if docs_dir and section.doc not in titles:
            titles[section.doc] = doc_titles(docs_dir, section.doc)
        found = titles.get(section.doc, {})
        title = found.get(section.label, "")
        if not title and section.label.startswith("term-"):
            term = by_slug.get(section.label[5:], section.label[5:].replace("-", " "))
            title = f"{found.get('', 'Glossary')}: {term}"
        number, page = labels.get(f"{section.doc}:{section.label}", ("", ""))
        out[section.ref] = Location(number, title or section.label, page, section.html)
    return out, release
