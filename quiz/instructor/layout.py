"""Where everything is on an answer sheet, in millimetres: shared by the sheet and the grader.

All positions are in a frame of FRAME_W x FRAME_H mm, origin at its top-left corner, y down.
The frame is centred on the paper; A4 and US Letter differ only in the frame's offset, so one
geometry serves both and the grader never needs to know the paper size. A filled square
registration mark is centred on each corner of the frame; nothing else is printed within CLEAR mm
of a mark. Each page carries the same header: the title, the replay code in words and in a QR
symbol (payload `MBS1 <code> P<page>/<pages>`), and an 8-digit student-number grid. Below it
the answer area holds three columns of rows: a question with one answer is one row (a bubble per
option), a matching question is one row per prompt, each with a bubble per option. A question is
never split across columns or pages.
"""

from __future__ import annotations

import re
from collections import namedtuple

from quiz.model import LETTERS

FRAME_W, FRAME_H = 186.0, 250.0
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARK = 7.0  # side of a registration square
CLEAR = 10.0  # nothing else printed this close to a mark

BUBBLE_R = 2.0  # answer bubble radius
ROW_PITCH, COL_PITCH = 6.0, 5.6
LABEL_W = 11.0  # question number before the first bubble's left edge
COLUMNS_X = (12.0, 70.0, 128.0)  # left edge of each column's labels
AREA_TOP, AREA_BOTTOM = 72.0, 236.0  # centres of the first and the last possible row
ROWS_PER_COLUMN = int((AREA_BOTTOM - AREA_TOP) / ROW_PITCH) + 1

ID_DIGITS = 8
ID_R = 1.7
ID_X0, ID_PITCH_X = 104.0, 5.2  # centre of the first digit column
ID_Y0, ID_PITCH_Y = 24.0, 4.5  # centre of the row of 0s
ID_BOX_Y = 13.0  # top of the write-in boxes

QR_X, QR_Y = 151.0, 9.0
QR_VERSION, QR_ERROR = 4, "m"  # 33 modules: room for any code, always the same size
QR_MODULE = 0.7
QR_SIZE = (17 + 4 * QR_VERSION) * QR_MODULE
PAYLOAD_PREFIX = "MBS1"
_PAYLOAD = re.compile(r"^MBS1 (\S+) P(\d{1,2})/(\d{1,2})$")

Row = namedtuple("Row", "question prompt label bubbles")  # prompt: -1, or the matching prompt index
Page = namedtuple("Page", "number rows")
IdBubble = namedtuple("IdBubble", "column digit x y")


def frame_offset(paper: str) -> tuple[float, float]:
    """Where the frame's top-left corner is on the paper, in mm from the paper's top-left."""
    width, height = PAPERS[paper]
    return (width - FRAME_W) / 2, (height - FRAME_H) / 2


def mark_centres() -> list[tuple[float, float]]:
    """Top-left, top-right, bottom-left, bottom-right."""
    return [(0.0, 0.0), (FRAME_W, 0.0), (0.0, FRAME_H), (FRAME_W, FRAME_H)]


def rows_needed(question) -> int:
    return len(question.prompts) or 1


def layout(questions) -> list[Page]:
    """The pages of the sheet of these questions, each with its rows of bubbles."""
    pages: list[Page] = []
    column, slot = 0, 0
    rows: list[Row] = []
    for qi, q in enumerate(questions):
        need = rows_needed(q)
        if need > ROWS_PER_COLUMN:
            raise ValueError(f"question {qi + 1} has more prompts than a column holds")
        if slot + need > ROWS_PER_COLUMN:
            column, slot = column + 1, 0
            if column == len(COLUMNS_X):
                pages.append(Page(len(pages) + 1, tuple(rows)))
                rows, column = [], 0
        x0 = COLUMNS_X[column] + LABEL_W + BUBBLE_R
        for p in range(need):
            y = AREA_TOP + (slot + p) * ROW_PITCH
            bubbles = tuple((x0 + k * COL_PITCH, y) for k in range(len(q.options)))
            label = f"{qi + 1}.{p + 1}" if q.prompts else f"{qi + 1}"
            rows.append(Row(qi, p if q.prompts else -1, label, bubbles))
        slot += need
    pages.append(Page(len(pages) + 1, tuple(rows)))
    return pages


def id_bubbles() -> list[IdBubble]:
    return [IdBubble(c, d, ID_X0 + c * ID_PITCH_X, ID_Y0 + d * ID_PITCH_Y)
            for c in range(ID_DIGITS) for d in range(10)]


def letter(k: int) -> str:
    return LETTERS[k]


def payload(code: str, page: int, pages: int) -> str:
    """The text in a page's QR symbol."""
    return f"{PAYLOAD_PREFIX} {code} P{page}/{pages}"


def parse_payload(text: str) -> tuple[str, int, int] | None:
    """(code, page, pages) from a QR payload, or None if it is not one of ours."""
    m = _PAYLOAD.match(text.strip())
    if not m:
        return None
    page, pages = int(m.group(2)), int(m.group(3))
    return (m.group(1), page, pages) if 1 <= page <= pages else None
