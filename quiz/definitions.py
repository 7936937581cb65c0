"""What a question is, apart from the options one quiz happens to draw: its definition and hashes.

A drawn question (quiz.model.Question) is one instance: its distractors and their order come from
the quiz's seed. Its *definition* is what every instance shares (topic, kind, stem, key,
explanation, section, citations) plus the full set of wrong options it may draw from. Editions
(quiz.editions) record two short hashes of each definition, so that a later bank can tell exactly
which questions were added, removed or changed, and whether an old quiz can still be asked as it
was.
"""

from __future__ import annotations

import hashlib
import json
from collections import namedtuple

from quiz.generate import BY_ID, slots
from quiz.model import TOPICS, Question, question_id

Definition = namedtuple(
    "Definition", "id topic kind stem keys explanation section cite distractors")


def instance_keys(q: Question) -> tuple[str, ...]:
    """What a drawn question keys, as its definition records it: the keyed options, or for a
    matching question its pairs as `prompt → option`, sorted (prompt order is drawn)."""
    if q.prompts:
        return tuple(sorted(f"{p} \u2192 {o}" for p, o in q.pairs))
    return tuple(q.options[i] for i in q.answer)


def define(bank, template_id: str, slot: tuple) -> Definition | None:
    """The definition of one question (every wrong option it may draw from), or None when the
    bank cannot make it unambiguous."""
    shape = BY_ID[template_id].build(bank, slot)
    fields = None if shape is None else shape.define()
    return None if fields is None else Definition._make(fields)


def slot_ids(bank, topics=TOPICS) -> dict[str, tuple]:
    """Question id -> (template id, slot) for every slot the bank offers."""
    return {question_id(t.id, s): (t.id, s) for t, s in slots(bank, topics)}


def definitions(bank, ids=None) -> dict[str, Definition]:
    """Definitions by question id: of every question the bank makes, or of just these ids (an id
    the bank no longer makes is left out)."""
    offered = slot_ids(bank)
    wanted = offered if ids is None else {i: offered[i] for i in ids if i in offered}
    out = {}
    for qid, (template_id, slot) in wanted.items():
        d = define(bank, template_id, slot)
        if d is not None:
            out[qid] = d
    return out


def _digest(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def content_hash(d: Definition) -> str:
    """Hash of what every instance shows and keys: topic, kind, stem, key, explanation, section,
    citations. A different hash means the question itself changed."""
    return _digest([d.topic, d.kind, d.stem, list(d.keys), d.explanation, d.section, list(d.cite)])


def options_hash(d: Definition) -> str:
    """Hash of the wrong options the question may draw from."""
    return _digest(list(d.distractors))


def hashes(bank) -> dict[str, list[str]]:
    """Question id -> [content hash, options hash] for every question the bank makes, sorted."""
    return {qid: [content_hash(d), options_hash(d)]
            for qid, d in sorted(definitions(bank).items())}
