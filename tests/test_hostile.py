"""Bank text is never interpreted: not in the HTML book, the LaTeX book, nor any export.

tests/hostile.py puts script tags, event handlers, `javascript:` links, Jinja `{{ }}` and
`{% %}`, MyST roles and directives, LaTeX commands and spreadsheet formulas into every text field
of the test book's bank. The test book is built (HTML and LaTeX, with MyST's substitution
extension on, as in the book) and every export is written from that bank; each must show the
strings as text, and nothing may run: the Jinja payloads would create a marker file.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT, require_module, require_tool
from hostile import TAG, write_bank

from quiz import bank as bank_mod
from quiz import generate
from quiz.model import TOPICS

pytestmark = pytest.mark.book  # out of `make test-fast`; `make test` runs it

ROOT = REPO_ROOT / "tests" / "roots" / "test-quiz"
#: the raw LaTeX that must never reach a .tex file as it is
RAW_TEX = ("\\input{/etc/passwd}", "\\immediate\\write18{", "\\def\\x{y}")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(folder, marker, {tag: shown text}) of a hostile bank (module-wide: built once)."""
    base = tmp_path_factory.mktemp("hostile")
    marker = base / "MARKER"
    shown = write_bank(base / "bank", marker)
    return base, marker, shown


@pytest.fixture(scope="module")
def hostile_short(tmp_path_factory):
    """(folder, marker, shown) of a bank whose fields are short payloads, so that the sheets with
    length limits (Kahoot, CSV) take some of its questions."""
    base = tmp_path_factory.mktemp("hostile-short")
    return base, base / "MARKER", write_bank(base / "bank", base / "MARKER", short=True)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _tags_in(text: str) -> set[str]:
    return set(re.findall(TAG + r"\d+\b", text))


def assert_inert_html(markup: str, where: str) -> BeautifulSoup:
    """Nothing in this HTML came from the bank as markup: no script or style carrying bank text,
    no event handler, no javascript: link, no bank element (img, svg, b, a...)."""
    soup = BeautifulSoup(markup, "html.parser")
    for el in soup.find_all(True):
        for attr, value in el.attrs.items():
            assert not attr.lower().startswith("on"), f"{where}: {attr}= on <{el.name}>"
            joined = " ".join(value) if isinstance(value, list) else str(value)
            assert not joined.strip().lower().startswith("javascript:"), f"{where}: {el}"
        if el.name in ("script", "style"):
            body = el.string or ""
            if TAG in body:
                assert el.name == "script" and el.get("type") == "application/json", (where, el)
        assert el.name not in ("img", "svg", "b") or TAG not in el.parent.get_text(), (where, el)
    assert soup.find("img", src="x") is None and soup.find("svg", onload=True) is None, where
    return soup


# --------------------------------------------------------------------------- the book


@pytest.fixture(scope="module")
def book(hostile, tmp_path_factory):
    """The test book built from the hostile bank: (html folder, latex folder, warnings)."""
    folder, marker, _ = hostile
    src = tmp_path_factory.mktemp("hostile-book") / "src"
    import shutil

    from sphinx.testing.util import SphinxTestApp

    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns("_build", "__pycache__", "bank"))
    overrides = {"quiz_bank_dir": str(folder / "bank"), "smartquotes": False,
                 # as the book's conf.py: {{ }} in Markdown source would be Jinja
                 "myst_enable_extensions": ["colon_fence", "deflist", "substitution"]}
    out = {}
    warnings = []
    for builder in ("html", "latex"):
        app = SphinxTestApp(builder, srcdir=src, confoverrides=overrides,
                            builddir=src / "_build" / builder)
        try:
            app.build()
            out[builder] = Path(app.outdir)
            warnings.append(app.warning.getvalue())
        finally:
            app.cleanup()
    return out["html"], out["latex"], "".join(warnings)


def test_the_hostile_book_builds_clean_and_nothing_ran(book, hostile):
    html_dir, latex_dir, warnings = book
    assert warnings == "", warnings
    assert not hostile[1].exists(), "a Jinja expression from the bank was evaluated"


