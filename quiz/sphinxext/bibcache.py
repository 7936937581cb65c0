"""The bibliography's formatted entries, kept in the build environment between builds.

sphinxcontrib-bibtex formats every entry of every bibliography once all pages are read, in every
build, a rebuild with nothing changed included: pybtex's templates and its LaTeX decoding took
about a third of a no-change rebuild. A formatted entry depends only on its label and the entry
itself (type, fields, people), and on the style's code, which is the extension's own (a change
to it changes env_version, and Sphinx starts from a fresh environment). So `Cached`, mixed into
the style (quiz.sphinxext.bibstyle), looks each one up by those, and labels by the entries they
are made from; the table lives in the environment, pickled with it, and holds only what the last
build used.

The domain also finds the pages that cite each entry once per build (`IndexedBibtexDomain`),
where sphinxcontrib-bibtex scans every citation for every entry of every bibliography: with seven
bibliographies (one per kind of source) that was half a million steps in each build.

The in-text citations a page shows ("Furlan et al. 2015", linked) are kept too: pybtex's templates
format each one again whenever its page is written, two milliseconds a citation (a tenth of a
clean build; most of what rewriting a chapter full of citations costs beyond Sphinx itself).
They are resolved while pages are written, after the environment is pickled, so they live in a
file of their own in the doctree folder (`CITATIONS`), keyed by everything the rendered citation
depends on: the builder, the role, the citation's text and page, and every candidate entry (its
bibliography, id, label and content). A citation that warns (an unknown key) is never kept, so
its warning comes in every build; after a change of configuration nothing kept is used.
"""

from __future__ import annotations

import os
import pickle
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from pybtex.style.formatting import BaseStyle
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor
from sphinxcontrib.bibtex.domain import logger as _bibtex_logger

CITATIONS = "quiz-citations.pickle"  # in the doctree folder

_table: dict = {}  # the environment's table (builder-inited binds it)
_used: set = set()  # the keys looked up in this build
_citations: dict = {}  # in-text citations kept between builds (CITATIONS): key -> rendered node
_cited: set = set()  # the keys of the in-text citations resolved in this build


def _entry_key(entry: Any) -> tuple:
    """What an entry's formatting depends on: its type, key, fields and people, in .bib order."""
    persons = tuple((role, tuple(str(p) for p in people))
                    for role, people in entry.persons.items())
    return entry.type, entry.key, tuple(entry.fields.items()), persons


def _lookup(key: tuple, make):
    _used.add(key)
    try:
        return _table[key]
    except KeyError:
        value = _table[key] = make()
        return value


class Cached(BaseStyle):
    """A pybtex formatting style whose entries and labels come from the table when known (mixed
    in before the style itself: `class CachedStyle(Cached, Style)`)."""

    format_labels: Callable[..., Any]  # pybtex sets it on the instance

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = self.format_labels  # pybtex sets the label style's method on the instance

        def cached_labels(sorted_entries):
            entries = list(sorted_entries)
            key = ("labels", type(self).__name__, tuple(_entry_key(e) for e in entries))
            return iter(_lookup(key, lambda: list(labels(entries))))

        self.format_labels = cached_labels

    def format_entry(self, label, entry, bib_data=None):
        key = ("entry", type(self).__name__, label, _entry_key(entry))
        return _lookup(key, lambda: super(Cached, self).format_entry(label, entry,
                                                                     bib_data=bib_data))


class IndexedBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's `cite` domain, with the pages citing each key indexed once."""

    _citing: dict[str, set[str]] | None = None

    def env_updated(self):
        self._citing = None  # the citations of this build
        try:
            return super().env_updated()
        finally:
            self._citing = None

    def _cited_docnames(self, key: str) -> set[str]:
        if self._citing is None:
            citing: dict[str, set[str]] = defaultdict(set)
            for ref in self.citation_refs:
                for target in ref.targets:
                    citing[target.key].add(ref.docname)
            self._citing = citing
        return self._citing.get(key, set())

    def _citation_key(self, builder: Any, typ: str, target: str, fromdocname: str) -> tuple | None:
        """What an in-text citation's rendered node depends on, or None when one of its keys
        has no citation to point to (sphinxcontrib-bibtex warns: that is never kept)."""
        keys = {t.key for t in parse_citation_targets(target)}
        candidates = tuple(sorted(
            (cit.key, tuple(cit.bibliography_key), cit.citation_id,
             self.bibliographies[cit.bibliography_key].list_, _entry_key(cit.entry),
             cit.formatted_entry.label, cit.tooltip_entry is not None)
            for cit in self.citations if cit.key in keys))
        if {c[0] for c in candidates if c[3] == "citation"} != keys:
            return None
        return builder.name, typ, target, fromdocname, candidates

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        key = self._citation_key(builder, typ, target, fromdocname)
        if key is None:
            return super().resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
        _cited.add(key)
        kept = _citations.get(key)
        if kept is None:
            kept = _citations[key] = super().resolve_xref(env, fromdocname, builder, typ, target,
                                                          node, contnode)
        return kept.deepcopy()

    def get_filtered_entries(self, bibliography_key):
        """sphinxcontrib-bibtex 2.6's get_filtered_entries, with the index."""
        bibliography = self.bibliographies[bibliography_key]
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            cited_docnames = self._cited_docnames(key)
            visitor = _FilterVisitor(entry=entry, docname=bibliography_key.docname,
                                     cited_docnames=cited_docnames)
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError as err:
                _bibtex_logger.warning(
                    f"syntax error in :filter: expression; {err}",
                    location=(bibliography_key.docname, bibliography.line),
                    type="bibtex", subtype="filter_syntax_error")
                success = bool(cited_docnames)  # as sphinxcontrib-bibtex recovers
            if success or entry.key in bibliography.keys:
                yield key, entry


def bind(app: Any) -> None:
    """builder-inited: use the table kept in the environment (a fresh one starts empty)."""
    global _table
    _table = app.env.__dict__.setdefault("quiz_bib_cache", {})
    _used.clear()


def _citations_path(app: Any) -> str:
    return os.path.join(str(app.doctreedir), CITATIONS)


def load_citations(app: Any) -> None:
    """builder-inited: the in-text citations the last build kept; none for a fresh environment,
    after a change of configuration, or when the file is unreadable or was written for other
    versions of the extensions."""
    from sphinx.environment import CONFIG_OK

    _citations.clear()
    _cited.clear()
    if not app.env.all_docs or app.env.config_status != CONFIG_OK:
        return
    try:
        with open(_citations_path(app), "rb") as fh:
            version, kept = pickle.load(fh)
    except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError,
            pickle.UnpicklingError):
        return  # none yet, or a broken one: formatted again, and written anew
    if version == app.env.version and isinstance(kept, dict):
        _citations.update(kept)


def save_citations(app: Any, exception: BaseException | None) -> None:
    """build-finished: keep the citations resolved in this build, and those of the pages this
    build did not write (still valid: nothing they depend on changed)."""
    if exception is not None or not _cited:
        return
    written = {key[3] for key in _cited}
    kept = {key: node for key, node in _citations.items()
            if key in _cited or (key[3] not in written and key[3] in app.env.all_docs)}
    from quiz.fileio import replace_file

    try:
        replace_file(_citations_path(app), pickle.dumps((app.env.version, kept), protocol=5))
    except OSError:
        pass  # a read-only build folder: the citations are formatted every time


def prune(app: Any, env: Any) -> list[str]:
    """env-updated, after sphinxcontrib-bibtex: keep only what this build looked up."""
    if _used:
        for key in [k for k in _table if k not in _used]:
            del _table[key]
    return []


def setup(app: Any) -> None:
    if "sphinxcontrib.bibtex" in app.config.extensions:  # a book with a bibliography
        app.setup_extension("sphinxcontrib.bibtex")  # its domain first, then this one over it
        app.add_domain(IndexedBibtexDomain, override=True)
    app.connect("builder-inited", bind)
    app.connect("builder-inited", load_citations)
    app.connect("env-updated", prune, priority=900)
    app.connect("build-finished", save_citations)
