"""The printed book's structure (issue 16, item 6), read back from the PDF with pdftotext.

- Each captioned toctree of docs/index.md opens a part: "Part III" and its caption, in the
  contents and on a part page that lists the part's chapters, right before its first chapter.
- The sources come as one bibliography, sorted by label, inside the References appendix (no
  second alphabetical run, no "Bibliography" chapter after the appendices, no empty appendix).
- Web pages and other weak sources are marked "Weak source" in the PDF and in the HTML, and
  no other entry is.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from pybtex.database import parse_file
from pybtex.richtext import Text

import pdfutil
from conftest import REPO_ROOT
from test_book import article, text_of

DOCS = REPO_ROOT / "docs"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
WEAK_MARK = "[Weak source: web page or other, not peer-reviewed]"


def toctree_parts() -> list[tuple[str, list[str]]]:
    """(caption, documents) of each captioned toctree of docs/index.md, in order."""
    parts, current = [], None
    for line in (DOCS / "index.md").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if re.match(r"^(`{3,}|:{3,})\{toctree\}", stripped):
            current = ["", []]
        elif current is not None and re.match(r"^(`{3,}|:{3,})$", stripped):
            if current[0]:
                parts.append((current[0], current[1]))
            current = None
        elif current is not None and stripped.startswith(":caption:"):
            current[0] = stripped.removeprefix(":caption:").strip()
        elif current is not None and stripped and not stripped.startswith(":"):
            current[1].append(stripped.removesuffix(".md"))
    return parts


def doc_title(doc: str) -> str:
    text = (DOCS / f"{doc}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.M)[1].strip()


def bib_entries() -> dict[str, object]:
    entries = {}
    for bib in [DOCS / "references.bib", *sorted((DOCS / "bib").glob("*.bib"))]:
        entries.update(parse_file(str(bib)).entries)
    return entries


def plain(latex: str) -> str:
    return Text.from_latex(latex).render_as("text")


def letters(text: str) -> str:
    """Letters and digits only, lower case, accents dropped: a title as it survives LaTeX's
    hyphenation, ligatures, quotes and dashes."""
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).casefold())


def alphabetical(label: str) -> str:
    """How a reader alphabetises a label: case and accents ignored."""
    text = unicodedata.normalize("NFKD", label)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def test_the_index_has_captioned_parts():
    parts = toctree_parts()
    assert [c for c, _ in parts][:3] == ["Start here", "How massage may help", "Techniques"], parts
    assert all(docs for _, docs in parts)


@pytest.fixture(scope="module")
def pages(book_pdf) -> list[str]:
    """The text of each page, as pdftotext lays it out."""
    assert book_pdf.returncode == 0 and book_pdf.pdf.is_file(), book_pdf.output[-3000:]
    return pdfutil.pages(book_pdf.pdf)


@pytest.fixture(scope="module")
def flat(pages) -> list[str]:
    return [pdfutil.norm(p) for p in pages]


def chapter_opening(flat: list[str], doc: str) -> int:
    """The index of the page on which a chapter (or appendix) opens: its title in capitals under
    the CHAPTER or APPENDIX heading."""
    title = pdfutil.norm(doc_title(doc)).upper()
    found = [i for i, p in enumerate(flat)
             if re.match(r"^(CHAPTER|APPENDIX) [A-Z]+ ", p) and title in p[:200]]
    assert len(found) == 1, f"{doc}: opening pages {found}"
    return found[0]


def test_each_toctree_caption_opens_a_part_before_its_first_chapter(flat):
    for number, (caption, docs) in enumerate(toctree_parts()):
        heading = f"Part {ROMAN[number]} {pdfutil.norm(caption)} In this part"
        found = [i for i, p in enumerate(flat) if p.startswith(heading)]
        assert len(found) == 1, f"{caption}: part pages {found}"
        first = chapter_opening(flat, docs[0])
        assert found[0] == first - 1, f"{caption}: the part page is not right before {docs[0]}"
        # the part page lists the part's chapters, in order, with their page numbers
        listed = re.findall(r"(?:^|\s)(\d+|[A-Z]) ([^.]+?) (?:\. )+\.? ?(\d+)(?= |$)",
                            flat[found[0]].split("In this part", 1)[1])
        assert [title for _, title, _ in listed] == [pdfutil.norm(doc_title(d)) for d in docs]


def test_the_contents_list_the_parts(flat):
    first_part = next(i for i, p in enumerate(flat) if p.startswith("Part I "))
    contents = " ".join(flat[1:first_part])
    assert "CONTENTS" in contents
    for number, (caption, _) in enumerate(toctree_parts()):
        assert re.search(rf"\b{ROMAN[number]} {re.escape(pdfutil.norm(caption))} \d+", contents), \
            f"the contents have no part {ROMAN[number]} {caption}"


# -- the bibliography ------------------------------------------------------------------------------

# A running head or foot of the appendix's pages, not part of an entry.
HEAD_FOOT = re.compile(r"^\s*(Massage for Back Spasms, Version \S+|\d+|Appendix B\. References\s+\d+|"
                       r"\d+\s+Appendix [A-Z]\. .+)\s*$")
LABEL_AT_START = re.compile(r"^\[([^\[\]]+? (?:\d{4}|n\.d\.)[a-z]?)\] ")


@pytest.fixture(scope="module")
def appendix_range(flat) -> tuple[int, int]:
    start = chapter_opening(flat, "reference/references")
    end = chapter_opening(flat, "reference/answer-key")
    return start, end


@pytest.fixture(scope="module")
def printed_entries(pages, appendix_range) -> list[tuple[str, str]]:
    """(label, text) of each bibliography entry printed in the References appendix."""
    start, end = appendix_range
    entries: list[list[str]] = []
    for page in pages[start:end]:
        for line in page.splitlines():
            if HEAD_FOOT.match(line) or not line.strip():
                continue
            if LABEL_AT_START.match(line):
                entries.append([line])
            elif entries and line.startswith(" "):  # an entry's next lines are indented
                entries[-1].append(line)
    out = []
    for lines in entries:
        text = pdfutil.norm(" ".join(lines))
        out.append((LABEL_AT_START.match(text)[1], text))
    return out


def test_the_references_appendix_holds_every_source_once(printed_entries):
    entries = bib_entries()
    labels = [label for label, _ in printed_entries]
    assert len(labels) == len(entries), (len(labels), len(entries))
    assert len(set(labels)) == len(labels)


def test_the_bibliography_is_one_alphabetical_run(printed_entries):
    labels = [label for label, _ in printed_entries]
    keys = [alphabetical(label) for label in labels]
    descents = [(a, b) for a, b in zip(labels, labels[1:]) if alphabetical(a) > alphabetical(b)]
    assert not descents, f"the list starts again: {descents[:5]}"
    assert keys == sorted(keys)
    # the first entries begin with A, the last with a late letter: one run through the alphabet
    assert keys[0][0] == "a" and keys[-1][0] in "wxyz", (labels[0], labels[-1])
    donnelly = [i for i, k in enumerate(keys) if k.startswith("donnelly")]
    assert donnelly and 0 < donnelly[0] < len(keys) // 2, "Donnelly is filed under D"


def test_no_bibliography_chapter_and_no_entry_outside_the_appendix(flat, appendix_range):
    start, end = appendix_range
    assert not any("BIBLIOGRAPHY" in p for p in flat)
    contents = " ".join(flat[1:6])
    assert "Bibliography" not in contents
    outside = [i + 1 for i, p in enumerate(flat) if not start <= i < end
               and re.search(r"\[[^\[\],]{2,80} (?:\d{4}|n\.d\.)[a-z]?\] [A-Z]", p)]
    assert not outside, f"bibliography entries on pages {outside}, outside the References appendix"


@pytest.mark.parametrize("doc", ["reference/glossary", "reference/references",
                                 "reference/answer-key", "reference/changelog"])
def test_no_appendix_is_an_empty_stub(flat, doc):
    """Each appendix has a page or more of its own text, beyond its heading and the banner."""
    start = chapter_opening(flat, doc)
    following = [i for i, p in enumerate(flat) if i > start and re.match(r"^APPENDIX [A-Z] ", p)]
    end = following[0] if following else start + 1
    words = sum(len(re.findall(r"\w{2,}", p)) for p in flat[start:end])
    assert words > 400, f"{doc}: {words} words"


# -- weak sources, marked ------------------------------------------------------------------------

def _who(entry) -> str:
    """The first author's surname, or the organisation: with the title, it finds the entry."""
    people = entry.persons.get("author") or entry.persons.get("editor")
    if people:
        return letters(plain(" ".join(people[0].last_names)))
    return letters(plain(entry.fields.get("organization") or entry.fields.get("publisher") or ""))


