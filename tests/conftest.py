"""Shared fixtures: the repository root and ONE HTML build of the book per test session.

Nothing here asserts anything about the book; the tests do that.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO_ROOT = Path(__file__).resolve().parents[1]


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
