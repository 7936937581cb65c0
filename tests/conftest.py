"""Shared fixtures: the repository root and ONE HTML build of the book per test session.

Nothing here asserts anything about the book; the tests do that. A test that uses the session's
book, PDF or browser is marked `book`, `pdf` or `browser` here (markers: pyproject.toml), so that
`make test-fast` can leave those out.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO_ROOT = Path(__file__).resolve().parents[1]

# sphinx.testing's fixtures (app, make_app, ...) for the extension's tests (tests/test_sphinxext.py);
# their tiny projects are tests/roots/test-*/ (the `rootdir` fixture below).
pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds `@pytest.mark.sphinx(testroot="quiz")`: tests/roots/test-quiz."""
    return REPO_ROOT / "tests" / "roots"


#: a test using one of these fixtures gets the marker (tests that build by other means mark themselves)
FIXTURE_MARKERS = {"built_book": "book", "book_epub": "book", "book_pdf": "pdf", "browser": "browser",
                   # sphinx.testing's fixtures build one of the small test books (tests/roots/)
                   "app": "testbook", "make_app": "testbook"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in FIXTURE_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)


def require_tool(name: str, hint: str = "") -> str:
    """The path of a tool (a command on PATH, or the path of an executable or other file such as
    node_modules/axe-core/axe.min.js), or stop the test without it.

    Locally a missing tool skips the test with a clear reason; in CI (CI=true) it fails, so CI
    can never pass by skipping. `hint` says how to install it, e.g. "apt-get install chromium".
    """
    path = shutil.which(name) or (name if os.path.isfile(name) else None)
    if path is None:
        _missing(f"{name} is not installed" + (f" ({hint})" if hint else ""))
    return path


def require_module(name: str, hint: str = ""):
    """The imported module, or stop the test as `require_tool` does (skip locally, fail in CI)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        _missing(f"the Python module {name} is not installed" + (f" ({hint})" if hint else ""))


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must install it (.ci/run)", pytrace=False)
    pytest.skip(reason)


@dataclass
class BuiltBook:
    """The result of `sphinx -W --keep-going -n -b html` on docs/."""

    html: Path  # the HTML output directory
    doctrees: Path
    returncode: int
    output: str  # stdout + stderr of the build (warnings and errors included)
    seconds: float  # wall-clock build time
    _pages: dict[str, BeautifulSoup] = field(default_factory=dict, repr=False)

    def page_path(self, docname: str) -> Path:
        """`techniques/swedish` -> <html>/techniques/swedish.html"""
        return self.html / f"{docname}.html"

    def soup(self, docname: str) -> BeautifulSoup:
        """The parsed built page of a document (cached). Fails the test if it was not built."""
        if docname not in self._pages:
            path = self.page_path(docname)
            if not path.is_file():
                pytest.fail(f"{docname}: no built page at {path} (build return code {self.returncode})")
            self._pages[docname] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return self._pages[docname]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def built_book(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltBook:
    """Build the HTML book once per session, in a temporary directory, exactly as `make html` does."""
    out = tmp_path_factory.mktemp("book")
    html, doctrees = out / "html", out / "doctrees"
    cmd = [
        sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-b", "html",
        "-d", str(doctrees), "-c", str(repo_root), str(repo_root / "docs"), str(html),
    ]
    start = time.monotonic()
    proc = subprocess.run(
        cmd, cwd=repo_root, capture_output=True, text=True, timeout=900, check=False
    )
    return BuiltBook(
        html=html,
        doctrees=doctrees,
        returncode=proc.returncode,
        output=proc.stdout + proc.stderr,
        seconds=time.monotonic() - start,
    )


@pytest.fixture(scope="session")
def html_page(built_book: BuiltBook):
    """`html_page("techniques/swedish")` -> the parsed built page (BeautifulSoup), cached per session."""
    return built_book.soup


@dataclass
class BuiltPdf:
    """The result of `sphinx -M latexpdf` (as `make pdf` runs it) on docs/."""

    latex: Path  # the LaTeX build folder: the .tex, .aux, .log and the PDF
    pdf: Path
    aux: Path
    returncode: int
    output: str
    seconds: float


@pytest.fixture(scope="session")
def book_pdf(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltPdf:
    """Build the PDF book once per session, in a temporary directory, as `make pdf` does.

    Needs latexmk (skips locally without it, fails in CI).
    """
    from quiz import typeset

    require_tool("latexmk", typeset.INSTALL)
    require_tool("rsvg-convert", "apt-get install librsvg2-bin; it turns the figures into PDF")
    out = tmp_path_factory.mktemp("book-pdf")
    cmd = [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(repo_root / "docs"), str(out),
           "-c", str(repo_root), "-W", "--keep-going", "-n", "-d", str(out / "doctrees")]
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=repo_root, capture_output=True, text=True, timeout=900,
                          check=False, stdin=subprocess.DEVNULL)
    latex = out / "latex"
    return BuiltPdf(latex=latex, pdf=latex / "massage-for-back-spasms.pdf",
                    aux=latex / "massage-for-back-spasms.aux", returncode=proc.returncode,
                    output=proc.stdout + proc.stderr, seconds=time.monotonic() - start)


@dataclass
class BuiltEpub:
    """The result of `sphinx -b epub` (as `make epub` runs it) on docs/."""

    folder: Path  # the EPUB build folder: the unpacked files and the .epub
    epub: Path
    returncode: int
    output: str


@pytest.fixture(scope="session")
def book_epub(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltEpub:
    """Build the e-book once per session with `make epub`, into a temporary directory, with this
    test run's Python (STAMP= : the dependencies are installed already)."""
    make = require_tool("make", "apt-get install make")
    out = tmp_path_factory.mktemp("book-epub")
    cmd = [make, "--no-print-directory", "epub", f"BUILD={out}", f"PY={sys.executable}", "STAMP="]
    proc = subprocess.run(cmd, cwd=repo_root, capture_output=True, text=True, timeout=900,
                          check=False, stdin=subprocess.DEVNULL)
    return BuiltEpub(folder=out / "epub", epub=out / "epub" / "massage-for-back-spasms.epub",
                     returncode=proc.returncode, output=proc.stdout + proc.stderr)


