"""The instructor guide's picture of an answer sheet: the real sheet, drawn as SVG, partly filled.

It is the first page of the answer sheet that `python -m quiz handout --seed 2026 --count 12`
prints for variant 1 (quiz.instructor.sheet draws it, from the same drawing list as the PDF),
with a student's marks drawn on: a student number, one answer per question, every option that
applies in a select-all row, a letter for each item of a matching question, and one faint mark
that the grader would list for review. So the picture changes when the sheet or the bank does.
"""

from __future__ import annotations

from quiz.figures import Figure, svg

SEED, COUNT, VARIANT = 2026, 12, 1
SCALE, MARGIN = 3.0, 8.0  # px per mm; white border in mm
NUMBER = "20261234"
FAINT = 4  # the question (1-based) given a faint second mark


def _marks(d, questions, pages) -> tuple[int, str]:
    """Draw a student's marks; (question numbers answered, kind of the faint mark's question)."""
    from quiz.instructor import layout as L

    for c, digit in enumerate(NUMBER):
        x = L.ID_X0 + c * L.ID_PITCH_X
        d.text(x, L.ID_BOX_Y + 4.6, digit, 11, anchor="middle")
        d.circle(x, L.ID_Y0 + int(digit) * L.ID_PITCH_Y, L.ID_R * 0.95, fill=0.12)
    rows = pages[0].rows
    for i, row in enumerate(rows):
        q = questions[row.question]
        if q.kind == "multiple":
            picks = list(q.answer)
        else:
            picks = [(row.question + i) % len(row.bubbles)]
        for k in picks:
            x, y = row.bubbles[k]
            d.circle(x, y, L.BUBBLE_R * 0.95, fill=0.12)
        if row.question == FAINT - 1:
            x, y = row.bubbles[(picks[0] + 1) % len(row.bubbles)]
            d.circle(x, y, L.BUBBLE_R * 0.9, fill=0.78)
    return len({r.question for r in rows}), q.kind


def answer_sheet(bank) -> Figure:
    from quiz import __version__, replay
    from quiz.generate import make_quiz
    from quiz.instructor import layout as L
    from quiz.instructor import pdfdraw, sheet
    from quiz.model import TOPICS

    code = replay.make(bank.version, bank.fingerprint, SEED, COUNT, TOPICS, VARIANT)
    questions = make_quiz(bank, SEED, COUNT, TOPICS, variant=VARIANT)
    drawing = sheet.drawings(questions, code, __version__, VARIANT)[0]
    pages = L.layout(questions)
    answered, _ = _marks(drawing, questions, pages)
    width = round((L.FRAME_W + 2 * MARGIN) * SCALE)
    height = round((L.FRAME_H + 2 * MARGIN) * SCALE)
    body = pdfdraw.svg_body(drawing, SCALE, MARGIN * SCALE, MARGIN * SCALE)
    kinds = sorted({q.kind for q in questions})
    rows = sum(len(q.prompts) or 1 for q in questions)
    words = {"single": "one answer", "truefalse": "true or false", "multiple": "select all",
             "matching": "matching"}
    alt = (f"The answer sheet of variant {VARIANT} of the quiz {code}, filled in. Four black "
           f"squares mark its corners. At the top: the title, the variant, the replay code in "
           f"words, a name line and how to mark; an {L.ID_DIGITS}-column student-number grid "
           f"(digits 0 to 9, here {NUMBER} filled in); and a QR code holding the replay code. "
           f"Below: {rows} rows of lettered bubbles for its {answered} questions "
           f"({', '.join(words[k] for k in kinds)}), one filled bubble per row, every option "
           f"that applies in the row marked ALL, and in question {FAINT} a second, faint mark "
           f"that grading lists for review instead of scoring.")
    title = f"Answer sheet, variant {VARIANT}"
    return Figure("svg", svg.document(width, height, title, alt, body, "answer-sheet"), alt)
