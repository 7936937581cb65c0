"""Red flags: `{red-flags} LEVEL` and `{red-flag-summary}`, the only ways the book lists them.

`{red-flags} LEVEL` gives the bank's red flags of one level (emergency, urgent, routine) with what
to do, so that no page can put a sign at another level; `{red-flag-summary}` every level's red
flags in one paragraph each, for a chapter's safety box. Both are paragraphs and lists, which
every builder writes; their content is computed by quiz.sphinxext.facts.
"""

from __future__ import annotations

from docutils import nodes

from quiz.sphinxext import facts
from quiz.sphinxext.bank import BankDirective


class RedFlags(BankDirective):
    """`{red-flags} LEVEL`: the advice in bold, then each sign of that level with its sources."""

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


def setup(app) -> None:
    app.add_directive("red-flags", RedFlags)
    app.add_directive("red-flag-summary", RedFlagSummary)