def toctree_docnames() -> list[str]:
    """The documents listed in the toctrees of docs/index.md, in order."""
    names, in_toctree = [], False
    for line in (REPO_ROOT / "docs" / "index.md").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if re.match(r"^(`{3,}|:{3,})\{toctree\}", stripped):
            in_toctree = True
        elif in_toctree and re.match(r"^(`{3,}|:{3,})$", stripped):
            in_toctree = False
        elif in_toctree and stripped and not stripped.startswith(":"):
            names.append(stripped.removesuffix(".md"))
    return names


# -- the browser tests' shared fixtures (test_browser.py, test_practice_browser.py, test_readers.py, test_weight.py)

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        pass


@pytest.fixture(scope="session")
def book_url(built_book) -> Iterator[str]:
    """The session's built book, served on http://127.0.0.1:<free port>/."""
    # A build warning fails test_book; these tests need only the written pages.
    if not (built_book.html / "techniques" / "swedish.html").is_file():
        pytest.fail(f"the book's pages were not written:\n{built_book.output[-3000:]}")
    handler = functools.partial(_QuietHandler, directory=str(built_book.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless (never a downloaded browser): one for the whole session, as
    Playwright's sync API runs one instance per process."""
    executable = require_tool("chromium", "apt-get install chromium")  # on PATH: Debian's
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_js() -> Path:
    require_tool("npm", "apt-get install npm; `make test` then installs axe-core with npm ci")
    require_tool(str(AXE_JS), "`make test` installs it: npm ci")
    return AXE_JS


@pytest.fixture()
def tmp_bank(tmp_path) -> Path:
    """A copy of quiz/bank (its TOML files only) to edit, in tmp_path/bank."""
    from quiz.bank import BANK_DIR

    folder = tmp_path / "bank"
    folder.mkdir()
    for toml in Path(BANK_DIR).glob("*.toml"):
        shutil.copy(toml, folder / toml.name)
    return folder
