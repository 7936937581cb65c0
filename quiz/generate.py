"""Templates applied to the bank's facts: seeded, ambiguity-checked, pure.

Each template lists its slots (the fact ids a question is about) and, for any candidate option,
decides from the bank alone whether that option satisfies the stem (`fits`). A question is kept
only if exactly its keyed options fit; a distractor that also fits (neuromuscular therapy and
shiatsu both use elbows) is never offered. All randomness comes from one `random.Random(seed)`.
"""

from __future__ import annotations

import random
from functools import lru_cache

from quiz.model import STATUSES, TOPICS, Question, Section
from quiz.versions import version_key

TRUE_FALSE = ("True", "False")
LEVEL_TEXT = {
    "emergency": "Go to an emergency department now",
    "urgent": "See a doctor the same day",
    "self-care": "Nothing urgent: a normal after-effect that settles on its own",
}
ATTRS = {"origin": "origin", "setting": "usual setting", "pressure": "kind of pressure",
         "target": "main target"}


class Template:
    """A question template: its id, topic, slots and builder, and the version that added it.

    A bank of an earlier edition (an old replay code's) makes only the templates it had, so that
    adding a template never changes what an old code draws.
    """

    __slots__ = ("id", "topic", "slots", "build", "since")

    def __init__(self, id, topic, slots, build, since="1.0.0"):
        self.id, self.topic, self.slots, self.build = id, topic, slots, build
        self.since = version_key(since)


def _choice(tid, topic, key, pool, fits, text, stem, explanation, section, cite, rng,
            n_options=4, min_options=3, slot=(), ordered=False):
    """A single-answer question: `key` plus distractors from `pool` that do not fit the stem."""
    if not fits(key):
        return None
    define = getattr(rng, "define", None)  # quiz.definitions.Outline: every option, not one draw
    if define is not None:
        wrong = {text(f) for f in pool if f is not key and not fits(f)} - {text(key)}
        return define(f"{tid}:{'+'.join(slot)}", topic, stem, (text(key),), wrong, explanation,
                      section, cite, min_options)
    record = getattr(rng, "record", None)  # quiz.draw.Recorder: this draw's inputs, as data
    if record is not None:
        return record("choice", locals())
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
        if len(distractors) == n_options - 1:
            break
    if len(distractors) + 1 < min_options:
        return None
    chosen = [key, *distractors]
    if ordered:  # a scale (statuses, urgency) reads best in its own order
        chosen.sort(key=list(pool).index)
    else:
        rng.shuffle(chosen)
    answer = tuple(i for i, f in enumerate(chosen) if fits(f))
    if len(answer) != 1:
        return None
    return Question(
        f"{tid}:{'+'.join(slot)}", topic, tid, stem, tuple(text(f) for f in chosen), answer,
        explanation, Section.parse(section), tuple(cite), tuple(_fid(f) for f in chosen))


SELECT_KEYS, SELECT_OPTIONS = (2, 3), 4


def _select_all(tid, topic, keys, wrong, text, stem, explanation, section, cite, rng, slot):
    """A "select all that apply" question: 2 or 3 options drawn from `keys` (every one right)
    and the rest of 4 from `wrong` (every one wrong). Texts must differ across the two pools."""
    right, bad = {text(f) for f in keys}, {text(f) for f in wrong}
    if right & bad or len(right) < SELECT_KEYS[0] or not bad:
        return None
    qid = f"{tid}:{'+'.join(slot)}"
    define = getattr(rng, "define", None)
    if define is not None:
        return define(qid, topic, stem, tuple(sorted(right)), bad, explanation, section, cite,
                      SELECT_OPTIONS, kind="multiple")
    record = getattr(rng, "record", None)
    if record is not None:
        return record("select", locals())
    n_keys = rng.choice([n for n in range(SELECT_KEYS[0], SELECT_KEYS[1] + 1)
                         if n <= len(right) and SELECT_OPTIONS - n <= len(bad)] or [0])
    if not n_keys:
        return None
    chosen = rng.sample(sorted(right), n_keys) + rng.sample(sorted(bad), SELECT_OPTIONS - n_keys)
    rng.shuffle(chosen)
    by_text = {text(f): f for f in [*keys, *wrong]}
    return Question(qid, topic, tid, stem, tuple(chosen),
                    tuple(i for i, o in enumerate(chosen) if o in right), explanation,
                    Section.parse(section), tuple(cite), tuple(_fid(by_text[o]) for o in chosen))


