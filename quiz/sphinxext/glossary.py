"""The glossary: `{bank-glossary}`, rendered from quiz/bank/terms.toml.

Built as nodes, like Sphinx's `{glossary}` with `:sorted:` builds them (so every builder writes
it), so that `{term}` references and `term-...` labels work, but without parsing a term or a
definition.
"""

from __future__ import annotations

from docutils import nodes

from quiz.sphinxext import facts
from quiz.sphinxext.bank import BankDirective


class BankGlossary(BankDirective):
    """`{bank-glossary}`: every term of the bank, sorted."""

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


def setup(app) -> None:
    app.add_directive("bank-glossary", BankGlossary)
