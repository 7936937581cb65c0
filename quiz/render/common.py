"""Wording shared by the export formats, so GIFT, QTI, Anki and CSV say the same thing.

Each option's feedback comes from the question's explanation (a matching question has one
feedback for the whole set of pairs; a select-all option's feedback says whether that option
applies and gives the whole key); the book section is a link relative to the built HTML book,
or an absolute URL when the instructor gives the book's address.
"""

from __future__ import annotations

import hashlib
import re

from quiz.model import Question

# the renderers' wording of a key, imported from here too
from quiz.wording import key_text, key_words, normalise

TITLE = "Massage for Back Spasms"
_CLEAN_ID = re.compile(r"[a-z][a-z0-9-]*:[a-z0-9+-]*")
#: the only characters of an identifier in any export: no importer rewrites them
IDENT_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def ident(qid: str) -> str:
    """An identifier of `[A-Za-z0-9_-]` only, starting with a letter, for a stable id: an XML
    NCName that no importer rewrites, different for different ids.

    `tech-attr:swedish+origin` -> `tech-attr_swedish_origin`: a template id holds no `_`, so the
    first `_` stands for the `:` and every later one for a `+`. Canvas's QTI 1.2 converter
    (QTIMigrationTool, `ReadIdentifier`) turns `:` and `.` into `_` (and other characters into
    `-`) in a choice's identifier but not in the scoring condition that names it, so an
    identifier it would rewrite loses the question its key. An id of another shape gets a
    readable part plus a short hash.
    """
    if _CLEAN_ID.fullmatch(qid):
        return qid.replace(":", "_").replace("+", "_")
    digest = hashlib.sha256(qid.encode("utf-8")).hexdigest()[:10]
    return "q-" + re.sub(r"[^A-Za-z0-9-]+", "-", qid).strip("-") + "-" + digest


def section_url(q: Question, book_url: str | None = None) -> str:
    """Where the book states the answer: `techniques/swedish.html#label`, under `book_url`."""
    if not book_url:
        return q.section.html
    return book_url.rstrip("/") + "/" + q.section.html


def option_feedback(q: Question, index: int, letters: bool = True) -> str:
    """What a learner who picked option `index` reads: right or wrong, then the explanation.

    In a select-all question, picking a keyed option is not yet the right answer, so the
    feedback says whether this one option applies and then gives the whole key:
    `Yes, this one applies. The answer is A) x; C) y. ...` (or `No, this one does not apply.`).
    Without `letters` (for an LMS that shuffles the options) the key is named by its words only.
    """
    key = (key_text(q) if letters else key_words(q)).rstrip(".")  # an option's own full stop, once
    if q.kind == "multiple":
        verdict = "Yes, this one applies." if index in q.answer else "No, this one does not apply."
        return f"{verdict} The answer is {key}. {q.explanation}"
    return response_feedback(q, index in q.answer, letters)


def _explained(q: Question) -> bool:
    """Whether the explanation already names the key of a single-answer question in its own
    words, so that a feedback without letters need not state the answer twice. (Not true/false:
    "true" may be any word of it; not select-all: its explanation lists a whole level of signs,
    and the feedback names which options are the key.)"""
    if q.kind != "single":
        return False
    return normalise(q.options[q.answer[0]].rstrip(".")) in normalise(q.explanation)


def response_feedback(q: Question, right: bool, letters: bool = True) -> str:
    """Feedback for a right or a wrong response; for a matching question, on the whole set of
    pairs (`Not quite: the answer is 1D 2B 3E. ...`)."""
    if right:
        return f"Correct. {q.explanation}"
    if not letters and _explained(q):
        return f"Not quite. {q.explanation}"
    key = (key_text(q) if letters or q.prompts else key_words(q)).rstrip(".")
    return f"Not quite: the answer is {key}. {q.explanation}"


def general_feedback(q: Question, book_url: str | None = None) -> str:
    return f"Read more in the book: {section_url(q, book_url)}"


def variant_label(code: str, variant: int) -> str:
    """The replay code of a quiz, plus the variant number when it is not the quiz itself."""
    return code if variant == 0 else f"{code} variant {variant}"


def item_ident(q: Question, variant: int) -> str:
    """A QTI item's identifier: the stable id, plus the variant (whose option order may differ)."""
    return ident(q.id) + (f"-v{variant}" if variant else "")


def assessment_ident(code: str, variant: int) -> str:
    """A QTI quiz's identifier: `quiz-1_2_0-edf394-7-10-TBCSG` (`[A-Za-z0-9_-]` only)."""
    return "quiz-" + re.sub(r"[^A-Za-z0-9-]", "_", code) + (f"-v{variant}" if variant else "")


def quiz_title(code: str, variant: int) -> str:
    return f"{TITLE}: quiz {variant_label(code, variant)}"


def unique(quizzes: list[list[Question]]) -> list[Question]:
    """Every question of every variant once, in order (a deck or a sheet holds no repeats)."""
    seen: set[str] = set()
    out = []
    for quiz in quizzes:
        for q in quiz:
            if q.id not in seen:
                seen.add(q.id)
                out.append(q)
    return out