MATCH_MIN, MATCH_MAX = 3, 6


def _matching(tid, topic, facts, left, right, stem, explanation, section, cite, rng):
    """A matching question: pair each fact's `left` text (a prompt) with its `right` text (an
    option). Made only when both sides are all different, so that exactly one pairing is right."""
    lefts, rights = [left(f) for f in facts], [right(f) for f in facts]
    if not MATCH_MIN <= len(facts) <= MATCH_MAX or len(set(lefts)) < len(facts) \
            or len(set(rights)) < len(facts):
        return None
    qid = f"{tid}:{'+'.join(f['id'] for f in facts)}"
    define = getattr(rng, "define", None)
    if define is not None:
        keys = tuple(sorted(f"{a} \u2192 {b}" for a, b in zip(lefts, rights)))
        return define(qid, topic, stem, keys, (), explanation, section, cite, 0, kind="matching")
    record = getattr(rng, "record", None)
    if record is not None:
        return record("matching", locals())
    prompts = list(range(len(facts)))
    rng.shuffle(prompts)
    order = list(range(len(facts)))
    rng.shuffle(order)
    if order == prompts:  # every prompt opposite its own option: rotate, so the key is not 1A 2B 3C
        order = order[1:] + order[:1]
    return Question(
        qid, topic, tid, stem, tuple(rights[i] for i in order),
        tuple(order.index(p) for p in prompts), explanation, Section.parse(section),
        tuple(cite), tuple(facts[i]["id"] for i in order),
        prompts=tuple(lefts[p] for p in prompts))


def _what(fact) -> str:
    """How a safety fact reads as an option: a red flag's sign, a contraindication's condition,
    or an after-effect."""
    return fact.get("sign") or fact.get("condition") or fact["effect"]


def _cites(facts) -> list[str]:
    """Every citation of these facts, once each, sorted."""
    return sorted({c for f in facts for c in f["cite"]})


def _fid(fact) -> str:
    return fact["id"] if isinstance(fact, dict) else str(fact)


def _truefalse(tid, topic, truth, stem, explanation, section, cite, slot):
    return Question(f"{tid}:{'+'.join(slot)}", topic, tid, stem, TRUE_FALSE,
                    (0,) if truth else (1,), explanation, Section.parse(section), tuple(cite),
                    TRUE_FALSE)


def _tools(bank):
    return sorted({u for t in bank["technique"] for u in t["uses"]})


def _listing(items):
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def _uses_expl(t):
    return f"The book lists these for {t['name']}: {_listing(t['uses'])}."


# --- techniques -------------------------------------------------------------------------------

def _tech_uses_slots(bank):
    return [(tool,) for tool in _tools(bank)
            if sum(tool in t["uses"] for t in bank["technique"]) == 1]


def _tech_uses(bank, slot, rng):
    (tool,) = slot
    techs = bank["technique"]
    key = next(t for t in techs if tool in t["uses"])
    return _choice("tech-uses", "techniques", key, techs, lambda t: tool in t["uses"],
                   lambda t: t["name"], f"Which technique does this book describe as using the {tool}?",
                   _uses_expl(key), key["uses_section"], key["cite"], rng, slot=slot)


def _tech_not_uses_slots(bank):
    return [(t["id"], tool) for t in bank["technique"] for tool in _tools(bank)
            if tool not in t["uses"]]


