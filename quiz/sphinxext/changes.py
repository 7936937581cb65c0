"""`{question-changes} VERSION`: the questions a release added, removed and changed (changelog).

Computed at build time by quiz.editions from the edition records in quiz/bank/editions (for this
package's own version before its record is written: from the live bank), against the release
before it. Nothing is typed by hand, so the list is exact; instructors use it to update the copies
of the questions in their LMS.
"""

from __future__ import annotations

import os

from docutils import nodes

from quiz import editions
from quiz.errors import QuizError
from quiz.sphinxext.bank import BankDirective

GROUPS = (("added", "Added"), ("removed", "Removed"), ("changed", "Changed"),
          ("options_changed", "Same question, other wrong options to draw from"))


def _plural(n: int) -> str:
    return f"{n} question" if n == 1 else f"{n} questions"


class QuestionChanges(BankDirective):
    """The question changes of one release (its version is the argument)."""

    required_arguments = 1

    def run(self):
        for name in editions.known():
            self.env.note_dependency(os.path.join(editions.EDITIONS_DIR, f"{name}.json"))
        try:
            previous, d = editions.release_changes(self.arguments[0], self.bank())
        except QuizError as exc:
            raise self.error(f"question-changes: {exc}") from None
        box = nodes.container(classes=["question-changes"])
        if previous is None:
            text = (f"Question bank: {_plural(d['to']['questions'])}, each with a stable id. "
                    "No earlier release has an edition record to compare with.")
            box += nodes.paragraph(text, text)
            return [box]
        text = f"Questions compared with {previous}: {editions.summary(d)}."
        box += nodes.paragraph(text, text)
        items = nodes.bullet_list()
        for key, label in GROUPS:
            if d[key]:
                para = nodes.paragraph()
                # in print, a list of ids is set ragged right: justified, a line of long ids
                # that cannot be broken inside would run into the margin (2.0.0's 82 ids did)
                para += nodes.raw("", "\\raggedright{}", format="latex")
                para += nodes.strong(f"{label}:", f"{label}:")
                for i, qid in enumerate(d[key]):
                    para += nodes.Text(" " if i == 0 else ", ")
                    para += _id_nodes(qid)
                items += nodes.list_item("", para)
        if len(items):
            box += items
        return [box]


def setup(app) -> None:
    app.add_directive("question-changes", QuestionChanges)


def _id_nodes(qid: str) -> list[nodes.Node]:
    """A question id as code. A long one (a matching question's id joins every term's) may break
    after each `+` in print, or it would run into the margin: LaTeX never breaks inside code."""
    if len(qid) <= 40 or "+" not in qid:
        return [nodes.literal(qid, qid)]
    out: list[nodes.Node] = []
    for i, part in enumerate(qid.split("+")):
        if i:
            out.append(nodes.raw("", "\\allowbreak{}", format="latex"))
        text = part if i == 0 else "+" + part
        out.append(nodes.literal(text, text))
    return out

