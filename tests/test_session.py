"""The interactive session driven in-process: answers typed as a learner types them, output kept.

Matching answers are the subject here: bare letters are read in prompt order, numbered pairs by
their numbers, and an answer that is neither asks again with one line saying what was wrong.
"""

from __future__ import annotations

import pytest

from quiz import bank as bank_mod
from quiz import generate
from quiz.render.text import Style
from quiz.session import Session, parse_answer

BANK = bank_mod.load()


def _matching(seed=19):
    """The matching question the reviewer's command drew (`--seed 19 --count 1 --topic terms`):
    six prompts, six options, key `1E 2F 3D 4C 5B 6A` in the bank of 2.0.0."""
    (q,) = generate.make_quiz(BANK, seed, 1, ("terms",))
    assert q.kind == "matching" and len(q.prompts) == 6
    return q


def drive(questions, lines):
    """(session, output) after answering `questions` with `lines`, input ending after the last."""
    out: list[str] = []
    feed = iter(lines)

    def read():
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    session = Session(questions, read, lambda text, end="\n": out.append(text + end), Style(False))
    session.run()
    return session, "".join(out)


def pairs(q, order):
    """The key as numbered pairs `1E 2F ...`, in the given order of prompt numbers."""
    return " ".join(f"{n}{'ABCDEFGH'[q.answer[n - 1]]}" for n in order)


def test_numbered_pairs_are_read_by_their_numbers_in_any_order():
    q = _matching()
    key = tuple(q.answer)
    assert parse_answer(pairs(q, [2, 1, 3, 4, 5, 6]), q) == key
    assert parse_answer(pairs(q, [6, 5, 4, 3, 2, 1]), q) == key
    assert parse_answer(pairs(q, [1, 2, 3, 4, 5, 6]), q) == key


@pytest.mark.parametrize("spell", [
    lambda s: s.lower(),  # 1e 2f
    lambda s: s.replace(" ", ","),  # 1E,2F
    lambda s: s.replace(" ", ", "),  # 1E, 2F
    lambda s: s.replace(" ", ""),  # 1E2F
    lambda s: " ".join(p[0] + "-" + p[1] for p in s.split()),  # 1-E 2-F
    lambda s: " ".join(p[0] + " " + p[1] for p in s.split()),  # 1 E 2 F
    lambda s: "  " + s.replace(" ", "; ") + "  ",  # 1E; 2F
])
def test_numbered_pairs_take_the_documented_separators(spell):
    q = _matching()
    assert parse_answer(spell(pairs(q, [3, 1, 2, 6, 5, 4])), q) == tuple(q.answer)


def test_a_wrong_numbered_pair_is_scored_wrong_by_its_number():
    q = _matching()
    wrong = list(q.answer)
    wrong[0], wrong[1] = wrong[1], wrong[0]  # items 1 and 2 swapped, written out of order
    text = " ".join(f"{n}{'ABCDEFGH'[wrong[n - 1]]}" for n in (2, 1, 6, 5, 4, 3))
    assert parse_answer(text, q) == tuple(wrong)


@pytest.mark.parametrize("text, reason", [
    ("9E 8F 7D 4C 5B 6A", "there is no item 9: the items are 1-6"),
    ("1E 1F 3D 4C 5B 6A", "item 1 is answered twice"),
    ("1E 2F 3D 4C 5B", "no letter for item 6"),
    ("1E 3D 4C 5B", "no letter for items 2 and 6"),
    ("1E 2F 3D 4C 5B 6Z", "Z is not one of the options A-F"),
    ("0E 2F 3D 4C 5B 6A", "there is no item 0: the items are 1-6"),
    ("1E F D C B A", "write a number and a letter for every item"),
    ("E 2F 3D 4C 5B 6A", "write a number and a letter for every item"),
    ("1E 2F 3D 4C 5B 6", "write a number and a letter for every item"),
    ("1E 2F 3D 4C 5B 6AB", "write a number and a letter for every item"),
])
def test_a_numbered_answer_that_is_not_one_asks_again_saying_why(text, reason):
    q = _matching()
    assert parse_answer(text, q) is None
    session, out = drive([q], [text, q.letters])
    asked = [line for line in out.splitlines() if line.startswith(reason[0].upper() + reason[1:])]
    assert len(asked) == 1, out
    assert "Please answer with a letter A-F for each of 1-6" in asked[0]
    assert session.results == [(q, True)]  # the key, typed next, is then taken


def test_the_reviewer_s_answers_score_as_their_pairs_say():
    q = _matching()
    key = pairs(q, range(1, 7))
    assert key == "1E 2F 3D 4C 5B 6A"  # the key the review quoted; if the bank changed, re-read it
    session, out = drive([q], ["2F 1E 3D 4C 5B 6A"])
    assert session.results == [(q, True)] and "Correct." in out
    session, out = drive([q], ["6A 5B 4C 3D 2F 1E"])
    assert session.results == [(q, True)] and "Correct." in out
    for bad in ("9E 8F 7D 4C 5B 6A", "1E 1F 3D 4C 5B 6A"):
        session, out = drive([q], [bad])
        assert session.results == [] and "Correct." not in out
        assert "Input ended after 0 of 1 questions." in out


def test_bare_letters_keep_their_prompt_order():
    q = _matching()
    letters = "".join("ABCDEFGH"[k] for k in q.answer)  # EFDCBA
    assert parse_answer(letters, q) == parse_answer(" ".join(letters.lower()), q) == tuple(q.answer)
    assert parse_answer(letters[::-1], q) == tuple(reversed(q.answer))
    session, out = drive([q], ["AB", letters[:-1] + "Z", letters])
    lines = out.splitlines()
    assert sum(line.startswith("Give 6 letters, one for each item") for line in lines) == 1, out
    assert sum(line.startswith("Z is not one of the options A-F") for line in lines) == 1, out
    assert session.results == [(q, True)]


def test_other_kinds_still_ask_again_with_the_plain_line():
    q = next(q for q in generate.make_quiz(BANK, 1, 5, ("claims",)) if q.kind == "truefalse")
    session, out = drive([q], ["zebra", "t"])
    assert "\nPlease answer with A-B or 1-2, or T/F.\n" in out
    assert len(session.results) == 1


def test_typed_answers_for_grading_read_numbered_pairs_by_their_numbers():
    """`python -m quiz grade --answers` takes answers "as in the terminal quiz": the same rule."""
    from quiz.instructor.marks import parse_answer_text

    q = _matching()
    assert parse_answer_text(q, "2F 1E 3D 4C 5B 6A") == tuple(q.answer)
    assert parse_answer_text(q, "6a,5b,4c,3d,2f,1e") == tuple(q.answer)
    assert parse_answer_text(q, "EFDCBA") == tuple(q.answer)  # the gradebook's own form
    assert parse_answer_text(q, "EF-CBA") == (4, 5, None, 2, 1, 0)  # - for a blank item
    for bad in ("9E 8F 7D 4C 5B 6A", "1E 1F 3D 4C 5B 6A", "1E 2F"):
        with pytest.raises(ValueError):
            parse_answer_text(q, bad)