def _tech_not_uses(bank, slot, rng):
    tech = bank.by_id("technique")[slot[0]]
    return _choice("tech-not-uses", "techniques", slot[1], _tools(bank),
                   lambda tool: tool not in tech["uses"], str,
                   f"Which of these is NOT among the tools this book lists for {tech['name']}?",
                   _uses_expl(tech), tech["uses_section"], tech["cite"], rng, slot=slot)


def _tech_tools_tf_slots(bank):
    return [(t["id"], tool) for t in bank["technique"] for tool in _tools(bank)]


def _tech_tools_tf(bank, slot, rng):
    tech = bank.by_id("technique")[slot[0]]
    tool = slot[1]
    return _truefalse("tech-tools-tf", "techniques", tool in tech["uses"],
                      f"True or false: this book lists the {tool} among the tools of {tech['name']}.",
                      _uses_expl(tech), tech["uses_section"], tech["cite"], slot)


def _tech_attr_slots(bank):
    return [(t["id"], a) for t in bank["technique"] for a in ATTRS]


def _attr_expl(bank, tech, attr):
    """The technique's value of `attr`, then the other techniques' values, to compare."""
    others = "; ".join(f"{t['name']}: {t[attr]}" for t in bank["technique"] if t is not tech)
    return (f"The {ATTRS[attr]} of {tech['name']}: {tech[attr]}. "
            f"Compare {others}.")


def _tech_attr(bank, slot, rng):
    tech = bank.by_id("technique")[slot[0]]
    attr = slot[1]
    return _choice("tech-attr", "techniques", tech, bank["technique"],
                   lambda t: t[attr] == tech[attr], lambda t: t[attr],
                   f"Which best describes the {ATTRS[attr]} of {tech['name']}?",
                   _attr_expl(bank, tech, attr), tech[attr + "_section"], tech["cite"], rng, slot=slot)


def _tech_which_attr(bank, slot, rng):
    tech = bank.by_id("technique")[slot[0]]
    attr = slot[1]
    return _choice("tech-which-attr", "techniques", tech, bank["technique"],
                   lambda t: t[attr] == tech[attr], lambda t: t["name"],
                   f"Which technique has this {ATTRS[attr]}: {tech[attr]}?",
                   _attr_expl(bank, tech, attr), tech[attr + "_section"], tech["cite"], rng, slot=slot)


def _stroke_expl(s):
    return f"{s['name'].capitalize()} is {s['description']}."


def _stroke_name(bank, slot, rng):
    s = bank.by_id("stroke")[slot[0]]
    return _choice("stroke-name", "techniques", s, bank["stroke"],
                   lambda x: x["description"] == s["description"], lambda x: x["name"],
                   f"Which Swedish stroke family is {s['description']}?",
                   _stroke_expl(s), s["section"], s["cite"],
                   rng, slot=slot)


def _stroke_desc(bank, slot, rng):
    s = bank.by_id("stroke")[slot[0]]
    return _choice("stroke-desc", "techniques", s, bank["stroke"],
                   lambda x: x["name"] == s["name"], lambda x: x["description"],
                   f"In Swedish massage, what is {s['name']}?",
                   _stroke_expl(s), s["section"], s["cite"],
                   rng, slot=slot)


# --- benefits and claims ----------------------------------------------------------------------

def _implied(bank, b) -> bool:
    """Whether a benefit rests on a claim the article only implies (the bank marks it)."""
    claims = bank.by_id("claim")
    return any(claims[c].get("implied") for c in b["claims"])


def _benefit_expl(bank, b):
    """What the article credits (or only implies), the mechanism's status, and why: the summary
    of the article's claim behind it that has the same status."""
    claims = bank.by_id("claim")
    why = next((claims[c]["summary"] for c in b["claims"] if claims[c]["status"] == b["status"]), "")
    said = (f"The article does not state it, but implies that massage brings {b['benefit']} "
            f"through {b['mechanism']}." if _implied(bank, b)
            else f"The article credits {b['mechanism']} for {b['benefit']}.")
    return f"{said} Evidence status of that mechanism: {b['status']}. {why}".rstrip()


