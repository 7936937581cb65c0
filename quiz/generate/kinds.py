"""The kinds of question (one answer, select all, matching, true/false) and the three modes of each.

A template (quiz.generate.catalogue) never draws. It returns its question's *shape*: one of the
kinds below, holding the key, the options to choose among and which of them fit the stem. The
caller then names the mode:

- `shape.draw(rng)`: one instance, drawn with a `random.Random` (quizzes, exports, handouts);
- `shape.define()`: what every instance shares, with every wrong option it may draw from: the
  fields of a `quiz.definitions.Definition`, which hashes them for the edition records (a plain
  tuple here, so that `python -m quiz` does not pay for building the namedtuple class);
- `shape.recipe()`: the draw as data, for the book's practice page, which runs the same draw in
  the browser (quiz.draw describes it; quiz/sphinxext/static/practice.js implements it).

A factory (`choice`, `select_all`, `matching`, `true_false`) returns None when the bank cannot
make the question unambiguous, before any mode: then no mode uses a random number.
"""

from __future__ import annotations

import random

from quiz.model import Question, Section, question_id

TYPE_CHECKING = False  # typing stays unimported at run time: `python -m quiz` starts fast
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any

#: what `define()` returns: the fields of a quiz.definitions.Definition, in its order (id, topic,
#: kind, stem, keys, explanation, section, cite, distractors)
Fields = tuple

TRUE_FALSE = ("True", "False")
SELECT_KEYS, SELECT_OPTIONS = (2, 3), 4
MATCH_MIN, MATCH_MAX = 3, 6


def fact_id(fact: Any) -> str:
    """The id of the fact an option comes from (a bank entry), or the option itself."""
    return fact["id"] if isinstance(fact, dict) else str(fact)


def _ref(section: str | Section) -> str:
    return section.ref if isinstance(section, Section) else Section.parse(section).ref


def _entry(qid: str, topic: str, template: str, stem: str, explanation: str,
           section: str | Section, cite: Iterable[str], draw: list) -> dict:
    """A recipe: what the browser shows of a question, and its draw as data (`d`)."""
    return {"id": qid, "topic": topic, "template": template, "stem": stem,
            "explanation": explanation, "section": _ref(section), "cite": list(cite), "d": draw}


class Choice:
    """One right answer: the key and distractors from the pool that do not fit the stem."""

    __slots__ = ("cite", "explanation", "fits", "key", "min_options", "n_options", "ordered",
                 "pool", "section", "slot", "stem", "text", "tid", "topic")

    def __init__(self, tid: str, topic: str, key: Any, pool: Sequence[Any],
                 fits: Callable[[Any], bool], text: Callable[[Any], str], stem: str,
                 explanation: str, section: str, cite: Iterable[str], n_options: int,
                 min_options: int, slot: tuple, ordered: bool) -> None:
        self.tid, self.topic, self.key, self.pool, self.fits, self.text = \
            tid, topic, key, pool, fits, text
        self.stem, self.explanation, self.section, self.cite = stem, explanation, section, cite
        self.n_options, self.min_options, self.slot, self.ordered = \
            n_options, min_options, slot, ordered

    @property
    def qid(self) -> str:
        return question_id(self.tid, self.slot)

    def draw(self, rng: random.Random) -> Question | None:
        key, fits, text, pool = self.key, self.fits, self.text, self.pool
        seen = {text(key)}
        distractors = []
        candidates = [f for f in pool if f is not key]
        rng.shuffle(candidates)
        for fact in candidates:
            label = text(fact)
            if fits(fact) or label in seen:
                continue  # would be a second right answer, or a repeated option
            seen.add(label)
            distractors.append(fact)
            if len(distractors) == self.n_options - 1:
                break
        if len(distractors) + 1 < self.min_options:
            return None
        chosen = [key, *distractors]
        if self.ordered:  # a scale (statuses, urgency) reads best in its own order
            chosen.sort(key=list(pool).index)
        else:
            rng.shuffle(chosen)
        answer = tuple(i for i, f in enumerate(chosen) if fits(f))
        if len(answer) != 1:
            return None
        return Question(
            self.qid, self.topic, self.tid, self.stem, tuple(text(f) for f in chosen), answer,
            self.explanation, Section.parse(self.section), tuple(self.cite),
            tuple(fact_id(f) for f in chosen))

    def define(self) -> Fields | None:
        text, key = self.text, self.key
        wrong = {text(f) for f in self.pool if f is not key and not self.fits(f)} - {text(key)}
        if len(wrong) + 1 < self.min_options:
            return None  # too few wrong options: the template makes no question here
        return (self.qid, self.topic, "single", self.stem, (text(key),),
                          self.explanation, _ref(self.section), tuple(self.cite),
                          tuple(sorted(wrong)))

    def recipe(self) -> dict:
        pool, key, fits, text = list(self.pool), self.key, self.fits, self.text
        where = pool.index if self.ordered else (lambda f: 0)
        draw = ["c", [text(key), where(key)],
                [[text(f), int(bool(fits(f))), where(f)] for f in self.pool if f is not key],
                self.n_options, self.min_options, int(self.ordered)]
        return _entry(self.qid, self.topic, self.tid, self.stem, self.explanation, self.section,
                      self.cite, draw)


