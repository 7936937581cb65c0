"""Downloads for instructors (issue 16): the site offers the PDF book, the e-book and the default
handout set from the instructor guide, and `make html` still needs nothing but pip.

- `{downloads}` (quiz/sphinxext/downloads.py) on a tiny project: without the files the list names
  them and links nothing, so the strict build passes; once the files are in the output's
  downloads/ folder, a rebuild links each one, and removing one unlinks it again;
- the real book's instructor guide holds the list, and a plain build links nothing;
- `make site` (needs LaTeX) produces the three files under the names the list links, and the guide's
  links resolve to them;
- `.readthedocs.yaml` is valid against Read the Docs' own schema (vendored by check-jsonschema) and
  builds the web book with `make site`, the PDF and the EPUB with `make pdf` and `make epub`.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT, require_tool

from quiz.sphinxext import downloads

MAKEFILE = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
GUIDE = "instructors/guide"


def _project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('project = "t"\nauthor = "a"\ncopyright = "2026"\nversion = "1"\n'
                                 'extensions = ["quiz.sphinxext.downloads"]\n')
    (src / "index.rst").write_text("Downloads\n=========\n\n.. downloads::\n")
    return src


def _build(src: Path, builder: str = "html") -> tuple[Path, str]:
    out = src.parent / "out" / builder
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", builder,
         "-d", str(src.parent / "out" / f"doctrees-{builder}"), str(src), str(out)],
        capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, proc.stdout + proc.stderr


def _links(page: Path) -> dict[str, str]:
    """href -> link text of the download links of a built page."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    listing = soup.find("ul", class_="book-downloads")
    assert listing is not None, f"{page}: no downloads list"
    return {a["href"]: a.get_text(" ", strip=True) for a in listing.find_all("a", href=True)}


@pytest.mark.testbook
def test_the_list_links_exactly_the_files_the_output_has(tmp_path):
    src = _project(tmp_path)
    out, _ = _build(src)
    page = out / "index.html"
    assert _links(page) == {}
    text = page.read_text(encoding="utf-8")
    for name in downloads.FILES:
        assert name in text
    assert text.count("make site") == len(downloads.FILES)

    folder = out / downloads.FOLDER
    folder.mkdir()
    for n, name in enumerate(downloads.FILES, 1):
        (folder / name).write_bytes(b"x" * 300_000 * n)
    _build(src)  # incremental: only the files changed, and the page is written again
    links = _links(page)
    assert sorted(links) == sorted(f"{downloads.FOLDER}/{name}" for name in downloads.FILES)
    for href in links:
        assert (out / href).is_file()
    assert "(massage-for-back-spasms.pdf, 0.3 MB)" in page.read_text(encoding="utf-8")
    assert "make site" not in page.read_text(encoding="utf-8")

    (folder / "handouts.zip").unlink()
    _build(src)
    assert f"{downloads.FOLDER}/handouts.zip" not in _links(page)
    assert len(_links(page)) == len(downloads.FILES) - 1


@pytest.mark.testbook
def test_the_e_book_lists_the_files_without_links_or_build_notes(tmp_path):
    src = _project(tmp_path)
    out, _ = _build(src, "epub")
    page = (out / "index.xhtml").read_text(encoding="utf-8")
    assert "massage-for-back-spasms.pdf" in page and "make site" not in page
    assert 'href="downloads/' not in page


def test_the_instructor_guide_offers_the_downloads_and_a_plain_build_links_none(built_book):
    assert built_book.returncode == 0, built_book.output[-3000:]
    page = built_book.page_path(GUIDE)
    assert _links(page) == {}
    soup = built_book.soup(GUIDE)
    items = soup.find("ul", class_="book-downloads").find_all("li")
    assert [li.find("code").get_text() for li in items] == list(downloads.FILES)
    heading = soup.find(id="instructor-downloads")
    assert heading is not None and "Ready-made files" in heading.get_text()


