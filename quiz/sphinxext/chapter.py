"""Every chapter's header: when it was last reviewed, links to the disclaimer and red flags, and the
emergency signs in one line, so that no page can hide them. The signs are the bank's emergency red
flags (their `brief` forms), so the banner, the safety chapter and the quiz list the same ones.

Where the signs are listed depends on the page (`safety_level`): under the title of the clinical
chapters, where a reader in pain may be deciding on a massage; elsewhere (front matter, evidence,
instructors, reference) only the line linking to the red flags, so that warnings do not crowd pages
with no clinical advice. A page that lists the red flags in its own text (`{red-flags}`,
`{red-flag-summary}`: the safety chapter, the technique chapters' safety boxes, the disclaimer)
gets the line only, so that no page lists them twice.

Each document declares `last_reviewed: YYYY-MM-DD` in its front matter. The banner is inserted
under the first heading, so no chapter can forget the disclaimer link or the review date. A
document without a valid date is reported as a warning, which fails the `-W` build.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

DISCLAIMER_LABEL = "medical-disclaimer"
_REPORTED: set[str] = set()  # bank errors already reported in this process
RED_FLAGS_LABEL = "red-flags"
# Pages (a docname, or a folder ending in "/") whose banner lists the emergency signs in full.
CLINICAL = ("start/what-is-a-back-spasm", "benefits/", "techniques/")
# The directives that list red flags in a page's own text.
LISTS = ("{red-flags}", "{red-flag-summary}")


def safety_level(docname: str, source: str = "") -> str:
    """"full" (the emergency signs listed) or "line" (a link to them): a page's banner, given its
    name and its source text."""
    if any(directive in source for directive in LISTS):
        return "line"
    if any(docname == p or (p.endswith("/") and docname.startswith(p)) for p in CLINICAL):
        return "full"
    return "line"


def _ref(label: str, text: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=label, refexplicit=True, refwarn=True
    )
    ref += nodes.inline(text, text)
    return ref


def banner(date: str, signs: str, level: str = "full") -> nodes.container:
    """The review-date and safety line shown under a chapter's title; `signs` are the emergency
    signs as one phrase (quiz.sphinxext.facts.banner_signs); `level`: safety_level."""
    para = nodes.paragraph()
    para += nodes.strong(f"Last reviewed {date}.", f"Last reviewed {date}.")
    para += nodes.Text(" Not medical advice: read the ")
    para += _ref(DISCLAIMER_LABEL, "medical disclaimer")
    para += nodes.Text(". Any ")
    para += _ref(RED_FLAGS_LABEL, "red-flag sign")
    para += nodes.Text(" means medical care first, not a massage.")
    box = nodes.container(classes=["chapter-meta", f"chapter-meta-{level}"])
    box += para
    if level == "line":
        return box
    urgent = nodes.paragraph(classes=["chapter-meta-emergency"])
    urgent += nodes.strong("Emergency:", "Emergency:")
    # "not a massage" is said by the line above; this one has a third of a phone's first screen
    urgent += nodes.Text(f" an emergency department or the local emergency number now, for back "
                         f"pain with: {signs}")
    # On screen a short link; on paper a sentence that ends with the page to turn to (every
    # internal reference in the PDF gets one: conf.py's latex_show_pagerefs).
    screen = addnodes.only(expr="html")
    screen += nodes.Text(" ")
    screen += _ref("red-flags-emergency", "(why)")
    paper = addnodes.only(expr="not html")
    paper += nodes.Text(". See ")
    paper += _ref("red-flags-emergency", "why")
    urgent += [screen, paper]
    urgent += nodes.Text(".")
    box += urgent
    return box


def insert_banner(app: Any, doctree: nodes.document) -> None:
    docname = app.env.docname
    raw = app.env.metadata.get(docname, {}).get("last_reviewed")
    try:
        date = dt.date.fromisoformat(str(raw)).isoformat()
    except ValueError:
        logger.warning(
            "%s: front matter needs last_reviewed: YYYY-MM-DD (got %r)",
            docname, raw, location=docname, type="quiz", subtype="last_reviewed",
        )
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children:
        return
    from quiz.errors import QuizError
    from quiz.sphinxext.bank import env_bank
    from quiz.sphinxext.facts import banner_signs

    try:  # the red flags' file, and the code that loads it (quiz.sphinxext.deps)
        signs = banner_signs(env_bank(app.env, only="safety.toml", code=__name__))
    except (QuizError, OSError, KeyError) as exc:
        # Said once per build, not on every page; the banner still points to the red flags.
        if str(exc) not in _REPORTED:
            _REPORTED.add(str(exc))
            logger.warning("cannot load the question bank for the red-flag banner: %s", exc,
                           type="quiz", subtype="bank")
        signs = "any sign in the emergency list"
    with open(app.env.doc2path(docname), encoding="utf-8") as fh:
        level = safety_level(docname, fh.read())
    box = banner(date, signs, level)
    if docname == app.config.root_doc:
        # The root page prints no page of its own in the PDF (its chapters each carry the banner).
        only = addnodes.only(expr="html")
        only += box
        box = only
    section.insert(1, box)


def setup(app: Any) -> None:
    app.connect("doctree-read", insert_banner)
