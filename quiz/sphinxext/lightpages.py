"""Lighter HTML pages: the theme without its icon font, its source maps or search scripts it does not use.

sphinx-book-theme (through pydata-sphinx-theme) loads Font Awesome's script on every page: 1.5 MB,
two thirds of a first visit, for a dozen icons. With `book_light_pages = True` (conf.py; the
default) the pages load instead:

- templates/static/webpack-macros.html: the theme's assets without the Font Awesome script;
- templates/layout.html: the search scripts and index only on the search page (the theme does not
  search as you type, so other pages only send the words there);
- static/icons.css: the icons the pages use, drawn as small inline SVG masks, so no icon font is
  ever downloaded either.

After the build, the files no page loads any more are removed from _static: the Font Awesome
script, its web fonts and every source map. `benchmarks/page_weight.py` builds the book with
`-D book_light_pages=0` beside it and compares what Chromium downloads.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

HERE = os.path.dirname(__file__)
TEMPLATES = os.path.join(HERE, "templates")
# Files of the theme that no page loads once the icons are drawn by icons.css (relative to _static).
UNUSED = ["scripts/fontawesome.js", "scripts/fontawesome.js.LICENSE.txt", "vendor/fontawesome"]


def _enabled(app: Any) -> bool:
    return bool(app.config.book_light_pages) and app.config.html_theme == "sphinx_book_theme"


def _use_templates(app: Any, config: Any) -> None:
    if config.book_light_pages and config.html_theme == "sphinx_book_theme":
        # a new list: the default one is shared by every Sphinx app of the process
        config.templates_path = [TEMPLATES, *config.templates_path]


def _add_icons(app: Any) -> None:
    # not in the e-book: it draws no theme icons, so the masks would be stray marks there
    if app.builder.format == "html" and not app.builder.name.startswith("epub") and _enabled(app):
        app.add_css_file("icons.css")


def _remove_unused(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not _enabled(app):
        return
    static = Path(app.outdir) / "_static"
    for rel in UNUSED:
        path = static / rel
        if path.is_dir():
            shutil.rmtree(path)
            if not any(path.parent.iterdir()):
                path.parent.rmdir()
        elif path.exists():
            path.unlink()
    for source_map in static.rglob("*.map"):
        source_map.unlink()


def setup(app: Any) -> None:
    app.add_config_value("book_light_pages", True, "html", types=[bool, int])
    app.connect("config-inited", _use_templates)
    app.connect("builder-inited", _add_icons)
    app.connect("build-finished", _remove_unused)
