"""`python -m quiz export`: the same questions as the terminal quiz, in a file an LMS imports.

The questions come from `quiz.generate.make_quiz` with the same seed, count and topics as the
terminal quiz and `--format json` (variant 0), and variants 1..N-1 with `--variants N`. Formats
that hold several quizzes keep the variants apart (GIFT categories, QTI assessments, JSON
"variants"); a deck or a sheet (Anki, Kahoot, CSV) holds every question once. Each renderer is
imported only when its format is asked for, so `python -m quiz` never loads zipfile, sqlite3,
genanki or XlsxWriter (the registry of formats: `quiz.render.formats`).
"""

from __future__ import annotations

import sys

from quiz.errors import UsageError
from quiz.model import Question
from quiz.render.formats import EXPORTS, Job, exporter

#: the formats a user names with --format, in the order the help lists them
FORMATS = ("gift", "qti", "anki", "kahoot", "csv", "json")
BINARY = tuple(name for name, f in EXPORTS.items() if f.binary)
#: --qti-version -> the format in quiz.render.formats
QTI_VERSIONS = {"1.2": "qti", "2.1": "qti21"}


def _name(fmt: str, qti_version: str) -> str:
    """The registry's name of what `--format fmt --qti-version qti_version` asks for."""
    return QTI_VERSIONS[qti_version] if fmt == "qti" else fmt


def _note(message: str) -> None:
    print(message, file=sys.stderr)


def select(bank, seed: int, count: int, topics, variants: int = 1) -> list[list[Question]]:
    """Variant 0 (the quiz itself) to variant N-1, each a list of questions."""
    from quiz.generate import make_quiz

    return [make_quiz(bank, seed, count, topics, variant=v) for v in range(variants)]


def render(fmt: str, quizzes: list[list[Question]], code: str, version: str, *,
           book_url: str | None = None, qti_version: str = "1.2", short: dict | None = None,
           note=_note) -> tuple[str | bytes, int, int]:
    """(the file's content, how many questions it holds, how many were left out).

    `short` maps the bank's long texts to their short forms (`quiz.render.short.forms`), used
    by the Kahoot sheets (kahoot, csv). `note` is told, one line each, which questions were
    left out and why.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
    if qti_version not in QTI_VERSIONS:
        raise UsageError(f"unknown QTI version {qti_version!r} "
                         f"(versions: {', '.join(QTI_VERSIONS)})")
    return exporter(_name(fmt, qti_version))(quizzes, Job(code, version, book_url, short, note))


def check_book_url(url: str | None) -> None:
    """A UsageError unless `url` is None or an http(s) address with a host and no spaces,
    quotes or angle brackets (it goes into links: `<a href="...">`)."""
    if url is None:
        return
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or any(
            c.isspace() or c in "\"'<>\\`" for c in url):
        raise UsageError(f"--book-url must be an http:// or https:// address such as "
                         f"https://example.org/book/, not {url!r}")


def run(bank, fmt: str, seed: int, count: int, topics, code: str, *, variants: int = 1,
        output: str | None = None, force: bool = False, book_url: str | None = None,
        qti_version: str = "1.2", stdout=None) -> str:
    """Render and write (to `output`, or to stdout with `-o -` or, for text formats, with no
    `-o`); return a one-line summary (empty when writing to stdout)."""
    out = stdout or sys.stdout
    if fmt in BINARY and output is None:
        raise UsageError(f"--format {fmt} writes a binary file: name it with -o FILE "
                         f"(or -o - for standard output)")
    if fmt in BINARY and output == "-" and out.isatty():
        raise UsageError(f"--format {fmt} writes a binary file: not to a terminal "
                         f"(redirect -o - to a file or a pipe)")
    check_book_url(book_url)
    if qti_version != "1.2" and fmt != "qti":
        raise UsageError("--qti-version applies to --format qti only")
    target = output if output not in (None, "-") else None  # a file, not standard output
    if target is not None:
        from quiz.fileio import check_target

        check_target(target, force)  # fail before any work or any note
    quizzes = select(bank, seed, count, topics, variants)
    if len(quizzes[0]) < count:
        _note(f"note: these topics offer {len(quizzes[0])} questions, not {count}.")
    from quiz.render.short import forms

    data, n, left_out = render(fmt, quizzes, code, bank.version, book_url=book_url,
                               qti_version=qti_version, short=forms(bank))
    if target is None:
        from quiz import streams

        streams.write(data)
        return ""
    from quiz.fileio import write_atomic

    write_atomic(target, data, force=force)
    what = f"{n} question{'s' if n != 1 else ''}" + (
        f" in {variants} variants" if variants > 1 and not EXPORTS[fmt].deck else "")
    missing = f"; {left_out} left out, named above" if left_out else ""
    return f"wrote {what} ({fmt}, replay code {code}) to {output}{missing}"