def test_every_html_page_shows_bank_text_as_text(book, hostile):
    html_dir, _, _ = book
    shown = hostile[2]
    seen: set[str] = set()
    for page in sorted(html_dir.rglob("*.html")):
        raw = page.read_text(encoding="utf-8")
        soup = assert_inert_html(raw, page.name)
        for pool in soup.find_all("script", class_="quiz-pool"):
            # the pool's JSON is whole: it cannot end its <script> early, and parses
            assert "<" not in pool.string and ">" not in pool.string
            json.loads(pool.string)
            # what quiz.js will put in the page goes in as text (textContent), never innerHTML
        if page.name == "genindex.html":  # index entries split at ';' (Sphinx's syntax): skip
            continue
        text = _norm(soup.get_text(" "))
        for tag in _tags_in(text):
            seen.add(tag)
            assert shown[tag] in text, f"{page.name}: {tag} is not shown as written"
    glossary = _norm(BeautifulSoup((html_dir / "reference" / "glossary.html").read_text(
        encoding="utf-8"), "html.parser").get_text(" "))
    bank = bank_mod.load(str(hostile[0] / "bank"), use_cache=False)
    for term in bank["term"]:
        assert _norm(term["term"]) in glossary and _norm(term["definition"]) in glossary
    assert len(seen) > len(shown) / 2, "too few bank strings reached the book to prove much"


def test_quiz_js_never_writes_bank_text_as_html():
    js = (REPO_ROOT / "quiz" / "sphinxext" / "static" / "quiz.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "outerHTML" not in js
    assert "document.write" not in js and "eval(" not in js


def test_latex_book_escapes_every_bank_string(book, hostile):
    _, latex_dir, _ = book
    tex = (latex_dir / "quiztest.tex").read_text(encoding="utf-8")
    for raw in RAW_TEX:
        assert raw not in tex
    plain = tex.replace("\\sphinxhyphen{}", "-")
    assert plain.count("\\textbackslash{}input\\{/etc/passwd\\}") >= 3  # printed, as text
    tags = set(re.findall(r"\\S\{\}(\d+)\b", tex))  # § as Sphinx's LaTeX writes it
    assert len(tags) > len(hostile[2]) / 2
    assert not hostile[1].exists()


# --------------------------------------------------------------------------- exports


def _export(hostile, *args) -> subprocess.CompletedProcess:
    folder = hostile[0]
    env = {"HOME": str(folder), "XDG_DATA_HOME": str(folder / "data"), "PATH": "/usr/bin:/bin",
           "LC_ALL": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "quiz", "export", "--bank", str(folder / "bank"),
                           "--seed", "1", "--count", "500", *args], capture_output=True,
                          cwd=REPO_ROOT, env=env, timeout=120, check=False)


def _questions(hostile):
    bank = bank_mod.load(str(hostile[0] / "bank"), use_cache=False)
    return generate.make_quiz(bank, 1, 500, TOPICS)


def _strings(q) -> list[str]:
    return [q.stem, *q.options, *q.prompts, q.explanation]


