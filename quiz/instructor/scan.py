"""One page image -> where the sheet's frame is, the code in its QR symbol, and bubble darkness.

Steps, each with numpy only:
1. load: a PDF page is rendered with pypdfium2 (no system tools), a PNG or JPEG read with
   Pillow, always as 8-bit grey;
2. registration: in each corner region of the image, the place where a box a little smaller than
   a registration mark is darkest (integral image) is the mark; the centroid of its dark pixels
   refines it. The four centres must form the frame's rectangle (within a few per cent), else the
   page is not read. A projective transform maps frame millimetres to pixels: skew, scale and a
   flat photograph's perspective are all the same to it. A page fed upside down is turned round;
3. the QR symbol is read (zxing-cpp) from the small region where the layout says it is;
4. darkness: for each bubble, the mean of many samples inside 60 % of its radius, scaled from
   the paper's white (the median of a ring just outside the bubble) to the marks' black.
"""

from __future__ import annotations

import os
from collections import namedtuple

import numpy as np

from quiz.instructor import layout as L

DPI = 200
IMAGE_EXT = (".png", ".jpg", ".jpeg")
Found = namedtuple("Found", "image transform black code page pages")


class PageError(Exception):
    """A page that cannot be read: the message says why (for the review list)."""


def load(path: str, dpi: int = DPI):
    """[(page label, grey uint8 array)] of a PDF, PNG or JPEG file; ValueError if unreadable."""
    name = os.path.basename(path)
    if path.lower().endswith(".pdf"):
        import pypdfium2 as pdfium

        try:
            doc = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as exc:
            raise ValueError(f"{name}: not a readable PDF ({exc})") from None
        out = []
        try:
            for i in range(len(doc)):
                page = doc[i]
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                arr = np.array(bitmap.to_numpy(), copy=True)
                out.append((f"{name} p{i + 1}" if len(doc) > 1 else name,
                            arr[..., 0] if arr.ndim == 3 else arr))
                page.close()
        finally:
            doc.close()
        return out
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            if img.format == "JPEG":
                img.draft("L", img.size)  # decode straight to grey: no colour conversion
            return [(name, np.asarray(img.convert("L")))]
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError(f"{name}: not a readable image ({exc.__class__.__name__})") from None


def _homography(src, dst) -> np.ndarray:
    """The 3x3 matrix mapping the four points `src` onto `dst`."""
    a, b = [], []
    for (u, v), (x, y) in zip(src, dst):
        a.append([u, v, 1, 0, 0, 0, -u * x, -v * x])
        a.append([0, 0, 0, u, v, 1, -u * y, -v * y])
        b += [x, y]
    h = np.linalg.solve(np.array(a, float), np.array(b, float))
    return np.append(h, 1.0).reshape(3, 3)


