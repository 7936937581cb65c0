"""Synthetic filled answer sheets, made from the real sheet PDFs: what a class's scans look like.

`Student` plans what one student marks (random answers, a student number, and optionally some
deliberately ambiguous marks: faint, half-filled, half-erased, or two marks where one is allowed).
`fill` draws the plan on a page rendered with pypdfium2 from the PDF that `python -m quiz handout`
writes, in pencil from light to dark, with stray strokes and clean erasures. `distort` then
scans it: skew up to 5 degrees, scale within 5 per cent, a shift, blur, noise, and PNG or JPEG.
The truth (each question's intended choice, and which ones were made ambiguous on purpose) is
kept beside the image, so a test can compare the grader's reading with it.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field

import numpy as np

from quiz.instructor import layout as L

AMBIGUOUS = ("faint", "partial", "erased", "double")


@dataclass
class Student:
    number: str
    choices: list  # intended choice per question (as Question.is_right takes it), None for blank
    ambiguous: dict = field(default_factory=dict)  # question index -> kind of ambiguity
    number_ambiguous: bool = False


def plan(questions, rng: random.Random, ambiguity: float = 0.3) -> Student:
    """A random student: answers, number, and with probability `ambiguity` per sheet, one to
    three questions marked ambiguously on purpose."""
    choices = []
    for q in questions:
        n = len(q.options)
        if rng.random() < 0.04:
            choices.append(None)
        elif q.prompts:
            choices.append(tuple(rng.randrange(n) for _ in q.prompts))
        elif q.kind == "multiple":
            k = rng.randint(1, n)
            choices.append(tuple(sorted(rng.sample(range(n), k))))
        else:
            choices.append(rng.randrange(n))
    number = "".join(str(rng.randrange(10)) for _ in range(rng.randint(5, L.ID_DIGITS)))
    s = Student(number, choices)
    if rng.random() < ambiguity:
        for qi in rng.sample(range(len(questions)), rng.randint(1, min(3, len(questions)))):
            q = questions[qi]
            kinds = AMBIGUOUS if (q.kind != "multiple") else AMBIGUOUS[:3]
            s.ambiguous[qi] = rng.choice(kinds)
    s.number_ambiguous = rng.random() < ambiguity / 6
    return s


class Pen:
    """Draws on a grey page in frame millimetres: graphite darkens what is under it."""

    def __init__(self, img: np.ndarray, dpi: int, paper: str, rng: random.Random):
        from PIL import Image, ImageDraw

        self.img = img
        self.ink = Image.new("L", (img.shape[1], img.shape[0]), 0)
        self.draw = ImageDraw.Draw(self.ink)
        self.k = dpi / 25.4
        self.ox, self.oy = L.frame_offset(paper)
        self.rng = rng

    def px(self, x, y):
        return (self.ox + x) * self.k, (self.oy + y) * self.k

    def disk(self, x, y, r, d, half_angle=None):
        cx, cy = self.px(x, y)
        rp = r * self.k
        box = [cx - rp, cy - rp, cx + rp, cy + rp]
        level = round(255 * d)
        if half_angle is None:
            self.draw.ellipse(box, fill=level)
        else:
            start = math.degrees(half_angle) - 90
            self.draw.pieslice(box, start, start + 180, fill=level)

    def stroke(self, x1, y1, x2, y2, d, width=0.4):
        self.draw.line([self.px(x1, y1), self.px(x2, y2)], fill=round(255 * d),
                       width=max(1, round(width * self.k)))

    def mark(self, x, y, r=L.BUBBLE_R):
        """An intended mark: pencil from light to dark, filled to about the bubble's edge."""
        self.disk(x, y, r * self.rng.uniform(0.9, 1.12), self.rng.uniform(0.62, 1.0))

    def result(self) -> np.ndarray:
        ink = np.asarray(self.ink, dtype=np.float32)
        ink *= -1 / 255
        ink += 1
        ink *= self.img
        return ink.astype(np.uint8)


