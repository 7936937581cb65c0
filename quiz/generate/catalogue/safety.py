"""Templates about safety: red flags and their urgency, contraindications, normal after-effects.

A bank with a [[level]] table (1.3.0 on) follows the safety rules below; an older edition's bank
(an old replay code's) is made exactly as it was, so that its record still rebuilds, and the
edition check refuses any of its questions that these rules changed.

- A red flag's level question offers only its own level and less urgent ones: a more urgent
  action is never scored wrong. A normal after-effect gets no level question (rule
  no-level-question-for-after-effects): any option but its own would be more cautious; it is
  asked as true or false instead. A select-all question about red flags offers only normal
  after-effects as the options not to pick. A routine sign is not a "doctor before any massage".
- With rule spot-stem-says-care-first, the red-flag spotting question asks for "a warning sign
  that needs medical care first", true of an emergency sign too (it said "a doctor before any
  massage"); with rule level-stem-in-third-person, a level question tells the sign in the
  third person with the sign's `case`, not "notices" and the book's list wording; with rule
  self-care-option-says-self-care, its least urgent option says "keep on with self-care", not
  "a normal after-effect" (never the key since after-effects got no level question).
- With rule contra-stem-fits-every-entry, the questions asking which entries are
  contraindications ask what is "on this book's list of what rules out or changes a massage"
  (the list holds actions too, such as firm pressure on the spine's bony points).
- A contraindication's advice question offers as wrong only advice less cautious than its key
  and not among the advice that also holds (`also`), never a synonym or a safer advice.
"""

from __future__ import annotations

from quiz.generate.kinds import choice, select_all, true_false
from quiz.generate.template import Template, cites, each, follows, phrases

LEVEL_TEXT = {
    "emergency": "Go to an emergency department now",
    "urgent": "See a doctor the same day",
    "self-care": "Nothing urgent: a normal after-effect that settles on its own",
}
NO_CHANGE = {"id": "no-change", "advice": "no change: an ordinary massage is fine"}
SELECT = " Select all that apply."
MEANING = {"emergency": "going to an emergency department now",
           "urgent": "seeing a doctor the same day"}


def _what(fact) -> str:
    """How a safety fact reads as an option: a red flag's sign, a contraindication's condition,
    or an after-effect."""
    return fact.get("sign") or fact.get("condition") or fact["effect"]


def _levels(bank) -> dict[str, dict] | None:
    """The bank's [[level]] entries by id, most urgent first; None for a bank made before them."""
    levels = bank.tables.get("level") or []
    return {e["id"]: e for e in levels} or None


def _action(bank, level: str) -> str:
    levels = _levels(bank)
    if levels is None or level not in levels:
        return LEVEL_TEXT[level]
    return levels[level]["action"]


def _flag_expl(f, bank=None):
    action = LEVEL_TEXT[f["level"]] if bank is None else _action(bank, f["level"])
    if f["level"] == "routine":
        return (f"This sign needs a doctor, but not urgently: {action.lower()}. If a sign of "
                "the emergency or same-day lists appears, act on that list instead.")
    return f"This is a red flag ({f['level']}): {action.lower()}, not a massage."


def _sign_stated(bank, slot, ref):
    """A red flag's sign or an after-effect, in its own section."""
    table = "red_flag" if slot[0] in bank.by_id("red_flag") else "after_effect"
    e = bank.by_id(table)[slot[0]]
    return e["section"], phrases(e, "sign" if table == "red_flag" else "effect")


def _spot_slots(bank):
    return [(f["id"],) for f in bank["red_flag"] if f["level"] != "routine"]


SPOT_RULE, CASE_RULE = "spot-stem-says-care-first", "level-stem-in-third-person"
SELF_CARE_RULE = "self-care-option-says-self-care"
SELF_CARE = "Nothing urgent: keep on with self-care, no doctor needed"


def _spot_stem(bank) -> str:
    if follows(bank, SPOT_RULE):
        return "Which of these is a warning sign that needs medical care first, not a massage?"
    return "Which of these needs a doctor before any massage?"


def _level_stem(bank, fact) -> str:
    """The level question's stem: the sign's `case` (rule CASE_RULE), else as the
    editions before the rule put it."""
    if follows(bank, CASE_RULE) and "case" in fact:
        return f"Someone with a back spasm {fact['case']}. What should they do?"
    return f"Someone with a back spasm notices {_what(fact)}. What should they do?"


def _redflag_spot(bank, slot):
    flag = bank.by_id("red_flag")[slot[0]]
    flags = {f["id"] for f in bank["red_flag"]}
    pool = [flag, *bank["after_effect"]]
    new = _levels(bank) is not None
    return choice("redflag-spot", "safety", flag, pool, lambda x: x["id"] in flags,
                  _what,
                  _spot_stem(bank),
                  f"{flag['sign'].capitalize()}. " + _flag_expl(flag, bank if new else None)
                  + " The others are ordinary after-effects.",
                  flag["section"], flag["cite"], slot=slot)