def _match(entries: list[tuple[str, str]], entry) -> list[str]:
    title, who = letters(plain(entry.fields["title"])), _who(entry)
    return [text for _, text in entries if title in letters(text) and who in letters(text)]


def test_weak_sources_are_marked_in_the_pdf_and_no_other(printed_entries):
    entries = bib_entries()
    weak = {k for k, e in entries.items() if e.fields.get("kind") == "web"}
    assert len(weak) >= 20
    for key, entry in entries.items():
        found = _match(printed_entries, entry)
        assert found, f"{key}: its title is not in the printed bibliography"
        # compared letter by letter: LaTeX may break "peer-reviewed" at its hyphen
        marked = [letters(text).endswith(letters(WEAK_MARK)) for text in found]
        assert all(marked) if key in weak else not any(marked), (key, found)
        assert all("Weak source" in text for text in found) == (key in weak), (key, found)
    assert sum("[Weak source: " in text for _, text in printed_entries) == len(weak)


def test_weak_sources_are_marked_in_the_html(built_book):
    body = article(built_book.soup("reference/references"))
    cited = [(" ".join(c.get_text().split()), c) for c in body.select("div.citation")]
    entries = bib_entries()
    assert len(cited) == len(entries)
    for key, entry in entries.items():
        title, who = letters(plain(entry.fields["title"])), _who(entry)
        found = [(t, c) for t, c in cited if title in letters(t) and who in letters(t)]
        assert found, f"{key}: its title is not on the references page"
        for text, citation in found:
            strong = [text_of(s) for s in citation.find_all("strong")]
            if entry.fields.get("kind") == "web":
                assert text.endswith(WEAK_MARK) and strong == ["Weak source"], (key, text)
            else:
                assert "Weak source" not in text, (key, text)
