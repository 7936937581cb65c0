"""JSON rendering of a quiz: the replay code, the bank version and every question with its key."""

from __future__ import annotations

import json

from quiz.model import Question


def render(questions: list[Question], code: str, version: str) -> str:
    data = {"code": code, "version": version, "questions": [q.as_dict() for q in questions]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_variants(quizzes: list[list[Question]], code: str, version: str) -> str:
    """Several variants of one quiz: the same code, and each variant's number and questions."""
    data = {"code": code, "version": version,
            "variants": [{"variant": v, "questions": [q.as_dict() for q in quiz]}
                         for v, quiz in enumerate(quizzes)]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def export(quizzes: list[list[Question]], job):
    """One quiz as `render` writes it; several variants as `render_variants` does (the terminal
    quiz's `--format json` uses `render` alone, so the registry is imported only here)."""
    from quiz.render.formats import Rendered

    if len(quizzes) == 1:
        return Rendered(render(quizzes[0], job.code, job.version), len(quizzes[0]), 0)
    return Rendered(render_variants(quizzes, job.code, job.version), sum(map(len, quizzes)), 0)
