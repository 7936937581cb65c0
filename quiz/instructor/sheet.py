"""The answer sheet of one handout variant: a PDF made here, in Python, from quiz.instructor.layout.

Why not LaTeX like the question sheets: the grader must know where every bubble is to a fraction
of a millimetre. Drawn from the same layout module the grader reads, the geometry is exact by
construction, on A4 and US Letter alike, and the PDF is byte-identical for the same arguments
(no fonts to embed, no dates, no TeX version in the output). The QR symbol, made with segno,
holds the replay code with its variant and the page number, so a scan identifies its variant;
the code is also printed in words.
"""

from __future__ import annotations

from quiz.errors import HandoutError
from quiz.instructor import layout as L
from quiz.instructor.pdfdraw import Drawing, pdf
from quiz.model import LETTERS

TITLE = "Massage for Back Spasms"
INSTALL = "pip install 'massage-back-spasms[grade]'"
HOW = (
    "Fill each bubble you choose completely, with a dark pencil or pen.",
    "To change an answer, erase it completely: a half-erased or faint",
    "mark is set aside for your teacher to read, not scored.",
    "One bubble per row. Rows marked ALL: fill every option that applies.",
    "Matching rows 5.1, 5.2 ...: the letter of the match of item 1, 2 ...",
    "Student number: write it in the boxes, fill one bubble per digit.",
)


def require():
    """The segno module, or a HandoutError that says how to install it."""
    try:
        import segno
    except ImportError:
        raise HandoutError(f"answer sheets need the segno package: {INSTALL} "
                           "(or leave them out with --no-answer-sheet)") from None
    return segno


def _qr_matrix(text: str):
    qr = require().make(text, version=L.QR_VERSION, error=L.QR_ERROR, boost_error=False)
    return qr.matrix


def _qr(d: Drawing, text: str) -> None:
    m = L.QR_MODULE
    for r, row in enumerate(_qr_matrix(text)):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                d.rect(L.QR_X + start * m, L.QR_Y + r * m, (c - start) * m, m, fill=0)
            else:
                c += 1


def _header(d: Drawing, code: str, version: str, variant: int, page: int, pages: int) -> None:
    for x, y in L.mark_centres():
        d.rect(x - L.MARK / 2, y - L.MARK / 2, L.MARK, L.MARK, fill=0)
    d.text(14, 9, f"{TITLE}: answer sheet", 12, bold=True)
    d.text(14, 15.5, f"Variant {variant}   Page {page} of {pages}", 11, bold=True)
    d.text(14, 21, f"Replay code: {code}", 8.5)
    d.text(14, 25.5, f"Book version {version}", 8.5)
    d.text(14, 34, "Name", 8.5)
    d.line(24, 34.5, 92, 34.5, width=0.2)
    for i, line in enumerate(HOW):
        d.text(14, 42 + i * 3.7, line, 7.2, grey=0.1)
    d.text(L.ID_X0 - L.ID_R, 10.5, "Student number", 8.5, bold=True)
    for c in range(L.ID_DIGITS):
        x = L.ID_X0 + c * L.ID_PITCH_X
        d.rect(x - 2.3, L.ID_BOX_Y, 4.6, 6.0, stroke=0.2, width=0.2)
    for b in L.id_bubbles():
        d.circle(b.x, b.y, L.ID_R, stroke=0.35, width=0.2)
        d.text(b.x, b.y + 0.65, str(b.digit), 5, grey=0.74, anchor="middle")
    _qr(d, L.payload(code, page, pages))
    d.text(L.QR_X + L.QR_SIZE / 2, L.QR_Y + L.QR_SIZE + 4.2, f"v{variant}  p{page}/{pages}", 8,
           anchor="middle")


def _rows(d: Drawing, questions, rows) -> None:
    for row in rows:
        x0, y = row.bubbles[0]
        d.text(x0 - L.BUBBLE_R - 1.6, y + 1.1, row.label, 8, bold=True, anchor="end")
        for k, (x, _) in enumerate(row.bubbles):
            d.circle(x, y, L.BUBBLE_R, stroke=0.35, width=0.22)
            d.text(x, y + 0.75, LETTERS[k], 6, grey=0.74, anchor="middle")
        if questions[row.question].kind == "multiple":
            d.text(row.bubbles[-1][0] + L.BUBBLE_R + 1.5, y + 1.0, "ALL", 6.5, bold=True)


def drawings(questions, code: str, version: str, variant: int) -> list[Drawing]:
    """One drawing per page of the answer sheet."""
    pages = L.layout(questions)
    out = []
    for page in pages:
        d = Drawing()
        _header(d, code, version, variant, page.number, len(pages))
        _rows(d, questions, page.rows)
        d.text(L.FRAME_W / 2, L.FRAME_H - 3, f"{TITLE} - {code} - page {page.number} of "
               f"{len(pages)}", 7, grey=0.2, anchor="middle")
        out.append(d)
    return out


def sheet_pdf(questions, code: str, version: str, variant: int, paper: str = "a4") -> bytes:
    """The answer sheet as PDF bytes: the same arguments always give the same bytes."""
    return pdf(drawings(questions, code, version, variant), L.PAPERS[paper],
               L.frame_offset(paper), f"{TITLE} answer sheet {code}")


def file_name(variant: int) -> str:
    return f"answers-v{variant}.pdf"
