"""A tiny drawing list with two outputs: a PDF (for printing) and SVG (for the book's figure).

Only what an answer sheet needs: filled or stroked boxes and circles, lines, and one line of
Helvetica text at a time (one of the PDF's standard fonts, so nothing is embedded). Coordinates
are millimetres in the sheet's frame (quiz.instructor.layout), y down; the PDF places the frame
on the paper. The PDF is uncompressed and carries no date, and its trailer /ID is a hash of its
content, so the same drawing gives the same bytes on any machine. Only the standard library.
"""

from __future__ import annotations

import hashlib

PT_PER_MM = 72 / 25.4
#: Helvetica advance widths (1/1000 em) of the characters centred in bubbles and boxes
_WIDTHS = {**{d: 556 for d in "0123456789"}, "A": 667, "B": 667, "C": 722, "D": 722, "E": 667,
           "F": 611, "G": 778, "H": 722, " ": 278, ".": 278, "-": 333, "/": 278}


def text_width(text: str, size_pt: float) -> float:
    """The width of `text` in Helvetica at `size_pt`, in mm (other characters count as 0.6 em)."""
    return sum(_WIDTHS.get(ch, 600) for ch in text) / 1000 * size_pt / PT_PER_MM


class Drawing:
    """A list of drawing operations in frame millimetres; grey levels run 0 (black) to 1 (white).
    """

    def __init__(self) -> None:
        self.ops: list[tuple] = []

    def rect(self, x, y, w, h, fill=None, stroke=None, width=0.25) -> None:
        self.ops.append(("rect", x, y, w, h, fill, stroke, width))

    def circle(self, cx, cy, r, fill=None, stroke=None, width=0.25) -> None:
        self.ops.append(("circle", cx, cy, r, fill, stroke, width))

    def line(self, x1, y1, x2, y2, grey=0.0, width=0.25) -> None:
        self.ops.append(("line", x1, y1, x2, y2, grey, width))

    def text(self, x, y, s, size=9.0, bold=False, grey=0.0, anchor="start") -> None:
        """One line of text with its baseline at y; `size` in points."""
        if anchor != "start":
            shift = text_width(s, size)
            x -= shift / 2 if anchor == "middle" else shift
        self.ops.append(("text", x, y, s, size, bold, grey))


def _n(v: float) -> str:
    out = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if out in ("", "-0") else out


def _pdf_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _paint(fill, stroke, width) -> tuple[str, str]:
    setup = []
    if fill is not None:
        setup.append(f"{_n(fill)} g")
    if stroke is not None:
        setup.append(f"{_n(stroke)} G {_n(width)} w")
    op = "B" if fill is not None and stroke is not None else ("f" if fill is not None else "S")
    return " ".join(setup), op


def _content(ops: list[tuple]) -> str:
    """The page's content stream, in frame mm (the caller sets the transformation)."""
    out = []
    k = 0.5523 # Bezier control distance for a quarter circle
    for op in ops:
        kind = op[0]
        if kind == "rect":
            _, x, y, w, h, fill, stroke, width = op
            setup, paint = _paint(fill, stroke, width)
            out.append(f"{setup} {_n(x)} {_n(y)} {_n(w)} {_n(h)} re {paint}")
        elif kind == "circle":
            _, cx, cy, r, fill, stroke, width = op
            setup, paint = _paint(fill, stroke, width)
            c = k * r
            out.append(
                f"{setup} {_n(cx + r)} {_n(cy)} m "
                f"{_n(cx + r)} {_n(cy + c)} {_n(cx + c)} {_n(cy + r)} {_n(cx)} {_n(cy + r)} c "
                f"{_n(cx - c)} {_n(cy + r)} {_n(cx - r)} {_n(cy + c)} {_n(cx - r)} {_n(cy)} c "
                f"{_n(cx - r)} {_n(cy - c)} {_n(cx - c)} {_n(cy - r)} {_n(cx)} {_n(cy - r)} c "
                f"{_n(cx + c)} {_n(cy - r)} {_n(cx + r)} {_n(cy - c)} {_n(cx + r)} {_n(cy)} c "
                f"h {paint}")
        elif kind == "line":
            _, x1, y1, x2, y2, grey, width = op
            out.append(f"{_n(grey)} G {_n(width)} w {_n(x1)} {_n(y1)} m {_n(x2)} {_n(y2)} l S")
        elif kind == "text":
            _, x, y, s, size, bold, grey = op
            font = "F2" if bold else "F1"
            out.append(f"BT {_n(grey)} g /{font} {_n(size / PT_PER_MM)} Tf "
                       f"1 0 0 -1 {_n(x)} {_n(y)} Tm ({_pdf_text(s)}) Tj ET")
    return "\n".join(out)