def _mechanism_slots(bank):
    """Every benefit; with the bank's foils (1.3.0 on), not those the article only implies."""
    foils = bank.tables.get("mechanism_foil")
    return [(b["id"],) for b in bank["benefit"] if not (foils and _implied(bank, b))]


def _benefit_mechanism(bank, slot, rng):
    """Which mechanism the article claims for a benefit. With the bank's foils (mechanisms the
    article never names), the wrong options are foils only: every mechanism of the article is
    tied to pain, stiffness or tension somewhere in it, so none is safely wrong for another
    benefit; and a benefit the article only implies is not asked as "does it claim"."""
    b = bank.by_id("benefit")[slot[0]]
    foils = bank.tables.get("mechanism_foil") or []
    if foils and _implied(bank, b):
        return None
    pool = [b, *foils] if foils else bank["benefit"]
    return _choice("benefit-mechanism", "benefits", b, pool,
                   lambda x: x["mechanism"] == b["mechanism"], lambda x: x["mechanism"],
                   f"The article says massage brings {b['benefit']}. Which mechanism does it claim?",
                   _benefit_expl(bank, b), b["section"], b["cite"], rng, slot=slot)


def _benefit_status(bank, slot, rng):
    b = bank.by_id("benefit")[slot[0]]
    idea = ("the idea, implied by the article but not stated in it," if _implied(bank, b)
            else "the article's idea")
    return _choice("benefit-status", "benefits", b["status"], STATUSES,
                   lambda s: s == b["status"], str,
                   f"What is the evidence status of {idea} that massage works through {b['mechanism']}?",
                   _benefit_expl(bank, b), b["section"], b["cite"], rng, n_options=5, slot=slot,
                   ordered=True)


def _claim_expl(c):
    return f"Evidence status: {c['status']}. {c['summary']}"


def _claim_status(bank, slot, rng):
    c = bank.by_id("claim")[slot[0]]
    stem = (f"The article implies, without stating it, that {c['claim']}. What is the evidence "
            "status of this idea?" if c.get("implied")
            else f"The article claims that {c['claim']}. What is the evidence status of this claim?")
    return _choice("claim-status", "claims", c["status"], STATUSES, lambda s: s == c["status"],
                   str, stem, _claim_expl(c), c["section"], c["cite"], rng, n_options=5, slot=slot,
                   ordered=True)


def _claim_tf_slots(bank):
    # Only clear-cut claims: "partly supported" and "mixed" are neither true nor false.
    return [(c["id"],) for c in bank["claim"]
            if c["status"] in ("supported", "not supported", "outdated")]


def _claim_tf(bank, slot, rng):
    c = bank.by_id("claim")[slot[0]]
    what = "the idea, implied by the article," if c.get("implied") else "the article's claim"
    return _truefalse("claim-tf", "claims", c["status"] == "supported",
                      f"True or false: the evidence supports {what} that {c['claim']}.",
                      _claim_expl(c), c["section"], c["cite"], slot)


# --- safety -----------------------------------------------------------------------------------
# A bank with a [[level]] table (1.3.0 on) follows the safety rules below; an older edition's bank
# (an old replay code's) is made exactly as it was, so that its record still rebuilds, and the
# edition check refuses any of its questions that these rules changed.
#
# - A red flag's level question offers only its own level and less urgent ones: a more urgent
#   action is never scored wrong. A select-all question about red flags offers only normal
#   after-effects as the options not to pick. A routine sign is not a "doctor before any massage".
# - A contraindication's advice question offers as wrong only advice less cautious than its key
#   and not among the advice that also holds (`also`), never a synonym or a safer advice.

NO_CHANGE = {"id": "no-change", "advice": "no change: an ordinary massage is fine"}


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


