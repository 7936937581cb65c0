"""The three techniques side by side: tools, pressure, timing and evidence, drawn from the bank.

Rows are the four things a reader compares; columns are the bank's [[technique]] entries, in bank
order. Tools come from `uses`, the pressure scale from `pressure_levels` (absent = the sources set
no level), the timing pictogram from `motion`, the evidence pill from `evidence`, and the small
boxes under it are the article's claims discussed in that technique's chapter, coloured by their
status as in the evidence chart. Every value is also written as text, never shown by colour alone.
"""

from __future__ import annotations

from quiz.figures import Figure, svg
from quiz.figures.evidence import COLOURS, claim_label

TOOL_ORDER = ("fingers", "thumbs", "palms", "knuckles", "elbows", "knees", "feet")
LEVELS = ("light", "medium", "firm")
DARK = "#1f4e79"  # filled marks; white text on it is 8.6:1
GREY = "#6e6e6e"  # empty marks and "not used" text: 5.1:1 on white
RULE = "#c8c8c8"

LEFT, COL_W, PAD, TOP = 14, 228, 14, 14


def profiles(bank) -> list[dict]:
    """One dict per technique: what the figure shows, as plain data (tests and alt text use it)."""
    out = []
    for t in bank["technique"]:
        doc = t["section"].split("#")[0]
        claims = [(claim_label(c["id"]), c["status"]) for c in bank["claim"]
                  if c["section"].split("#")[0] == doc]
        out.append({
            "name": t["name"][0].upper() + t["name"][1:], "uses": list(t["uses"]),
            "pressure_levels": list(t.get("pressure_levels", [])), "pressure": t["pressure"],
            "motion": t.get("motion"), "timing": t.get("timing", "not recorded"),
            "evidence": t.get("evidence"), "claims": claims,
        })
    return out


def tools(bank) -> list[str]:
    used = {u for t in bank["technique"] for u in t["uses"]}
    return [u for u in TOOL_ORDER if u in used] + sorted(used - set(TOOL_ORDER))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe(profs: list[dict]) -> str:
    parts = []
    for p in profs:
        level = (_and(p["pressure_levels"]) if p["pressure_levels"]
                 else "no level set by the sources")
        claims = ", ".join(f"{label} {status}" for label, status in p["claims"]) or "none"
        parts.append(f"{p['name']}: works with {_and(p['uses'])}; pressure {level}; timing: "
                     f"{p['timing']}; evidence for back pain: {p['evidence'] or 'not recorded'}; "
                     f"the article's claims about it: {claims}.")
    return (f"Side-by-side comparison of {len(profs)} techniques by tools, pressure, timing and "
            "strength of evidence. " + " ".join(parts))


def _motion(kind: str | None, x: float, y: float) -> list[str]:
    """A 200 x 40 pictogram of how the pressure moves, top-left corner at (x, y)."""
    if kind == "held":
        return [svg.circle(x + 26, y + 20, 18, "none", DARK, 1.5),
                svg.circle(x + 26, y + 20, 11, "none", DARK, 1.5),
                svg.circle(x + 26, y + 20, 5, DARK),
                svg.text(x + 54, y + 25, "one spot, held", 12.5, fill=svg.INK)]
    if kind == "gliding":
        d = f"M{x + 6} {y + 30} C{x + 60} {y + 4} {x + 110} {y + 36} {x + 176} {y + 14}"
        return [svg.path(d, stroke=DARK, width=3),
                svg.arrow_head(x + 160, y + 19, x + 190, y + 11, 14, DARK)]
    if kind == "point to point":
        out = []
        for i in range(5):
            cx = x + 10 + i * 44
            out.append(svg.circle(cx, y + 20, 6, DARK))
            if i < 4:
                out.append(svg.line(cx + 10, y + 20, cx + 28, y + 20, DARK, 2))
                out.append(svg.arrow_head(cx + 20, y + 20, cx + 34, y + 20, 9, DARK))
        return out
    return [svg.text(x, y + 25, "not recorded", 12.5, fill=GREY, italic=True)]