AFTER_EFFECTS_TF = "no-level-question-for-after-effects"  # the rule (quiz/bank/rules.toml)


def _level_slots(bank):
    flags = [(f["id"],) for f in bank["red_flag"]]
    return flags if follows(bank, AFTER_EFFECTS_TF) else flags + each("after_effect")(bank)


def _redflag_level(bank, slot):
    facts = bank.by_id("red_flag") | bank.by_id("after_effect")
    fact = facts[slot[0]]
    level = fact.get("level", "self-care")
    what = _what(fact)
    levels = _levels(bank)
    if levels is None:  # an edition before 1.3.0, made as it was
        expl = _flag_expl(fact) if "level" in fact else "This is a normal, short-lived after-effect."
        return choice("redflag-level", "safety", level, list(LEVEL_TEXT), lambda lv: lv == level,
                      LEVEL_TEXT.__getitem__,
                      f"Someone with a back spasm notices {what}. What should they do?",
                      expl, fact["section"], fact["cite"], n_options=3, slot=slot,
                      ordered=True)
    scale = [*levels, "self-care"]
    text = {lv: levels[lv]["action"] if lv in levels else LEVEL_TEXT[lv] for lv in scale}
    if follows(bank, SELF_CARE_RULE):
        text["self-care"] = SELF_CARE
    if "level" in fact:  # a sign: never a more urgent action as a wrong answer
        pool = scale[scale.index(level):]
        expl = _flag_expl(fact, bank)
    else:
        pool = scale
        expl = "This is a normal, short-lived after-effect."
    return choice("redflag-level", "safety", level, pool, lambda lv: lv == level, text.__getitem__,
                  _level_stem(bank, fact),
                  expl, fact["section"], fact["cite"], n_options=len(pool),
                  min_options=2, slot=slot, ordered=True)


def _redflag_all(bank, slot):
    level = slot[0]
    flags = bank["red_flag"]
    keys = [f for f in flags if f["level"] == level]
    if _levels(bank) is not None:  # 1.3.0 on: never a red flag among the options not to pick
        return select_all(
            "redflag-all", "safety", keys, list(bank["after_effect"]), _what,
            f"In someone with a back spasm, which of these signs mean {MEANING[level]}?" + SELECT,
            f"{_action(bank, level)} for any of these: " + "; ".join(f["sign"] for f in keys)
            + ". The other options are normal after-effects of a massage.",
            keys[0]["section"], cites(keys), slot)
    # Emergency signs are never offered as wrong for "see a doctor the same day": a learner who
    # picks one is not wrong to want a doctor. Same-day signs are wrong for "emergency now".
    wrong = [f for f in flags if level == "emergency" and f["level"] != level]
    wrong += list(bank["after_effect"])
    return select_all(
        "redflag-all", "safety", keys, wrong, _what,
        f"In someone with a back spasm, which of these signs mean {MEANING[level]}?" + SELECT,
        f"{LEVEL_TEXT[level]} for any of these: " + "; ".join(f["sign"] for f in keys) + ". "
        + ("These are the warning signs of possible cauda equina syndrome. " if level == "emergency"
           else "")
        + "The other options are either another kind of red flag or a normal after-effect.",
        keys[0]["section"], cites(keys), slot)


def _redflag_all_stated(bank, slot, ref):
    flags = [f for f in bank["red_flag"] if f["level"] == slot[0]]
    return ref, [p for f in flags for p in phrases(f, "sign")]


def _with_flag(bank, c) -> str:
    """What to do when the condition comes with back pain, for a contraindication that is also a
    red flag (`flag`): the learner must not leave thinking a postponed massage is all it needs."""
    if "flag" not in c:
        return ""
    f = bank.by_id("red_flag")[c["flag"]]
    what = f.get("brief") or f["sign"]
    return f" If back pain comes with {what}, it is a red flag: {_action(bank, f['level']).lower()}."


CONTRA_RULE = "contra-stem-fits-every-entry"


def _contra_stem(bank, many: bool = False) -> str:
    """Which entries are contraindications: the list's entries include actions (rule
    CONTRA_RULE), which "means a massage should be avoided" did not fit."""
    if follows(bank, CONTRA_RULE):
        return ("Which of these are on this book's list of what rules out or changes a massage?"
                if many else
                "Which of these is on this book's list of what rules out or changes a massage?")
    return f"Which of these {'mean' if many else 'means'} a massage should be avoided or changed?"


def _advice_line(c) -> str:
    """A contraindication and its advice, as an explanation says it."""
    return f"{c['condition'][:1].upper()}{c['condition'][1:]}: {c['advice']}."


def _contra_spot(bank, slot):
    c = bank.by_id("contraindication")[slot[0]]
    contra = {x["id"] for x in bank["contraindication"]}
    said = (_advice_line(c) if follows(bank, CONTRA_RULE)
            else f"With {c['condition']}: {c['advice']}.")
    return choice("contra-spot", "safety", c, [c, *bank["after_effect"]],
                  lambda x: x["id"] in contra, _what, _contra_stem(bank),
                  said + _with_flag(bank, c), c["section"], c["cite"], slot=slot)


