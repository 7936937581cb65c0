"""Swedish massage: which way the long strokes run, and the five stroke families.

`direction()` draws a body outline with arrows on the arms and legs that run from the far end of
the limb to the near end, toward the heart (distal to proximal). The arrows are data
(`ARROWS`, `HEART`), so a test can check that every arrow ends nearer the heart than it starts.
`stroke_families(bank)` draws one pictogram per [[stroke]] entry of the bank, with its name and
description from the bank.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from quiz.figures import Figure, svg

SKIN, OUTLINE, ARROW = "#f7f1ea", "#555555", "#1f4e79"
HEART = (246, 172)
# each arrow: the points of its path, from where the stroke starts to where it ends
ARROWS = {
    "left arm": [(113, 312), (139, 230), (160, 160)],
    "right arm": [(347, 312), (321, 230), (300, 160)],
    "left leg": [(199, 528), (201, 440), (204, 356)],
    "right leg": [(261, 528), (259, 440), (256, 356)],
}


def _silhouette() -> list[str]:
    """Head, torso and limbs drawn twice (outline colour, then skin): they merge into one shape."""
    limbs = [("M180 136 L146 226 L114 318", 26), ("M280 136 L314 226 L346 318", 26),
             ("M205 330 L201 440 L199 540", 38), ("M255 330 L259 440 L261 540", 38)]
    torso = ("M182 118 L278 118 C294 122 300 134 298 150 L288 240 C284 270 286 300 292 338 "
             "L168 338 C174 300 176 270 172 240 L162 150 C160 134 166 122 182 118 Z")
    out = []
    for colour, grow in ((OUTLINE, 4), (SKIN, 0)):
        out.append(svg.circle(230, 62, 34 + grow / 2, colour))
        out.append(svg.rect(216 - grow / 2, 90, 28 + grow, 32, colour))
        out.append(svg.path(torso, colour, colour if grow else "none", grow))
        for d, width in limbs:
            out.append(svg.path(d, stroke=colour, width=width + grow))
        for cx, cy in ((110, 334), (350, 334)):
            out.append(svg.circle(cx, cy, 14 + grow / 2, colour))
        for cx in (196, 264):
            out.append(f'<ellipse cx="{cx}" cy="556" rx="{22 + grow / 2}" ry="{10 + grow / 2}" '
                       f'fill="{colour}"/>')
    return out


def _heart(x: float, y: float, s: float = 1.0) -> str:
    d = (f"M{x} {y + 12 * s} C{x - 20 * s} {y - 2 * s} {x - 12 * s} {y - 16 * s} {x} {y - 7 * s} "
         f"C{x + 12 * s} {y - 16 * s} {x + 20 * s} {y - 2 * s} {x} {y + 12 * s} Z")
    return svg.path(d, "#b42318", "#5c0a0d", 1.2)


def _arrow(points: Sequence[tuple[float, float]], width: float = 5) -> str:
    d = "M" + " L".join(f"{x:g} {y:g}" for x, y in points[:-1])
    (x1, y1), (x2, y2) = points[-2], points[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    # the shaft stops where the head begins
    bx, by = x2 - (x2 - x1) / length * 14, y2 - (y2 - y1) / length * 14
    return (svg.path(d + f" L{bx:g} {by:g}", stroke=ARROW, width=width)
            + svg.arrow_head(x1, y1, x2, y2, 20, ARROW))


def direction(bank=None) -> Figure:
    alt = ("Outline of a person with arrows along both arms and both legs. Every arrow starts at "
           "the hand or foot and points up the limb toward the trunk and the heart: Swedish "
           "strokes run toward the heart, from the far end of a limb to the near end (distal to "
           "proximal).")
    body = _silhouette()
    body += [_arrow(points) for points in ARROWS.values()]
    body.append(_heart(*HEART))
    body.append(svg.line(258, 170, 306, 150, svg.INK, 1.2))
    body.append(svg.text(310, 150, "heart", 13, bold=True))
    x = 384
    body += [
        svg.text(x, 44, "Long strokes run toward the heart", 16.5, bold=True),
        svg.lines(x, 70, ["from the far end of a limb to the near end:",
                          "distal to proximal (centripetal)"], 14),
        _arrow([(x + 4, 140), (x + 58, 140)], 4.5),
        svg.text(x + 72, 145, "direction of the long strokes", 14),
        _heart(x + 28, 184, 0.8),
        svg.text(x + 72, 189, "the heart", 14),
        svg.lines(x, 236, ["Arm: from the wrist toward the shoulder",
                           "Leg: from the ankle toward the hip"], 14, bold=True),
        svg.lines(x, 292, ["On the back and trunk the rule is applied",
                           "more loosely (often, not always, toward",
                           "the heart)."], 13.5, fill=svg.MUTED),
        svg.rect(x - 10, 352, 340, 104, "#fdecec", "#a4161a", 1.5, 6),
        svg.lines(x + 4, 378, ["The article says the strokes follow the",
                               "blood \u201cfrom the heart\u201d. That is backwards.",
                               "The direction is a convention: no study",
                               "shows that it improves circulation."], 13.5, leading=1.45),
    ]
    return Figure("svg", svg.document(730, 580, "Swedish strokes run toward the heart", alt, body,
                                      "swedish-direction"), alt)


# --- the five stroke families --------------------------------------------------------------------

def _trochoid(x0: float, y0: float, a: float, b: float, turns: float, n: int = 160) -> str:
    pts = []
    for i in range(n + 1):
        t = turns * 2 * math.pi * i / n
        pts.append((x0 + a * t - b * math.sin(t), y0 - b * math.cos(t) + b))
    return "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in pts)


def _pictogram(stroke_id: str, x: float, y: float) -> list[str]:
    """A 136 x 96 drawing of what the hands do, top-left corner at (x, y)."""
    if stroke_id == "effleurage":
        return [svg.path(f"M{x + 14} {y + 70} C{x + 50} {y + 36} {x + 84} {y + 34} "
                         f"{x + 108} {y + 44}", stroke=ARROW, width=4.5),
                svg.arrow_head(x + 100, y + 40, x + 124, y + 50, 16, ARROW),
                svg.path(f"M{x + 14} {y + 46} C{x + 50} {y + 12} {x + 84} {y + 10} "
                         f"{x + 108} {y + 20}", stroke=ARROW, width=2.5,
                         extra=' stroke-opacity="0.55"'),
                svg.arrow_head(x + 100, y + 16, x + 124, y + 26, 12, "#8aa3bc")]
    if stroke_id == "petrissage":
        return [svg.path(_trochoid(x + 14, y + 26, 4.2, 16, 3.6), stroke=ARROW, width=3)]
    if stroke_id == "friction":
        # the upper layer (moved with the fingers) shifts over the layer beneath it
        return [svg.rect(x + 12, y + 58, 112, 16, "#e3e8ee", "#8a97a6", 1, 3),
                svg.rect(x + 24, y + 40, 92, 16, "#c9d6e3", "#6d7f93", 1, 3),
                svg.line(x + 46, y + 22, x + 92, y + 22, ARROW, 3.5),
                svg.arrow_head(x + 60, y + 22, x + 38, y + 22, 13, ARROW),
                svg.arrow_head(x + 80, y + 22, x + 102, y + 22, 13, ARROW),
                svg.text(x + 68, y + 90, "layer on layer", 11, anchor="middle", fill=svg.MUTED)]
    if stroke_id == "tapotement":
        out = [svg.line(x + 10, y + 78, x + 126, y + 78, "#6d7f93", 2)]
        for i in range(4):
            cx = x + 28 + i * 27
            out.append(svg.line(cx, y + 14, cx, y + 58, ARROW, 4))
            out.append(svg.arrow_head(cx, y + 40, cx, y + 74, 14, ARROW))
        return out
    if stroke_id == "vibration":
        pts = [(x + 10 + i, y + 48 + 7 * math.sin(i / 2.2)) for i in range(117)]
        d = "M" + " L".join(f"{a:.1f} {b:.1f}" for a, b in pts)
        return [svg.path(d, stroke=ARROW, width=2.5)]
    return [svg.circle(x + 68, y + 48, 10, ARROW)]


def stroke_families(bank) -> Figure:
    strokes = list(bank["stroke"])
    panel = 138
    width = 20 + panel * len(strokes) + 10
    texts = [svg.wrap_px(s["description"], 12.5, panel - 16) for s in strokes]
    height = 20 + 96 + 40 + max(len(t) for t in texts) * 17 + 16
    body = []
    for i, (s, lines) in enumerate(zip(strokes, texts)):
        x = 20 + i * panel
        body.append(f'<g class="stroke" data-stroke="{svg.esc(s["id"])}">')
        box = panel - 12
        body.append(svg.rect(x, 20, box, 96, "#f4f6f9", "#b8c2cc", 1, 6))
        # pictograms are drawn for a 136 x 96 box, then scaled to this one
        body.append(f'<g transform="translate({x:g},20) scale({box / 136:.4f} 1)">')
        body += _pictogram(s["id"], 0, 0)
        body.append("</g>")
        body.append(svg.text(x + 2, 142, s["name"][0].upper() + s["name"][1:], 15.5, bold=True))
        body.append(svg.lines(x + 2, 164, lines, 12.5, fill=svg.MUTED))
        body.append("</g>")
    alt = (f"The {len(strokes)} stroke families of Swedish massage, each with a small drawing of "
           "what the hands do: "
           + "; ".join(f"{s['name']}, {s['description']}" for s in strokes) + ".")
    return Figure("svg", svg.document(width, height, "The stroke families of Swedish massage", alt,
                                      body, "stroke-families"), alt)
