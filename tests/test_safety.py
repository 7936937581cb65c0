"""Safety invariants, over every question the bank makes: every template, every slot, and every
option each question may ever draw (quiz.definitions enumerates them all; nothing is sampled).

- no question scores a more urgent action as wrong for a red-flag sign;
- no question offers a red-flag sign as an option not to pick (select-all questions included);
- a contraindication's advice question never offers as wrong an advice as cautious as its key,
  a synonym of it, or an advice the bank says also holds (`also`);
- "which mechanism does the article claim?" never offers a mechanism the article does name as
  wrong, and a claim the article only implies is never asked as "the article claims";
- the loader refuses a sign at two levels, and the 1.2.0 bank's defect is such a case;
- (the 2026-12-03 audit) no action at all is scored wrong for a normal after-effect, a term of
  the glossary's warning signs is never a wrong option, and advice that holds for everyone
  (declining spinal manipulation) gets no advice question whose other options could be read as
  right; the 1.3.0 edition, made before these rules, shows each defect.
"""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from quiz.bank import BANK_DIR, load
from quiz.bank.schema import CAUTIONS
from quiz.definitions import definitions
from quiz.errors import BankError
from quiz.generate import LEVEL_TEXT, NO_CHANGE, all_questions
from quiz.model import question_id, split_question_id

@pytest.fixture(scope="module")
def bank():
    return load(use_cache=False)


@pytest.fixture(scope="module")
def every(bank):
    """Every question the bank makes, with every option it may draw."""
    return definitions(bank)


def _facts(qid: str) -> list[str]:
    return list(split_question_id(qid)[1])


def _options(d) -> set[str]:
    return set(d.keys) | set(d.distractors)


def test_every_template_and_slot_is_covered(bank, every):
    from quiz.generate import slots

    offered = {question_id(t.id, s) for t, s in slots(bank)}
    assert set(every) <= offered and len(every) >= 250
    templates = {split_question_id(qid)[0] for qid in every}
    assert {"redflag-level", "redflag-spot", "redflag-all", "contra-advice", "contra-spot",
            "contra-all", "benefit-mechanism", "claim-status"} <= templates


def test_levels_are_the_corrected_c1(bank):
    level = {f["id"]: f["level"] for f in bank["red_flag"]}
    for sign in ("trauma", "minor-trauma", "chest-pain", "one-leg", "both-legs", "bladder",
                 "bowel", "saddle", "sexual"):
        assert level[sign] == "emergency", sign
    for sign in ("fever", "cancer", "night-pain", "swelling", "gait", "band-pain"):
        assert level[sign] == "urgent", sign
    assert {f for f, lv in level.items() if lv == "routine"} == {"not-improving", "sciatica"}


def test_no_question_scores_a_more_urgent_action_wrong(bank, every):
    actions = [lv["action"] for lv in bank["level"]]  # most urgent first
    flags = bank.by_id("red_flag")
    checked = 0
    for qid, d in every.items():
        if not qid.startswith("redflag-level:") or _facts(qid)[0] not in flags:
            continue
        level = flags[_facts(qid)[0]]["level"]
        rank = [lv["id"] for lv in bank["level"]].index(level)
        assert d.keys == (actions[rank],), qid
        more_urgent = set(actions[:rank])
        assert not more_urgent & set(d.distractors), f"{qid} scores {more_urgent} wrong"
        checked += 1
    assert checked == len(flags)


def test_the_1_2_0_wording_would_fail_this_invariant():
    """The check above is not vacuous: the 1.2.0 bank scored the emergency answer wrong."""
    from quiz.editions import edition_bank, read

    old = edition_bank(read("1.2.0"))
    d = definitions(old, ["redflag-level:trauma"])["redflag-level:trauma"]
    assert d.keys == (LEVEL_TEXT["urgent"],)
    assert LEVEL_TEXT["emergency"] in d.distractors


def test_no_red_flag_sign_is_ever_an_option_not_to_pick(bank, every):
    signs = {f["sign"] for f in bank["red_flag"]} | {f.get("brief") for f in bank["red_flag"]}
    for qid, d in every.items():
        assert not signs & set(d.distractors), f"{qid} offers a red flag as wrong"
    multiple = [qid for qid, d in every.items() if d.kind == "multiple"]
    assert {"redflag-all:emergency", "redflag-all:urgent", "contra-all:contraindications"} <= set(multiple)


