"""The answer key: `{answer-key}`, filled in from every page's self-checks once all are read.

`{answer-key}` places `answer_key_node`, which is replaced when the page is resolved (for every
builder) by a rubric per page with a self-check and its answers in book order.

Per-document state lives in the environment, purged and merged so that parallel reads are safe:
- `env.quiz_answers`: docname -> one list per self-check of its answers as the key prints them
  (quiz.sphinxext.selfcheck.key_entry: `C) option. Why.`, for a select-all question every keyed
  option, for a matching question its pairs and numbered prompts);
- `env.quiz_key_docs`: the documents that hold an `{answer-key}`.

The answer key is computed from every page, so when a page's self-check answers change (the page
was edited, the bank changed, a page was removed), the pages holding the key are written again
although they were not re-read; when nothing the key shows changed, they are left alone.
"""

from __future__ import annotations

import weakref
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class answer_key_node(nodes.General, nodes.Element):
    """Placeholder for the answer-key appendix (replaced before any writer sees it)."""


class AnswerKey(SphinxDirective):
    """`{answer-key}`: where the answers of every self-check are gathered."""

    def run(self):
        key_docs(self.env).add(self.env.docname)
        return [answer_key_node()]


# The answer key as it was before this build read anything: env -> key_data (not pickled).
_BEFORE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def answers(env: Any) -> dict[str, list[list[str]]]:
    """docname -> the answers of each self-check on that page, in page order."""
    return env.__dict__.setdefault("quiz_answers", {})


def key_docs(env: Any) -> set[str]:
    """The documents holding an `{answer-key}`."""
    return env.__dict__.setdefault("quiz_key_docs", set())


def purge(app: Any, env: Any, docname: str) -> None:
    answers(env).pop(docname, None)
    key_docs(env).discard(docname)


def merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    mine, theirs = answers(env), answers(other)
    for doc in docnames:
        if doc in theirs:
            mine[doc] = theirs[doc]
    key_docs(env).update(key_docs(other) & set(docnames))


def reading_order(env: Any, root_doc: str) -> list[str]:
    """Documents in table-of-contents order (then the rest, sorted), so the key follows the book."""
    order: list[str] = []
    seen: set[str] = set()

    def walk(doc: str) -> None:
        if doc in seen:
            return
        seen.add(doc)
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(root_doc)
    return order + sorted(set(env.found_docs) - seen)


def key_data(env: Any, root_doc: str) -> list[tuple[str, str, list]]:
    """What the answer key shows: (docname, title, answers) for each page with a self-check."""
    got = answers(env)
    return [(doc, env.titles[doc].astext() if doc in env.titles else doc,
             [list(quiz) for quiz in got[doc]])
            for doc in reading_order(env, root_doc) if got.get(doc)]


def remember_key(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """env-get-outdated: note the key before any page is purged or read again."""
    _BEFORE[env] = key_data(env, app.config.root_doc)
    return []


def key_pages_if_changed(app: Any, env: Any) -> list[str]:
    """env-get-updated: the pages holding the key, when what the key shows has changed."""
    before = _BEFORE.pop(env, None)
    if before == key_data(env, app.config.root_doc):
        return []
    return sorted(key_docs(env) & set(env.found_docs))


def resolve(app: Any, doctree: nodes.document, docname: str) -> None:
    """Replace the placeholder by the answers of every self-check."""
    for node in list(doctree.findall(answer_key_node)):
        node.replace_self(_answer_key(app))


def _answer_key(app: Any) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for _doc, title, quizzes in key_data(app.env, app.config.root_doc):
        out.append(nodes.rubric(title, title))
        for n, quiz in enumerate(quizzes, 1):
            items = nodes.enumerated_list(enumtype="arabic")
            for text in quiz:
                items += nodes.list_item("", nodes.paragraph(text, text))
            if len(quizzes) > 1:
                out.append(nodes.paragraph(f"Self-check {n}", f"Self-check {n}"))
            out.append(items)
    return out


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup(app: Any) -> None:
    app.add_node(answer_key_node, html=(_skip, None), latex=(_skip, None), text=(_skip, None),
                 man=(_skip, None), texinfo=(_skip, None))
    app.add_directive("answer-key", AnswerKey)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", remember_key)
    app.connect("env-get-updated", key_pages_if_changed)
    app.connect("doctree-resolved", resolve)
