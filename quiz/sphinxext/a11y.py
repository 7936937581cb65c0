"""Accessible HTML for markup that docutils writes with a deprecated ARIA role.

docutils writes a bibliography as `<div role="list">` holding `<div role="doc-biblioentry">`
items. DPUB-ARIA 1.1 deprecates `doc-biblioentry`, so assistive technology and axe treat the items
as plain divs and the list as one whose children are not list items (axe: aria-required-children,
critical). Here each entry is a `listitem`: same markup and classes otherwise, so the theme's CSS
still applies.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes


def visit_citation_html(self: Any, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation_html(self: Any, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def setup(app: Any) -> None:
    app.add_node(nodes.citation, override=True, html=(visit_citation_html, depart_citation_html))