def test_drawn_select_all_questions_keep_to_it_too(bank):
    """The drawn instances, not only the definitions, for several seeds."""
    signs = {f["sign"] for f in bank["red_flag"]}
    for seed in range(5):
        for q in all_questions(bank, seed):
            wrong = {o for i, o in enumerate(q.options) if i not in q.answer}
            assert not signs & wrong, q.id


def test_red_flag_spot_offers_only_after_effects_as_wrong(bank, every):
    effects = {a["effect"] for a in bank["after_effect"]}
    spots = {qid: d for qid, d in every.items() if qid.startswith("redflag-spot:")}
    assert spots
    for qid, d in spots.items():
        assert set(d.distractors) <= effects, qid
        assert bank.by_id("red_flag")[_facts(qid)[0]]["level"] != "routine"


def test_contra_advice_never_marks_a_safer_or_equal_advice_wrong(bank, every):
    contras = bank.by_id("contraindication")
    by_advice = {c["advice"]: c for c in contras.values()}
    made = {qid: d for qid, d in every.items() if qid.startswith("contra-advice:")}
    assert len(made) >= 3
    for qid, d in made.items():
        key = contras[_facts(qid)[0]]
        rank = CAUTIONS.index(key["caution"])
        assert not key.get("universal"), qid
        for option in d.distractors:
            if option == NO_CHANGE["advice"]:
                continue
            other = by_advice[option]
            assert CAUTIONS.index(other["caution"]) > rank, f"{qid}: {option!r} is as cautious"
            assert other["caution"] not in ("no massage", "ask first"), f"{qid}: {option!r}"
            assert other["id"] not in key.get("also", []), f"{qid}: {option!r} also holds"
            assert not other.get("universal"), f"{qid}: {option!r} holds for everyone"


def test_near_synonyms_of_the_key_are_never_distractors(bank, every):
    """The review's example: "do not massage over the area" and "no pressure on the affected
    area" say the same thing; neither is offered against the other."""
    same = {"do not massage over the area", "no pressure on the affected area"}
    for qid, d in every.items():
        if qid.startswith("contra-advice:") and same & set(d.keys):
            assert not same & set(d.distractors), qid


def test_article_mechanisms_are_never_wrong_answers_of_another(bank, every):
    mechanisms = {b["mechanism"] for b in bank["benefit"]}
    made = {qid: d for qid, d in every.items() if qid.startswith("benefit-mechanism:")}
    assert made
    for qid, d in made.items():
        assert not mechanisms & set(d.distractors), qid
        assert len(d.distractors) >= 3


def _implied_subjects(bank) -> set[str]:
    implied = {c["id"] for c in bank["claim"] if c.get("implied")}
    benefits = {b["id"] for b in bank["benefit"] if implied & set(b["claims"])}
    return implied | benefits


ARTICLE_CLAIMS = re.compile(r"article (claims|says)|does it claim|article's (claim|idea)|"
                            r"article credits", re.I)


def test_implied_claims_are_never_asked_as_the_articles_claims(bank, every):
    implied = _implied_subjects(bank)
    assert {"c07", "c12", "stress-hormones", "inflammation"} <= implied
    asked = 0
    for qid, d in every.items():
        if split_question_id(qid)[0].startswith(("claim-", "benefit-")) and implied & set(_facts(qid)):
            assert not ARTICLE_CLAIMS.search(d.stem), qid
            assert not ARTICLE_CLAIMS.search(d.explanation), qid
            assert "impl" in d.stem, qid
            asked += 1
    assert asked >= 4
    assert "benefit-mechanism:stress-hormones" not in every
    assert "benefit-mechanism:inflammation" not in every


# --- the loader ---------------------------------------------------------------------------------

def _bank_copy(tmp_path, extra: str):
    folder = tmp_path / "bank"
    shutil.copytree(BANK_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "editions"))
    with open(folder / "safety.toml", "a", encoding="utf-8") as fh:
        fh.write(extra)
    return str(folder)


@pytest.mark.parametrize("flag", [
    # the 1.2.0 defect: worsening weakness in a leg, now an emergency, again as a same-day sign
    'sign = "weakness, numbness or tingling in one leg that is spreading or getting worse"\n'
    'about = ["one leg"]\n',
    # the same words at another level
    'sign = "back pain together with chest pain"\nabout = ["heart"]\n',
    # a shared `about`
    'sign = "a sudden change in how the legs feel"\nabout = ["leg weakness"]\n',
])
def test_the_loader_refuses_a_sign_at_two_levels(tmp_path, flag):
    folder = _bank_copy(tmp_path, '\n[[red_flag]]\nid = "again"\n' + flag
                        + 'level = "urgent"\nsection = "start/safety#red-flags-urgent"\n'
                        'cite = ["nhsct_lbp"]\n')
    with pytest.raises(BankError, match="exactly one level"):
        load(folder, use_cache=False)