def _pressure(levels: list[str], x: float, y: float) -> list[str]:
    out = []
    for i, level in enumerate(LEVELS):
        bx = x + i * 67
        if level in levels:
            out.append(svg.rect(bx, y, 63, 26, DARK, rx=3))
            out.append(svg.text(bx + 31.5, y + 18, level, 12.5, anchor="middle", bold=True,
                                fill="#ffffff"))
        else:
            dash = "" if levels else ' stroke-dasharray="4 3"'
            out.append(svg.rect(bx, y, 63, 26, "#ffffff", GREY, 1.2, 3, dash))
            out.append(svg.text(bx + 31.5, y + 18, level, 12.5, anchor="middle", fill=GREY))
    return out


def _strip(y: float, width: float, title: str, note: str = "") -> list[str]:
    """The band that names a row, across all the columns."""
    out = [svg.rect(LEFT, y, width - 2 * LEFT, 26, "#eef2f6", rx=3),
           svg.text(LEFT + 8, y + 18, title, 14, bold=True)]
    if note:
        out.append(svg.text(LEFT + 16 + svg.text_width(title, 14, True), y + 18, note, 12,
                            fill=svg.MUTED))
    return out


def technique_comparison(bank) -> Figure:
    profs = profiles(bank)
    all_tools = tools(bank)
    width = 2 * LEFT + COL_W * len(profs)
    cols = [LEFT + i * COL_W + PAD for i in range(len(profs))]
    inner = COL_W - 2 * PAD
    body: list[str] = []
    y = TOP
    for x, p in zip(cols, profs):
        body.append(svg.text(x + inner / 2, y + 16, p["name"], 15.5, anchor="middle", bold=True))
    y += 30

    body += _strip(y, width, "Works with", "(filled = used, hollow = not used)")
    y += 36
    for x, p in zip(cols, profs):
        for i, tool in enumerate(all_tools):
            cy = y + 8 + i * 20
            used = tool in p["uses"]
            body.append(svg.circle(x + 12, cy, 6, DARK if used else "#ffffff",
                                   DARK if used else GREY, 1.5))
            body.append(svg.text(x + 26, cy + 5, tool, 13, bold=used,
                                 fill=svg.INK if used else GREY))
    y += len(all_tools) * 20 + 4

    def drawn_row(y, strip, gap, field, draw, key, height):
        """A strip, then per technique a drawing (`draw`) above its wrapped `field` text."""
        body.extend(_strip(y, width, *strip))
        y += gap
        texts = [svg.wrap_px(p[field], 12.5, inner) for p in profs]
        for x, p, t in zip(cols, profs, texts):
            body.extend(draw(p[key], x, y))
            body.append(svg.lines(x, y + height, t, 12.5, fill=svg.MUTED))
        return y + height + max(len(t) for t in texts) * 16.5 + 4

    y = drawn_row(y, ("Pressure", "(dashed scale: the sources set no level)"), 36, "pressure",
                  _pressure, "pressure_levels", 46)
    y = drawn_row(y, ("Timing",), 34, "timing", _motion, "motion", 60)

    body += _strip(y, width, "Evidence",
                   "(for back pain; boxes: the article's claims in its chapter)")
    y += 34
    for x, p in zip(cols, profs):
        status = p["evidence"]
        fill, ink = COLOURS.get(status, ("#ffffff", GREY))
        body.append(svg.rect(x, y, inner, 28, fill, GREY if status is None else "none", 1, 14))
        body.append(svg.text(x + inner / 2, y + 19, status or "not recorded", 13.5,
                             anchor="middle", bold=True, fill=ink))
        for i, (label, cstatus) in enumerate(p["claims"]):
            cfill, cink = COLOURS[cstatus]
            bx = x + (i % 6) * 33
            by = y + 38 + (i // 6) * 28
            body.append(f'<g class="claim" data-claim="{svg.esc(label)}" '
                        f'data-status="{svg.esc(cstatus)}">'
                        + svg.rect(bx, by, 31, 22, cfill, rx=3)
                        + svg.text(bx + 15.5, by + 15, label, 11, anchor="middle", bold=True,
                                   fill=cink) + "</g>")
    most = max((len(p["claims"]) for p in profs), default=0)
    y += 38 + max(1, -(-most // 6)) * 28
    for i in range(1, len(profs)):  # column rules, under the row bands
        x = LEFT + i * COL_W
        body.insert(0, svg.line(x, TOP + 30, x, y, RULE, 1))
    height = int(y + 14)
    alt = describe(profs)
    doc = svg.document(width, height, "The techniques side by side", alt, body,
                       "technique-comparison")
    return Figure("svg", doc, alt)
