"""The `{keyfacts}`, `{quiz}`, `{bank-glossary}`, `{answer-key}`, `{red-flags}` and
`{red-flag-summary}` directives.

Each reads the bank through quiz.bank (cached per process for each version of the bank's files)
and notes the bank's files as dependencies of the page, so editing the bank rebuilds exactly the
pages that render it. The bank is the package's, or the folder `quiz_bank_dir` names (relative to
conf.py's folder). A bank that cannot be loaded, like a wrong argument, is a warning naming the
problem, never a crash.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from quiz import bank as bank_mod
from quiz.errors import QuizError
from quiz.model import LETTERS
from quiz.sphinxext import facts, links
from quiz.sphinxext.nodes import answer_key_node, quiz_node
from quiz.wording import key_text


def _stamp(paths: list[str]) -> tuple:
    """What identifies a version of the bank's files: their paths and a checksum of each one's
    content, as quiz.bank keys its cache (an edit that keeps size and time is seen too)."""
    return tuple(paths), repr(bank_mod._stamp(paths))


@lru_cache(maxsize=4)
def _load(bank_dir: str, stamp: tuple):
    """The bank, loaded once per process for each version of its files (`stamp`): a bank edited
    between two builds in one process (tests, a long-lived builder) is read again, never stale."""
    return bank_mod.load(bank_dir)


def resolve_bank_dir(app, config) -> None:
    """`quiz_bank_dir` is relative to the folder of conf.py (like every Sphinx path setting):
    made absolute once, when the configuration is read. Unset means the package's own bank."""
    if config.quiz_bank_dir:
        config.quiz_bank_dir = os.path.normpath(os.path.join(str(app.confdir), config.quiz_bank_dir))


def note_code(env) -> None:
    """Record every module of the quiz package loaded so far, but the extension's own (its
    env_version covers those), as dependencies of the page being read. Whatever turns the bank
    into this page's content (the generator, quiz.wording's key_text, a figure and the modules
    it imports) has been imported by then, so editing any of it reads the page again; modules a
    build never loads (the CLI, the exports) rebuild nothing."""
    for name, module in list(sys.modules.items()):
        if (name == "quiz" or name.startswith("quiz.")) and not name.startswith("quiz.sphinxext"):
            path = getattr(module, "__file__", None)
            if path:
                env.note_dependency(path)


def env_bank(env, only: str | None = None):
    """The bank the book renders (`quiz_bank_dir`, or the package's), with its files (or just the
    file named `only`, such as "safety.toml", where it exists) noted as dependencies of the page
    being read. Raises QuizError or OSError if it cannot be loaded."""
    folder = env.config.quiz_bank_dir or bank_mod.BANK_DIR
    paths = bank_mod.bank_files(folder)
    for path in [p for p in paths if os.path.basename(p) == only] or paths:
        env.note_dependency(path)
    return _load(folder, _stamp(paths))


class BankDirective(SphinxDirective):
    """Base: access to the bank, with the bank's files recorded as dependencies."""

    def bank(self):
        folder = self.config.quiz_bank_dir or bank_mod.BANK_DIR
        try:
            paths = bank_mod.bank_files(folder)
            for path in paths:
                self.env.note_dependency(path)
            note_code(self.env)
            return _load(folder, _stamp(paths))
        except (QuizError, OSError) as exc:
            raise self.error(f"{self.name}: cannot load the question bank: {exc}") from None

    def paragraph(self, parts) -> nodes.paragraph:
        """A paragraph of facts.py's parts: bank text as Text nodes (in bold for STRONG), which
        no parser sees; only facts.py's own markup (badges, citations, refs) is parsed."""
        para = nodes.paragraph()
        for kind, value in parts:
            if kind == facts.TEXT:
                para += nodes.Text(value)
            elif kind == facts.STRONG:
                para += nodes.strong(value, value)
            else:
                para += self.parse_inline(value)
        return para

    def parse_inline(self, markup: str) -> list[nodes.Node]:
        """The inline nodes of one line of markup written by facts.py (a badge or a citation)."""
        holder = self.parse_markdown([markup], nodes.container())
        para = holder[0] if len(holder) else None
        if not isinstance(para, nodes.paragraph):  # cannot happen for facts.py's own markup
            raise self.error(f"{self.name}: {markup!r} is not one line of inline markup")
        return list(para.children)

    def parse_markdown(self, lines: list[str], node: nodes.Element) -> nodes.Element:
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]),
                                self.content_offset, node)
        return node


