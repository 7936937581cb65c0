"""A very small SVG writer: escaped text, shapes, arrows and the accessible document wrapper.

Only the standard library. Every figure is a plain string of SVG 1.1 that browsers show in an
`<img>` and that `rsvg-convert` turns into a vector PDF for LaTeX. Text uses DejaVu Sans (with
Verdana, a font of the same width, and sans-serif as fallbacks), so `text_width` can estimate how
much room a label needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
INK = "#1a1a1a"  # body text: 17:1 on white
MUTED = "#4d4d4d"  # secondary text: 8.5:1 on white

_NARROW = set("iljtfrI.,;:'!|() ")
_WIDE = set("mwMW@%")


def esc(text: str) -> str:
    return escape(str(text), {'"': "&quot;"})


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate (slightly generous) of the width of `text` in DejaVu Sans at `size` px."""
    units = 0.0
    for ch in text:
        if ch in _NARROW:
            units += 0.34
        elif ch in _WIDE:
            units += 0.95
        elif ch.isupper() or ch.isdigit():
            units += 0.7
        else:
            units += 0.62
    return units * size * (1.08 if bold else 1.0)


def wrap_px(text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
    """Greedy line breaking by estimated width, so a label stays inside its column."""
    out: list[str] = []
    for word in text.split():
        if out and text_width(out[-1] + " " + word, size, bold) <= max_width:
            out[-1] += " " + word
        else:
            out.append(word)
    return out or [""]


def text(x: float, y: float, s: str, size: float = 14, anchor: str = "start", bold: bool = False,
         fill: str = INK, italic: bool = False, cls: str = "") -> str:
    attrs = [f'x="{x:g}"', f'y="{y:g}"', f'font-size="{size:g}"', f'fill="{fill}"']
    if anchor != "start":
        attrs.append(f'text-anchor="{anchor}"')
    if bold:
        attrs.append('font-weight="bold"')
    if italic:
        attrs.append('font-style="italic"')
    if cls:
        attrs.append(f'class="{cls}"')
    return f"<text {' '.join(attrs)}>{esc(s)}</text>"


def lines(x: float, y: float, rows: list[str], size: float = 13, leading: float = 1.3,
          **kw) -> str:
    """Several lines of text, the first baseline at y."""
    return "".join(text(x, y + i * size * leading, row, size, **kw) for i, row in enumerate(rows))


def rect(x: float, y: float, w: float, h: float, fill: str, stroke: str = "none",
         width: float = 1, rx: float = 0, extra: str = "") -> str:
    return (f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{rx:g}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{width:g}"{extra}/>')


def path(d: str, fill: str = "none", stroke: str = INK, width: float = 1.5, extra: str = "") -> str:
    return (f'<path d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{width:g}" '
            f'stroke-linejoin="round" stroke-linecap="round"{extra}/>')


def polygon(points: Sequence[tuple[float, float]], fill: str, stroke: str = INK, width: float = 1.5,
            extra: str = "") -> str:
    pts = " ".join(f"{x:g},{y:g}" for x, y in points)
    return (f'<polygon points="{pts}" fill="{fill}" stroke="{stroke}" stroke-width="{width:g}" '
            f'stroke-linejoin="round"{extra}/>')


def line(x1: float, y1: float, x2: float, y2: float, stroke: str = INK, width: float = 1.5,
         extra: str = "") -> str:
    return (f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" stroke="{stroke}" '
            f'stroke-width="{width:g}" stroke-linecap="round"{extra}/>')


def circle(cx: float, cy: float, r: float, fill: str, stroke: str = "none", width: float = 1,
           extra: str = "") -> str:
    return (f'<circle cx="{cx:g}" cy="{cy:g}" r="{r:g}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{width:g}"{extra}/>')


def arrow_head(x1: float, y1: float, x2: float, y2: float, size: float, fill: str) -> str:
    """A filled triangle with its tip at (x2, y2), pointing from (x1, y1) towards (x2, y2).

    Drawn as a polygon rather than an SVG marker, so that every renderer shows it the same way.
    """
    dx, dy = x2 - x1, y2 - y1
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length, dy / length
    bx, by = x2 - ux * size, y2 - uy * size
    px, py = -uy * size * 0.55, ux * size * 0.55
    return polygon([(x2, y2), (bx + px, by + py), (bx - px, by - py)], fill, stroke=fill, width=1)


def document(width: int, height: int, title: str, desc: str, body: list[str], ident: str) -> str:
    """A complete SVG document with a white background, role="img", <title> and <desc>."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{FONT}">'
        f'<title id="{ident}-title">{esc(title)}</title><desc id="{ident}-desc">{esc(desc)}</desc>'
        + rect(0, 0, width, height, "#ffffff")
        + "".join(body)
        + "</svg>\n"
    )
