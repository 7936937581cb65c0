"""Merging two learning histories (the terminal's and the book's practice page), as both do it.

A history is JSON lines (quiz.history). The practice page (practice.js) keeps the same records in
the browser and downloads them in the same form; `python -m quiz merge FILE` brings such a file
into the terminal's history, and the page loads the terminal's file the same way.

Merging never loses or double-counts an answer: a record is known by its line (the record as
quiz.history writes it, keys sorted), and a line that both sides hold is kept as many times as the
side holding it more often has it. So merging a file into a history that already holds it (all of
it, or an older download) adds nothing, and two sides that each answered on their own keep every
answer of both. The result is ordered by time (`at`), ties in the first side's order, then the
second's, so that the review schedule replays the answers in the order they were given.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from quiz.errors import UsageError


def line(record: dict) -> str:
    """A record as one line of the history file (without the newline)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def merge(a: list[dict], b: list[dict]) -> list[dict]:
    """Every answer of `a` and `b` once (see the module's docstring)."""
    want = Counter(line(r) for r in a) | Counter(line(r) for r in b)  # | keeps the larger count
    taken: Counter = Counter()
    out = []
    for record in [*a, *b]:
        key = line(record)
        if taken[key] < want[key]:
            taken[key] += 1
            out.append(record)
    return sorted(out, key=lambda r: r["at"])  # stable: ties keep a's order, then b's


def merge_file(history_path: str, other_path: str, warn) -> tuple[int, int, int]:
    """Merge the history file `other_path` into `history_path`, written in one step (a reader
    sees the old file or the new one). (answers read from the other file, answers added, total)."""
    from quiz import history

    if not os.path.isfile(other_path):
        raise UsageError(f"{other_path}: no such history file")
    mine = history.load(history_path, warn)
    theirs = history.load(other_path, warn)
    merged = merge(mine, theirs)
    added = len(merged) - len(mine)
    if added:
        folder = os.path.dirname(os.path.abspath(history_path))
        os.makedirs(folder, exist_ok=True)
        tmp = f"{history_path}.{os.getpid()}.tmp"
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.writelines(line(r) + "\n" for r in merged)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, history_path)
        except OSError as exc:
            raise UsageError(f"cannot write the history {history_path} "
                             f"({exc.strerror or exc})") from None
    return len(theirs), added, len(merged)
