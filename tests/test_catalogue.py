"""The template records and the question kinds: a template is one record that every user of the
generator (quizzes, definitions, the practice page's recipes, traceability) reads, question ids
are made and split in one place, and the three modes of a kind agree on what the question is."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz import bank as bank_mod
from quiz import definitions, draw, editions, generate, trace
from quiz.generate import catalogue
from quiz.generate.kinds import KINDS, true_false
from quiz.generate.template import Template, each
from quiz.model import TOPICS, question_id, split_question_id
from quiz.versions import version_key
from quiz.wording import normalise

BANK = bank_mod.load()
PART = st.text(st.characters(blacklist_characters=":+", blacklist_categories=("Cs",)), min_size=1)


@given(template_id=PART, slot=st.lists(PART, min_size=1, max_size=6).map(tuple))
def test_a_question_id_splits_back_into_its_template_and_slot(template_id, slot):
    assert split_question_id(question_id(template_id, slot)) == (template_id, slot)


def test_every_id_the_bank_offers_splits_back():
    for t, s in generate.slots(BANK):
        qid = question_id(t.id, s)
        assert split_question_id(qid) == (t.id, tuple(s)), qid
    assert split_question_id("tech-attr:swedish+origin") == ("tech-attr", ("swedish", "origin"))
    assert split_question_id("no-slot") == ("no-slot", ())


def test_every_template_record_is_whole():
    assert len(generate.BY_ID) == len(generate.TEMPLATES)  # ids are unique
    for t in generate.TEMPLATES:
        assert isinstance(t, Template) and t.topic in TOPICS, t.id
        assert t.since <= version_key(BANK.version), t.id
        assert t.build.__code__.co_argcount == 2, t.id  # (bank, slot): a template never draws
        assert callable(t.states) and callable(t.slots), t.id
    assert generate.SCALE_TEMPLATES == ("redflag-level",)


def test_what_the_book_must_state_comes_from_the_bank():
    """Each template's `states` names a section and phrases, and every phrase is text of the
    bank (a fact, its answer_text or a status), never wording made up by the template."""
    text = normalise(repr(BANK.tables))
    for q in generate.all_questions(BANK, 0):
        ref, phrases = trace.expectations(BANK, q)
        doc, _, label = ref.partition("#")
        assert doc and label, (q.id, ref)
        assert phrases and all(normalise(p) in text for p in phrases), (q.id, phrases)


@pytest.mark.parametrize("version", [None, *editions.known()])
def test_the_three_modes_of_a_kind_agree(version):
    """draw(rng), define() and recipe() of one shape are one question: same id, topic, stem,
    template, section and citations; the drawn keys are among the defined ones."""
    bank = BANK if version is None else editions.edition_bank(editions.read(version))
    for t, slot in generate.slots(bank):
        shape = t.build(bank, slot)
        if shape is None:
            continue
        assert isinstance(shape, KINDS), t.id
        fields, recipe = shape.define(), shape.recipe()
        q = shape.draw(random.Random(0))
        assert (fields is None) == (q is None), t.id  # too few options: no mode makes one
        if q is None:
            continue
        d = definitions.Definition._make(fields)
        assert d.id == q.id == recipe["id"] == question_id(t.id, slot)
        assert d.topic == q.topic == recipe["topic"] == t.topic
        assert d.stem == q.stem == recipe["stem"] and recipe["template"] == q.template == t.id
        assert d.section == q.section.ref == recipe["section"]
        assert list(d.cite) == list(q.cite) == recipe["cite"]
        assert set(definitions.instance_keys(q)) <= set(d.keys)


def test_a_new_template_is_one_record(monkeypatch):
    """A record added to the catalogue is drawn in quizzes, defined for the editions, recorded
    for the practice page and traced to the book, with no other edit."""
    def build(bank, slot):
        term = bank.by_id("term")[slot[0]]
        return true_false("toy-term-tf", "terms", True,
                          f"True or false: this book's glossary defines {term['term']}.",
                          f"It does: {term['definition']}", term["section"], (), slot)

    def states(bank, slot, ref):
        term = bank.by_id("term")[slot[0]]
        return term["section"], [term["term"]]

    toy = Template("toy-term-tf", "terms", each("term"), build, states)
    monkeypatch.setattr(catalogue, "TEMPLATES", (*catalogue.TEMPLATES, toy))
    monkeypatch.setitem(catalogue.BY_ID, toy.id, toy)
    made = [q for q in generate.all_questions(BANK, 0) if q.template == toy.id]
    assert len(made) == len(BANK["term"])
    assert any(q.template == toy.id for q in generate.make_quiz(BANK, 1, 200, ("terms",)))
    first = made[0]
    term = BANK.by_id("term")[split_question_id(first.id)[1][0]]
    assert trace.expectations(BANK, first) == (term["section"], [term["term"]])
    assert first.id in definitions.definitions(BANK)
    recipes = [r for _, r in draw.recipes(BANK) if r is not None]
    assert sum(r["template"] == toy.id for r in recipes) == len(made)


def test_slots_are_every_templates_slots_in_order_of_id_then_slot():
    """`slots` sorts each template's slots apart (start-up): the order is still the one of all
    (template, slot) pairs sorted by (id, slot), for any topics and any edition's templates."""
    import itertools

    for version in ("1.0.0", "1.1.0", "1.2.0", BANK.version, "not-a-release"):
        bank = bank_mod.Bank(BANK.tables, version, BANK.fingerprint)
        edition = version_key(version)
        for n in range(1, len(TOPICS) + 1):
            for topics in itertools.combinations(TOPICS, n):
                expected = sorted(((t, s) for t in generate.TEMPLATES
                                   if t.topic in topics and t.since <= edition
                                   for s in t.slots(bank)), key=lambda ts: (ts[0].id, ts[1]))
                assert generate.slots(bank, topics) == expected, (version, topics)
