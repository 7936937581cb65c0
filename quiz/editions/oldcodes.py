"""Replaying a code of another edition: from that edition's own bank, or not at all.

`bank_for_code` is the policy every command follows (the quiz, export, handouts, grading): a
code of this bank is drawn from it; a code of another edition is drawn from that edition's
record, once every question of the quiz (every variant asked for) is checked to be unchanged in
this bank. Otherwise an EditionError (exit code 1) names the questions removed or changed:
never silently different questions. A change made only by a rule marked `wording` in
quiz/bank/rules.toml (a rewording that changes no answer) does not count: such a question
replays as printed (quiz.generate.template.unreworded).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from quiz import __version__
from quiz.bank import Bank
from quiz.definitions import content_hash, definitions
from quiz.editions.records import edition_bank, known, read, sample_ids
from quiz.errors import EditionError
from quiz.model import Question
from quiz.versions import is_release

#: the parts of a question compared when one changed, as named in messages
PARTS = (("stem", "stem"), ("keys", "answer"), ("explanation", "explanation"),
         ("section", "section"), ("cite", "citations"), ("kind", "kind"), ("topic", "topic"))


def _name(version: str, fingerprint: str) -> str:
    return f"{version}-{fingerprint[:6]}"


def _record_for_code(current: Bank, version: str, fingerprint: str) -> dict:
    record = read(version) if is_release(version) else None
    if record is not None and record["fingerprint"][:6] == fingerprint:
        return record
    have = ", ".join(known()) or "none"
    why = (f"release {version}'s bank is {_name(version, record['fingerprint'])}"
           if record is not None else "this installation has no record of that edition")
    raise EditionError(
        f"this code was made with bank {_name(version, fingerprint)}, and {why} (records: {have}; "
        f"this bank: {_name(current.version, current.fingerprint)}), so it cannot check that its "
        "questions are the same: it does not replay it. Ask for a new quiz instead.")


def what_changed(then, now) -> str:
    """The parts (stem, answer, ...) in which two definitions of one question differ."""
    parts = [label for field, label in PARTS if getattr(then, field) != getattr(now, field)]
    return ", ".join(parts) or "wording"


def quiz_changes(current: Bank, record: dict, old: Bank, questions: list[Question]) -> list[str]:
    """One line per question of `questions` (drawn from the edition `old`) that `current` cannot
    ask exactly as it was: removed, or changed (and how). Empty when the quiz is unchanged."""
    from quiz.generate.template import unreworded

    unique = list({q.id: q for q in questions}.values())
    ids = [q.id for q in unique]
    then, now = definitions(old, ids), definitions(unreworded(current, old), ids)
    lines = []
    for q in unique:
        recorded = record["questions"].get(q.id)
        if q.id not in then or recorded is None or content_hash(then[q.id]) != recorded[0]:
            lines.append(f"changed: {q.id} (this version of the quiz no longer words it as "
                         f"{record['version']} did)")
        elif q.id not in now:
            lines.append(f"removed: {q.id} (this bank no longer makes it)")
        elif content_hash(now[q.id]) != recorded[0]:
            lines.append(f"changed: {q.id} ({what_changed(then[q.id], now[q.id])})")
        else:
            gone = [o for i, o in enumerate(q.options)
                    if i not in q.answer and o not in now[q.id].distractors]
            if gone:
                lines.append(f"changed: {q.id} (the option {gone[0]!r} is no longer one of its "
                             "wrong answers)")
    return lines


def replay_bank(current: Bank, version: str, fingerprint: str,
                draw: Callable[[Bank], list[Question]]) -> Bank:
    """The bank to replay a code of another edition: that edition's own, once every question that
    `draw(bank)` gives is checked to be unchanged in `current`. Otherwise an EditionError lists
    the questions removed or changed (exit code 1): never silently different questions.

    The committed records are rebuilt exactly by this code (tests/test_editions.py), so drawing
    from one cannot fail: if it does, that is a bug, and it shows its traceback."""
    from quiz.draw import DRAW, UNRECORDED

    record = _record_for_code(current, version, fingerprint)
    old = edition_bank(record)
    if record.get("draw", UNRECORDED) != DRAW:
        raise EditionError(
            f"this code was made with bank {_name(version, fingerprint)}, which draws questions "
            f"with {record['draw']!r}; this version of the quiz ({__version__}) draws with "
            f"{DRAW!r}, so it cannot replay it. Install version {version} to replay it, or ask "
            "for a new quiz.")
    if sample_ids(old) != record.get("samples"):
        raise EditionError(
            f"this code was made with bank {_name(version, fingerprint)}; this version of the quiz "
            f"({__version__}) no longer draws questions as {version} did, so it cannot replay it. "
            f"Install version {version} to replay it, or ask for a new quiz.")
    questions = draw(old)
    lines = quiz_changes(current, record, old, questions)
    if lines:
        total = len({q.id for q in questions})
        raise EditionError("\n".join([
            (f"this code was made with bank {_name(version, fingerprint)}; this is bank "
            f"{_name(current.version, current.fingerprint)}, which cannot ask that quiz as it was: "
            f"{len(lines)} of its {total} questions changed:"),
            *(f"  {line}" for line in lines),
            (f"`python -m quiz diff {version} current` lists every change; "
            "ask for a new quiz to get this bank's questions.")]))
    return old


def bank_for_code(current: Bank, code: tuple, variants: Iterable[int] = (0,)) -> Bank:
    """The bank a replay code's quiz is drawn from: `current` for a code of this bank; for a code
    of another edition, that edition's own bank, once the variants `variants` of its quiz are
    checked to be unchanged in `current` (an EditionError otherwise)."""
    version, fingerprint, seed, count, topics = code
    if (version, fingerprint) == (current.version, current.fingerprint[:6]):
        return current
    from quiz.generate import make_quiz

    variants = tuple(variants)

    def draw(old: Bank) -> list[Question]:
        return [q for v in variants for q in make_quiz(old, seed, count, topics, variant=v)]

    return replay_bank(current, version, fingerprint, draw)
