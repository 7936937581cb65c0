"""Figure numbers ("Figure 4.1") without loading every page's doctree in every build.

With `numfig`, Sphinx's TocTreeCollector numbers the figures, tables and listings of the whole
book after each read phase by loading every page's pickled doctree and walking it, even when no
page changed: a third of a no-change rebuild (benchmarks/build.py). Here the same numbering
runs on a skeleton of each page (its sections, toctrees and numbered nodes, in document order),
kept in the environment: a page read again (or removed) loses its skeleton when Sphinx purges
its data, and gets a new one from its new doctree; every other page keeps its own. The numbers
are Sphinx's, computed the same way from the same doctrees; tests/test_fignumbers.py compares
them with Sphinx's own walk on the real book and on a test book after clean and incremental
builds, serial and parallel.

Sphinx's collector is replaced by a subclass that differs only in `assign_figure_numbers`. If a
later Sphinx registers it differently, the replacement is skipped and Sphinx's own stays.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import StandardDomain
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util import url_re

# The three kinds of items a skeleton holds, in the order the walk meets them.
SECTION, TOCTREE, NUMBERED = "section", "toctree", "numbered"
# Where the skeletons live between builds (pickled with the environment): {docname: skeleton}.
ENV_KEY = "quiz_fig_skeletons"


def _figtype(env: Any, node: nodes.Element) -> str | None:
    """The kind of number a node gets ("figure", "table", "code-block"...), as Sphinx decides it."""
    for domain in env.domains.sorted():
        figtype = domain.get_enumerable_node_type(node)
        if isinstance(domain, StandardDomain) and not domain.get_numfig_title(node):
            continue  # uncaptioned: no number
        if figtype:
            return figtype
    return None


def skeleton(env: Any, node: nodes.Element) -> tuple:
    """What the numbering reads of a doctree, in its order: (SECTION, first id, its items),
    (TOCTREE, the entries' docnames) and (NUMBERED, figtype, first id). Other elements are walked
    through: their numbered nodes belong to the section around them."""
    items: list[tuple] = []
    for child in node.children:
        if isinstance(child, nodes.section):
            items.append((SECTION, child["ids"][0], skeleton(env, child)))
        elif isinstance(child, addnodes.toctree):
            items.append((TOCTREE, tuple(name for _title, name in child["entries"])))
        elif isinstance(child, nodes.Element):
            figtype = _figtype(env, child)
            if figtype and child["ids"]:
                items.append((NUMBERED, figtype, child["ids"][0]))
            items.extend(skeleton(env, child))
    return tuple(items)


def load_skeleton(env: Any, docname: str) -> tuple:
    """A page's skeleton made from its pickled doctree (what Sphinx's own numbering reads)."""
    return skeleton(env, env.get_doctree(docname))


def _skeleton_of(env: Any, docname: str) -> tuple:
    """A page's skeleton: the kept one, else (the page is new or was read again, which purged
    it: `FigureNumbers.clear_doc`) made from its doctree."""
    kept: dict[str, tuple] = env.__dict__.setdefault(ENV_KEY, {})
    if docname not in kept:
        kept[docname] = load_skeleton(env, docname)
    return kept[docname]


class FigureNumbers(TocTreeCollector):
    """Sphinx's TocTreeCollector, numbering figures from skeletons instead of doctrees."""

    def clear_doc(self, app: Any, env: Any, docname: str) -> None:
        super().clear_doc(app, env, docname)
        env.__dict__.get(ENV_KEY, {}).pop(docname, None)

    def assign_figure_numbers(self, env: Any) -> list[str]:
        """Sphinx's numbering (TocTreeCollector.assign_figure_numbers, Sphinx 9), step for step."""
        virtual = getattr(env.domains.standard_domain, "_virtual_doc_names",
                          {"genindex": None, "modindex": None, "search": None})
        generated = frozenset(virtual)
        depth = env.config.numfig_secnum_depth
        old = env.toc_fignumbers
        env.toc_fignumbers = {}
        counters: dict[str, dict[tuple[int, ...], int]] = {}
        assigned: set[str] = set()

        def number(docname: str, figtype: str, figure_id: str, secnum: tuple[int, ...]) -> None:
            counter = counters.setdefault(figtype, {})
            secnum = secnum[:depth]
            counter[secnum] = counter.get(secnum, 0) + 1
            numbers = env.toc_fignumbers.setdefault(docname, {}).setdefault(figtype, {})
            numbers[figure_id] = (*secnum, counter[secnum])

        def walk_items(docname: str, items: tuple, secnum: tuple[int, ...]) -> None:
            secnumbers = env.toc_secnumbers.get(docname, {})
            for item in items:
                if item[0] == SECTION:
                    anchor = "#" + item[1]
                    own = secnumbers.get(anchor) if anchor in secnumbers else secnumbers.get("")
                    walk_items(docname, item[2], own or secnum)
                elif item[0] == TOCTREE:
                    for name in item[1]:
                        if url_re.match(name) or name == "self" or name in generated:
                            continue
                        walk_doc(name, secnum)
                else:
                    number(docname, item[1], item[2], secnum)

        def walk_doc(docname: str, secnum: tuple[int, ...]) -> None:
            if docname not in assigned:
                assigned.add(docname)
                walk_items(docname, _skeleton_of(env, docname), secnum)

        if not env.config.numfig:
            return []
        walk_doc(env.config.root_doc, ())
        return [name for name, numbers in env.toc_fignumbers.items()
                if numbers != old.get(name)]


def _sphinx_collector(app: Any) -> TocTreeCollector | None:
    """Sphinx's own TocTreeCollector, found through the handler it connected to env-get-updated."""
    found = [listener.handler.__self__ for listener in app.events.listeners.get("env-get-updated", ())
             if type(getattr(listener.handler, "__self__", None)) is TocTreeCollector]
    return found[0] if len(found) == 1 else None


def setup(app: Any) -> None:
    builtin = _sphinx_collector(app)
    if builtin is None:
        return  # registered some other way: Sphinx's own numbering stays, correct but slower
    builtin.disable(app)
    app.add_env_collector(FigureNumbers)
