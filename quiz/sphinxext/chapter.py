"""Every chapter's header: when it was last reviewed, links to the disclaimer and red flags, and the
emergency signs in one line, so that no page can hide them. The signs are the bank's emergency red
flags (their `brief` forms), so the banner, the safety chapter and the quiz list the same ones.

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


def _ref(label: str, text: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=label, refexplicit=True, refwarn=True
    )
    ref += nodes.inline(text, text)
    return ref


def banner(date: str, signs: str) -> nodes.container:
    """The review-date and safety line shown under a chapter's title; `signs` are the emergency
    signs as one phrase (quiz.sphinxext.facts.banner_signs)."""
    para = nodes.paragraph()
    para += nodes.strong(f"Last reviewed {date}.", f"Last reviewed {date}.")
    para += nodes.Text(" Educational information, not medical advice: read the ")
    para += _ref(DISCLAIMER_LABEL, "medical disclaimer")
    para += nodes.Text(". Any ")
    para += _ref(RED_FLAGS_LABEL, "red-flag sign")
    para += nodes.Text(" means a doctor first, not a massage.")
    urgent = nodes.paragraph(classes=["chapter-meta-emergency"])
    urgent += nodes.strong("Emergency:", "Emergency:")
    urgent += nodes.Text(f" an emergency department now, not a massage, for back pain with: {signs} ")
    urgent += _ref("red-flags-emergency", "(why)")
    urgent += nodes.Text(".")
    box = nodes.container(classes=["chapter-meta"])
    box += para
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
    from quiz.sphinxext.directives import env_bank
    from quiz.sphinxext.facts import banner_signs

    try:
        signs = banner_signs(env_bank(app.env, only="safety.toml"))  # the red flags' file
    except (QuizError, OSError, KeyError) as exc:
        # Said once per build, not on every page; the banner still points to the red flags.
        if str(exc) not in _REPORTED:
            _REPORTED.add(str(exc))
            logger.warning("cannot load the question bank for the red-flag banner: %s", exc,
                           type="quiz", subtype="bank")
        signs = "any sign in the emergency list"
    box = banner(date, signs)
    if docname == app.config.root_doc:
        # The root page prints no page of its own in the PDF (its chapters each carry the banner).
        only = addnodes.only(expr="html")
        only += box
        box = only
    section.insert(1, box)


def setup(app: Any) -> None:
    app.connect("doctree-read", insert_banner)
