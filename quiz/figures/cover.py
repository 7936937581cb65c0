"""The e-book's cover: the title, a line on what the book is, and its version, drawn as SVG.

Pure Python (quiz.figures.svg), so `make epub` needs no image tool. The picture is a schematic spine
beside the title, in the book's muted colours, with the text large enough to read as a thumbnail in
a reader's library. `cover(title, version)` is a complete SVG document; its <title> and <desc> say
what it shows, for readers that speak the cover.
"""

from __future__ import annotations

from quiz.figures import svg

W, H = 1200, 1800  # 2:3, the usual shape of a book cover
BACKGROUND = "#1f4e5a"  # deep teal: white text on it is 8.9:1
ACCENT = "#e8b15d"  # the warm band and the spine's discs
PAPER = "#ffffff"
SUBTITLE = "A cited reference book and self-check kit"


def _spine(x: float, top: float, bottom: float) -> list[str]:
    """A column of vertebrae (rounded blocks) with discs between them, slightly curved like a back."""
    out = []
    count = 17
    step = (bottom - top) / count
    for i in range(count):
        y = top + i * step
        # the lower back curves gently inward: shift each block on a shallow arc
        t = i / (count - 1)
        dx = -36 * (4 * t * (1 - t)) + 18 * t
        width = 96 + 54 * t  # lower vertebrae are larger
        out.append(svg.rect(x + dx - width / 2, y, width, step * 0.72, PAPER, rx=14,
                            extra=' fill-opacity="0.92"'))
        if i < count - 1:
            out.append(svg.rect(x + dx - width * 0.38, y + step * 0.76, width * 0.76,
                                step * 0.18, ACCENT, rx=6))
    return out


def cover(title: str, version: str, subtitle: str = SUBTITLE) -> str:
    """The cover as an SVG document: `title` (wrapped to the width), `subtitle`, "Version X.Y.Z"."""
    left, width = 110, 640  # the text column; the spine stands to its right
    body = [svg.rect(0, 0, W, H, BACKGROUND), svg.rect(0, 1330, W, 26, ACCENT)]
    body += _spine(960, 170, 1270)
    size = 118
    rows = svg.wrap_px(title, size, width, bold=True)
    y: float = 420
    for row in rows:
        body.append(svg.text(left, y, row, size, bold=True, fill=PAPER))
        y += size * 1.12
    y += 40
    for row in svg.wrap_px(subtitle, 50, width):
        body.append(svg.text(left, y, row, 50, fill=PAPER))
        y += 50 * 1.3
    body.append(svg.text(left, 1500, f"Version {version}", 64, bold=True, fill=PAPER))
    body.append(svg.text(left, 1590, "Educational information, not medical advice", 40,
                         fill=PAPER))
    desc = (f"The cover of {title}, version {version}: the title and '{subtitle}' in white on "
            "deep teal, beside a drawing of a spine.")
    return svg.document(W, H, f"{title}, version {version}", desc, body, "cover")
