"""JSON rendering of a quiz: the replay code, the bank version and every question with its key."""

from __future__ import annotations

import json

from quiz.model import Question


def render(questions: list[Question], code: str, version: str) -> str:
    data = {"code": code, "version": version, "questions": [q.as_dict() for q in questions]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
