"""The catalogue: every template, one record each (quiz.generate.template), one module per topic.

Adding a template: write its slots, build and states in the module of its topic and add its
`Template` record to that module's TEMPLATES. The tests' oracle (tests/test_generate.py) checks
each template's questions by recomputation, so it names a new template too, on purpose.
"""

from __future__ import annotations

import random

from quiz.generate.catalogue import claims, safety, techniques, terms
from quiz.generate.template import Slot, Template
from quiz.model import TOPICS, Question
from quiz.versions import version_key

TEMPLATES: tuple[Template, ...] = (
    *techniques.TEMPLATES, *claims.TEMPLATES, *safety.TEMPLATES, *terms.TEMPLATES)
BY_ID = {t.id: t for t in TEMPLATES}
#: templates whose options are always a scale in its own order (the bank's urgency levels)
SCALE_TEMPLATES = tuple(t.id for t in TEMPLATES if t.scale)


def slots(bank, topics=TOPICS) -> list[tuple[Template, Slot]]:
    """Every (template, slot) the bank offers for these topics, in a stable order: by template
    id, then slot (only the templates that the bank's version has).

    Each template's slots are sorted on their own, the templates by id: the same order as
    sorting every pair by (id, slot), at a fraction of the cost (it runs on every quiz)."""
    edition = version_key(bank.version)
    out: list[tuple[Template, Slot]] = []
    for t in sorted(TEMPLATES, key=lambda t: t.id):
        if t.topic in topics and t.since <= edition:
            out += [(t, s) for s in sorted(t.slots(bank))]
    return out


def build(bank, template_id: str, slot: Slot, rng: random.Random) -> Question | None:
    """One question for a template and slot, or None when the bank cannot make it unambiguous."""
    return BY_ID[template_id].draw(bank, slot, rng)