def _near_bubble(x, y, centres, clear=3.8) -> bool:
    return any((x - cx) ** 2 + (y - cy) ** 2 < clear * clear for cx, cy in centres)


def _forbidden(x, y) -> bool:
    near_mark = any(abs(x - mx) < 8 and abs(y - my) < 8 for mx, my in L.mark_centres())
    near_qr = (L.QR_X - 4 < x < L.QR_X + L.QR_SIZE + 4 and L.QR_Y - 4 < y < L.QR_Y + L.QR_SIZE + 4)
    return near_mark or near_qr or not (-6 < x < L.FRAME_W + 6 and -6 < y < L.FRAME_H + 6)


def fill(img: np.ndarray, dpi: int, paper: str, questions, page: L.Page, s: Student,
         rng: random.Random) -> np.ndarray:
    """The page with the student's marks, stray strokes and handwriting drawn on it."""
    pen = Pen(img, dpi, paper, rng)
    # student number: in the boxes (handwriting) and in the grid
    for c, digit in enumerate(s.number):
        bx = L.ID_X0 + c * L.ID_PITCH_X
        pen.stroke(bx - 1, L.ID_BOX_Y + 1.5, bx + 1, L.ID_BOX_Y + 4.5, rng.uniform(0.5, 0.9))
        pen.mark(bx, L.ID_Y0 + int(digit) * L.ID_PITCH_Y, L.ID_R)
    if s.number_ambiguous:
        c = rng.randrange(len(s.number))
        other = (int(s.number[c]) + rng.randint(1, 9)) % 10
        pen.disk(L.ID_X0 + c * L.ID_PITCH_X, L.ID_Y0 + other * L.ID_PITCH_Y, L.ID_R,
                 rng.uniform(0.25, 0.34))
    for _ in range(rng.randint(4, 9)):  # a name on the name line
        x = rng.uniform(26, 88)
        pen.stroke(x, 33.5, x + rng.uniform(1, 4), 30.5 + rng.uniform(0, 2), rng.uniform(0.5, 0.9))
    centres = [xy for row in page.rows for xy in row.bubbles]
    centres += [(b.x, b.y) for b in L.id_bubbles()]  # strays keep off every bubble
    rows_of: dict[int, list] = {}
    for row in page.rows:
        rows_of.setdefault(row.question, []).append(row)
    for qi, rows in rows_of.items():
        q = questions[qi]
        choice = s.choices[qi]
        picks_per_row = ([[k] if k is not None else [] for k in choice] if q.prompts and choice
                         else [list(choice) if isinstance(choice, tuple) else
                               ([] if choice is None else [choice])] * 1)
        if q.prompts and not choice:
            picks_per_row = [[] for _ in rows]
        amb = s.ambiguous.get(qi)
        target = rng.randrange(len(rows)) if amb else -1
        for ri, (row, picks) in enumerate(zip(rows, picks_per_row)):
            for k in picks:
                pen.mark(*row.bubbles[k])
            empty = [k for k in range(len(row.bubbles)) if k not in picks]
            if rng.random() < 0.05 and empty:  # a clean erasure: reads as empty
                x, y = row.bubbles[rng.choice(empty)]
                pen.disk(x, y, L.BUBBLE_R, rng.uniform(0.0, 0.04))
            if ri != target:
                continue
            spot = rng.choice(empty) if empty else None
            if amb == "double" and spot is not None:
                pen.mark(*row.bubbles[spot])
                if not picks:  # a double mark needs two
                    other = [k for k in empty if k != spot]
                    pen.mark(*row.bubbles[other[0]])
            elif spot is not None:
                x, y = row.bubbles[spot]
                if amb == "faint":
                    pen.disk(x, y, L.BUBBLE_R, rng.uniform(0.25, 0.34))
                elif amb == "partial":
                    pen.disk(x, y, L.BUBBLE_R, rng.uniform(0.5, 0.66),
                             half_angle=rng.uniform(0, 2 * math.pi))
                else:  # erased: graphite left behind
                    pen.disk(x, y, L.BUBBLE_R * 1.05, rng.uniform(0.22, 0.33))
    for _ in range(rng.randint(0, 6)):  # stray strokes away from the bubbles
        for _try in range(30):
            x, y = rng.uniform(-4, L.FRAME_W + 4), rng.uniform(40, L.FRAME_H - 4)
            a, length = rng.uniform(0, math.pi), rng.uniform(2, 10)
            x2, y2 = x + length * math.cos(a), y + length * math.sin(a)
            pts = [(x + (x2 - x) * t, y + (y2 - y) * t) for t in np.linspace(0, 1, 12)]
            if not any(_near_bubble(px, py, centres) or _forbidden(px, py) for px, py in pts):
                pen.stroke(x, y, x2, y2, rng.uniform(0.4, 0.9))
                break
    return pen.result()