def apply(h: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Frame mm (..., 2) -> image px (..., 2)."""
    p = pts @ h[:, :2].T + h[:, 2]
    return p[..., :2] / p[..., 2:3]


def _levels(img: np.ndarray) -> tuple[float, float]:
    sub = img[::7, ::7]
    return float(np.percentile(sub, 92)), float(np.percentile(sub, 0.5))


def _mark_in(window: np.ndarray, thr: float, box: int) -> tuple[float, float] | None:
    """The centre of the registration mark in a corner window, or None.

    The darkest box is found at half resolution (a quarter of the work), then refined at full
    resolution by the centroid of the dark pixels around it."""
    small = (window[::2, ::2] < thr).astype(np.int32)
    b = max(2, box // 2)
    ii = np.zeros((small.shape[0] + 1, small.shape[1] + 1), np.int32)
    ii[1:, 1:] = small.cumsum(0).cumsum(1)
    sums = ii[b:, b:] - ii[:-b, b:] - ii[b:, :-b] + ii[:-b, :-b]
    if sums.size == 0:
        return None
    iy, ix = np.unravel_index(int(np.argmax(sums)), sums.shape)
    if sums[iy, ix] < 0.8 * b * b:
        return None
    cy, cx = 2 * (iy + b / 2), 2 * (ix + b / 2)
    half = box * 0.85
    for _ in range(2):  # centroid of the dark pixels around the estimate
        y0, y1 = int(max(cy - half, 0)), int(min(cy + half, window.shape[0]))
        x0, x1 = int(max(cx - half, 0)), int(min(cx + half, window.shape[1]))
        ys, xs = np.nonzero(window[y0:y1, x0:x1] < thr)
        if len(ys) == 0:
            return None
        cy, cx = y0 + ys.mean() + 0.5, x0 + xs.mean() + 0.5
    return cx, cy


def register(img: np.ndarray) -> tuple[np.ndarray, float]:
    """(frame mm -> px transform, the marks' grey level), or PageError."""
    h, w = img.shape
    ppm = min(w / 216.0, h / 280.0)  # pixels per mm, roughly (either paper, +-5 %)
    white, black = _levels(img)
    if white - black < 60:
        raise PageError("no registration marks (a blank or low-contrast page)")
    thr = (white + black) / 2
    box = max(4, round((L.MARK - 1.6) * ppm))
    wh, ww = int(h * 0.3), int(w * 0.3)
    found = []
    for top, left in ((0, 0), (0, w - ww), (h - wh, 0), (h - wh, w - ww)):
        spot = _mark_in(img[top:top + wh, left:left + ww], thr, box)
        if spot is None:
            raise PageError("registration marks not found (not an answer sheet, or a corner "
                            "is cut off or covered)")
        found.append((left + spot[0], top + spot[1]))
    p = np.array(found)
    widths = np.linalg.norm(p[1] - p[0]), np.linalg.norm(p[3] - p[2])
    heights = np.linalg.norm(p[2] - p[0]), np.linalg.norm(p[3] - p[1])
    diagonals = np.linalg.norm(p[3] - p[0]), np.linalg.norm(p[2] - p[1])
    aspect = (sum(heights) / sum(widths)) / (L.FRAME_H / L.FRAME_W)
    if not (0.94 < aspect < 1.06 and 0.93 < widths[0] / widths[1] < 1.07
            and 0.93 < heights[0] / heights[1] < 1.07
            and 0.96 < diagonals[0] / diagonals[1] < 1.04):
        raise PageError("the registration marks do not form the sheet's frame")
    transform = _homography(L.mark_centres(), found)
    centres = apply(transform, np.array(L.mark_centres()))
    vals = [img[int(y), int(x)] for x, y in centres]
    return transform, float(np.mean(vals))


def _decode(crop: np.ndarray) -> list[str]:
    import zxingcpp

    found = zxingcpp.read_barcodes(np.ascontiguousarray(crop),
                                   formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    return [b.text for b in found if b.valid]


def read_code(img: np.ndarray, transform: np.ndarray):
    """(code, page, pages) from the QR symbol where the layout puts it, or None."""
    m = 5.0
    corners = np.array([(L.QR_X - m, L.QR_Y - m), (L.QR_X + L.QR_SIZE + m, L.QR_Y - m),
                        (L.QR_X - m, L.QR_Y + L.QR_SIZE + m),
                        (L.QR_X + L.QR_SIZE + m, L.QR_Y + L.QR_SIZE + m)])
    px = apply(transform, corners)
    x0, y0 = np.floor(px.min(0)).astype(int)
    x1, y1 = np.ceil(px.max(0)).astype(int)
    h, w = img.shape
    crop = img[max(y0, 0):min(y1, h), max(x0, 0):min(x1, w)]
    if crop.size == 0:
        return None
    for text in _decode(crop):
        parsed = L.parse_payload(text)
        if parsed:
            return parsed
    return None


def find(img: np.ndarray) -> Found:
    """Register a page and read its code, turning it round if it was scanned upside down."""
    problem = None
    for attempt in (img, img[::-1, ::-1]):
        try:
            transform, black = register(attempt)
        except PageError as exc:
            problem = problem or exc
            continue
        parsed = read_code(attempt, transform)
        if parsed:
            return Found(attempt, transform, black, *parsed)
        problem = problem or PageError("the QR code cannot be read")
    assert problem is not None
    raise problem


def anywhere_code(img: np.ndarray) -> str | None:
    """Any QR text on the whole page (to tell a damaged sheet from something else)."""
    texts = _decode(img)
    return texts[0] if texts else None


_OFFSETS: dict = {}


def _disk(radius: float) -> np.ndarray:
    """Sample offsets (mm) inside 60 % of a bubble of `radius`, and on a ring just outside it."""
    if radius not in _OFFSETS:
        step = 0.16
        r_in = 0.6 * radius
        g = np.arange(-r_in, r_in + 1e-9, step)
        xx, yy = np.meshgrid(g, g)
        keep = xx ** 2 + yy ** 2 <= r_in ** 2
        inner = np.stack([xx[keep], yy[keep]], 1)
        angles = np.linspace(0, 2 * np.pi, 48, endpoint=False)
        ring = 1.4 * radius * np.stack([np.cos(angles), np.sin(angles)], 1)
        _OFFSETS[radius] = (inner, ring)
    return _OFFSETS[radius]


def _sample(img: np.ndarray, transform: np.ndarray, pts: np.ndarray) -> np.ndarray:
    px = np.rint(apply(transform, pts)).astype(np.intp)
    h, w = img.shape
    xs = np.clip(px[..., 0], 0, w - 1)
    ys = np.clip(px[..., 1], 0, h - 1)
    return img[ys, xs].astype(np.float32)


def darkness(found: Found, centres, radius: float) -> np.ndarray:
    """For each bubble centre (frame mm), its fill from 0 (paper) to 1 (as dark as a mark)."""
    if len(centres) == 0:
        return np.zeros(0)
    inner, ring = _disk(radius)
    c = np.asarray(centres, float)[:, None, :]
    v_in = _sample(found.image, found.transform, c + inner[None])
    v_ring = _sample(found.image, found.transform, c + ring[None])
    white = np.median(v_ring, axis=1)
    span = np.maximum(white - found.black, 40.0)
    d = np.clip((white[:, None] - v_in) / span[:, None], 0.0, 1.0)
    return d.mean(axis=1)
