"""The bank's schema: which tables exist, their fields and types, and what they point to.

Kept as plain data so that the validator, the docs and the tests read the same description.
"""

from __future__ import annotations

from quiz.model import STATUSES

# field type names understood by quiz.bank.loader
STR, STRLIST, SECTION, STATUS, LEVEL, CLAIMREFS = "str", "strlist", "section", "status", "level", "claims"
BOOL, CAUTION = "bool", "caution"
PHRASES = "phrases"  # {field: [phrase, ...]}: what the book's prose must say for that field
SHORT = "short"  # {field: "text"}: a shorter wording of a text field, for sheets with length limits
QUIZ = "quiz"  # {field: "text"}: the wording questions show instead of a text field's own
QUIZ_FIELDS = ("definition",)  # the only fields a question shows in a quiz form (quiz.bank.giveaway)
WORDS = "words"  # a list of names that are also parts of question ids: lower-case words only

#: red-flag levels, most urgent first: an emergency department now, a doctor the same day, a routine
#: appointment soon. A sign belongs to exactly one level (quiz.bank.relations checks it).
LEVELS = ("emergency", "urgent", "routine")
#: how far a contraindication's advice restricts a massage, most cautious first: a question never
#: offers as wrong an advice at least as cautious as its key (quiz.generate, contra-advice)
CAUTIONS = ("no massage", "ask first", "not on the area", "gentler")
# for the figures (quiz/figures/techniques.py): how hard, and how the pressure moves
PRESSURES, MOTION = "pressures", "motion"
PRESSURE_LEVELS = ("light", "medium", "firm")
MOTIONS = ("held", "gliding", "point to point")

#: table name -> {field: (type, required)}; every table also has id (str, required).
TABLES: dict[str, dict[str, tuple[str, bool]]] = {
    "technique": {
        "name": (STR, True), "aka": (STRLIST, False), "section": (SECTION, True),
        "cite": (STRLIST, True), "uses": (WORDS, True), "uses_section": (SECTION, True),
        "origin": (STR, True), "origin_section": (SECTION, True),
        "setting": (STR, True), "setting_section": (SECTION, True),
        "pressure": (STR, True), "pressure_section": (SECTION, True),
        "target": (STR, True), "target_section": (SECTION, True),
        "pressure_levels": (PRESSURES, False), "motion": (MOTION, False),
        "timing": (STR, False), "timing_section": (SECTION, False),
        "evidence": (STATUS, False), "evidence_section": (SECTION, False),
    },
    "stroke": {
        "name": (STR, True), "description": (STR, True), "section": (SECTION, True),
        "cite": (STRLIST, True),
    },
    "claim": {
        "claim": (STR, True), "status": (STATUS, True), "summary": (STR, True),
        "cite": (STRLIST, True), "section": (SECTION, True), "implied": (BOOL, False),
    },
    "benefit": {
        "benefit": (STR, True), "mechanism": (STR, True), "status": (STATUS, True),
        "claims": (CLAIMREFS, True), "section": (SECTION, True), "cite": (STRLIST, True),
    },
    "level": {  # the levels themselves: what each asks the reader to do (one place for every page)
        "action": (STR, True), "advice": (STR, True), "section": (SECTION, True),
    },
    "red_flag": {
        "sign": (STR, True), "level": (LEVEL, True), "section": (SECTION, True),
        "cite": (STRLIST, True), "brief": (STR, False), "about": (STRLIST, False),
        # the sign in the third person, for the level question (rule level-stem-in-third-person)
        "case": (STR, False),
    },
    "contraindication": {
        "condition": (STR, True), "advice": (STR, True), "section": (SECTION, True),
        "cite": (STRLIST, True), "caution": (CAUTION, False), "also": (STRLIST, False),
        "universal": (BOOL, False), "flag": (STR, False),
    },
    "after_effect": {
        "effect": (STR, True), "section": (SECTION, True), "cite": (STRLIST, True),
    },
    "mechanism_foil": {  # mechanisms the article never names: wrong options for benefit-mechanism
        "mechanism": (STR, True),
    },
    "term": {
        "term": (STR, True), "definition": (STR, True), "section": (SECTION, True),
        "group": (STR, False),
        # the definition as questions show it when it must hide its term (rule
        # definition-hides-its-term, quiz.bank.giveaway); the glossary shows `definition`
        "quiz": (QUIZ, False),
    },
    # rules of question making that this bank follows (quiz.generate.template.follows): a rule
    # added after a release names itself here, so an older edition's bank, which does not,
    # is still made exactly as it was
    # `wording`: the rule only rewords questions (the same facts asked, keyed and offered), so an old
    # replay code whose questions only it changed still replays them as printed
    "rule": {"about": (STR, True), "wording": (BOOL, False)},
}

for _name, _spec in TABLES.items():
    if _name not in ("term", "level", "mechanism_foil", "rule"):  # the glossary is rendered from the bank itself
        _spec["answer_text"] = (PHRASES, False)
    # Kahoot's sheet takes 120 characters a question and 75 an answer: `short` gives a text
    # field a shorter wording with the same meaning (quiz/render/short.py), never used elsewhere.
    _spec["short"] = (SHORT, False)

ENUMS = {STATUS: STATUSES, LEVEL: LEVELS, MOTION: MOTIONS, CAUTION: CAUTIONS}
LIST_ENUMS = {PRESSURES: PRESSURE_LEVELS}  # a list whose every value is one of these
