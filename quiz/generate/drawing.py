"""Drawing quizzes: which slots, in which order, with the correct letters spread evenly.

All randomness of a quiz comes from one `random.Random` made from its seed (and variant), so the
same replay code always gives the same questions. The templates (quiz.generate.catalogue) say
what can be asked; the kinds (quiz.generate.kinds) draw each question's options.
"""

from __future__ import annotations

import random
from functools import lru_cache

from quiz.generate.catalogue import SCALE_TEMPLATES, slots
from quiz.generate.catalogue.safety import LEVEL_TEXT
from quiz.model import STATUSES, TOPICS, Question

_SCALES = {STATUSES, tuple(LEVEL_TEXT.values())}


def all_questions(bank, seed: int = 0, topics=TOPICS) -> list[Question]:
    """One question for every slot the bank offers (the whole pool), seeded."""
    rng = random.Random(seed)
    made = (t.draw(bank, s, rng) for t, s in slots(bank, topics))
    return [q for q in made if q is not None]


def _scale(q: Question) -> bool:
    """An ordered scale (statuses, urgency) keeps its order: its key is never moved."""
    return q.options in _SCALES or q.template in SCALE_TEMPLATES


def _balanced(q: Question, position: int) -> Question:
    """The same question with its key moved to `position` (not for true/false or ordered scales)."""
    if q.kind == "truefalse" or _scale(q) or len(q.answer) != 1:
        return q
    position %= len(q.options)
    key = q.answer[0]
    order = list(range(len(q.options)))
    order[key], order[position] = order[position], order[key]
    return q._replace(options=tuple(q.options[i] for i in order), answer=(position,),
                      facts=tuple(q.facts[i] for i in order))


def _spread(quiz: list[Question], rng: random.Random) -> list[Question]:
    """Keys spread exactly: among the questions whose options may move, grouped by how many
    options they have, every position is keyed equally often (to within one).

    True/false questions and ordered scales keep their order, so positions dealt to them would be
    lost; here they get none, and a three-option question never has its key wrapped onto A.
    """
    groups: dict[int, list[int]] = {}
    for i, q in enumerate(quiz):
        if not (q.kind == "truefalse" or _scale(q) or len(q.answer) != 1):
            groups.setdefault(len(q.options), []).append(i)
    out = list(quiz)
    for n, where in sorted(groups.items()):
        start = rng.randrange(n)  # which letters get the remainder: not always A, B, C
        positions = [(start + k) % n for k in range(len(where))]
        rng.shuffle(positions)
        for i, position in zip(where, positions):
            out[i] = _balanced(quiz[i], position)
    return out


def _draw(bank, rng: random.Random, quotas: dict[str, int], order: list[str],
          total: int) -> list[Question]:
    """Questions for each topic's quota, taking topics in turn, keys spread over the letters.

    If a topic runs out before its quota, the other topics make up the `total`.
    """
    every = slots(bank, tuple(quotas))
    queues = {}
    for topic in quotas:
        pool = [ts for ts in every if ts[0].topic == topic]
        rng.shuffle(pool)
        queues[topic] = pool
    left = dict(quotas)
    quiz: list[Question] = []
    while len(quiz) < total and any(queues[t] for t in order):
        short = not any(left[t] and queues[t] for t in order)
        for topic in order:
            while (left[topic] or short) and queues[topic] and len(quiz) < total:
                template, slot = queues[topic].pop()
                question = template.draw(bank, slot, rng)
                if question is not None:
                    quiz.append(question)
                    left[topic] = max(0, left[topic] - 1)
                    break
    return _spread(quiz, rng)


def _quotas(count: int, topics) -> dict[str, int]:
    base, extra = divmod(count, len(topics))
    return {t: base + (i < extra) for i, t in enumerate(topics)}


@lru_cache(maxsize=32)
def _first_quotas(bank, seed: int, count: int, topics: tuple) -> tuple[tuple, int]:
    """Questions per topic in variant 0, and their total: what every variant draws (cached, as
    a set of handouts asks for it once per variant)."""
    first = make_quiz(bank, seed, count, topics)
    return tuple((t, sum(q.topic == t for q in first)) for t in topics), len(first)


def make_quiz(bank, seed: int, count: int = 10, topics=TOPICS,
              variant: int = 0) -> list[Question]:
    """A quiz of `count` distinct questions, mixing the topics in turn, fully fixed by `seed`.

    Variant 0 is the quiz itself; variant v > 0 draws the same number of questions per topic
    with its own random stream, so that handouts for neighbours differ. The correct letter is
    spread exactly over the letters within every quiz (to within one per letter, see `_spread`).
    """
    topics = tuple(topics)
    rng = random.Random(seed if variant == 0 else f"{seed}/{variant}")
    order = list(topics)
    if variant == 0:
        rng.shuffle(order)
        return _draw(bank, rng, _quotas(count, order), order, count)
    quotas, total = _first_quotas(bank, seed, count, topics)
    rng.shuffle(order)
    quiz = _draw(bank, rng, dict(quotas), order, total)
    rng.shuffle(quiz)
    return quiz
