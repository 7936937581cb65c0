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
    from quiz import fileio, history

    if not os.path.exists(other_path):
        raise UsageError(f"{other_path}: no such history file")
    if not os.path.isfile(other_path):
        raise UsageError(f"{other_path}: not a regular file")
    what = fileio.what_is(history_path)
    if what is not None:  # never written over: a link, FIFO or device given as --history
        raise UsageError(f"{history_path} is {what}: the history must be a regular file")
    mine = history.load(history_path, warn)
    theirs = history.load(other_path, warn)
    if not theirs and os.path.getsize(other_path) > 0:
        raise UsageError(f"{other_path}: no answer could be read from it: is it a history file?")
    merged = merge(mine, theirs)
    added = len(merged) - len(mine)
    if added:
        os.makedirs(os.path.dirname(os.path.abspath(history_path)), exist_ok=True)
        # one step, and only over a regular file: never a link, FIFO or device given as --history
        fileio.write_atomic(history_path, "".join(line(r) + "\n" for r in merged), force=True)
    return len(theirs), added, len(merged)