def pdf(pages: list[Drawing], paper_mm: tuple[float, float], offset_mm: tuple[float, float],
        title: str) -> bytes:
    """The drawings as the pages of one PDF of `paper_mm` (width, height), each frame placed at
    `offset_mm` from the paper's top-left corner."""
    pw, ph = (v * PT_PER_MM for v in paper_mm)
    ox, oy = offset_mm
    # frame mm -> PDF points, y flipped
    cm = f"{_n(PT_PER_MM)} 0 0 {_n(-PT_PER_MM)} {_n(ox * PT_PER_MM)} {_n(ph - oy * PT_PER_MM)} cm"
    streams = [f"q {cm} 1 J 1 j\n{_content(d.ops)}\nQ".encode("ascii") for d in pages]
    n = len(pages)
    objs: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        (f"<< /Type /Pages /Count {n} /Kids [{' '.join(f'{5 + 2 * i} 0 R' for i in range(n))}] >>"
         ).encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for i, stream in enumerate(streams):
        objs.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_n(pw)} {_n(ph)}] "
                     f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                     f"/Contents {6 + 2 * i} 0 R >>").encode("ascii"))
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info_title = _pdf_text("".join(ch for ch in title if 32 <= ord(ch) < 127))
    objs.append(f"<< /Title ({info_title}) /Creator (python -m quiz handout) >>".encode("ascii"))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    ident = hashlib.sha256(bytes(out)).hexdigest()[:32]
    out += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info {len(objs)} 0 R "
            f"/ID [<{ident}> <{ident}>] >>\nstartxref\n{xref}\n%%EOF\n").encode("ascii")
    return bytes(out)


def _hex(grey) -> str:
    v = round(255 * grey)
    return f"#{v:02x}{v:02x}{v:02x}"


def svg_body(drawing: Drawing, scale: float, dx: float = 0.0, dy: float = 0.0) -> list[str]:
    """SVG elements for the drawing, `scale` px per mm, the frame's corner at (dx, dy) px."""
    from quiz.figures import svg

    def X(v):
        return round(dx + v * scale, 2)

    def Y(v):
        return round(dy + v * scale, 2)

    out = []
    for op in drawing.ops:
        kind = op[0]
        if kind in ("rect", "circle"):
            fill, stroke, width = op[-3:]
            f = _hex(fill) if fill is not None else "none"
            s = _hex(stroke) if stroke is not None else "none"
            if kind == "rect":
                _, x, y, w, h = op[:5]
                out.append(svg.rect(X(x), Y(y), round(w * scale, 2), round(h * scale, 2), f, s,
                                    round(width * scale, 2)))
            else:
                _, cx, cy, r = op[:4]
                out.append(svg.circle(X(cx), Y(cy), round(r * scale, 2), f, s,
                                      round(width * scale, 2)))
        elif kind == "line":
            _, x1, y1, x2, y2, grey, width = op
            out.append(svg.line(X(x1), Y(y1), X(x2), Y(y2), _hex(grey), round(width * scale, 2)))
        elif kind == "text":
            _, x, y, s, size, bold, grey = op
            # the SVG falls back to DejaVu Sans, about an eighth wider than Helvetica
            out.append(svg.text(X(x), Y(y), s, round(0.87 * size / PT_PER_MM * scale, 2),
                                bold=bold, fill=_hex(min(grey, 0.45))))
    return out
