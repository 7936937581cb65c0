"""Generated questions, checked by recomputation from the bank rather than by trusting the generator."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz import bank as bank_mod
from quiz import generate
from quiz.bank import Bank
from quiz.generate.catalogue.techniques import tech_uses_slots
from quiz.model import TOPICS, split_question_id

BANK = bank_mod.load()


def _facts(qid: str) -> list[str]:
    return list(split_question_id(qid)[1])


def oracle(bank: Bank, q) -> list[int]:
    """Indices of the options that satisfy the stem, computed from the bank alone."""
    f = _facts(q.id)
    techs = bank.by_id("technique")
    by_name = {t["name"]: t for t in bank["technique"]}
    t = q.template
    if t == "tech-uses":
        ok = lambda o: f[0] in by_name[o]["uses"]
    elif t == "tech-not-uses":
        ok = lambda o: o not in techs[f[0]]["uses"]
    elif t == "tech-tools-tf":
        truth = f[1] in techs[f[0]]["uses"]
        ok = lambda o: (o == "True") == truth
    elif t == "tech-attr":
        ok = lambda o: o == techs[f[0]][f[1]]
    elif t == "tech-which-attr":
        ok = lambda o: by_name[o][f[1]] == techs[f[0]][f[1]]
    elif t == "stroke-name":
        desc = bank.by_id("stroke")[f[0]]["description"]
        ok = lambda o: any(s["name"] == o and s["description"] == desc for s in bank["stroke"])
    elif t == "stroke-desc":
        ok = lambda o: o == bank.by_id("stroke")[f[0]]["description"]
    elif t == "benefit-mechanism":
        ok = lambda o: o == bank.by_id("benefit")[f[0]]["mechanism"]
    elif t == "benefit-status":
        ok = lambda o: o == bank.by_id("benefit")[f[0]]["status"]
    elif t == "claim-status":
        ok = lambda o: o == bank.by_id("claim")[f[0]]["status"]
    elif t == "claim-tf":
        truth = bank.by_id("claim")[f[0]]["status"] == "supported"
        ok = lambda o: (o == "True") == truth
    elif t == "redflag-spot":
        ok = lambda o: o in {r["sign"] for r in bank["red_flag"]}
    elif t == "redflag-level":
        fact = (bank.by_id("red_flag") | bank.by_id("after_effect"))[f[0]]
        word = {"emergency": "emergency", "urgent": "same day",
                "routine": "routine"}.get(fact.get("level"), "Nothing urgent")
        ok = lambda o: word in o
    elif t == "contra-spot":
        ok = lambda o: o in {c["condition"] for c in bank["contraindication"]}
    elif t == "contra-advice":
        ok = lambda o: o == bank.by_id("contraindication")[f[0]]["advice"]
    elif t == "term-def":
        d = bank.by_id("term")[f[0]]["definition"]
        ok = lambda o: any(x["term"] == o and x["definition"] == d for x in bank["term"])
    elif t == "tech-tools-all":
        ok = lambda o: o in techs[f[0]]["uses"]
    elif t == "redflag-all":
        ok = lambda o: o in {r["sign"] for r in bank["red_flag"] if r["level"] == f[0]}
    elif t == "contra-all":
        ok = lambda o: o in {c["condition"] for c in bank["contraindication"]}
    elif t == "def-term":  # its definition, or its quiz form (rule definition-hides-its-term)
        term = bank.by_id("term")[f[0]]
        ok = lambda o: o in (term["definition"], term.get("quiz", {}).get("definition"))
    elif t == "aftereffect-tf":  # every after-effect is normal: the statement is always true
        assert f[0] in bank.by_id("after_effect")
        ok = lambda o: o == "True"
    else:
        raise AssertionError(f"no oracle for template {t}")
    return [i for i, o in enumerate(q.options) if ok(o)]


def match_oracle(bank: Bank, q) -> list[int]:
    """For each prompt of a matching question, the index of the option the bank pairs it with."""
    table, left, right = {"stroke-match": ("stroke", "name", "description"),
                          "term-match": ("term", "term", "definition")}[q.template]
    facts = [bank.by_id(table)[f] for f in _facts(q.id)]
    if table == "term":  # a term-match question is one whole group of the glossary
        group = facts[0]["group"]
        assert [t["id"] for t in bank["term"] if t.get("group") == group] == _facts(q.id)
    pair = {f[left]: f.get("quiz", {}).get(right, f[right]) for f in facts}  # a term's quiz form
    assert len(set(pair.values())) == len(pair) == len(q.prompts)
    return [[i for i, o in enumerate(q.options) if o == pair[p]][0] for p in q.prompts]


def check_question(bank: Bank, q) -> None:
    assert len(set(q.options)) == len(q.options), q
    assert len(q.options) >= 2
    if q.kind == "matching":
        assert match_oracle(bank, q) == list(q.answer), (q.id, q.prompts, q.options, q.answer)
        assert sorted(q.answer) == list(range(len(q.options)))
        assert list(q.answer) != list(range(len(q.answer)))  # never keyed 1A 2B 3C ...
    elif q.kind == "multiple":  # select all that apply: 2 or 3 keys among 4, never all
        assert oracle(bank, q) == list(q.answer), (q.id, q.options, q.answer)
        assert len(q.options) == 4 and 2 <= len(q.answer) <= 3
        assert q.stem.endswith("Select all that apply.")
    else:
        assert oracle(bank, q) == list(q.answer), (q.id, q.options, q.answer)
        assert len(q.answer) == 1
    assert q.explanation.strip() and q.section.doc and q.section.label
    assert q.id.startswith(q.template + ":")


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**9), count=st.integers(1, 40),
       topics=st.sets(st.sampled_from(TOPICS), min_size=1))
def test_quizzes_are_correct_by_recomputation(seed, count, topics):
    topics = tuple(t for t in TOPICS if t in topics)
    quiz = generate.make_quiz(BANK, seed, count, topics)
    assert len(quiz) == min(count, len(generate.slots(BANK, topics)))
    assert len({q.id for q in quiz}) == len(quiz)
    for q in quiz:
        assert q.topic in topics
        check_question(BANK, q)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**9))
def test_every_template_over_the_whole_pool(seed):
    for q in generate.all_questions(BANK, seed):
        check_question(BANK, q)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**9), count=st.integers(1, 30))
def test_same_seed_same_quiz(seed, count):
    assert generate.make_quiz(BANK, seed, count) == generate.make_quiz(BANK, seed, count)


def test_different_seeds_give_different_quizzes():
    quizzes = {tuple(q.id for q in generate.make_quiz(BANK, s, 10)) for s in range(20)}
    assert len(quizzes) > 15


def test_mixed_topics_by_default():
    quiz = generate.make_quiz(BANK, 1, 10)
    assert {q.topic for q in quiz} == set(TOPICS)


def test_pool_size_and_coverage():
    ids = {q.id for q in generate.all_questions(BANK, 0)}
    assert len(ids) >= 200
    tested = {f for qid in ids for f in _facts(qid)}
    for table in ("technique", "benefit", "claim", "red_flag"):
        missing = [e["id"] for e in BANK[table] if e["id"] not in tested]
        assert not missing, (table, missing)
    assert len({qid.split(":")[0] for qid in ids}) >= 7
    # every glossary group of 3 to 6 terms makes one matching question
    groups = {t["group"] for t in BANK["term"] if t.get("group")}
    assert {qid for qid in ids if qid.startswith("term-match:")} and \
        len([qid for qid in ids if qid.startswith("term-match:")]) == len(groups)
    assert any(qid.startswith("stroke-match:") for qid in ids)


def test_matching_questions_pair_every_prompt_once():
    bank = copy.deepcopy(BANK)
    for t in bank["term"]:  # two terms with the same definition: no matching question for them
        if t["id"] == "placebo":
            t["definition"] = bank.by_id("term")["meta-analysis"]["definition"]
            t.pop("quiz", None)  # the shown definition (rule definition-hides-its-term)
    made = {q.id for q in generate.all_questions(bank, 0) if q.template == "term-match"}
    assert not any("placebo" in qid for qid in made)
    assert any("multifidus" in qid for qid in made)


def test_no_unsupported_or_outdated_claim_is_keyed_true():
    claims = BANK.by_id("claim")
    for seed in range(5):
        for q in generate.all_questions(BANK, seed):
            if q.kind == "truefalse" and q.template == "claim-tf" and q.answer == (0,):
                assert claims[_facts(q.id)[0]]["status"] == "supported"
    # partly supported and mixed claims are never asked as true/false at all
    tf = {_facts(q.id)[0] for q in generate.all_questions(BANK, 0) if q.template == "claim-tf"}
    assert all(claims[c]["status"] in ("supported", "not supported", "outdated") for c in tf)
    assert "c21" in tf  # "away from the heart" is asked, and keyed False


def test_swedish_direction_is_keyed_false():
    q = generate.build(BANK, "claim-tf", ("c21",), __import__("random").Random(0))
    assert q.options[q.answer[0]] == "False"
    assert "toward the heart" in q.explanation


def test_ids_are_stable_whatever_the_seed():
    a = {q.id for q in generate.all_questions(BANK, 1)}
    b = {q.id for q in generate.all_questions(BANK, 99)}
    assert a == b


def _variant(mutate) -> Bank:
    tables = copy.deepcopy(BANK.tables)
    mutate(tables)
    return Bank(tables, BANK.version, "test")


def test_a_tool_shared_by_two_techniques_makes_no_which_question():
    # elbows: neuromuscular therapy and shiatsu both use them, so "which uses elbows" is never asked
    assert ("elbows",) not in tech_uses_slots(BANK)
    assert ("knuckles",) in tech_uses_slots(BANK)

    def swedish_knuckles(t):
        next(x for x in t["technique"] if x["id"] == "swedish")["uses"].append("knuckles")

    bank = _variant(swedish_knuckles)
    assert ("knuckles",) not in tech_uses_slots(bank)
    assert all(q.id != "tech-uses:knuckles" for q in generate.all_questions(bank, 0))


def test_a_distractor_that_also_fits_is_rejected():
    # give shiatsu the same origin as Swedish massage: the origin question about Swedish massage
    # can no longer offer shiatsu's origin as a wrong answer, so with three techniques it is dropped
    def same_origin(t):
        techs = {x["id"]: x for x in t["technique"]}
        techs["shiatsu"]["origin"] = techs["swedish"]["origin"]

    bank = _variant(same_origin)
    ids = {q.id for q in generate.all_questions(bank, 0)}
    assert "tech-attr:swedish+origin" not in ids
    assert "tech-attr:swedish+origin" in {q.id for q in generate.all_questions(BANK, 0)}
    for seed in range(30):
        for q in generate.all_questions(bank, seed):
            check_question(bank, q)


@pytest.mark.parametrize("template", sorted(generate.BY_ID))
def test_each_template_yields_questions(template):
    made = [q for q in generate.all_questions(BANK, 3) if q.template == template]
    assert made, template


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**9), count=st.integers(1, 30), n=st.integers(2, 5))
def test_variants_keep_topic_counts_and_are_correct(seed, count, n):
    first = generate.make_quiz(BANK, seed, count)
    for v in range(1, n):
        other = generate.make_quiz(BANK, seed, count, variant=v)
        assert sorted(q.topic for q in other) == sorted(q.topic for q in first)
        for q in other:
            check_question(BANK, q)
    assert generate.make_quiz(BANK, seed, count, variant=0) == first


def test_variants_differ_from_each_other():
    sets = [tuple(q.id for q in generate.make_quiz(BANK, 5, 12, variant=v)) for v in range(4)]
    assert len(set(sets)) == 4


def test_key_positions_are_balanced_over_twenty_variants():
    from collections import Counter
    letters = Counter()
    for v in range(20):
        for q in generate.make_quiz(BANK, 31, 20, variant=v):
            if q.kind == "single" and len(q.options) == 4 and q.template != "redflag-level":
                letters[q.letters] += 1  # an ordered scale keeps its order
    total = sum(letters.values())
    assert set(letters) == set("ABCD")
    for letter, n in letters.items():
        assert abs(n / total - 0.25) < 0.06, letters


def test_a_large_count_is_filled_from_other_topics():
    quiz = generate.make_quiz(BANK, 2, 120)
    assert len(quiz) == 120 and len({q.id for q in quiz}) == 120


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**9), count=st.integers(4, 40), variant=st.integers(0, 3))
def test_keys_are_spread_over_the_letters_in_every_quiz(seed, count, variant):
    """In the quiz itself (variant 0) as in its variants, among questions whose options may move
    (not true/false, not an ordered scale, not matching), each letter is keyed equally often to
    within one, for each number of options."""
    quiz = generate.make_quiz(BANK, seed, count, variant=variant)
    scales = {tuple(generate.STATUSES), tuple(generate.LEVEL_TEXT.values())}
    by_size: dict[int, list[int]] = {}
    for q in quiz:
        if q.kind == "single" and tuple(q.options) not in scales and q.template != "redflag-level":
            by_size.setdefault(len(q.options), []).append(q.answer[0])
    for n, keys in by_size.items():
        counts = [keys.count(i) for i in range(n)]
        assert max(counts) - min(counts) <= 1, (n, counts)


def test_templates_of_a_later_version_never_reach_an_earlier_editions_bank():
    """A template added in 1.1.0 is not drawn from a 1.0.0 bank, so an old code draws as it did."""
    old = Bank(BANK.tables, "1.0.0", BANK.fingerprint)
    new_ids = {t.id for t in generate.TEMPLATES if t.since > (1, 0, 0)}
    assert {"tech-tools-all", "redflag-all", "contra-all"} <= new_ids
    assert not {q.template for q in generate.all_questions(old, 0)} & new_ids
    assert {q.template for q in generate.all_questions(BANK, 0)} >= new_ids


def test_same_day_questions_never_offer_an_emergency_sign_as_wrong():
    flags = {f["sign"]: f["level"] for f in BANK["red_flag"]}
    for seed in range(40):
        q = generate.build(BANK, "redflag-all", ("urgent",), __import__("random").Random(seed))
        assert all(flags.get(o) != "emergency" for o in q.options), q.options
