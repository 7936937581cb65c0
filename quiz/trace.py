"""Traceability: for each question, the book section that must state its answer, and the phrases
that show it does.

What each template's questions need the book to state is part of the template's record
(`Template.states`, quiz.generate.catalogue): a fact's `answer_text` lists the key phrases the
prose must contain (each phrase is also part of the fact itself, which the loader checks, so a
fact cannot change without its phrases); without `answer_text`, the whole value must appear.
Matching is on normalised text: case, quotes, dashes and whitespace do not matter. Used by the
tests against the built HTML and by the review sheet; pure, no Sphinx.
"""

from __future__ import annotations

from quiz.generate import BY_ID
from quiz.generate.template import phrases
from quiz.model import Question, split_question_id
from quiz.wording import normalise

__all__ = ["expectations", "normalise", "phrases", "stated"]


def stated(bank, qid: str, ref: str) -> tuple[str, list[str]]:
    """(section ref, phrases that the section's prose must contain) for a question id, whose
    question is in the section `ref`."""
    template_id, slot = split_question_id(qid)
    template = BY_ID.get(template_id)
    if template is None:
        raise KeyError(f"no traceability rule for template {template_id}")
    return template.states(bank, slot, ref)


def expectations(bank, q: Question) -> tuple[str, list[str]]:
    """(section ref, phrases that the section's prose must contain) for a question."""
    return stated(bank, q.id, q.section.ref)
