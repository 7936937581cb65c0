"""Editions: a record of each released bank, so that old replay codes and LMS copies stay checkable.

At release time `python -m quiz edition write` (`make edition`) stores
quiz/bank/editions/<version>.json: the bank's version and fingerprint, the draw its codes use
(quiz.draw.DRAW; a record without "draw" used "python-random/1"), two hashes per question
id (quiz.definitions: the question itself, and the wrong options it may draw), a few sample
draws, and the validated tables of the bank. With it:

- a replay code of an older edition is replayed from that edition's own tables, but only after
  every question of that quiz is checked to be unchanged in the current bank; otherwise the
  EditionError (exit code 1) lists which questions were removed or changed;
- `python -m quiz diff 1.0.0 1.1.0` lists the questions added, removed and changed between two
  editions (read from the records, or from a git tag's bank when a tag has no record);
- the book's changelog lists them for each release ({question-changes} directive).

One module per job; this package only gathers their public names:

| job | module |
|---|---|
| the records: read, write, check that this code still rebuilds them | `records.py` |
| replaying a code of another edition (and which bank a code is drawn from) | `oldcodes.py` |
| the questions added, removed and changed between two editions | `diffs.py` |
| the bank of a git tag that has no record | `gittag.py` |

The command (`python -m quiz edition write|check`) is in quiz.cli, which maps every QuizError to
its exit code; nothing here catches an exception it does not expect, so a bug shows a traceback.
Only these paths read the records: a quiz from the current bank never loads this package.
"""

from __future__ import annotations

from quiz.editions.diffs import diff, release_changes, render_text, resolve, summary
from quiz.editions.oldcodes import bank_for_code, quiz_changes, replay_bank, what_changed
from quiz.editions.records import (
    EDITIONS_DIR,
    FORMAT,
    SAMPLES,
    check_records,
    edition_bank,
    get,
    known,
    make_record,
    read,
    sample_ids,
    write,
)

__all__ = [
    "EDITIONS_DIR", "FORMAT", "SAMPLES", "bank_for_code", "check_records", "diff", "edition_bank",
    "get", "known", "make_record", "quiz_changes", "read", "release_changes",
    "render_text", "replay_bank", "resolve", "sample_ids", "summary", "what_changed", "write",
]