def _spot_slots(bank):
    return [(f["id"],) for f in bank["red_flag"] if f["level"] != "routine"]


def _redflag_spot(bank, slot, rng):
    flag = bank.by_id("red_flag")[slot[0]]
    flags = {f["id"] for f in bank["red_flag"]}
    pool = [flag, *bank["after_effect"]]
    new = _levels(bank) is not None
    return _choice("redflag-spot", "safety", flag, pool, lambda x: x["id"] in flags,
                   _what,
                   "Which of these needs a doctor before any massage?",
                   f"{flag['sign'].capitalize()}. " + _flag_expl(flag, bank if new else None)
                   + " The others are ordinary after-effects.",
                   flag["section"], flag["cite"], rng, slot=slot)


def _level_slots(bank):
    return [(f["id"],) for f in bank["red_flag"]] + [(a["id"],) for a in bank["after_effect"]]


def _redflag_level(bank, slot, rng):
    facts = bank.by_id("red_flag") | bank.by_id("after_effect")
    fact = facts[slot[0]]
    level = fact.get("level", "self-care")
    what = _what(fact)
    levels = _levels(bank)
    if levels is None:  # an edition before 1.3.0, made as it was
        expl = _flag_expl(fact) if "level" in fact else "This is a normal, short-lived after-effect."
        return _choice("redflag-level", "safety", level, list(LEVEL_TEXT), lambda lv: lv == level,
                       LEVEL_TEXT.get, f"Someone with a back spasm notices {what}. What should they do?",
                       expl, fact["section"], fact["cite"], rng, n_options=3, slot=slot,
                       ordered=True)
    scale = [*levels, "self-care"]
    text = {lv: levels[lv]["action"] if lv in levels else LEVEL_TEXT[lv] for lv in scale}
    if "level" in fact:  # a sign: never a more urgent action as a wrong answer
        pool = scale[scale.index(level):]
        expl = _flag_expl(fact, bank)
    else:
        pool = scale
        expl = "This is a normal, short-lived after-effect."
    return _choice("redflag-level", "safety", level, pool, lambda lv: lv == level, text.get,
                   f"Someone with a back spasm notices {what}. What should they do?",
                   expl, fact["section"], fact["cite"], rng, n_options=len(pool),
                   min_options=2, slot=slot, ordered=True)


def _contra_spot(bank, slot, rng):
    c = bank.by_id("contraindication")[slot[0]]
    contra = {x["id"] for x in bank["contraindication"]}
    return _choice("contra-spot", "safety", c, [c, *bank["after_effect"]],
                   lambda x: x["id"] in contra, _what,
                   "Which of these means a massage should be avoided or changed?",
                   f"With {c['condition']}: {c['advice']}.", c["section"], c["cite"], rng,
                   slot=slot)


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


def _contra_advice(bank, slot, rng):
    c = bank.by_id("contraindication")[slot[0]]
    if "caution" not in c:  # an edition before 1.3.0, made as it was
        return _choice("contra-advice", "safety", c, bank["contraindication"],
                       lambda x: x["advice"] == c["advice"], lambda x: x["advice"],
                       f"What does this book advise for someone with {c['condition']}?",
                       f"With {c['condition']}: {c['advice']}.", c["section"], c["cite"], rng,
                       slot=slot)
    return _choice("contra-advice", "safety", c, [*bank["contraindication"], NO_CHANGE],
                   _at_least_as_cautious(c), lambda x: x["advice"],
                   f"What does this book advise in this situation: {c['condition']}?",
                   f"{c['condition'][:1].upper()}{c['condition'][1:]}: {c['advice']}.",
                   c["section"], c["cite"], rng, slot=slot)


# --- terms ------------------------------------------------------------------------------------

def _term_expl(t):
    return f"{t['term'][:1].upper()}{t['term'][1:]}: {t['definition']}"


