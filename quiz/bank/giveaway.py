"""Whether a glossary definition gives its term away (rule definition-hides-its-term).

A question that shows a definition beside its term ("Which term means: A review that...",
with "systematic review" among the options) is answered by matching words, not by knowing the
term. With the rule in quiz/bank/rules.toml, every definition a question shows (the term's
`quiz` form of it if it has one, else the book's definition, and its `short` form) must hold no
word of its term: a word of five letters or more, in any case and with any ending
("Meridians" for "meridian", "refer" for "referred", "Beta-endorphin" for "endorphin").
Shorter words ("low back pain", "deep vein") are the plain words a definition cannot avoid,
and are not looked for. A bank of an edition before the rule is not checked: its questions
are made as they were.
"""

from __future__ import annotations

import os
import re

RULE = "definition-hides-its-term"
MIN_LETTERS = 5


def _words(text: str) -> list[str]:
    from quiz.wording import normalise

    return re.findall(r"[a-z]+", normalise(text))


def _same(a: str, b: str) -> bool:
    """One word with another ending: they share their first five letters or more, and all but
    the last letter of the shorter one ("meridian"/"meridians", "centre"/"centripetal")."""
    n = len(os.path.commonprefix((a, b)))
    return a == b or (n >= MIN_LETTERS and n >= min(len(a), len(b)) - 1)


def clue(term: str, text: str) -> str | None:
    """The first word of `text` that is a word of `term` (of five letters or more), or None."""
    wanted = [w for w in _words(term) if len(w) >= MIN_LETTERS]
    return next((w for w in _words(text) if any(_same(w, t) for t in wanted)), None)


def shown(term: dict) -> str:
    """The definition a question of a bank following the rule shows for `term`."""
    return term.get("quiz", {}).get("definition", term["definition"])


def problems(tables: dict[str, list[dict]]) -> list[str]:
    """A term whose shown definition or its short form holds a word of the term, for a bank
    that follows the rule; one line each, naming the file, the entry and the field."""
    if not any(r["id"] == RULE for r in tables.get("rule") or ()):
        return []
    out = []
    for t in tables["term"]:
        field = "quiz" if "definition" in t.get("quiz", {}) else "definition"
        for where, text in ((field, shown(t)), ("short", t.get("short", {}).get("definition"))):
            word = clue(t["term"], text) if text else None
            if word:
                out.append(f"{t['_file']}: term '{t['id']}': field '{where}': the definition "
                           f"a question shows holds {word!r}, a word of its term (rule {RULE}: "
                           "give the term a `quiz = { definition = \"...\" }` without it)")
    return out
