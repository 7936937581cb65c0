"""The self-check node and how each builder writes it.

`quiz_node` is a container: its children are the printed form (numbered questions), which every
builder can write. HTML replaces them with an interactive widget: the question pool as
`<script type="application/json">`, a mount point for quiz.js, and a `<noscript>` fallback with
the questions and their answers in `<details>`. The text builder gets numbered questions with
lettered options, like the printed form (its own writer would number the options). A matching
question adds its numbered prompts before the options, and its answer is the pairs, `1E 2A 3B`;
a select-all question's stem says "Select all that apply.", and its answer is every keyed option,
`A) palms; C) thumbs`.
`answer_key_node` is replaced, once every document has been read, by the answers of every
self-check in the book.
"""

from __future__ import annotations

import json
from html import escape

from docutils import nodes

from quiz.model import LETTERS


class quiz_node(nodes.container):
    """A self-check: attributes `pool` (list of dicts) and `count`; children: the printed form."""


class answer_key_node(nodes.General, nodes.Element):
    """Placeholder for the answer-key appendix."""


def _script_json(data) -> str:
    """JSON that cannot close its <script> element or open a comment, whatever the bank holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def visit_quiz_html(self, node: quiz_node) -> None:
    pool = node["pool"]
    count = node["count"]
    qid = node["ids"][0] if node["ids"] else "quiz"
    out = [f'<div class="quiz" id="{escape(qid)}" data-count="{count}">',
           f'<script type="application/json" class="quiz-pool">{_script_json(pool)}</script>',
           '<div class="quiz-mount"></div>', "<noscript>",
           '<p class="quiz-noscript-note">Turn on JavaScript to answer these in the page; '
           "the answers are below each question.</p><ol>"]
    for q in node["static"]:
        out.append(f"<li><p>{escape(q['stem'])}</p>")
        if q.get("prompts"):  # a matching question: the numbered prompts, then the options
            out.append('<ol class="quiz-prompts">')
            out += [f"<li>{escape(p)}</li>" for p in q["prompts"]]
            out.append("</ol>")
            answer = escape(q["answer_letters"])
        else:  # the keyed option, or each keyed option of a select-all question
            answer = "; ".join(f"{LETTERS[k]}) {escape(q['options'][k])}" for k in q["answer"])
        out.append('<ol type="A">')
        out += [f"<li>{escape(opt)}</li>" for opt in q["options"]]
        out.append(f"</ol><details><summary>Answer</summary><p>{answer.rstrip('.')}. "
                   f"{escape(q['explanation'])} "
                   f"<a href=\"{escape(q['url'])}\">Read the section</a></p></details></li>")
    out.append("</ol></noscript></div>")
    self.body.append("\n".join(out))
    raise nodes.SkipNode


def visit_quiz_text(self, node: quiz_node) -> None:
    """Plain text: numbered questions with lettered options, as in print (the text writer would
    number the options 1, 2, 3, which the answer key's letters could not refer to)."""
    heading = node.children[0].astext() if node.children else ""
    self.new_state(0)
    self.add_text(f"-[ {heading} ]-")
    self.end_state(wrap=False)
    for n, q in enumerate(node["static"], 1):
        number = f"{n}. "
        self.new_state(len(number))
        self.new_state(0)
        self.add_text(q["stem"])
        self.end_state()
        for i, prompt in enumerate(q.get("prompts", ()), 1):  # a matching question's prompts
            self.new_state(len(f"{i}. "))
            self.add_text(prompt)
            self.end_state(first=f"{i}. ", end=None)
        for i, option in enumerate(q["options"]):
            letter = f"{LETTERS[i]}. "
            self.new_state(len(letter))
            self.add_text(option)
            self.end_state(first=letter, end=None)
        self.add_text("")  # a blank line after the options
        self.end_state(first=number)
    raise nodes.SkipNode


def visit_answer_key_html(self, node) -> None:
    raise nodes.SkipNode


def setup(app) -> None:
    app.add_node(quiz_node, html=(visit_quiz_html, None), text=(visit_quiz_text, None))
    app.add_node(answer_key_node, html=(visit_answer_key_html, None),
                 latex=(visit_answer_key_html, None), text=(visit_answer_key_html, None))
