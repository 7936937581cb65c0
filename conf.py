"""Sphinx configuration for the book. Sources live in docs/; build with `make html`."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from quiz import __version__  # noqa: E402  (the one place the version is written)

project = "Massage for Back Spasms"
author = "The Massage for Back Spasms authors"
copyright = "2026, " + author
release = __version__
version = ".".join(__version__.split(".")[:2])
today_fmt = "%Y-%m-%d"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_togglebutton",
    "sphinxcontrib.bibtex",
    "quiz.sphinxext",
]

myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline", "attrs_block"]
myst_heading_anchors = 0
myst_substitutions = {"release": release}

bibtex_bibfiles = [
    "docs/references.bib",
    "docs/bib/start.bib",
    "docs/bib/benefits.bib",
    "docs/bib/techniques.bib",
    "docs/bib/longterm.bib",
]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

exclude_patterns = ["_build", ".venv", "**/.ipynb_checkpoints"]
templates_path = ["docs/_templates"]
html_static_path = ["docs/_static"]
html_css_files = ["chapter.css"]

html_theme = "sphinx_book_theme"
html_title = f"Massage for Back Spasms {release}"
html_last_updated_fmt = None
html_theme_options = {
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "extra_footer": f"<p>Book version {release}. Educational information, not medical advice.</p>",
}
html_context = {"default_mode": "light"}

latex_elements = {"papersize": "a4paper"}
