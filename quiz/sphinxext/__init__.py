"""The book's Sphinx extension: a thin setup() that calls each feature's own `setup`.

One module per feature, each with its directive, nodes (and their visitors) and event handlers:

- selfcheck: {quiz}, the self-check node, written interactively in HTML and as numbered
  questions elsewhere, each question linked to the section that states its answer;
- answerkey: {answer-key}, the answers of every self-check gathered in one appendix;
- keyfacts: {keyfacts}, a technique's or a benefit's facts as a box;
- glossary: {bank-glossary}, the glossary from the bank's terms;
- redflags: {red-flags} and {red-flag-summary}, the only way the book lists red flags;
- chapter: the "last reviewed" line with disclaimer and red-flag links under every title;
- a11y: bibliography entries as list items (docutils writes a deprecated ARIA role).
- tablecards: on a phone, a wide table reads as one card per row (each cell after its column's
  name); the web book only.
- figures: {bank-figure}, the book's figures computed by quiz.figures (SVG).
- changes: {question-changes}, the questions each release added, removed and changed
  (quiz.editions).
- versions: on a release built by `make versions`, a banner pointing to the latest version.
- practice: {practice}, the practice page (any replay code, review, one history); progress.js on
  every page records self-check answers in the browser's history and marks done chapters.
- statuscolours: the evidence-status palette on badges (HTML and PDF).
- lightpages: the theme without its icon font script and unused assets (icons as inline SVG).
- epub: the e-book (`make epub`): static self-checks with answers at each chapter's end, a cover.
- downloads: {downloads}, the PDF, e-book and handouts `make site` puts beside the HTML, linked.
- bibcache: the bibliography's formatted entries kept between builds (sphinxcontrib-bibtex
  formats them all in every build);
- templatecache: the HTML templates compiled once and kept with the doctrees;
- fignumbers: "Figure 4.1" numbered from a skeleton of each page kept between builds (Sphinx
  loads every page's doctree for it in every build);
- stableconfig: no "configuration has changed" between two builds of the same book (the theme
  changes values after Sphinx compares them).

Shared by the features: bank (`quiz_bank_dir`, loading the bank, the BankDirective base), facts
(the bank's entries as plain parts, no Sphinx) and deps (the quiz modules each feature's output
is computed by, from the import graph: page dependencies).

The extension imports the quiz package; the quiz package never imports Sphinx. It is parallel
safe: per-document state (the answers of each page's self-checks) is purged and merged.
"""

from __future__ import annotations

import os
from typing import Any

from quiz import __version__

STATIC = os.path.join(os.path.dirname(__file__), "static")


def _add_static(app: Any) -> None:
    """Assets for HTML only: other builders never see quiz.js or quiz.css."""
    if app.builder.format == "html":
        app.config.html_static_path.append(STATIC)
        app.add_js_file("quiz.js", defer="defer")
        app.add_js_file("progress.js", defer="defer")
        app.add_js_file("searchboost.js", defer="defer")  # acts on the search page only
        app.add_css_file("quiz.css")


def _env_version() -> int:
    """A number that changes whenever the extension's code does, so that Sphinx reads every page
    again instead of keeping doctrees made by an older version of a directive."""
    import hashlib

    digest = hashlib.sha256()
    for name in sorted(os.listdir(os.path.dirname(__file__))):
        if name.endswith(".py"):
            with open(os.path.join(os.path.dirname(__file__), name), "rb") as fh:
                digest.update(name.encode() + b"\0" + fh.read())
    return int(digest.hexdigest()[:8], 16)


def setup(app: Any) -> dict[str, Any]:
    from quiz.sphinxext import (
        a11y,
        answerkey,
        bank,
        bibcache,
        changes,
        chapter,
        downloads,
        epub,
        fignumbers,
        figures,
        glossary,
        keyfacts,
        lightpages,
        practice,
        redflags,
        selfcheck,
        stableconfig,
        statuscolours,
        tablecards,
        templatecache,
        versions,
    )

    for feature in (bank, a11y, tablecards, chapter, selfcheck, keyfacts, glossary, redflags, answerkey,
                    figures, changes, versions, practice, lightpages, statuscolours, epub,
                    downloads, stableconfig, bibcache, templatecache, fignumbers):
        feature.setup(app)
    app.connect("builder-inited", _add_static)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": _env_version()}