def test_json_export_carries_every_string_exactly(hostile):
    proc = _export(hostile, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    by_id = {q["id"]: q for q in data["questions"]}
    for q in _questions(hostile):
        got = by_id[q.id]
        assert [got["stem"], *got["options"], *got.get("prompts", []), got["explanation"]] \
            == _strings(q)


def test_gift_export_escapes_html_and_gift_syntax(hostile):
    proc = _export(hostile, "--format", "gift")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    assert "<script" not in text and "<img" not in text and "<svg" not in text
    assert "&lt;script&gt;" in text
    # every { } = ~ # : of the bank is escaped with a backslash, so no answer block opens
    body = re.sub(r"\\[{}=~#:\\]", "", text)
    titles = re.findall(r"(?m)^::((?:[^:\\]|\\.)+)::\[html\]", text)
    assert len(titles) == len(set(titles)) == len(_questions(hostile))  # every question, once
    assert "{{" not in body and "{%" not in body


def test_qti_exports_hold_bank_text_as_escaped_html(hostile, tmp_path):
    for version in ("1.2", "2.1"):
        out = tmp_path / f"qti-{version}.zip"
        proc = _export(hostile, "--format", "qti", "--qti-version", version, "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        with zipfile.ZipFile(out) as zf:
            for name in zf.namelist():
                if not name.endswith(".xml"):
                    continue
                root = ET.fromstring(zf.read(name))  # well-formed whatever the bank holds
                for el in root.iter():
                    tag = el.tag.rpartition("}")[2].lower()
                    # no markup element and no event handler came from the bank (QTI 2.1 holds
                    # its text as XHTML elements: bank text must stay text in them)
                    assert tag not in ("script", "img", "svg", "a", "iframe", "style"), name
                    assert not any(a.lower().startswith("on") for a in el.attrib), name
                    # QTI 1.2's mattext says how to read its text: HTML must be escaped HTML
                    if tag == "mattext" and TAG in (el.text or ""):
                        if el.get("texttype") == "text/html":
                            assert_inert_html(el.text, f"{version} {name}")
                        else:
                            assert el.get("texttype") == "text/plain", (name, el.attrib)


def test_csv_export_never_starts_a_cell_with_a_formula(hostile_short, tmp_path):
    out = tmp_path / "kahoot.csv"
    proc = _export(hostile_short, "--format", "csv", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert b"would be read as a formula" in proc.stderr  # the set-aside ones are named
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) > 10 and any(TAG in cell for row in rows[1:] for cell in row)
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_kahoot_sheet_holds_bank_text_as_strings_never_formulas(hostile_short, tmp_path):
    require_module("xlsxwriter", "make venv installs the kahoot extra")
    openpyxl = require_module("openpyxl", "make venv installs the dev extra")
    out = tmp_path / "kahoot.xlsx"
    proc = _export(hostile_short, "--format", "kahoot", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(out).active
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert sum(TAG in t for t in texts) > 10
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value  # a text cell is never a formula
            if isinstance(cell.value, str) and TAG in cell.value:
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value


def test_anki_export_holds_bank_text_as_escaped_html(hostile, tmp_path):
    require_module("genanki", "make venv installs the anki extra")
    out = tmp_path / "deck.apkg"
    proc = _export(hostile, "--format", "anki", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(out) as zf:
        db = tmp_path / "c.anki2"
        db.write_bytes(zf.read("collection.anki2"))
    con = sqlite3.connect(db)
    try:
        notes = [row[0] for row in con.execute("SELECT flds FROM notes")]
    finally:
        con.close()
    assert notes
    for fields in notes:
        for field in fields.split("\x1f"):
            assert_inert_html(field, "anki")
            assert "<script" not in field.lower()


def test_handout_sources_escape_every_bank_string(hostile, tmp_path):
    from quiz import handout

    bank = bank_mod.load(str(hostile[0] / "bank"), use_cache=False)
    chosen = handout.papers(bank, 1, 500, TOPICS, [1])
    where, _ = handout.locations(bank, chosen, None, None)
    sources = handout.sources(bank, chosen, "0", where, "no pages")
    for name, tex in sources.items():
        for raw in RAW_TEX:
            assert raw not in tex, name
        assert TAG in tex


def test_a_handout_typesets_hostile_text_as_text(hostile, tmp_path):
    require_tool("latexmk", "apt-get install latexmk texlive-latex-extra")
    pdftotext = require_tool("pdftotext", "apt-get install poppler-utils")
    folder = hostile[0]
    env = {"HOME": str(folder), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    proc = subprocess.run([sys.executable, "-m", "quiz", "handout", "--bank", str(folder / "bank"),
                           "--seed", "1", "--count", "3", "--variants", "1", "-o",
                           str(tmp_path / "out")], capture_output=True, text=True, cwd=REPO_ROOT,
                          env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run([pdftotext, str(tmp_path / "out" / "key-v1.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "\\input{/etc/passwd}" in _norm(text)
    assert not hostile[1].exists()