class KeyFacts(BankDirective):
    """`{keyfacts} technique:swedish` or `benefit:blood-flow`: the bank's facts as a box.

    Bank text becomes Text nodes; only the badges and citations facts.py writes are parsed."""

    required_arguments = 1

    def run(self):
        try:
            title, fields = facts.keyfacts(self.bank(), self.arguments[0])
        except KeyError:
            raise self.error(f"keyfacts: no bank entry {self.arguments[0]!r} "
                             "(use technique:ID or benefit:ID)") from None
        except ValueError as exc:
            raise self.error(f"keyfacts: {exc}") from None
        box = nodes.admonition(classes=["keyfacts", "tip"])
        box += nodes.title(title, title)
        items = nodes.definition_list(classes=["myst"])  # as MyST writes a deflist
        for name, parts in fields:
            items += nodes.definition_list_item(
                "", nodes.term(name, name), nodes.definition("", self.paragraph(parts)))
        box += items
        return [box]


class BankGlossary(BankDirective):
    """`{bank-glossary}`: the glossary, rendered from quiz/bank/terms.toml.

    Built as nodes, like Sphinx's `{glossary}` with `:sorted:` builds them, so that `{term}`
    references and `term-...` labels work, but without parsing a term or a definition."""

    def run(self):
        from sphinx import addnodes
        from sphinx.domains.std import make_glossary_term

        source, line = self.get_source_info()
        node = addnodes.glossary()
        node.document = self.state.document
        node["sorted"] = True
        items = nodes.definition_list(classes=["glossary"])
        for term, definition in facts.glossary_entries(self.bank()):
            term_node = make_glossary_term(self.env, [nodes.Text(term)], None, source, line,
                                           node_id=None, document=self.state.document)
            term_node.rawsource = term
            body = nodes.definition("", nodes.paragraph(definition, definition))
            items += nodes.definition_list_item("", term_node, body)
        node += items
        return [node]


class Quiz(BankDirective):
    """`{quiz}`: a self-check over the questions whose answers this page states, or with
    `:from: DOC DOC ...` (or `:from: *`, every page) the pages it reviews, as a chapter that
    compares or sums up others does."""

    option_spec = {"topic": directives.unchanged, "count": directives.positive_int,
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
        links.answers(self.env).setdefault(self.env.docname, []).append(
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


class RedFlags(BankDirective):
    """`{red-flags} LEVEL`: the bank's red flags of one level (emergency, urgent, routine), with
    what to do; the only way the book lists them, so that no page can put a sign at another level.
    """

    required_arguments = 1

    def run(self):
        bank = self.bank()
        if self.arguments[0] not in bank.by_id("level"):
            raise self.error(f"red-flags: no level {self.arguments[0]!r} in the bank "
                             f"(levels: {', '.join(bank.by_id('level'))})")
        advice, signs = facts.red_flag_lines(bank, self.arguments[0])
        items = nodes.bullet_list(bullet="-")
        for sign in signs:
            items += nodes.list_item("", self.paragraph(sign))
        return [self.paragraph(advice), items]


class RedFlagSummary(BankDirective):
    """`{red-flag-summary}`: every level's red flags in one paragraph, for a chapter's safety box."""

    def run(self):
        return [self.paragraph(parts) for parts in facts.red_flag_summary(self.bank())]


class AnswerKey(SphinxDirective):
    """`{answer-key}`: where the answers of every self-check are gathered."""

    def run(self):
        links.key_docs(self.env).add(self.env.docname)
        return [answer_key_node()]


def setup(app) -> None:
    app.add_config_value("quiz_bank_dir", None, "env", types=(str, type(None)))
    app.connect("config-inited", resolve_bank_dir)
    app.add_directive("keyfacts", KeyFacts)
    app.add_directive("quiz", Quiz)
    app.add_directive("bank-glossary", BankGlossary)
    app.add_directive("answer-key", AnswerKey)
    app.add_directive("red-flags", RedFlags)
    app.add_directive("red-flag-summary", RedFlagSummary)