def _term_def(bank, slot, rng):
    t = bank.by_id("term")[slot[0]]
    return _choice("term-def", "terms", t, bank["term"],
                   lambda x: x["definition"] == t["definition"], lambda x: x["term"],
                   f"Which term means: {t['definition']}",
                   _term_expl(t), t["section"], (), rng, slot=slot)


def _def_term(bank, slot, rng):
    t = bank.by_id("term")[slot[0]]
    return _choice("def-term", "terms", t, bank["term"],
                   lambda x: x["term"] == t["term"], lambda x: x["definition"],
                   f"What does “{t['term']}” mean?",
                   _term_expl(t), t["section"], (), rng, slot=slot)


def _stroke_match(bank, slot, rng):
    strokes = [bank.by_id("stroke")[i] for i in slot]
    return _matching("stroke-match", "techniques", strokes, lambda s: s["name"],
                     lambda s: s["description"],
                     "Match each Swedish stroke family to what it is.",
                     " ".join(_stroke_expl(s) for s in strokes),
                     "techniques/swedish#swedish-strokes", _cites(strokes),
                     rng)


def _term_groups(bank) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for t in bank["term"]:
        if t.get("group"):
            groups.setdefault(t["group"], []).append(t)
    return groups


def _term_match_slots(bank):
    return [tuple(t["id"] for t in members) for members in _term_groups(bank).values()
            if MATCH_MIN <= len(members) <= MATCH_MAX]


def _term_match(bank, slot, rng):
    terms = [bank.by_id("term")[i] for i in slot]
    if len({t.get("group") for t in terms}) != 1:
        return None
    return _matching("term-match", "terms", terms, lambda t: t["term"], lambda t: t["definition"],
                     f"Match each term about {terms[0]['group']} to its meaning.",
                     " ".join(_term_expl(t) for t in terms),
                     "reference/glossary#glossary", (), rng)


SELECT = " Select all that apply."


def _tech_tools_all(bank, slot, rng):
    tech = bank.by_id("technique")[slot[0]]
    return _select_all("tech-tools-all", "techniques", tech["uses"],
                       [t for t in _tools(bank) if t not in tech["uses"]], str,
                       f"Which of these does this book list among the tools of {tech['name']}?" + SELECT,
                       _uses_expl(tech), tech["uses_section"], tech["cite"], rng, slot)


def _redflag_all(bank, slot, rng):
    level = slot[0]
    flags = bank["red_flag"]
    keys = [f for f in flags if f["level"] == level]
    if _levels(bank) is not None:  # 1.3.0 on: never a red flag among the options not to pick
        meaning = {"emergency": "going to an emergency department now",
                   "urgent": "seeing a doctor the same day"}[level]
        return _select_all(
            "redflag-all", "safety", keys, list(bank["after_effect"]), _what,
            f"In someone with a back spasm, which of these signs mean {meaning}?" + SELECT,
            f"{_action(bank, level)} for any of these: " + "; ".join(f["sign"] for f in keys)
            + ". The other options are normal after-effects of a massage.",
            keys[0]["section"], _cites(keys), rng, slot)
    # Emergency signs are never offered as wrong for "see a doctor the same day": a learner who
    # picks one is not wrong to want a doctor. Same-day signs are wrong for "emergency now".
    wrong = [f for f in flags if level == "emergency" and f["level"] != level]
    wrong += list(bank["after_effect"])
    meaning = {"emergency": "going to an emergency department now",
               "urgent": "seeing a doctor the same day"}[level]
    return _select_all(
        "redflag-all", "safety", keys, wrong, _what,
        f"In someone with a back spasm, which of these signs mean {meaning}?" + SELECT,
        f"{LEVEL_TEXT[level]} for any of these: " + "; ".join(f["sign"] for f in keys) + ". "
        + ("These are the warning signs of possible cauda equina syndrome. " if level == "emergency"
           else "")
        + "The other options are either another kind of red flag or a normal after-effect.",
        keys[0]["section"], _cites(keys), rng, slot)