def test_the_1_2_0_bank_would_be_refused():
    from quiz.bank.relations import two_levels

    with open(os.path.join(BANK_DIR, "editions", "1.2.0.json"), encoding="utf-8") as fh:
        old = json.load(fh)["tables"]["red_flag"]
    problems = two_levels([dict(f, _file="safety.toml") for f in old])
    assert len(problems) == 1 and "'one-leg'" in problems[0] and "'both-legs'" in problems[0]


def test_every_red_flag_needs_what_it_is_about(tmp_path):
    folder = _bank_copy(tmp_path, '\n[[red_flag]]\nid = "no-about"\nsign = "hiccups"\n'
                        'level = "urgent"\nsection = "start/safety#red-flags-urgent"\n'
                        'cite = ["nhsct_lbp"]\n')
    with pytest.raises(BankError, match="red_flag 'no-about': field 'about': required"):
        load(folder, use_cache=False)


def test_a_contraindication_that_is_also_a_red_flag_says_what_to_do_with_back_pain():
    """Infection or fever, and cancer, are contraindications and (with back pain) red flags: a
    question on them must not leave the learner thinking a postponed massage is all it needs."""
    from quiz import generate

    bank = load()
    flagged = {c["id"]: c["flag"] for c in bank["contraindication"] if "flag" in c}
    assert {"infection", "cancer"} <= set(flagged)
    levels = {e["id"]: e["action"] for e in bank.tables["level"]}
    seen = 0
    for q in generate.all_questions(bank, 0, ("safety",)):
        if q.template in ("contra-spot", "contra-advice") and q.facts[q.answer[0]] in flagged:
            flag = bank.by_id("red_flag")[flagged[q.facts[q.answer[0]]]]
            assert (f"If back pain comes with {flag['brief']}, it is a red flag: "
                    f"{levels[flag['level']].lower()}.") in q.explanation, q.id
            seen += 1
    assert seen >= 3


# --- the audit of 2026-12-03 ---------------------------------------------------------------------

def _released_1_3_0():
    from quiz.editions import edition_bank, read

    old = edition_bank(read("1.3.0"))
    return old, definitions(old)


def test_no_action_is_scored_wrong_for_a_normal_after_effect(bank, every):
    """Every option of a level question but "nothing urgent" is a doctor: more cautious, never
    wrong to choose. After-effects are asked as true or false instead, keyed True."""
    effects = {a["id"] for a in bank["after_effect"]}
    asked = {_facts(qid)[0]: d for qid, d in every.items() if _facts(qid)[0] in effects}
    assert set(asked) == effects
    for fact, d in asked.items():
        assert d.id == f"aftereffect-tf:{fact}" and d.keys == ("True",), d.id
    old, then = _released_1_3_0()
    assert "redflag-level:soreness" in then  # the defect, in the release before the rule
    assert LEVEL_TEXT["urgent"] not in then["redflag-level:soreness"].keys


def test_no_warning_sign_term_is_a_wrong_option(bank, every):
    warning = [t for t in bank["term"] if t.get("group") == "warning signs"]
    texts = {t["term"] for t in warning} | {t["definition"] for t in warning}
    assert {"red flag", "saddle anaesthesia", "cauda equina syndrome"} <= texts
    for qid, d in every.items():
        assert not texts & set(d.distractors), f"{qid} offers a warning sign as wrong"
    _old, then = _released_1_3_0()
    assert "saddle anaesthesia" in then["term-def:red-flag"].distractors  # the defect it fixes


def test_advice_that_holds_for_everyone_gets_no_advice_question(bank, every):
    universal = {c["id"] for c in bank["contraindication"] if c.get("universal")}
    assert {"manipulation", "spine-bones"} <= universal
    asked = {_facts(qid)[0] for qid in every if qid.startswith("contra-advice:")}
    assert not universal & asked
    _old, then = _released_1_3_0()
    assert "no change: an ordinary massage is fine" in then["contra-advice:manipulation"].distractors


def test_an_infection_question_never_marks_keeping_off_the_area_wrong(bank, every):
    d = every["contra-advice:infection"]
    assert not {"do not massage over the area", "no pressure on the affected area"} & set(d.distractors)
    assert d.distractors  # still a question: less cautious advice is wrong for it
