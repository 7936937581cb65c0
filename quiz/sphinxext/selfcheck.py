"""Self-checks: the `{quiz}` directive, its node, and how each builder writes it.

`{quiz}` draws the questions whose answers this page states (or, with `:from: DOC ...`, the pages
it reviews) from the bank: every one of them (the pool, asked in the browser) and a fixed
selection (printed). Its answers go to the answer key (quiz.sphinxext.answerkey).

`quiz_node` is a container: its children are the printed form (numbered questions), which every
builder can write. HTML replaces them with an interactive widget: the question pool as
`<script type="application/json">`, a mount point for quiz.js, and a `<noscript>` fallback with
the questions and their answers in `<details>`. The text builder gets numbered questions with
lettered options, like the printed form (its own writer would number the options). A matching
question adds its numbered prompts before the options, and its answer is the pairs, `1E 2A 3B`;
a select-all question's stem says "Select all that apply.", and its answer is every keyed option,
`A) palms; C) thumbs`. LaTeX, man and Texinfo write the printed form as any container (a LaTeX
environment of class quiz-printed, which conf.py keeps from breaking across pages); EPUB, like
every HTML builder, gets the HTML form. Once the pages are resolved, each question of the HTML
pool gets the URL of the section that states its answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from quiz.model import LETTERS
from quiz.sphinxext import answerkey, facts
from quiz.sphinxext.bank import BankDirective
from quiz.wording import key_text


class quiz_node(nodes.container):
    """A self-check: attributes `pool` (list of dicts) and `count`; children: the printed form."""


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
           ('<p class="quiz-noscript-note">Turn on JavaScript to answer these in the page; '
            "the answers are below each question.</p><ol>")]
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


class Quiz(BankDirective):
    """`{quiz}`: a self-check over the questions whose answers this page states, or with
    `:from: DOC DOC ...` (or `:from: *`, every page) the pages it reviews, as a chapter that
    compares or sums up others does."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "topic": directives.unchanged, "count": directives.positive_int,
        "seed": directives.nonnegative_int, "from": directives.unchanged}

    def run(self):
        bank = self.bank()
        docs = self.options.get("from", "").split() or [self.env.docname]
        pool = facts.pool(bank, None if docs == ["*"] else docs, self.options.get("topic"))
        if not pool:
            raise self.error(f"quiz: the bank has no questions for {' '.join(docs)}")
        count = min(self.options.get("count", 3), len(pool))
        static = facts.draw(pool, count, self.options.get("seed", 0))
        serial = self.env.new_serialno("quiz")
        node = quiz_node(classes=["quiz-printed"], ids=[f"self-check-{serial + 1}"])
        node["pool"] = [q.as_dict() for q in pool]
        node["static"] = [q.as_dict() for q in static]
        node["count"] = count
        heading = (f"Self-check: {len(static)} question{'' if len(static) == 1 else 's'} "
                   "(answers in the answer key)")
        node += nodes.rubric(heading, heading)
        items = nodes.enumerated_list(enumtype="arabic")
        for q in static:
            items += printed_question(q)
        node += items
        answerkey.answers(self.env).setdefault(self.env.docname, []).append(
            [key_entry(q) for q in static])
        return [node]


def _list(enumtype: str, texts, suffix: str = ".") -> nodes.enumerated_list:
    out = nodes.enumerated_list(enumtype=enumtype, prefix="", suffix=suffix)
    for text in texts:
        out += nodes.list_item("", nodes.paragraph(text, text))
    return out


def printed_question(q) -> nodes.list_item:
    """A question as every builder can print it: the stem, (matching) the numbered prompts, and
    the lettered options (a select-all question's stem ends "Select all that apply.")."""
    item = nodes.list_item()
    item += nodes.paragraph(q.stem, q.stem)
    if q.prompts:
        item += _list("arabic", q.prompts)
    item += _list("upperalpha", q.options, suffix=")")  # "A)", as the answer key writes it
    return item


def key_entry(q) -> str:
    """One answer as the answer key prints it: `C) vibration. Why.`; for a select-all question
    every keyed option, `A) palms; C) thumbs. Why.`; for a matching question its pairs, then its
    numbered prompts, `1E 2A 3B (1 friction, 2 effleurage, 3 petrissage). Why.`, since the
    explanation gives each prompt's option. An option's own full stop is not doubled."""
    if q.prompts:
        prompts = ", ".join(f"{n} {p}" for n, p in enumerate(q.prompts, 1))
        return f"{q.letters} ({prompts.rstrip('.')}). {q.explanation}"
    if q.kind == "multiple":
        return f"{key_text(q).rstrip('.')}. {q.explanation}"
    key = q.answer[0]
    return f"{LETTERS[key]}) {q.options[key].rstrip('.')}. {q.explanation}"


def _url(app, fromdoc: str, ref: str) -> str:
    doc, _, label = ref.partition("#")
    return app.builder.get_relative_uri(fromdoc, doc) + "#" + label


def resolve_urls(app, doctree: nodes.document, docname: str) -> None:
    """HTML: each pooled question links to the section that states its answer."""
    if app.builder.format == "html":
        for node in doctree.findall(quiz_node):
            for q in node["pool"] + node["static"]:
                q["url"] = _url(app, docname, q["section"])


def setup(app) -> None:
    app.add_node(quiz_node, html=(visit_quiz_html, None), text=(visit_quiz_text, None))
    app.add_directive("quiz", Quiz)
    app.connect("doctree-resolved", resolve_urls)