def _contra_all(bank, slot, rng):
    contras = bank["contraindication"]
    return _select_all(
        "contra-all", "safety", contras, bank["after_effect"],
        _what,
        "Which of these mean a massage should be avoided or changed?" + SELECT,
        "Each condition on the list of contraindications changes or rules out a massage; "
        "soreness, a short rise in pain and reddened skin are normal after-effects.",
        "start/safety#contraindications", _cites(contras), rng, slot)


def _each(table):
    return lambda bank: [(e["id"],) for e in bank[table]]


TEMPLATES = (
    Template("tech-uses", "techniques", _tech_uses_slots, _tech_uses),
    Template("tech-not-uses", "techniques", _tech_not_uses_slots, _tech_not_uses),
    Template("tech-tools-tf", "techniques", _tech_tools_tf_slots, _tech_tools_tf),
    Template("tech-attr", "techniques", _tech_attr_slots, _tech_attr),
    Template("tech-which-attr", "techniques", _tech_attr_slots, _tech_which_attr),
    Template("stroke-name", "techniques", _each("stroke"), _stroke_name),
    Template("stroke-desc", "techniques", _each("stroke"), _stroke_desc),
    Template("stroke-match", "techniques", lambda bank: [tuple(s["id"] for s in bank["stroke"])],
             _stroke_match),
    Template("benefit-mechanism", "benefits", _mechanism_slots, _benefit_mechanism),
    Template("benefit-status", "benefits", _each("benefit"), _benefit_status),
    Template("claim-status", "claims", _each("claim"), _claim_status),
    Template("claim-tf", "claims", _claim_tf_slots, _claim_tf),
    Template("redflag-spot", "safety", _spot_slots, _redflag_spot),
    Template("redflag-level", "safety", _level_slots, _redflag_level),
    Template("contra-spot", "safety", _each("contraindication"), _contra_spot),
    Template("contra-advice", "safety", _contra_advice_slots, _contra_advice),
    Template("term-def", "terms", _each("term"), _term_def),
    Template("def-term", "terms", _each("term"), _def_term),
    Template("term-match", "terms", _term_match_slots, _term_match),
    Template("tech-tools-all", "techniques", _each("technique"), _tech_tools_all, since="1.1.0"),
    Template("redflag-all", "safety", lambda bank: [("emergency",), ("urgent",)], _redflag_all,
             since="1.1.0"),
    Template("contra-all", "safety", lambda bank: [("contraindications",)], _contra_all,
             since="1.1.0"),
)
BY_ID = {t.id: t for t in TEMPLATES}
_SCALES = {STATUSES, tuple(LEVEL_TEXT.values())}
#: templates whose options are always a scale in its own order (the bank's urgency levels)
SCALE_TEMPLATES = ("redflag-level",)


def slots(bank, topics=TOPICS):
    """Every (template, slot) the bank offers for these topics, in a stable order (only the
    templates that the bank's version has)."""
    edition = version_key(bank.version)
    out = [(t, s) for t in TEMPLATES if t.topic in topics and t.since <= edition
           for s in t.slots(bank)]
    return sorted(out, key=lambda ts: (ts[0].id, ts[1]))


def build(bank, template_id: str, slot: tuple, rng: random.Random):
    """One question for a template and slot, or None when the bank cannot make it unambiguous."""
    return BY_ID[template_id].build(bank, slot, rng)


def all_questions(bank, seed: int = 0, topics=TOPICS) -> list[Question]:
    """One question for every slot the bank offers (the whole pool), seeded."""
    rng = random.Random(seed)
    made = (t.build(bank, s, rng) for t, s in slots(bank, topics))
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
                question = template.build(bank, slot, rng)
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
    first = generate(bank, seed, count, topics)
    return tuple((t, sum(q.topic == t for q in first)) for t in topics), len(first)


def generate(bank, seed: int, count: int = 10, topics=TOPICS, variant: int = 0) -> list[Question]:
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
