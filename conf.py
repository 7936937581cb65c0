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
    "quiz.sphinxext.printbook",  # the PDF's parts and its one sorted bibliography
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
from quiz.sphinxext.bibstyle import register as _register_bibstyle  # noqa: E402

_register_bibstyle()
bibtex_default_style = "authoryear"  # plain, labelled "Furlan et al. 2015" like the citations
bibtex_reference_style = "author_year"

exclude_patterns = ["_build", ".venv", "**/.ipynb_checkpoints"]
# Figures and tables numbered within their chapter, "Figure 4.1", in HTML and in the PDF.
numfig = True
numfig_secnum_depth = 1
numfig_format = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s",
                 "section": "Section %s"}
templates_path = ["docs/_templates"]
html_static_path = ["docs/_static"]
html_css_files = ["chapter.css", "a11y.css"]

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
# One search field per page: the theme's sidebar repeats the one in the page header, so the
# sidebar keeps its other parts only.
html_sidebars = {"**": ["navbar-logo.html", "icon-links.html", "sbt-sidebar-nav.html"]}

# -- Versions (`make versions`, poly.py): each version is built with BOOK_VERSIONS set, e.g.
# {"name": "1.0.0", "latest": "latest", "json_url": "../switcher.json"}: every page then shows the
# version switcher (in the article header), and an earlier release's pages a banner pointing to
# the latest (quiz.sphinxext.versions). A plain build (`make html`) has neither and fetches nothing.
import json  # noqa: E402
import os  # noqa: E402

book_versions = json.loads(os.environ.get("BOOK_VERSIONS") or "null")
if book_versions:
    html_theme_options.update({
        "switcher": {"json_url": book_versions["json_url"], "version_match": book_versions["name"]},
        "check_switcher": False,  # switcher.json is written after the builds: never fetched here
        "article_header_end": ["version-switcher", "article-header-buttons"],
    })

# -- The e-book (`make epub`): EPUB 3, checked with epubcheck. quiz.sphinxext.epub makes the
# interactive parts static (self-checks with their answers at the end of each chapter) and draws the
# cover from the title and version.
import uuid  # noqa: E402

epub_basename = "massage-for-back-spasms"
epub_description = f"A cited reference book and self-check kit on massage for back spasms. Version {release}."
epub_publisher = author
epub_contributor = author
# The same identifier for every build and version of the book: a name-based UUID of the package.
epub_identifier = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:python:massage-back-spasms"))
epub_uid = "book-id"
epub_cover = ("_static/epub-cover.svg", "book-cover.html")
epub_show_urls = "no"  # a link's address is not printed after it: the reader follows the link

latex_elements = {"papersize": "a4paper"}

# -- The PDF (`make pdf`): pdfLaTeX, A4, the reference chapters as appendices (docs/index.md) ---
from quiz.render.texescape import unicode_declarations  # noqa: E402
# A printed book cannot follow a link: every internal reference gets its page, "(page 12)".
latex_show_pagerefs = True

latex_documents = [("index", "massage-for-back-spasms.tex", project, author, "manual")]
latex_elements["preamble"] = unicode_declarations() + r"""
% Table cells ragged-right and unhyphenated: narrow columns of citations otherwise stretch badly.
% Sphinx wraps every cell in a varwidth box, which resets \rightskip, and starts each paragraph
% with \sphinxAtStartPar: so the ragged-right setting goes there, inside the box.
\makeatletter
\def\mbsRaggedAtStartPar{\raggedright\hyphenpenalty\@M\leavevmode\nobreak\hskip\z@skip}
\makeatother
\AddToHook{env/varwidth/begin}{\let\sphinxAtStartPar\mbsRaggedAtStartPar}
% Auto-width (tabulary) columns no narrower than a short word such as "Claim" or "supported".
\setlength{\tymin}{4.5em}
% A citation in a figure caption is a \hyperlink in a moving argument: make it survive that.
\MakeRobust\hyperlink
% A printed self-check question (class quiz-printed, quiz/sphinxext/selfcheck.py) never splits over a
% page break: no break inside a stem, between a stem and its options, or among its options; a page
% may break only between two questions.
\makeatletter
\newenvironment{sphinxclassquiz-printed}{%
  \interlinepenalty\@M\clubpenalty\@M\widowpenalty\@M
  \let\mbs@listii\@listii
  \def\@listii{\mbs@listii\@beginparpenalty\@M\@itempenalty\@M}}{}
\makeatother
% Parts (quiz/sphinxext/printbook.py): the toctree captions of docs/index.md open parts. A part page
% names the part and lists its chapters with their numbers and pages.
\makeatletter
\newcommand{\mbspart}[1]{%
  \clearpage\thispagestyle{plain}\markboth{}{}%
  \refstepcounter{part}%
  \addcontentsline{toc}{part}{\thepart\hspace{1em}#1}%
  \null\vskip 0.18\textheight
  {\centering\normalfont\py@HeaderFamily\interlinepenalty\@M
   {\huge\partname\nobreakspace\thepart\par}\vskip 20\p@
   {\Huge #1\par}}\vskip 4em
  {\mbs@partindent\noindent{\large\py@HeaderFamily In this part}\par}\medskip}
\def\mbs@partindent{\leftskip 0.12\linewidth \rightskip 0.12\linewidth}
\newcommand{\mbspartchapter}[1]{{\mbs@partindent
  \noindent\hb@xt@ 2.5em{\ref{#1}\hfil}\nameref{#1}\nobreak\dotfill\nobreak\pageref{#1}\par}}
% The one bibliography (printbook.py) ends the References appendix: no chapter, running head or
% contents line of its own.
\renewenvironment{sphinxthebibliography}[1]{%
  \def\chapter*##1{}\let\@mkboth\@gobbletwo
  \begin{thebibliography}{#1}}{\end{thebibliography}}
\makeatother
"""
# Chapters start on the next page, not the next right-hand page: no blank pages between chapters.
latex_elements["extraclassoptions"] = "openany"
latex_elements["releasename"] = "Version"
# Sphinx names the table of contents after the first toctree caption ("Start here"): not on paper.
latex_elements["tableofcontents"] = r"\renewcommand{\contentsname}{Contents}\sphinxtableofcontents"