def _contra_stated(bank, slot, ref):
    c = bank.by_id("contraindication")[slot[0]]
    return c["section"], phrases(c, "condition")


def _at_least_as_cautious(c):
    """Advice that is no wrong answer for `c`: its own, any as cautious or more, asking a clinician
    first (never wrong), advice that holds for everyone (`universal`), and `also`."""
    from quiz.bank.schema import CAUTIONS

    rank = max(CAUTIONS.index(c["caution"]), CAUTIONS.index("ask first"))
    also = set(c.get("also", ()))
    return lambda x: x is not NO_CHANGE and (x["advice"] == c["advice"] or x["id"] in also
                                             or bool(x.get("universal"))
                                             or CAUTIONS.index(x["caution"]) <= rank)


def _contra_advice_slots(bank):
    """Every contraindication; from 1.3.0, only those with at least two advice less cautious than
    theirs (the strictest advice has no safe wrong answers left, and makes no question)."""
    contras = bank["contraindication"]
    if not contras or "caution" not in contras[0]:
        return [(c["id"],) for c in contras]
    out = []
    for c in contras:
        if c.get("universal"):
            continue  # true for everyone: no advice is safely wrong for it
        fits = _at_least_as_cautious(c)
        wrong = {x["advice"] for x in contras if not fits(x)} | {NO_CHANGE["advice"]}
        if len(wrong) >= 2:
            out.append((c["id"],))
    return out


def _contra_advice(bank, slot):
    c = bank.by_id("contraindication")[slot[0]]
    if "caution" not in c:  # an edition before 1.3.0, made as it was
        return choice("contra-advice", "safety", c, bank["contraindication"],
                      lambda x: x["advice"] == c["advice"], lambda x: x["advice"],
                      f"What does this book advise for someone with {c['condition']}?",
                      f"With {c['condition']}: {c['advice']}.", c["section"], c["cite"],
                      slot=slot)
    return choice("contra-advice", "safety", c, [*bank["contraindication"], NO_CHANGE],
                  _at_least_as_cautious(c), lambda x: x["advice"],
                  f"What does this book advise in this situation: {c['condition']}?",
                  _advice_line(c) + _with_flag(bank, c), c["section"], c["cite"], slot=slot)


def _contra_advice_stated(bank, slot, ref):
    c = bank.by_id("contraindication")[slot[0]]
    return c["section"], [*phrases(c, "condition"), *phrases(c, "advice")]


def _contra_all(bank, slot):
    contras = bank["contraindication"]
    return select_all(
        "contra-all", "safety", contras, bank["after_effect"],
        _what,
        _contra_stem(bank, many=True) + SELECT,
        "Each condition on the list of contraindications changes or rules out a massage; "
        "soreness, a short rise in pain and reddened skin are normal after-effects.",
        "start/safety#contraindications", cites(contras), slot)


def _after_effect_slots(bank):
    """Every after-effect, for a bank that asks them no level question (their level question
    is gone: this one keeps them tested, with no safer action to score wrong)."""
    return each("after_effect")(bank) if follows(bank, AFTER_EFFECTS_TF) else []


def _after_effect_tf(bank, slot):
    a = bank.by_id("after_effect")[slot[0]]
    return true_false("aftereffect-tf", "safety", True,
                      f"True or false: {a['effect']} is a normal after-effect of a massage.",
                      f"True: {a['effect'][:1].upper()}{a['effect'][1:]} is a normal "
                      "after-effect of a massage. A sign on the red-flag lists is different: "
                      "act on that list.",
                      a["section"], a["cite"], slot)


def _after_effect_stated(bank, slot, ref):
    a = bank.by_id("after_effect")[slot[0]]
    return a["section"], phrases(a, "effect")


def _contra_all_stated(bank, slot, ref):
    return ref, [p for c in bank["contraindication"] for p in phrases(c, "condition")]


TEMPLATES = (
    Template("redflag-spot", "safety", _spot_slots, _redflag_spot, _sign_stated),
    Template("redflag-level", "safety", _level_slots, _redflag_level, _sign_stated, scale=True),
    Template("contra-spot", "safety", each("contraindication"), _contra_spot, _contra_stated),
    Template("contra-advice", "safety", _contra_advice_slots, _contra_advice,
             _contra_advice_stated),
    Template("redflag-all", "safety", lambda bank: [("emergency",), ("urgent",)], _redflag_all,
             _redflag_all_stated, since="1.1.0"),
    Template("contra-all", "safety", lambda bank: [("contraindications",)], _contra_all,
             _contra_all_stated, since="1.1.0"),
    Template("aftereffect-tf", "safety", _after_effect_slots, _after_effect_tf,
             _after_effect_stated),
)
