"""Reading PDFs in tests with poppler-utils (pdftotext, pdfinfo, pdffonts), and comparing text.

Each helper calls require_tool first, so a test without poppler skips locally and fails in CI.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

from conftest import require_tool

HINT = "apt-get install poppler-utils"


def _run(tool: str, *args: str) -> str:
    exe = require_tool(tool, HINT)
    proc = subprocess.run([exe, *args], capture_output=True, text=True, check=True)
    return proc.stdout


def text(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    """The text of a PDF (or of pages first..last), as pdftotext gives it."""
    args = (["-layout"] if layout else []) + (["-f", str(first)] if first else [])
    args += ["-l", str(last)] if last else []
    return _run("pdftotext", *args, str(pdf), "-")


def pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    return text(pdf, layout=True).split("\f")[:-1]


def info(pdf: Path) -> dict[str, str]:
    out = {}
    for line in _run("pdfinfo", str(pdf)).splitlines():
        key, _, value = line.partition(":")
        out[key.strip()] = value.strip()
    return out


def font_types(pdf: Path) -> set[str]:
    """The font types in a PDF ('Type 1', 'Type 3', ...)."""
    lines = _run("pdffonts", str(pdf)).splitlines()[2:]
    return {re.split(r"\s{2,}", line.strip())[1] for line in lines if line.strip()}


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def norm(s: str) -> str:
    """Text as a reader sees it: ligatures and curly quotes undone, whitespace collapsed."""
    s = unicodedata.normalize("NFKC", s).translate(_QUOTES)
    return " ".join(s.split())
