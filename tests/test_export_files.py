"""Where an export goes: --force replaces only a regular file, `-o -` is standard output, and
--book-url must be an http(s) address (one line on stderr and exit code 2 otherwise)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile

import pytest
from conftest import REPO_ROOT

from quiz.errors import ExportError
from quiz.fileio import write_atomic


def run(*args: str, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quiz", "export", "--seed", "5", "--count", "6",
                           *args], capture_output=True, cwd=REPO_ROOT, stdin=stdin)


def test_force_replaces_a_regular_file(tmp_path):
    out = tmp_path / "q.gift"
    out.write_text("old")
    r = run("--format", "gift", "-o", str(out), "--force")
    assert r.returncode == 0, r.stderr
    assert out.read_text().startswith("// Massage for Back Spasms")


def test_force_never_replaces_a_symlink_nor_what_it_points_to(tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "q.gift"
    link.symlink_to(target)
    r = run("--format", "gift", "-o", str(link), "--force")
    assert r.returncode == 2
    assert r.stderr.decode().splitlines() == [
        f"python -m quiz: error: {link} is a symbolic link: --force replaces only a regular file"]
    assert link.is_symlink() and target.read_text() == "keep me"


def test_force_never_replaces_a_fifo_or_a_device(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r = run("--format", "qti", "-o", str(fifo), "--force")
    assert r.returncode == 2
    assert r.stderr.decode().strip() == (
        f"python -m quiz: error: {fifo} is a FIFO: --force replaces only a regular file")
    r = run("--format", "gift", "-o", os.devnull, "--force")
    assert r.returncode == 2
    assert r.stderr.decode().strip() == (
        f"python -m quiz: error: {os.devnull} is a device: --force replaces only a regular file")
    with pytest.raises(ExportError, match="is a FIFO"):
        write_atomic(str(fifo), b"x", force=True)


def test_dash_writes_any_format_to_standard_output(tmp_path):
    for fmt in ("qti", "anki", "gift"):
        out = tmp_path / f"file.{fmt}"
        to_file = run("--format", fmt, "-o", str(out))
        to_stdout = run("--format", fmt, "-o", "-")
        assert to_file.returncode == to_stdout.returncode == 0, to_stdout.stderr
        assert to_stdout.stdout == out.read_bytes() and to_stdout.stderr == b""
    assert zipfile.ZipFile(io.BytesIO(run("--format", "qti", "-o", "-").stdout)).testzip() is None


def test_a_binary_format_without_o_asks_for_a_file():
    r = run("--format", "qti")
    assert r.returncode == 2 and r.stdout == b""
    assert r.stderr.decode().splitlines() == [
        "python -m quiz: error: --format qti writes a binary file: name it with -o FILE "
        "(or -o - for standard output)"]


@pytest.mark.parametrize("url", ["example.org/book", "ftp://example.org/book", "https://",
                                 "javascript:alert(1)", 'https://example.org/"><b>',
                                 "https://example.org/a book", "file:///home/me/book"])
def test_book_url_must_be_an_http_address(url):
    r = run("--format", "gift", "--book-url", url)
    assert r.returncode == 2 and r.stdout == b""
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "python -m quiz: error: --book-url must be an http:// or https:// address")


@pytest.mark.parametrize("url", ["http://localhost:8000/", "https://example.org/book"])
def test_a_good_book_url_becomes_links(url):
    r = run("--format", "gift", "--book-url", url)
    assert r.returncode == 0, r.stderr
    assert b'<a href\\="' + url.rstrip("/").replace(":", "\\:").encode() in r.stdout