def effective(questions, s: Student) -> dict:
    """Which questions the plan really made ambiguous (a select-all row with every option picked
    has no empty bubble to spoil, so it stays unambiguous)."""
    out = {}
    for qi, kind in s.ambiguous.items():
        q = questions[qi]
        c = s.choices[qi]
        if q.kind == "multiple" and c is not None and len(c) == len(q.options):
            continue
        out[qi] = kind
    return out


def distort(img: np.ndarray, rng: random.Random, fmt: str | None = None) -> tuple[bytes, str]:
    """A scan of the page: (file bytes, extension), skewed, scaled, shifted, blurred and noisy.

    The picture keeps the whole page (a scanner's bed is larger than the paper): a sheet with a
    corner cut off is not read, and goes to review, which other tests check."""
    from PIL import Image, ImageFilter

    h, w = img.shape
    pic = Image.fromarray(img)
    scale = rng.uniform(0.95, 1.05)
    pic = pic.resize((round(w * scale), round(h * scale)), Image.BILINEAR)
    pic = pic.rotate(rng.uniform(-5, 5), resample=Image.BILINEAR, expand=True, fillcolor=255)
    # the whole page stays in the picture, as on a scanner's bed or in a photo of the page
    cw, ch = max(w, pic.width) + w // 50, max(h, pic.height) + h // 50
    canvas = Image.new("L", (cw, ch), 255)
    canvas.paste(pic, (rng.randint(0, cw - pic.width), rng.randint(0, ch - pic.height)))
    if rng.random() < 0.4:
        canvas = canvas.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))
    arr = np.asarray(canvas).astype(np.float32)
    arr *= rng.uniform(0.85, 1.0)  # grey paper, weak toner
    arr += rng.uniform(0, 20)
    gen = np.random.default_rng(rng.randrange(1 << 30))
    tile = gen.standard_normal((251, 257), dtype=np.float32) * rng.uniform(2, 12)
    reps = (-(-arr.shape[0] // 251), -(-arr.shape[1] // 257))
    arr += np.tile(tile, reps)[:arr.shape[0], :arr.shape[1]]  # sensor noise (tiled, for speed)
    arr = np.clip(arr, 0, 255, out=arr).astype(np.uint8)
    fmt = fmt or ("png" if rng.random() < 0.25 else "jpg")
    buf = io.BytesIO()
    if fmt == "png":
        Image.fromarray(arr).save(buf, "PNG", compress_level=1)
    else:
        Image.fromarray(arr).save(buf, "JPEG", quality=rng.randint(45, 90))
    return buf.getvalue(), fmt


def render(pdf: bytes, dpi: int) -> list[np.ndarray]:
    """The pages of a PDF as grey images (pypdfium2, as the grader reads a PDF)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(doc)):
            arr = doc[i].render(scale=dpi / 72, grayscale=True).to_numpy()
            out.append(np.array(arr[..., 0] if arr.ndim == 3 else arr, copy=True))
        return out
    finally:
        doc.close()
