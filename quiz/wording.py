"""How the kit words a question's key for a learner, and how it compares two wordings.

`key_text` is the key as a learner reads it, the same in the terminal quiz, the exports and the
book's answer key (quiz.render.common re-exports it for the renderers). `normalise` makes text
comparable whatever its case, quotes, dashes and spacing: the bank loader checks with it that a
fact's key phrases are part of the fact, and quiz.trace that the book's prose states them.
Pure, standard library only; neither renderer nor Sphinx code, so that every layer may use it.
"""

from __future__ import annotations

import re
import unicodedata

from quiz.model import LETTERS, Question

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = {ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201c"): '"', ord("\u201d"): '"',
           ord("\u00ad"): None}


def key_text(q: Question, letters: bool = False) -> str:
    """The key as a learner reads it: `C) vibration`, `True` (or `A) True` with `letters`), every
    keyed option of a select-all question (`A) x; C) y`), or for a matching question its pairs by
    letter, `1D 2B 3E`."""
    if q.prompts:
        return q.letters
    if len(q.answer) > 1:  # select all that apply: every keyed option
        return "; ".join(f"{LETTERS[i]}) {q.options[i]}" for i in q.answer)
    key = q.answer[0]
    if q.kind == "single" or letters:
        return f"{LETTERS[key]}) {q.options[key]}"
    return q.options[key]


def key_words(q: Question) -> str:
    """The key without letters, for a place that shuffles the options (Moodle shuffles a GIFT
    question's answers): `vibration`, `x; y` for a select-all question."""
    return "; ".join(q.options[i] for i in q.answer)


def normalise(text: str) -> str:
    """`text` in one canonical form: NFKC, one kind of dash and quote, single spaces (none inside
    brackets or before punctuation), case-folded."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:)\]])", r"\1", text)  # HTML text joins inline elements with spaces
    return re.sub(r"([(\[])\s+", r"\1", text).strip().casefold()
