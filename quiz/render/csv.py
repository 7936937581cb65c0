"""CSV rendering in the layout of Kahoot's quiz spreadsheet, with Kahoot's limits enforced.

One header row, then one row per question: the question, answers 1 to 4, the time limit in
seconds and the number of the correct answer, the columns of Kahoot's "Import spreadsheet"
template. Kahoot takes at most 120 characters for a question, 75 for an answer, at most 4
answers, and a time limit from 5, 10, 20, 30, 60, 90, 120 or 240 seconds; it has no matching
type, and a quiz question with several correct answers scores any one of them, which is not
"select all that apply". The export first puts each question in the bank's short forms
(`quiz.render.short`: shorter wordings of the same facts, written in the bank). A question that
still cannot fit (a matching or select-all question, a longer stem, a longer option, five
options) is never cut or turned into another kind, since that would change what it asks: `fit`
sets it aside with the reason, and the export names it on stderr and leaves it out. These limits
are also those of the .xlsx sheet (`quiz.render.kahoot`). A cell that would start with
`= + - @` is set aside too, since a spreadsheet would read it as a formula. The file is UTF-8
with a byte-order mark, so that Excel reads the curly quotes. `fitting` does all of this for
both sheets: short forms, the limits, a note for each question left out.
"""

from __future__ import annotations

import csv
import io

from quiz.errors import NothingToExport
from quiz.model import Question
from quiz.render.common import unique
from quiz.render.formats import Rendered
from quiz.render.short import shorten

QUESTION_MAX = 120
ANSWER_MAX = 75
MAX_ANSWERS = 4
TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)
HEADER = ["Question - max 120 characters",
          *(f"Answer {n} - max 75 characters" for n in range(1, MAX_ANSWERS + 1)),
          "Time limit (sec) - 5, 10, 20, 30, 60, 90, 120, or 240 secs",
          "Correct answer(s) - choose at least one"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP: tab and CR too


def problem(q: Question) -> str | None:
    """Why a question cannot go into a Kahoot sheet as it is, or None if it fits."""
    if q.kind == "matching":
        return "a matching question: Kahoot has no matching type"
    if q.kind == "multiple":
        return ("a select-all question: in a Kahoot quiz one pick of any correct answer scores, "
                "so it would not test them all")
    if len(q.stem) > QUESTION_MAX:
        return f"question is {len(q.stem)} characters, Kahoot allows {QUESTION_MAX}"
    if len(q.options) > MAX_ANSWERS:
        return f"{len(q.options)} answers, Kahoot allows {MAX_ANSWERS}"
    longest = max(q.options, key=len)
    if len(longest) > ANSWER_MAX:
        return f"an answer is {len(longest)} characters, Kahoot allows {ANSWER_MAX}"
    for cell in (q.stem, *q.options):
        if cell.startswith(FORMULA_START) or "\n" in cell:
            return f"{cell[:20]!r} would be read as a formula or split a row"
    return None


def fit(questions: list[Question]) -> tuple[list[Question], list[tuple[str, str]]]:
    """(the questions that fit, [(id, reason) for each one that does not])."""
    kept, skipped = [], []
    for q in questions:
        reason = problem(q)
        if reason is None:
            kept.append(q)
        else:
            skipped.append((q.id, reason))
    return kept, skipped


def time_limit(q: Question) -> int:
    """Seconds to answer, from the amount of text to read: always one of TIME_LIMITS."""
    chars = len(q.stem) + sum(len(o) for o in q.options)
    seconds = 20 if chars <= 150 else 30 if chars <= 250 else 60
    assert seconds in TIME_LIMITS
    return seconds


def render(questions: list[Question]) -> str:
    """The sheet for questions that all fit (see `fit`); a ValueError names one that does not."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for q in questions:
        reason = problem(q)
        if reason is not None:
            raise ValueError(f"{q.id}: {reason}")
        answers = list(q.options) + [""] * (MAX_ANSWERS - len(q.options))
        writer.writerow([q.stem, *answers, time_limit(q), ",".join(str(i + 1) for i in q.answer)])
    return out.getvalue()


def fitting(quizzes: list[list[Question]], job) -> tuple[list[Question], int]:
    """Every question once, in its short forms, that fits Kahoot's limits, and how many did not
    (each named to `job.note`); NothingToExport if none fits."""
    kept, skipped = fit([shorten(q, job.short or {}) for q in unique(quizzes)])
    for qid, reason in skipped:
        job.note(f"note: left out {qid}: {reason}")
    if not kept:
        raise NothingToExport(f"no question of this selection fits Kahoot's limits "
                              f"({len(skipped)} left out)")
    return kept, len(skipped)


def export(quizzes: list[list[Question]], job) -> Rendered:
    kept, left_out = fitting(quizzes, job)
    return Rendered(render(kept), len(kept), left_out)
