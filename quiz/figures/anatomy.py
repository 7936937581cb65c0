"""Where back spasms happen: a labelled schematic of the back's main muscles, seen from behind.

A schematic, not an anatomical plate, and it says so in the picture. The left half of the drawing
shows the surface layer (trapezius, latissimus dorsi); the right half shows the deeper muscles as if
the surface layer had been lifted away (erector spinae, multifidus, quadratus lumborum). Shapes
follow the attachments in docs/start/what-is-a-back-spasm.md: trapezius from the base of the skull
and C7-T12 to the shoulder; latissimus dorsi from T7-T12, the thoracolumbar fascia and the iliac
crest to the arm; erector spinae from the sacrum and pelvis up beside the spine; multifidus deep
beside the spine, thickest low down; quadratus lumborum from the iliac crest to the 12th rib.
"""

from __future__ import annotations

from quiz.figures import Figure, svg

W, H, MID = 760, 668, 380
SKIN, OUTLINE, BONE, MUSCLE_EDGE = "#f7f1ea", "#555555", "#6b6b6b", "#4a1c1c"
MUSCLES = {  # name -> fill colour (labels also name them: colour is never the only cue)
    "trapezius": "#d0705f",
    "latissimus dorsi": "#e8b15d",
    "erector spinae": "#b04a5a",
    "multifidus": "#7a3b69",
    "quadratus lumborum": "#e493a7",
}

# the left half of the body outline, top of the neck to the bottom edge; mirrored for the right
_HALF: list[tuple] = [("M", 358, 104), ("L", 358, 136), ("C", 330, 146, 285, 150, 258, 160),
         ("C", 238, 167, 228, 180, 226, 200), ("L", 214, 342), ("L", 254, 342), ("L", 262, 238),
         ("C", 268, 280, 272, 330, 274, 392), ("C", 276, 420, 264, 445, 260, 480), ("L", 258, 578)]


def mirror(points):
    return [(2 * MID - x, y) for x, y in points]


def _outline() -> str:
    def fmt(cmd, nums):
        return cmd + " ".join(f"{n:g}" for n in nums)
    left = [fmt(c[0], c[1:]) for c in _HALF]
    # the right half, walked back up: mirror every point and reverse the order of the segments
    pts = [(c[0], list(zip(c[1::2], c[2::2]))) for c in _HALF]
    right = [f"L{2 * MID - _HALF[-1][1]:g} {_HALF[-1][2]:g}"]
    for i in range(len(pts) - 1, 0, -1):
        cmd, seg = pts[i]
        start = pts[i - 1][1][-1]
        if cmd == "C":
            (x1, y1), (x2, y2) = seg[0], seg[1]
            right.append(fmt("C", [2 * MID - x2, y2, 2 * MID - x1, y1,
                                   2 * MID - start[0], start[1]]))
        else:
            right.append(fmt("L", [2 * MID - start[0], start[1]]))
    return "".join(left) + "".join(right) + "Z"


def _spine() -> list[str]:
    out = []
    for i in range(12):  # T1-T12: spinous processes
        y = 150 + i * 17
        out.append(svg.rect(MID - 7, y, 14, 11, "#fbfbfb", BONE, 1.2, 3))
    for i in range(5):  # L1-L5
        y = 358 + i * 20
        out.append(svg.rect(MID - 9, y, 18, 14, "#fbfbfb", BONE, 1.2, 3))
    out.append(svg.path(f"M{MID - 24} 458 L{MID + 24} 458 L{MID} 530 Z", "#f1f1f1", BONE, 1.4))
    return out


def _muscles() -> list[str]:
    edge: dict = {"stroke": MUSCLE_EDGE, "width": 1.4}
    lat = ("M380 250 L380 452 C352 446 318 444 292 454 C284 420 278 360 272 300 "
           "C269 272 264 250 254 238 C290 232 340 238 380 250 Z")
    trap = ("M380 108 L360 110 L358 136 C330 144 290 150 258 161 C266 172 284 180 300 186 "
            "C316 190 330 194 336 197 L380 340 Z")
    erector = [(392, 148), (416, 148), (430, 190), (440, 260), (446, 340), (446, 420), (436, 478),
               (416, 512), (408, 512), (406, 380), (392, 352)]
    quadratus = [(450, 350), (478, 370), (476, 452), (448, 432)]
    multifidus = [(389, 352), (405, 364), (407, 516), (392, 534), (386, 534)]
    out = [svg.path(lat, MUSCLES["latissimus dorsi"], **edge),
           svg.path(trap, MUSCLES["trapezius"], **edge),
           svg.polygon(quadratus, MUSCLES["quadratus lumborum"], **edge),
           _rib(),
           svg.polygon(erector, MUSCLES["erector spinae"], **edge)]
    # the three columns of the erector spinae (spinalis, longissimus, iliocostalis)
    out.append(svg.path("M404 160 C406 240 408 300 410 372", stroke="#f3d3d8", width=1.3))
    out.append(svg.path("M418 166 C424 240 428 320 428 420", stroke="#f3d3d8", width=1.3))
    out.append(svg.polygon(multifidus, MUSCLES["multifidus"], **edge))
    for y in range(368, 524, 12):  # short bundles running up and in towards the spine
        out.append(svg.line(404, y + 9, 390, y, "#eedcea", 1.4))
    return out


