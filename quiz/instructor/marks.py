"""Bubble darkness -> what a student answered, or why a person must look: never a silent guess.

A bubble's darkness runs from 0 (clean paper; a printed letter inside reads about 0.06) to 1 (as
dark as a registration mark). Below EMPTY_MAX it is empty; from MARK_MIN up it is marked; between
the two it is *unclear*: a light or partial fill, or an erasure that left graphite behind. An
unclear bubble, or two marks where one answer is allowed (a one-answer question, a row of a
matching question, a digit of the student number), sends the question to review: it is left out
of the score until a person resolves it. A question with no mark at all is answered blank (wrong),
which is not a guess. Select-all and matching questions are then scored by `Question.is_right`,
the terminal quiz's own rule: exactly the keyed set; every prompt paired with its own option.
"""

from __future__ import annotations

from quiz.model import LETTERS

EMPTY_MAX = 0.16
MARK_MIN = 0.45


def _row(values) -> tuple[list[int], list[int]]:
    """(marked, unclear) positions in one row of bubbles."""
    marked = [k for k, v in enumerate(values) if v >= MARK_MIN]
    unclear = [k for k, v in enumerate(values) if EMPTY_MAX <= v < MARK_MIN]
    return marked, unclear


def _letters(ks, names=LETTERS) -> str:
    return ", ".join(names[k] for k in ks)


def _one(values, where: str = "", names=LETTERS) -> tuple[int | None, str | None]:
    marked, unclear = _row(values)
    if unclear:
        return None, f"{where}faint, partial or erased mark at {_letters(unclear, names)}"
    if len(marked) > 1:
        return None, f"{where}more than one mark ({_letters(marked, names)})"
    return (marked[0] if marked else None), None


def read_question(q, rows: list) -> tuple[object, str | None]:
    """(choice, problem) for a question from the darkness of its rows of bubbles.

    The choice is what `Question.is_right` takes (None for a blank answer); a problem means
    the question goes to review and its choice is None.
    """
    if q.prompts:
        picks, problems = [], []
        for p, values in enumerate(rows):
            pick, problem = _one(values, f"item {p + 1}: ")
            picks.append(pick)
            if problem:
                problems.append(problem)
        if problems:
            return None, "; ".join(problems)
        return (None if all(p is None for p in picks) else tuple(picks)), None
    if q.kind == "multiple":
        marked, unclear = _row(rows[0])
        if unclear:
            return None, f"faint, partial or erased mark at {_letters(unclear)}"
        return (tuple(marked) or None), None
    return _one(rows[0])


def is_right(q, choice) -> bool:
    if choice is None or (q.prompts and None in choice):
        return False
    return q.is_right(choice)


def answer_text(q, choice) -> str:
    """What the gradebook shows: `C`, `AC` (select-all), `DB-A` (matching; - for a blank item),
    or nothing for a blank answer."""
    if choice is None:
        return ""
    if q.prompts:
        return "".join("-" if k is None else LETTERS[k] for k in choice)
    if isinstance(choice, tuple):
        return "".join(LETTERS[k] for k in choice)
    return LETTERS[choice]


def parse_answer_text(q, text: str):
    """The choice written by `answer_text`, or typed as in the terminal quiz (quiz.answers:
    matching pairs `2B 1D 3E`, letters with spaces or commas `e, f, d`); ValueError if it is
    none, its message a reason when there is one."""
    from quiz.answers import numbered, parse_answer, read_matching

    text = text.strip().upper()
    if not text:
        return None
    n = len(q.options)
    if q.prompts and numbered(text):  # numbered pairs: read by number
        choice = read_matching(text, len(q.prompts), n)
        if isinstance(choice, str):
            raise ValueError(choice)
        return choice
    if q.prompts:  # a letter (or `-`, left blank) per item, in item order
        marks = [c for c in text if not (c.isspace() or c in ",;.")]
        if len(marks) != len(q.prompts) or any(c != "-" and c not in LETTERS[:n] for c in marks):
            raise ValueError(f"give {len(q.prompts)} letters (or -), one for each item")
        return tuple(None if c == "-" else LETTERS.index(c) for c in marks)
    choice = parse_answer(text, q)
    if choice is None:
        raise ValueError("")
    return choice


def student_number(columns: list) -> tuple[str, str | None]:
    """(digits, problem) from the darkness of each column's bubbles 0-9."""
    digits = []
    for c, values in enumerate(columns, 1):
        pick, problem = _one(values, f"student number, column {c}: ", "0123456789")
        if problem:
            return "", problem
        digits.append("" if pick is None else str(pick))
    filled = [i for i, d in enumerate(digits) if d]
    if not filled:
        return "", "no student number filled in"
    if len(filled) != filled[-1] - filled[0] + 1:
        return "", "student number has an empty column between digits"
    return "".join(digits), None
