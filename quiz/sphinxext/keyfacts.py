"""Key facts: `{keyfacts} technique:swedish` or `benefit:blood-flow`, the bank's facts as a box.

The box is an admonition holding a definition list (as MyST writes a deflist), so every builder
writes it with its own visitors. Its content is computed by quiz.sphinxext.facts: bank text
becomes Text nodes; only the badges and citations facts.py writes are parsed.
"""

from __future__ import annotations

from docutils import nodes

from quiz.sphinxext import facts
from quiz.sphinxext.bank import BankDirective


class KeyFacts(BankDirective):
    """`{keyfacts} technique:ID` or `benefit:ID`."""

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


def setup(app) -> None:
    app.add_directive("keyfacts", KeyFacts)
