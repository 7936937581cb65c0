"""What a template is: one record with everything the kit knows about it.

A template turns facts of the bank into a question. Its record holds its id and topic, the slots
the bank offers it (each slot names the facts one question is about), how it builds a question's
shape for a slot (quiz.generate.kinds), the version that added it, and what the book must state
for each of its questions (quiz.trace checks the book against it). Adding a template is adding
one record to a module of quiz/generate/catalogue/.
"""

from __future__ import annotations

from quiz.versions import version_key

TYPE_CHECKING = False  # typing stays unimported at run time: `python -m quiz` starts fast
if TYPE_CHECKING:
    import random
    from collections.abc import Callable

    from quiz.generate.kinds import Shape
    from quiz.model import Question

Slot = tuple[str, ...]
#: (section ref, phrases its prose must contain) for a slot, given the question's own section ref
Stated = tuple[str, list[str]]


class Template:
    """A question template.

    - slots(bank): every slot the bank offers, e.g. [("swedish", "origin"), ...];
    - build(bank, slot): the question's shape, or None when the bank cannot make it
      unambiguous. It draws nothing: the shape is drawn, defined or recorded by the caller;
    - states(bank, slot, ref): the book section that must state the answer and the phrases that
      show it does (`ref` is the question's own section, for a question about many facts);
    - since: the version that added it. A bank of an earlier edition (an old replay code's) makes
      only the templates it had, so that adding a template never changes what an old code draws;
    - scale: its options are a scale kept in its own order (the letters never move its key).
    """

    __slots__ = ("build", "id", "scale", "since", "slots", "states", "topic")

    def __init__(self, id: str, topic: str, slots: Callable[..., list[Slot]],
                 build: Callable[..., Shape | None], states: Callable[..., Stated],
                 since: str = "1.0.0", scale: bool = False) -> None:
        self.id, self.topic, self.slots, self.build, self.states = id, topic, slots, build, states
        self.since = version_key(since)
        self.scale = scale

    def draw(self, bank, slot: Slot, rng: random.Random) -> Question | None:
        """One question for this slot, drawn with `rng`, or None."""
        shape = self.build(bank, slot)
        return None if shape is None else shape.draw(rng)


def follows(bank, rule: str) -> bool:
    """Whether the bank names `rule` among its [[rule]] entries (quiz/bank/rules.toml): a rule
    of question making added after a release, which an older edition's bank does not follow."""
    return any(r["id"] == rule for r in bank.tables.get("rule") or ())


def unreworded(bank, old):
    """`bank` without the rules marked `wording = true` (they only reword questions: the same
    facts asked, keyed and offered) that the older bank `old` does not follow: what the questions
    of an old replay code (drawn from `old`) are compared with, so that an old code whose
    questions only such a rule changed still replays them as printed. `bank` itself when none."""
    had = {r["id"] for r in old.tables.get("rule") or ()}
    rules = bank.tables.get("rule") or []
    kept = [r for r in rules if not r.get("wording") or r["id"] in had]
    if len(kept) == len(rules):
        return bank
    from quiz.bank import Bank

    return Bank({**bank.tables, "rule": kept}, bank.version, bank.fingerprint)


def phrases(entry: dict, field: str) -> list[str]:
    """The phrases that state `field` of a bank entry: its `answer_text` for the field (each
    phrase is part of the fact, which the loader checks), else the whole value."""
    given = entry.get("answer_text", {}).get(field)
    if given:
        return list(given)
    value = entry[field]
    return list(value) if isinstance(value, list) else [value]


def cites(facts) -> list[str]:
    """Every citation of these facts, once each, sorted."""
    return sorted({c for f in facts for c in f["cite"]})


def each(table: str) -> Callable[..., list[Slot]]:
    """Slots: one for every entry of a table."""
    return lambda bank: [(e["id"],) for e in bank[table]]
