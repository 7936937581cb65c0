"""The bank, as the book's directives read it: `quiz_bank_dir`, loading, and page dependencies.

Every directive that renders the bank derives from `BankDirective`. Its `bank()` reads the bank
through quiz.bank (cached per process for each version of the bank's files) and notes, as
dependencies of the page being read, the bank's files and the quiz modules that compute the
directive's content (quiz.sphinxext.deps: the import graph of the directive's own module), so
editing either rebuilds exactly the pages that render it. The bank is the package's, or the folder
`quiz_bank_dir` names (relative to conf.py's folder). A bank that cannot be loaded, like a wrong
argument, is a warning naming the problem, never a crash.
"""

from __future__ import annotations

import os
from functools import lru_cache

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from quiz import bank as bank_mod
from quiz.errors import QuizError
from quiz.sphinxext import deps, facts


def _stamp(paths: list[str]) -> tuple:
    """What identifies a version of the bank's files, hashable: their paths and quiz.bank's
    file_stamps (a checksum of each one's content: an edit that keeps size and time is seen too)."""
    return tuple(paths), repr(bank_mod.file_stamps(paths))


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


def load(config):
    """The bank the book renders (`quiz_bank_dir`, or the package's), without noting anything."""
    folder = config.quiz_bank_dir or bank_mod.BANK_DIR
    return _load(folder, _stamp(bank_mod.bank_files(folder)))


def env_bank(env, only: str | None = None, code: str | None = None):
    """The bank the book renders, with its files (or just the file named `only`, such as
    "safety.toml", where it exists) noted as dependencies of the page being read, and the code of
    module `code` (deps.code_files). Raises QuizError or OSError if it cannot be loaded."""
    folder = env.config.quiz_bank_dir or bank_mod.BANK_DIR
    paths = bank_mod.bank_files(folder)
    for path in [p for p in paths if os.path.basename(p) == only] or paths:
        env.note_dependency(path)
    if code:
        deps.note_code(env, code)
    return _load(folder, _stamp(paths))


class BankDirective(SphinxDirective):
    """Base: access to the bank, with the bank's files and the directive's code recorded as
    dependencies of the page."""

    def bank(self):
        try:
            return env_bank(self.env, code=type(self).__module__)
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
                para += self.inline_markup(value)
        return para

    def inline_markup(self, markup: str) -> list[nodes.Node]:
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


def setup(app) -> None:
    app.add_config_value("quiz_bank_dir", None, "env", types=(str, type(None)))
    app.connect("config-inited", resolve_bank_dir)
