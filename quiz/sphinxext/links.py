"""After reading: URLs from each self-check to the sections that state its answers, and the
answer-key appendix filled in from every page's self-checks. Also the per-document state that
makes parallel reads safe (purge and merge of `env.quiz_answers`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from quiz.sphinxext.nodes import answer_key_node, quiz_node


def purge(app: Any, env: Any, docname: str) -> None:
    getattr(env, "quiz_answers", {}).pop(docname, None)


def merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    env.quiz_answers = getattr(env, "quiz_answers", {})
    for doc in docnames:
        if doc in getattr(other, "quiz_answers", {}):
            env.quiz_answers[doc] = other.quiz_answers[doc]


def _url(app: Any, fromdoc: str, ref: str) -> str:
    doc, _, label = ref.partition("#")
    return app.builder.get_relative_uri(fromdoc, doc) + "#" + label


def resolve(app: Any, doctree: nodes.document, docname: str) -> None:
    html = app.builder.format == "html"
    for node in list(doctree.findall(quiz_node)):
        if html:
            for q in node["pool"] + node["static"]:
                q["url"] = _url(app, docname, q["section"])
    for node in list(doctree.findall(answer_key_node)):
        node.replace_self(_answer_key(app))


def _answer_key(app: Any) -> list[nodes.Node]:
    env = app.env
    answers = getattr(env, "quiz_answers", {})
    out: list[nodes.Node] = []
    for doc in env.found_docs and [d for d in _reading_order(app) if d in answers]:
        title = env.titles[doc].astext() if doc in env.titles else doc
        section = nodes.rubric(title, title)
        out.append(section)
        for n, quiz in enumerate(answers[doc], 1):
            items = nodes.enumerated_list(enumtype="arabic")
            for letter, option, why in quiz:
                text = f"{letter}) {option}. {why}"
                items += nodes.list_item("", nodes.paragraph(text, text))
            if len(answers[doc]) > 1:
                out.append(nodes.paragraph(f"Self-check {n}", f"Self-check {n}"))
            out.append(items)
    return out


def _reading_order(app: Any) -> list[str]:
    """Documents in table-of-contents order, so the key follows the book."""
    env = app.env
    order: list[str] = []

    def walk(doc: str) -> None:
        if doc in order:
            return
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(app.config.root_doc)
    return order + sorted(set(env.found_docs) - set(order))


def setup(app: Any) -> None:
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-resolved", resolve)
