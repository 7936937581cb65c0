"""The evidence-status palette (quiz.palette) on the book's badges, in HTML and in the PDF.

Chapters mark a claim's status with a sphinx-design badge (`{bdg-warning}`mixed``; the status ->
badge colour names are quiz.sphinxext.facts.BADGE). The theme would paint those names in its own
colours, which made "mixed" and "outdated" the same orange and disagreed with the charts. Here:

- HTML: evidence-status.css, written from the palette when the build starts, paints each badge
  with its status's fill and text colour, the same in the light and the dark theme;
- LaTeX: each palette colour is defined in the preamble, and a badge is printed as coloured boxes
  (\\mbsbadge, one a word) instead of plain text.
"""

from __future__ import annotations

import os
from typing import Any

from quiz.palette import STATUS_COLOURS
from quiz.sphinxext.facts import BADGE

CSS_NAME = "evidence-status.css"


def css() -> str:
    """One rule per status: its badge's fill and text colour."""
    rules = ["/* Written by quiz/sphinxext/statuscolours.py from quiz/palette.py: do not edit. */"]
    for status, (fill, ink) in STATUS_COLOURS.items():
        rules.append(f"span.sd-badge.sd-bg-{BADGE[status]} {{ background-color: {fill} !important; "
                     f"color: {ink} !important; }}  /* {status} */")
    return "\n".join(rules) + "\n"


def latex_preamble() -> str:
    r"""\definecolor for each badge name (fill and ink), and \mbsbadge{name}{text}."""
    lines = []
    for status, (fill, ink) in STATUS_COLOURS.items():
        name = BADGE[status]
        lines.append(rf"\definecolor{{mbs-{name}}}{{HTML}}{{{fill[1:].upper()}}}")
        lines.append(rf"\definecolor{{mbs-{name}-ink}}{{HTML}}{{{ink[1:].upper()}}}")
    lines.append(r"\newcommand{\mbsbadge}[2]{{\setlength{\fboxsep}{1.5pt}\colorbox{mbs-#1}"
                 r"{\textcolor{mbs-#1-ink}{\strut\small\sffamily #2}}}}")
    return "\n".join(lines) + "\n"


def _badge_colour(node: Any) -> str | None:
    names = set(BADGE.values())
    for cls in node.get("classes", []):
        if cls.startswith("sd-bg-") and cls[6:] in names:
            return cls[6:]
    return None


def visit_badge_latex(self: Any, node: Any) -> None:
    """A badge as coloured boxes, one per word, so that "partly supported" can wrap in a narrow
    table column (a box never breaks)."""
    from docutils import nodes

    colour = _badge_colour(node)
    words = [self.encode(word) for word in node.astext().split()]
    if colour:
        self.body.append(" ".join(rf"\mbsbadge{{{colour}}}{{{word}}}" for word in words))
    else:
        self.body.append(" ".join(words))
    raise nodes.SkipNode


def _write_css(app: Any) -> None:
    if app.builder.format != "html":
        return
    folder = os.path.join(app.doctreedir, "evidence-status")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, CSS_NAME), "w", encoding="utf-8") as fh:
        fh.write(css())
    app.config.html_static_path.append(folder)
    app.add_css_file(CSS_NAME)


def _add_preamble(app: Any, config: Any) -> None:
    config.latex_elements = dict(config.latex_elements)
    config.latex_elements["preamble"] = (config.latex_elements.get("preamble", "")
                                         + "\n% Evidence-status colours (quiz/palette.py)\n"
                                         + latex_preamble())


def setup(app: Any) -> None:
    from sphinx_design.badges_buttons import sd_badge

    app.add_node(sd_badge, override=True, latex=(visit_badge_latex, None))
    app.connect("builder-inited", _write_css)
    app.connect("config-inited", _add_preamble)