def choice(tid: str, topic: str, key: Any, pool: Sequence[Any], fits: Callable[[Any], bool],
           text: Callable[[Any], str], stem: str, explanation: str, section: str,
           cite: Iterable[str], n_options: int = 4, min_options: int = 3, slot: tuple = (),
           ordered: bool = False) -> Choice | None:
    """A single-answer question: `key` plus distractors from `pool` that do not fit the stem.
    An ordered question keeps the pool's order (a scale); the others are shuffled."""
    if not fits(key):
        return None
    return Choice(tid, topic, key, pool, fits, text, stem, explanation, section, cite,
                  n_options, min_options, slot, ordered)


class SelectAll:
    """"Select all that apply": 2 or 3 options from `right` (every one keyed) and the rest of 4
    from `bad` (every one wrong)."""

    __slots__ = ("bad", "by_text", "cite", "explanation", "qid", "right", "section", "stem",
                 "tid", "topic")

    def __init__(self, qid: str, tid: str, topic: str, right: set[str], bad: set[str],
                 by_text: dict[str, Any], stem: str, explanation: str, section: str,
                 cite: Iterable[str]) -> None:
        self.qid, self.tid, self.topic, self.right, self.bad, self.by_text = \
            qid, tid, topic, right, bad, by_text
        self.stem, self.explanation, self.section, self.cite = stem, explanation, section, cite

    def draw(self, rng: random.Random) -> Question | None:
        right, bad = self.right, self.bad
        n_keys = rng.choice([n for n in range(SELECT_KEYS[0], SELECT_KEYS[1] + 1)
                             if n <= len(right) and SELECT_OPTIONS - n <= len(bad)] or [0])
        if not n_keys:
            return None
        chosen = (rng.sample(sorted(right), n_keys)
                  + rng.sample(sorted(bad), SELECT_OPTIONS - n_keys))
        rng.shuffle(chosen)
        return Question(self.qid, self.topic, self.tid, self.stem, tuple(chosen),
                        tuple(i for i, o in enumerate(chosen) if o in right), self.explanation,
                        Section.parse(self.section), tuple(self.cite),
                        tuple(fact_id(self.by_text[o]) for o in chosen))

    def define(self) -> Fields | None:
        if len(self.bad) + len(self.right) < SELECT_OPTIONS:
            return None
        return (self.qid, self.topic, "multiple", self.stem, tuple(sorted(self.right)),
                          self.explanation, _ref(self.section), tuple(self.cite),
                          tuple(sorted(self.bad)))

    def recipe(self) -> dict:
        return _entry(self.qid, self.topic, self.tid, self.stem, self.explanation, self.section,
                      self.cite, ["a", sorted(self.right), sorted(self.bad)])