def _crests() -> list[str]:
    """The top of the pelvis on both sides, drawn over the muscles as a landmark."""
    return [svg.path("M362 452 C330 420 295 425 282 462", stroke=BONE, width=2.4),
            svg.path("M398 452 C430 420 465 425 478 462", stroke=BONE, width=2.4)]


def _rib() -> str:
    """The 12th rib on the deep side: over the quadratus lumborum, under the erector spinae."""
    return svg.path("M392 340 Q444 346 486 376", stroke=BONE, width=2.6)


def _leader(x1: float, y1: float, x2: float, y2: float) -> str:
    return (svg.line(x1, y1, x2, y2, "#ffffff", 4.5) + svg.line(x1, y1, x2, y2, svg.INK, 1.4)
            + svg.circle(x2, y2, 3.2, svg.INK, "#ffffff", 1.2))


def _label(name: str, side: str, y: float, target: tuple[float, float], muscle: bool = True) -> str:
    size = 15 if muscle else 12.5
    title = name[0].upper() + name[1:]
    if side == "left":
        x_text, x_lead = 196, 202
        parts = [svg.text(x_text, y, title, size, anchor="end", bold=muscle,
                          fill=svg.INK if muscle else svg.MUTED, italic=not muscle)]
        if muscle:
            parts.append(svg.rect(x_text - svg.text_width(title, size, True) - 22, y - 12, 14, 14,
                                  MUSCLES[name], MUSCLE_EDGE, 1))
    else:
        x_text, x_lead = 544, 538
        parts = []
        if muscle:
            parts.append(svg.rect(x_text, y - 12, 14, 14, MUSCLES[name], MUSCLE_EDGE, 1))
            x_text += 22
        parts.append(svg.text(x_text, y, title, size, bold=muscle,
                              fill=svg.INK if muscle else svg.MUTED, italic=not muscle))
    return _leader(x_lead, y - 5, *target) + "".join(parts)


def back_muscles(bank=None) -> Figure:
    alt = ("Schematic of the back seen from behind, not an anatomical drawing. On the left half, "
           "the surface layer: the trapezius, a kite-shaped muscle from the base of the skull and "
           "the upper spine out to the shoulder and down to the middle of the back; and the "
           "latissimus dorsi, a broad sheet from the lower back and pelvis up to the arm. On the "
           "right half, the deeper layers: the erector spinae, a column running beside the spine "
           "from the pelvis to the upper back; the multifidus, short bundles close against the "
           "lower spine; and the quadratus lumborum, between the lowest rib and the top of the "
           "pelvis.")
    frame = 2 * MID
    body = [
        svg.text(20, 30, "Left half: surface layer", 15, bold=True),
        svg.text(frame - 20, 30, "Right half: deeper layers", 15, anchor="end", bold=True),
        svg.text(frame - 20, 48, "(surface layer lifted away)", 12.5, anchor="end", fill=svg.MUTED),
        svg.path(_outline(), SKIN, OUTLINE, 2),
        (f'<ellipse cx="{MID}" cy="66" rx="40" ry="48" fill="{SKIN}" stroke="{OUTLINE}" '
        'stroke-width="2"/>'),
        *_muscles(), *_crests(), *_spine(),
        _label("trapezius", "left", 176, (318, 172)),
        _label("latissimus dorsi", "left", 392, (322, 380)),
        _label("spine (vertebrae)", "left", 290, (372, 286), muscle=False),
        _label("sacrum", "left", 506, (374, 490), muscle=False),
        _label("erector spinae", "right", 236, (428, 236)),
        _label("12th rib", "right", 330, (481, 372), muscle=False),
        _label("quadratus lumborum", "right", 410, (468, 408)),
        _label("top of pelvis (iliac crest)", "right", 468, (474, 450), muscle=False),
        _label("multifidus", "right", 522, (398, 480)),
        svg.rect(20, 596, frame - 40, 56, "#ffffff", "#333333", 1.5, 6),
        svg.text(MID, 619, "SCHEMATIC: simplified and not to scale; not an anatomical plate.",
                 14, anchor="middle", bold=True),
        svg.text(MID, 640,
                 "Seen from behind. Psoas major is not shown: it lies in front of the spine.",
                 12.5, anchor="middle", fill=svg.MUTED),
    ]
    return Figure("svg", svg.document(W, H, "Schematic of the main back muscles", alt, body,
                                      "back-muscles"), alt)
