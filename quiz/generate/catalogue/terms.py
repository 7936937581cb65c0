"""Templates about the glossary's terms: a term for its meaning, a meaning for its term, and
matching the terms of one group.

A bank that follows the rule definition-hides-its-term shows each term's `quiz` form of its
definition where it has one (quiz.bank.giveaway: no definition shown beside its term holds a
word of it). Only a definition shown beside its own term changes: the key of a meaning-for-term
question, every definition of a matching question, the stem of a term-for-meaning question; the
wrong options of a meaning-for-term question keep the book's words (they name no term shown),
so that questions about other terms stay as they were. The explanation gives the book's
definition, as the glossary states it."""

from __future__ import annotations

from quiz.generate.kinds import MATCH_MAX, MATCH_MIN, choice, matching
from quiz.generate.template import Template, each, follows

HIDES = "definition-hides-its-term"  # the rule (quiz/bank/rules.toml)


def _term_expl(t):
    return f"{t['term'][:1].upper()}{t['term'][1:]}: {t['definition']}"


def _shown(bank):
    """How a question of this bank shows a term's definition: its `quiz` form (rule HIDES), or
    the definition itself."""
    if not follows(bank, HIDES):
        return lambda t: t["definition"]
    from quiz.bank.giveaway import shown

    return shown


def _term_stated(bank, slot, ref):
    e = bank.by_id("term")[slot[0]]
    return e["section"], [e["term"], e["definition"]]


WARNING = "warning signs"  # the glossary group whose terms are never wrong options


def _options(bank, t) -> list[dict]:
    """The terms a question about `t` draws its options from: every term, or (rule
    safe-glossary-options) `t` and the terms outside the warning signs group."""
    if not follows(bank, "safe-glossary-options"):
        return bank["term"]
    return [x for x in bank["term"] if x is t or x.get("group") != WARNING]


def _term_def(bank, slot):
    t = bank.by_id("term")[slot[0]]
    return choice("term-def", "terms", t, _options(bank, t),
                  lambda x: x["definition"] == t["definition"], lambda x: x["term"],
                  f"Which term means: {_shown(bank)(t)}",
                  _term_expl(t), t["section"], (), slot=slot)


def _def_term(bank, slot):
    t = bank.by_id("term")[slot[0]]
    return choice("def-term", "terms", t, _options(bank, t),
                  lambda x: x["term"] == t["term"], lambda x: _shown(bank)(x) if x is t else
                  x["definition"],
                  f"What does “{t['term']}” mean?",
                  _term_expl(t), t["section"], (), slot=slot)


def _term_groups(bank) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for t in bank["term"]:
        if t.get("group"):
            groups.setdefault(t["group"], []).append(t)
    return groups


def _term_match_slots(bank):
    return [tuple(t["id"] for t in members) for members in _term_groups(bank).values()
            if MATCH_MIN <= len(members) <= MATCH_MAX]


def _term_match(bank, slot):
    terms = [bank.by_id("term")[i] for i in slot]
    if len({t.get("group") for t in terms}) != 1:
        return None
    return matching("term-match", "terms", terms, lambda t: t["term"], _shown(bank),
                    f"Match each term about {terms[0]['group']} to its meaning.",
                    " ".join(_term_expl(t) for t in terms),
                    "reference/glossary#glossary", ())


def _term_match_stated(bank, slot, ref):
    terms = [bank.by_id("term")[f] for f in slot]
    return ref, [p for e in terms for p in (e["term"], e["definition"])]


TEMPLATES = (
    Template("term-def", "terms", each("term"), _term_def, _term_stated),
    Template("def-term", "terms", each("term"), _def_term, _term_stated),
    Template("term-match", "terms", _term_match_slots, _term_match, _term_match_stated),
)