def select_all(tid: str, topic: str, keys: Iterable[Any], wrong: Iterable[Any],
               text: Callable[[Any], str], stem: str, explanation: str, section: str,
               cite: Iterable[str], slot: tuple) -> SelectAll | None:
    """A "select all that apply" question from `keys` (every one right) and `wrong` (every one
    wrong). Texts must differ across the two pools."""
    keys, wrong = list(keys), list(wrong)
    right, bad = {text(f) for f in keys}, {text(f) for f in wrong}
    if right & bad or len(right) < SELECT_KEYS[0] or not bad:
        return None
    by_text = {text(f): f for f in [*keys, *wrong]}
    return SelectAll(question_id(tid, slot), tid, topic, right, bad, by_text, stem, explanation,
                     section, cite)


class Matching:
    """Pair each fact's left text (a prompt) with its right text (an option)."""

    __slots__ = ("cite", "explanation", "ids", "lefts", "qid", "rights", "section", "stem", "tid",
                 "topic")

    def __init__(self, tid: str, topic: str, ids: list[str], lefts: list[str], rights: list[str],
                 stem: str, explanation: str, section: str, cite: Iterable[str]) -> None:
        self.qid = question_id(tid, ids)
        self.tid, self.topic, self.ids, self.lefts, self.rights = tid, topic, ids, lefts, rights
        self.stem, self.explanation, self.section, self.cite = stem, explanation, section, cite

    def draw(self, rng: random.Random) -> Question:
        n = len(self.ids)
        prompts = list(range(n))
        rng.shuffle(prompts)
        order = list(range(n))
        rng.shuffle(order)
        if order == prompts:  # every prompt opposite its own option: rotate (never 1A 2B 3C)
            order = order[1:] + order[:1]
        return Question(
            self.qid, self.topic, self.tid, self.stem, tuple(self.rights[i] for i in order),
            tuple(order.index(p) for p in prompts), self.explanation, Section.parse(self.section),
            tuple(self.cite), tuple(self.ids[i] for i in order),
            prompts=tuple(self.lefts[p] for p in prompts))

    def define(self) -> Fields:
        keys = tuple(sorted(f"{a} \u2192 {b}" for a, b in zip(self.lefts, self.rights)))
        return (self.qid, self.topic, "matching", self.stem, keys, self.explanation,
                          _ref(self.section), tuple(self.cite), ())

    def recipe(self) -> dict:
        return _entry(self.qid, self.topic, self.tid, self.stem, self.explanation, self.section,
                      self.cite, ["m", self.lefts, self.rights])


def matching(tid: str, topic: str, facts: list[dict], left: Callable[[dict], str],
             right: Callable[[dict], str], stem: str, explanation: str, section: str,
             cite: Iterable[str]) -> Matching | None:
    """A matching question, made only when both sides are all different, so that exactly one
    pairing is right."""
    lefts, rights = [left(f) for f in facts], [right(f) for f in facts]
    if not MATCH_MIN <= len(facts) <= MATCH_MAX or len(set(lefts)) < len(facts) \
            or len(set(rights)) < len(facts):
        return None
    return Matching(tid, topic, [f["id"] for f in facts], lefts, rights, stem, explanation,
                    section, cite)


class TrueFalse:
    """A statement to judge: its options are always True, False, in that order."""

    __slots__ = ("question",)

    def __init__(self, question: Question) -> None:
        self.question = question

    def draw(self, rng: random.Random) -> Question:
        return self.question  # nothing to draw

    def define(self) -> Fields:
        q = self.question
        wrong = tuple(sorted(o for i, o in enumerate(q.options) if i not in q.answer))
        return (q.id, q.topic, q.kind, q.stem, tuple(q.options[i] for i in q.answer),
                          q.explanation, q.section.ref, tuple(q.cite), wrong)

    def recipe(self) -> dict:
        q = self.question
        return _entry(q.id, q.topic, q.template, q.stem, q.explanation, q.section, q.cite,
                      ["f", list(q.options), list(q.answer)])


def true_false(tid: str, topic: str, truth: bool, stem: str, explanation: str, section: str,
               cite: Iterable[str], slot: tuple) -> TrueFalse:
    return TrueFalse(Question(question_id(tid, slot), topic, tid, stem, TRUE_FALSE,
                              (0,) if truth else (1,), explanation, Section.parse(section),
                              tuple(cite), TRUE_FALSE))


#: every kind of question a template may return
KINDS = (Choice, SelectAll, Matching, TrueFalse)
Shape = Choice | SelectAll | Matching | TrueFalse