def test_make_site_copies_the_files_under_the_names_the_list_links():
    recipe = re.search(r"^site:.*\n((?:\t.*\n)+)", MAKEFILE, re.M).group(1)
    copied = set(re.findall(r"massage-for-back-spasms\.(?:pdf|epub)", recipe))
    zipped = re.findall(r"\$\(DOWNLOADS\)/(\S+\.zip)", recipe)
    assert copied | set(zipped) == set(downloads.FILES)
    assert re.search(r"^DOWNLOADS := \$\(BUILD\)/html/" + downloads.FOLDER + "$", MAKEFILE, re.M)
    # the web book is built last, so that the list sees the files
    assert recipe.strip().splitlines()[-2].lstrip().startswith("$(SPHINX) -b html")


@pytest.mark.pdf
@pytest.mark.slow
def test_make_site_builds_the_downloads_and_the_guide_links_them(tmp_path):
    from quiz import typeset

    require_tool("latexmk", typeset.INSTALL)
    require_tool("rsvg-convert", "apt-get install librsvg2-bin; it turns the figures into PDF")
    make = require_tool("make", "apt-get install make")
    build = tmp_path / "build"
    proc = subprocess.run([make, "--no-print-directory", "site", f"BUILD={build}",
                           f"PY={sys.executable}", "STAMP="], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=1800, check=False, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    html = build / "html"
    folder = html / downloads.FOLDER
    assert sorted(p.name for p in folder.iterdir()) == sorted(downloads.FILES)
    assert (folder / "massage-for-back-spasms.pdf").read_bytes()[:5] == b"%PDF-"
    with zipfile.ZipFile(folder / "massage-for-back-spasms.epub") as epub:
        assert epub.read("mimetype") == b"application/epub+zip"
    with zipfile.ZipFile(folder / "handouts.zip") as handouts:
        names = set(handouts.namelist())
        variants = int(re.search(r"--variants (\d+)", MAKEFILE).group(1))
        for v in range(1, variants + 1):
            for kind in ("sheet", "key", "answers"):
                assert f"handouts/{kind}-v{v}.pdf" in names, sorted(names)
            assert handouts.read(f"handouts/key-v{v}.pdf")[:5] == b"%PDF-"
    links = _links(html / f"{GUIDE}.html")
    assert len(links) == len(downloads.FILES)
    for href in links:
        target = urljoin(f"http://site.invalid/{GUIDE}.html", href)
        assert (html / target.removeprefix("http://site.invalid/")).is_file(), href


# --- Read the Docs ----------------------------------------------------------------------------

def _rtd_schema() -> dict:
    """Read the Docs' configuration schema, as check-jsonschema ships it (no network)."""
    folder = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads((folder / "readthedocs.json").read_text(encoding="utf-8"))


def _validate(config: dict) -> list[str]:
    import jsonschema

    schema = _rtd_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(config)]


def test_readthedocs_config_is_valid_against_its_schema():
    import yaml

    config = yaml.safe_load((REPO_ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert _validate(config) == []
    wrong = dict(config, formats=["pdf", "mobi"])  # the schema is strict enough to catch this
    assert _validate(wrong)


def test_readthedocs_builds_the_site_the_pdf_and_the_epub_with_the_makefile():
    import yaml

    config = yaml.safe_load((REPO_ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert config["sphinx"]["configuration"] == "conf.py"
    assert set(config["formats"]) == {"pdf", "epub"}
    jobs = config["build"]["jobs"]["build"]
    assert set(jobs) == {"html", "pdf", "epub"}  # a job for each format built
    assert jobs["html"][0].startswith("make site ")
    assert jobs["epub"][0].startswith("make epub ")
    assert any("_build/epub/massage-for-back-spasms.epub $READTHEDOCS_OUTPUT/epub/" in c
               for c in jobs["epub"])
    install = config["build"]["jobs"]["install"][0]
    assert "-c constraints.txt" in install and "grade" in install  # the answer sheets' QR code
