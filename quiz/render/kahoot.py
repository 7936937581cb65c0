"""Kahoot rendering: an `.xlsx` sheet in the layout of Kahoot's "Import spreadsheet" template.

Kahoot's template puts its column headings on row 8, from column B (question, answers 1 to 4,
time limit, correct answer(s)), and one question a row from row 9; column A numbers the
questions and rows 1 to 7 hold the template's title and notes, which the importer skips. This
writes that layout with XlsxWriter (the `[kahoot]` extra), every text cell as a string (so no
text is ever read as a formula), the time limit and a single correct answer as numbers.

Which questions fit, and why the others do not, is `quiz.render.csv.fit` (Kahoot's limits:
120 characters a question, 75 an answer, 2 to 4 answers, no matching or select-all), applied
to each question in the bank's short forms (`quiz.render.short`). Dates in the file are fixed,
so the same questions give the same bytes. XlsxWriter is imported only here.
"""

from __future__ import annotations

import datetime
import io

from quiz.errors import ExportError
from quiz.model import Question
from quiz.render.common import TITLE
from quiz.render.csv import HEADER, MAX_ANSWERS, fitting, problem, time_limit
from quiz.render.formats import Rendered

HEADER_ROW = 8  # Kahoot's template: headings on row 8 (1-based), from column B
FIRST_COLUMN = 1  # column B (0-based)
FIXED_DATE = datetime.datetime(2026, 1, 1)
WIDTHS = (60, 30, 30, 30, 30, 14, 14)


def _xlsxwriter():
    try:
        import xlsxwriter
    except ImportError:
        raise ExportError("the Kahoot export needs XlsxWriter: pip install 'XlsxWriter==3.3.1' "
                          "(or the project's [kahoot] extra)") from None
    return xlsxwriter


def correct_cell(q: Question) -> int | str:
    """The correct answer's number (1 to 4), or the numbers joined by commas when several."""
    numbers = [i + 1 for i in q.answer]
    return numbers[0] if len(numbers) == 1 else ",".join(map(str, numbers))


def render(questions: list[Question], code: str, version: str) -> bytes:
    """The .xlsx bytes for questions that all fit (see `quiz.render.csv.fit`); a ValueError
    names one that does not."""
    xlsxwriter = _xlsxwriter()
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({"title": f"{TITLE}: Kahoot quiz", "created": FIXED_DATE,
                         "author": TITLE, "comments": f"bank {version}, replay code {code}"})
    sheet = book.add_worksheet("Sheet1")
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_string(1, FIRST_COLUMN, f"{TITLE}: quiz {code}", bold)
    sheet.write_string(3, FIRST_COLUMN, f"Questions from bank {version}. Import in Kahoot: "
                       "Add question > Import spreadsheet.")
    for col, width in enumerate(WIDTHS, FIRST_COLUMN):
        sheet.set_column(col, col, width)
    header = HEADER_ROW - 1
    for col, text in enumerate(HEADER, FIRST_COLUMN):
        sheet.write_string(header, col, text, bold)
    for n, q in enumerate(questions, 1):
        reason = problem(q)
        if reason is not None:
            raise ValueError(f"{q.id}: {reason}")
        row = header + n
        sheet.write_number(row, 0, n)
        sheet.write_string(row, FIRST_COLUMN, q.stem, wrap)
        for i in range(MAX_ANSWERS):
            if i < len(q.options):
                sheet.write_string(row, FIRST_COLUMN + 1 + i, q.options[i], wrap)
        sheet.write_number(row, FIRST_COLUMN + 1 + MAX_ANSWERS, time_limit(q))
        cell = correct_cell(q)
        col = FIRST_COLUMN + 2 + MAX_ANSWERS
        if isinstance(cell, int):
            sheet.write_number(row, col, cell)
        else:
            sheet.write_string(row, col, cell)
    book.close()
    return out.getvalue()


def export(quizzes: list[list[Question]], job) -> Rendered:
    kept, left_out = fitting(quizzes, job)
    return Rendered(render(kept, job.code, job.version), len(kept), left_out)
