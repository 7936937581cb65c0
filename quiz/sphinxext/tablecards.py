"""Wide tables read as cards on a phone: one card per row, each cell under its column's name.

A table of three or more columns is wider than a phone's screen (390 px): the theme lets it scroll
sideways, and a reader checking the contraindications, perhaps in pain, loses the row's last
column. Below 720 px, static/tablecards.css lays such a table out as one card per row: the
headings row out of sight, each cell the card's full width with its column's name shown above it.
Above 720 px the table is as it always was. Only the pages with such a table load that CSS.

What the CSS needs comes from the build, for the web book's builders only (html, dirhtml,
singlehtml; the e-book and LaTeX see none of it): a post-transform marks each wide table with
the class `phone-cards` and gives each body cell its column's heading, which the HTML visitors
write as `data-label`. A browser may drop a table's semantics once CSS changes its display (WebKit
does), so the visitors also write the table's ARIA roles (table, rowgroup, row, columnheader,
rowheader, cell): screen readers keep moving through it as a table with named columns. The CSS
shows the label as `content: attr(data-label) / ""`, seen but not read a second time.

Left alone: tables of one or two columns (they fit), tables without exactly one heading row or
with a cell spanning rows or columns (a cell's heading is not one name), tables in tables, and
tables that lay themselves out on a phone (a class ending in `-cards`, like the claims table's
`claims-cards` in docs/_static/chapter.css).
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

CARDS = "phone-cards"  # the class the CSS lays out as cards
ROLE = "phone-role"  # node attribute: the ARIA role its HTML element states
LABEL = "phone-label"  # node attribute: a body cell's column heading
BUILDERS = ("html", "dirhtml", "singlehtml")
MIN_COLUMNS = 3
CSS_NAME = "tablecards.css"
PARTS = ("table", "thead", "tbody", "row", "entry")  # the nodes whose start tags get the attributes


def headings(table: nodes.table) -> list[str] | None:
    """The column headings of a table to show as cards, or None for a table to leave alone."""
    if any(cls.endswith("-cards") for cls in table["classes"]):
        return None
    if any(isinstance(a, nodes.table) for a in _ancestors(table)) or \
            next(table.findall(nodes.table, include_self=False), None) is not None:
        return None
    groups = [c for c in table.children if isinstance(c, nodes.tgroup)]
    if len(groups) != 1 or groups[0].get("cols", 0) < MIN_COLUMNS:
        return None
    group = groups[0]
    heads = [c for c in group.children if isinstance(c, nodes.thead)]
    if len(heads) != 1 or len(heads[0].children) != 1 or len(heads[0][0].children) != group["cols"]:
        return None
    if any("morecols" in e or "morerows" in e for e in group.findall(nodes.entry)):
        return None
    return [" ".join(entry.astext().split()) for entry in heads[0][0].children]


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


class TableCards(SphinxPostTransform):
    """Marks each wide table, its parts' roles and its body cells' column headings (web book)."""

    default_priority = 400
    builders = BUILDERS

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            names = headings(table)
            if names is not None:
                mark(table, names)


def mark(table: nodes.table, names: list[str]) -> None:
    table["classes"].append(CARDS)
    table[ROLE] = "table"
    group = next(c for c in table.children if isinstance(c, nodes.tgroup))
    stubs = [bool(c.get("stub")) for c in group.children if isinstance(c, nodes.colspec)]
    for part in group.children:
        if not isinstance(part, (nodes.thead, nodes.tbody)):
            continue
        part[ROLE] = "rowgroup"
        for row in part.children:
            row[ROLE] = "row"
            for column, entry in enumerate(row.children):
                if isinstance(part, nodes.thead):
                    entry[ROLE] = "columnheader"
                    continue
                entry[ROLE] = "rowheader" if column < len(stubs) and stubs[column] else "cell"
                if names[column]:
                    entry[LABEL] = names[column]


def with_attributes(tag: str, attributes: dict[str, str]) -> str:
    """A start tag (`<td class="x">`, `<thead>\\n`) with more attributes before its `>`."""
    head, bracket, tail = tag.rpartition(">")
    extra = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in attributes.items())
    return head + extra + bracket + tail


def _visitors(part: str) -> tuple[Any, Any]:
    """The translator's own visitor for `part`, then the marks added to the tag it wrote.

    Every HTML-format builder (the e-book's too) uses these, but only a marked node (the web
    book's, TableCards) gets attributes, so other builders write exactly what they did."""

    def visit(self: Any, node: nodes.Element) -> None:
        getattr(type(self), f"visit_{part}")(self, node)
        attributes = {"role": node[ROLE]} if ROLE in node else {}
        if node.get(LABEL):
            attributes["data-label"] = node[LABEL]
        if attributes:
            self.body[-1] = with_attributes(self.body[-1], attributes)

    def depart(self: Any, node: nodes.Element) -> None:
        getattr(type(self), f"depart_{part}")(self, node)

    return visit, depart


def _add_css(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The cards' CSS on the pages that have a marked table only (the web book's)."""
    if doctree is not None and any(CARDS in t["classes"] for t in doctree.findall(nodes.table)):
        app.add_css_file(CSS_NAME)  # from the extension's static folder (__init__._add_static)


def setup(app: Any) -> None:
    app.add_post_transform(TableCards)
    for part in PARTS:
        app.add_node(getattr(nodes, part), override=True, html=_visitors(part))
    app.connect("html-page-context", _add_css)
