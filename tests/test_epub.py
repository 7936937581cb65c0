"""The e-book (`make epub`, issue 16): a valid EPUB 3 that a strict reader shows whole.

The book is built once per session by the `book_epub` fixture (tests/conftest.py), as `make epub`
builds it. Each chapter must parse as XML (a strict reader drops the rest of a chapter that does
not), epubcheck (Debian's package) must find nothing to report, and the self-checks must be plain
questions with their answers at the end of the chapter. The package document names the book by a
stable identifier, its version and its cover.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
import xml.etree.ElementTree as ET
import zipfile
from urllib.parse import unquote, urljoin

import pytest
from conftest import REPO_ROOT, require_tool
from test_book import printed_questions, straight

import quiz
from quiz.figures import svg
from quiz.figures.cover import cover
from quiz.sphinxext.selfcheck import key_entry

XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
# Readers' libraries know the book by this identifier across builds and versions: changing it
# makes every copy a different book. conf.py derives it from the package name (a UUID 5).
IDENTIFIER = "urn:uuid:b7920075-ac8d-5a25-9e81-e290b68c8d99"
QUIZ_DOCS = sorted(p.relative_to(REPO_ROOT / "docs").with_suffix("").as_posix()
                   for p in (REPO_ROOT / "docs").rglob("*.md")
                   if re.search(r"^(`{3,}|:{3,})\{quiz\}", p.read_text(encoding="utf-8"), re.M))


@pytest.fixture(scope="module")
def epub(book_epub):
    """The built .epub, opened as a zip (the build must have passed -W -n)."""
    assert book_epub.returncode == 0, book_epub.output[-3000:]
    assert "WARNING" not in book_epub.output, book_epub.output[-3000:]
    with zipfile.ZipFile(book_epub.epub) as zf:
        yield zf


def xml_of(epub, name: str) -> ET.Element:
    return ET.fromstring(epub.read(name))


def classes(el: ET.Element) -> list[str]:
    return el.get("class", "").split()


def find_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [el for el in root.iter(XHTML + tag) if cls in classes(el)]


def text(el: ET.Element) -> str:
    return straight("".join(el.itertext()))


def test_the_cover_is_an_svg_document_with_the_title_and_version_inside_the_page():
    doc = cover("Massage for Back Spasms", "9.8.7")
    root = ET.fromstring(doc)  # well-formed
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    words = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Version 9.8.7" in words
    assert " ".join(w for w in words[:3]) == "Massage for Back Spasms"
    width = int(root.get("width"))
    for t in root.iter("{http://www.w3.org/2000/svg}text"):
        size = float(t.get("font-size"))
        right = float(t.get("x")) + svg.text_width(t.text, size, t.get("font-weight") == "bold")
        assert right <= width - 40, f"{t.text!r} runs off the cover"
    assert "9.8.7" in root.find("{http://www.w3.org/2000/svg}title").text


def test_the_epub_starts_with_its_mimetype_stored_uncompressed(epub):
    first = epub.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert epub.read("mimetype") == b"application/epub+zip"


def test_every_page_is_well_formed_xml_with_nothing_interactive(epub):
    """A strict reader parses each chapter as XML; a script, a form field or a <noscript> has no
    place in an e-book (the sphinx-design tabs and the self-check's fallback once broke this)."""
    pages = [n for n in epub.namelist() if n.endswith((".xhtml", ".opf", ".ncx"))]
    assert len(pages) > 20
    for name in pages:
        try:
            root = ET.fromstring(epub.read(name))
        except ET.ParseError as exc:
            pytest.fail(f"{name} is not well-formed XML: {exc}")
        if name.endswith(".xhtml"):
            for tag in ("script", "noscript", "input", "details", "svg", "form"):
                found = list(root.iter(XHTML + tag))
                assert not found, f"{name}: <{tag}> in the e-book"


def test_epubcheck_finds_no_error_and_no_warning(book_epub, epub, tmp_path):
    require_tool("epubcheck", "apt-get install epubcheck")
    # Debian's epubcheck is a jar that the kernel's binfmt support would run; a container has none
    java = require_tool("java", "apt-get install epubcheck; it brings a Java runtime")
    jar = os.path.realpath(require_tool("epubcheck", "apt-get install epubcheck"))
    report = tmp_path / "report.json"
    proc = subprocess.run([java, "-jar", jar, "--json", str(report), str(book_epub.epub)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert report.is_file(), proc.stdout + proc.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    found = [f"{m['severity']} {m['ID']}: {m['message']} ({m['locations'][:1]})"
             for m in data["messages"]]
    checker = data["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), found
    assert not found, found
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert data["publication"]["ePubVersion"].startswith("3.")  # checked as EPUB 3


def _opf(epub) -> ET.Element:
    container = xml_of(epub, "META-INF/container.xml")
    path = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
    return xml_of(epub, path.get("full-path"))


def test_the_web_books_icon_masks_are_not_in_the_e_book(epub):
    """icons.css draws the web theme's icons; in the e-book it only stuck a stray bell to every
    titled box (the learning objectives)."""
    pages = [n for n in epub.namelist() if n.endswith(".xhtml")]
    assert len(pages) > 20
    assert not [n for n in pages if b"icons.css" in epub.read(n)]


def test_the_package_names_a_stable_identifier_and_the_release(epub):
    opf = _opf(epub)
    assert opf.get("version") == "3.0"
    ident = opf.find(f".//{DC}identifier")
    assert ident.get("id") == opf.get("unique-identifier")
    assert ident.text == IDENTIFIER
    assert str(uuid.UUID(IDENTIFIER.removeprefix("urn:uuid:"))) == IDENTIFIER[9:]
    ncx = xml_of(epub, "toc.ncx")
    uid = [m.get("content") for m in ncx.iter("{http://www.daisy.org/z3986/2005/ncx/}meta")
           if m.get("name") == "dtb:uid"]
    assert uid == [IDENTIFIER]
    meta = {m.get("property"): m.text for m in opf.iter(f"{OPF}meta") if m.get("property")}
    assert meta["ibooks:version"] == quiz.__version__
    assert f"Version {quiz.__version__}." in opf.find(f".//{DC}description").text
    assert opf.find(f".//{DC}title").text == "Massage for Back Spasms"


def test_the_cover_is_the_first_page_and_shows_the_version(epub):
    opf = _opf(epub)
    items = {i.get("id"): i for i in opf.iter(f"{OPF}item")}
    covers = [i for i in items.values() if "cover-image" in i.get("properties", "").split()]
    assert len(covers) == 1, "one manifest item is the cover image"
    image = covers[0]
    assert image.get("media-type") == "image/svg+xml"
    epub2 = [m.get("content") for m in opf.iter(f"{OPF}meta") if m.get("name") == "cover"]
    assert epub2 == [image.get("id")]  # the older readers' way of naming it
    picture = ET.fromstring(epub.read(image.get("href")))
    words = [t.text for t in picture.iter("{http://www.w3.org/2000/svg}text")]
    assert f"Version {quiz.__version__}" in words
    first = items[next(opf.iter(f"{OPF}itemref")).get("idref")]
    page = xml_of(epub, first.get("href"))
    img = next(page.iter(XHTML + "img"))
    assert img.get("src") == image.get("href")
    assert quiz.__version__ in img.get("alt") and "Massage for Back Spasms" in img.get("alt")


def _chapter(epub, doc: str) -> ET.Element:
    """The chapter's own section (the first <section> of the page body)."""
    page = xml_of(epub, f"{doc}.xhtml")
    return next(page.iter(XHTML + "section"))


@pytest.mark.parametrize("doc", QUIZ_DOCS)
def test_a_self_check_is_printed_with_its_answers_at_the_end_of_the_chapter(epub, doc):
    questions = printed_questions(doc)
    chapter = _chapter(epub, doc)
    printed = find_class(chapter, "div", "quiz-printed")
    assert printed, f"{doc}: no printed self-check"
    stems = [text(li.find(XHTML + "p")) for block in printed
             for li in block.find(XHTML + "ol").findall(XHTML + "li")]
    assert stems == [straight(q.stem) for q in questions]
    for block in printed:
        link = next(block.iter(XHTML + "a"))
        assert link.get("href") == "#self-check-answers"
        assert "answers at the end of this chapter" in text(block)
    last = list(chapter)[-1]  # the answers close the chapter
    assert last.tag == XHTML + "section" and last.get("id") == "self-check-answers"
    assert text(last.find(XHTML + "h2")) == "Answers to the self-check"
    answers = [li for ol in last.iter(XHTML + "ol") for li in ol.findall(XHTML + "li")]
    assert [text(li) for li in answers] == [
        straight(key_entry(q)) + " Read the section." for q in questions]
    # each answer links the section that states it, and that anchor is in the e-book
    for q, li in zip(questions, answers):
        href = next(li.iter(XHTML + "a")).get("href")
        target = urljoin(f"http://book.invalid/{doc}.xhtml", href)
        path, _, anchor = target.removeprefix("http://book.invalid/").partition("#")
        assert (path, anchor) == (f"{q.section.doc}.xhtml", q.section.label)
        ids = {el.get("id") for el in xml_of(epub, unquote(path)).iter() if el.get("id")}
        assert anchor in ids, f"{doc}: {href} leads nowhere"


def test_tabs_become_labelled_parts_and_dropdowns_open(epub):
    """Each sphinx-design tab's label is a heading followed by its content, in the source's order;
    a dropdown shows its title and content."""
    source = (REPO_ROOT / "docs" / "benefits" / "pain-and-mood.md").read_text(encoding="utf-8")
    labels = re.findall(r"^:{3,}\{tab-item\}\s*(.+?)\s*$", source, re.M)
    assert labels, "pain-and-mood.md has tabs (pick another page if they moved)"
    page = _chapter(epub, "benefits/pain-and-mood")
    shown = [text(p) for p in find_class(page, "p", "ebook-tab-label")]
    assert shown[:len(labels)] == [straight(label) for label in labels]
    swedish = _chapter(epub, "techniques/swedish")
    dropdowns = find_class(swedish, "div", "ebook-dropdown")
    assert dropdowns and text(find_class(dropdowns[0], "p", "ebook-dropdown-title")[0])
    assert len(text(dropdowns[0])) > 200  # the content is there, not folded away


def test_figures_are_pictures_in_the_book_not_links_out_of_it(epub):
    opf = _opf(epub)
    spine = {i.get("href") for i in opf.iter(f"{OPF}item")
             if i.get("media-type") == "application/xhtml+xml"}
    figures = 0
    for name in spine:
        page = xml_of(epub, name)
        for a in page.iter(XHTML + "a"):
            href = a.get("href", "")
            if href and "://" not in href and not href.startswith(("#", "mailto:")):
                target = urljoin(f"http://book.invalid/{name}", href.split("#")[0])
                assert target.removeprefix("http://book.invalid/") in spine, (name, href)
        for img in find_class(page, "img", "bank-figure"):
            figures += 1
            src = urljoin(f"http://book.invalid/{name}", img.get("src"))
            assert src.removeprefix("http://book.invalid/") in epub.namelist()
            assert len(img.get("alt", "")) > 40
    assert figures >= 6


def test_a_browser_shows_an_e_book_chapter_whole(book_epub, epub, browser, tmp_path):
    """Chromium reads .xhtml as XML, as strict readers do: no parser error, and the chapter's
    answers, at its very end, are on the page."""
    epub.extractall(tmp_path)
    page = browser.new_page(viewport={"width": 600, "height": 900})
    try:
        page.goto((tmp_path / "techniques" / "swedish.xhtml").as_uri())
        assert page.evaluate("document.contentType") == "application/xhtml+xml"
        assert page.locator("parsererror").count() == 0
        answers = page.locator("#self-check-answers li")
        assert answers.count() == len(printed_questions("techniques/swedish"))
        assert page.locator("#self-check-answers h2").is_visible()
    finally:
        page.close()


@pytest.mark.slow  # builds a small e-book
def test_a_chapter_with_two_self_checks_gives_the_answers_of_each(tmp_path):
    """The extension's test book (tests/roots/test-quiz) with a second self-check on one page."""
    import shutil
    import sys

    src = tmp_path / "src"
    shutil.copytree(REPO_ROOT / "tests" / "roots" / "test-quiz", src,
                    ignore=shutil.ignore_patterns("_build", "__pycache__"))
    with (src / "techniques.md").open("a", encoding="utf-8") as fh:
        fh.write("\n## Second self-check\n\n```{quiz}\n:count: 2\n:seed: 1\n```\n")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "epub", "-W", "--keep-going", "-n",
                           "-q", "-D", "version=1", "-D", "copyright=2026", "-d",
                           str(tmp_path / "doctrees"), str(src), str(out)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = ET.parse(out / "techniques.xhtml").getroot()
    printed = find_class(page, "div", "quiz-printed")
    counts = [len(block.find(XHTML + "ol").findall(XHTML + "li")) for block in printed]
    assert counts == [3, 2]
    answers = [s for s in page.iter(XHTML + "section") if s.get("id") == "self-check-answers"]
    assert len(answers) == 1
    assert text(answers[0].find(XHTML + "h2")) == "Answers to the self-checks"
    titles = [text(p) for p in find_class(answers[0], "p", "self-check-key-title")]
    assert titles == ["Self-check 1", "Self-check 2"]
    assert [len(ol.findall(XHTML + "li")) for ol in answers[0].iter(XHTML + "ol")] == counts


def test_make_epub_is_listed_and_documented():
    """The fixture builds with `make epub` itself; here: `make help` lists it, with -W -n, and the
    README and CI name what it needs."""
    make = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^epub:.*## .*\n((?:\t.*\n)+)", make, re.M)
    assert recipe, "Makefile has no epub target with a help line"
    assert "-b epub" in recipe.group(1) and "$(SPHINXOPTS)" in recipe.group(1)
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make epub" in readme and "_build/epub/massage-for-back-spasms.epub" in readme
    assert "epubcheck" in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_package_describes_its_accessibility_and_keeps_its_word(epub):
    """schema.org accessibility metadata (EPUB Accessibility 1.1; epubcheck checks its form): a
    text alternative is claimed for every picture, so every picture must have one."""
    opf = _opf(epub)
    meta: dict[str, list[str]] = {}
    for m in opf.iter(f"{OPF}meta"):
        if (m.get("property") or "").startswith("schema:"):
            meta.setdefault(m.get("property"), []).append(m.text)
    assert set(meta["schema:accessMode"]) == {"textual", "visual"}
    assert "alternativeText" in meta["schema:accessibilityFeature"]
    assert meta["schema:accessibilityHazard"] == ["none"]
    assert "no scripting" in meta["schema:accessibilitySummary"][0]
    pictures = 0
    for name in epub.namelist():
        if name.endswith(".xhtml"):
            for img in xml_of(epub, name).iter(XHTML + "img"):
                pictures += 1
                assert (img.get("alt") or "").strip(), (name, img.get("src"))
    assert pictures >= 5


def test_the_web_books_phone_cards_are_not_in_the_e_book(epub):
    """The web book marks wide tables for its phone layout (quiz/sphinxext/tablecards.py); the
    e-book's tables are written as before: no class, no column names, no ARIA roles, no CSS."""
    pages = [n for n in epub.namelist() if n.endswith(".xhtml")]
    marked = [n for n in pages
              if any(mark in epub.read(n) for mark in (b"phone-cards", b"data-label", b"role=\"cell\"",
                                                        b"tablecards.css"))]
    assert not marked, marked
    safety = next(n for n in pages if n.endswith("start/safety.xhtml"))
    assert len(list(xml_of(epub, safety).iter(XHTML + "thead"))) == 2
