"""Scans, typed answers and earlier gradebooks -> scored sheets -> a gradebook and a review list.

Each page is read on its own (quiz.instructor.scan, quiz.instructor.marks); its QR code names the
variant, whose questions are drawn again from the code (from the code's own edition when it is an
older one that this bank still asks the same). Pages are put together into sheets in the order
they come: page 2 of a code follows its page 1. A page missing from a sheet, an unclear mark or
student number, or a page that cannot be read at all is a review item: the questions concerned
are left out of the score (`scored` counts the rest) and the gradebook's `review` column says why.
A typed row (`--answers`) with the same code and student number as a scanned sheet replaces it:
that is how a reviewed sheet is resolved.
"""

from __future__ import annotations

import csv
import io
import os
from collections import namedtuple

from quiz.errors import QuizError, UsageError
from quiz.instructor import layout as L
from quiz.instructor import marks

Sheet = namedtuple("Sheet", "source student code questions choices problems notes")
PageRead = namedtuple("PageRead", "label code page pages student student_problem choices problems")
HEADER = ["sheet", "student", "code", "variant", "score", "scored", "questions", "review"]
SCAN_EXT = (".pdf", ".png", ".jpg", ".jpeg")


class Questions:
    """The questions of each replay code, drawn once per code."""

    def __init__(self, bank) -> None:
        self.bank = bank
        self.cache: dict = {}
        self.layouts: dict = {}

    def pages(self, code: str, source: str) -> list:
        """The answer sheet's layout (quiz.instructor.layout) for a code."""
        if code not in self.layouts:
            self.layouts[code] = L.layout(self(code, source))
        return self.layouts[code]

    def __call__(self, code: str, source: str):
        if code not in self.cache:
            self.cache[code] = self._draw(code, source)
        return self.cache[code]

    def _draw(self, code: str, source: str):
        from quiz import replay
        from quiz.generate import make_quiz

        try:
            parsed = replay.parse(code)
        except UsageError:
            raise UsageError(f"{source}: {code!r} is not a replay code") from None
        version, fingerprint, seed, count, topics = parsed
        bank = self.bank
        if (version, fingerprint) != (bank.version, bank.fingerprint[:6]):
            from quiz.editions import bank_for_code

            try:
                bank = bank_for_code(bank, parsed, (parsed.variant,))
            except QuizError as exc:
                raise UsageError(f"{source}: a sheet of book version {version} (bank "
                                 f"{fingerprint}), which this quiz kit ({bank.version}) cannot "
                                 f"grade: {str(exc).splitlines()[0]}") from None
        return make_quiz(bank, seed, count, topics, variant=parsed.variant)


def read_page(label: str, img, questions_for) -> PageRead:
    """Read one page image; scan.PageError if it cannot be read."""
    import numpy as np

    from quiz.instructor import scan

    found = scan.find(img)
    questions = questions_for(found.code, label)
    pages = questions_for.pages(found.code, label)
    if found.pages != len(pages):
        raise scan.PageError(f"its code says {found.pages} page(s), its variant has {len(pages)}")
    page = pages[found.page - 1]
    ids = L.id_bubbles()
    id_dark = scan.darkness(found, [(b.x, b.y) for b in ids], L.ID_R).reshape(L.ID_DIGITS, 10)
    student, student_problem = marks.student_number(list(id_dark))
    centres = [xy for row in page.rows for xy in row.bubbles]
    dark = scan.darkness(found, centres, L.BUBBLE_R)
    by_question: dict[int, list] = {}
    at = 0
    for row in page.rows:
        n = len(row.bubbles)
        by_question.setdefault(row.question, []).append(np.asarray(dark[at:at + n]))
        at += n
    choices, problems = {}, {}
    for qi, rows in by_question.items():
        choice, problem = marks.read_question(questions[qi], rows)
        choices[qi] = choice
        if problem:
            problems[qi] = problem
    return PageRead(label, found.code, found.page, found.pages, student, student_problem, choices,
                    problems)


def assemble(reads: list[PageRead], questions_for) -> list[Sheet]:
    """Sheets from pages in order: the pages of one code and student that follow each other."""
    groups: list[list[PageRead]] = []
    for r in reads:
        last = groups[-1][-1] if groups else None
        if (last and r.code == last.code and r.page == last.page + 1
                and (not r.student or not last.student or r.student == last.student)):
            groups[-1].append(r)
        else:
            groups.append([r])
    sheets = []
    for group in groups:
        first = group[0]
        questions = questions_for(first.code, first.label)
        layout_pages = questions_for.pages(first.code, first.label)
        choices: dict = {}
        problems: dict = {}
        notes = []
        for r in group:
            choices.update(r.choices)
            problems.update(r.problems)
        seen = {r.page for r in group}
        for page in layout_pages:
            if page.number not in seen:
                notes.append(f"page {page.number} of {len(layout_pages)} is missing")
                for row in page.rows:
                    problems.setdefault(row.question, f"on page {page.number}, which is missing")
        student = next((r.student for r in group if r.student), "")
        if not student:
            notes.append(next((r.student_problem for r in group if r.student_problem),
                              "no student number"))
        source = first.label if len(group) == 1 else f"{first.label} + {len(group) - 1} page(s)"
        sheets.append(Sheet(source, student, first.code, questions,
                            [choices.get(i) for i in range(len(questions))], problems, notes))
    return sheets


def scan_files(inputs: list[str]) -> tuple[list[str], list[str]]:
    """(scan files, gradebook CSV files) named by the inputs; UsageError for a bad input."""
    scans, books = [], []
    for path in inputs:
        if os.path.isdir(path):
            found = sorted(os.path.join(root, f) for root, _, files in os.walk(path) for f in files
                           if f.lower().endswith(SCAN_EXT))
            if not found:
                raise UsageError(f"{path}: no PDF, PNG or JPEG files in this folder")
            scans += found
        elif not os.path.exists(path):
            raise UsageError(f"{path}: no such file or folder")
        elif path.lower().endswith(SCAN_EXT):
            scans.append(path)
        elif path.lower().endswith(".csv"):
            books.append(path)
        else:
            raise UsageError(f"{path}: not a PDF, PNG or JPEG scan, nor a gradebook CSV")
    return scans, books


def _read_file(path: str, dpi: int, questions_for):
    """([PageRead], [(label, reason)]) for one scan file."""
    from quiz.instructor import scan

    try:
        pages = scan.load(path, dpi)
    except ValueError as exc:
        return [], [(os.path.basename(path), str(exc).split(": ", 1)[-1])]
    reads, failed = [], []
    for label, img in pages:
        try:
            reads.append(read_page(label, img, questions_for))
        except scan.PageError as exc:
            failed.append((label, str(exc)))
    return reads, failed


def read_scans(paths: list[str], questions_for, dpi: int = 200, jobs: int = 1):
    """(sheets, [(page label, why it was not read)]) for the scan files, in order."""
    reads, failed = [], []
    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(jobs) as pool:
            results = list(pool.map(lambda p: _read_file(p, dpi, questions_for), paths))
    else:
        results = [_read_file(p, dpi, questions_for) for p in paths]
    for r, f in results:
        reads += r
        failed += f
    return assemble(reads, questions_for), failed


def _table(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"{path}: cannot read this CSV ({exc})") from None


def _answer_columns(fields, count: int) -> list[str | None]:
    names = {f.strip().lower().removeprefix("q"): f for f in fields or () if f}
    return [names.get(str(i)) for i in range(1, count + 1)]


def typed(path: str, questions_for) -> list[Sheet]:
    """Sheets from a CSV of typed answers: a `code` column, optionally `student`, and one column
    per question (`1`, `2`, ... or `q1`, `q2`, ...), each answer written as in the terminal quiz
    (`C`, `AC`, `DBEA`; empty for no answer)."""
    rows = _table(path)
    name = os.path.basename(path)
    if not rows or "code" not in rows[0]:
        raise UsageError(f"{path}: a typed-answers CSV needs a header with a 'code' column and "
                         "one column per question (1, 2, ...)")
    sheets = []
    for n, row in enumerate(rows, 2):
        source = f"{name} row {n}"
        questions = questions_for((row.get("code") or "").strip(), source)
        columns = _answer_columns(row.keys(), len(questions))
        choices, problems = [], {}
        for qi, (q, col) in enumerate(zip(questions, columns)):
            text = (row.get(col) or "") if col else ""
            try:
                choices.append(marks.parse_answer_text(q, text))
            except ValueError as exc:
                choices.append(None)
                why = f" ({exc})" if str(exc) else ""
                problems[qi] = f"{text.strip()!r} is not an answer to this question{why}"
        student = (row.get("student") or "").strip()
        sheets.append(Sheet(source, student, row["code"].strip(), questions, choices, problems,
                            [] if student else ["no student number"]))
    return sheets


def earlier(path: str, questions_for) -> list[Sheet]:
    """Sheets from a gradebook this command wrote before (for statistics over several runs)."""
    rows = _table(path)
    if not rows or list(rows[0])[:len(HEADER)] != HEADER:
        raise UsageError(f"{path}: not a gradebook written by python -m quiz grade")
    sheets = []
    for row in rows:
        questions = questions_for(row["code"], f"{path}: {row['sheet']}")
        choices, problems = [], {}
        for qi, q in enumerate(questions):
            text = row.get(f"q{qi + 1}") or ""
            try:
                choices.append(None if text == "?" else marks.parse_answer_text(q, text))
                if text == "?":
                    problems[qi] = "to review"
            except ValueError:
                raise UsageError(f"{path}: {row['sheet']}: q{qi + 1} {text!r} is not an answer "
                                 "to that question") from None
        sheets.append(Sheet(row["sheet"], row["student"], row["code"], questions, choices,
                            problems, []))
    return sheets


def replace_typed(scanned: list[Sheet], typed_sheets: list[Sheet]) -> list[Sheet]:
    """Scanned sheets, less those a typed row (same code and student number) replaces."""
    keys = {(s.code, s.student) for s in typed_sheets if s.student}
    return [s for s in scanned if (s.code, s.student) not in keys] + typed_sheets


def score(sheet: Sheet) -> tuple[int, int]:
    """(right, scored): questions under review are left out of both."""
    scored = [i for i in range(len(sheet.questions)) if i not in sheet.problems]
    right = sum(marks.is_right(sheet.questions[i], sheet.choices[i]) for i in scored)
    return right, len(scored)


def review_items(sheet: Sheet) -> list[tuple[str, str, str]]:
    """(sheet, where, what) for everything on a sheet that a person must look at."""
    out = [(sheet.source, "sheet", note) for note in sheet.notes]
    return out + [(sheet.source, f"question {i + 1}", msg)
                  for i, msg in sorted(sheet.problems.items())]


def gradebook(sheets: list[Sheet]) -> str:
    """The gradebook CSV: one row per sheet, an answer column per question (`?`: under review)."""
    width = max((len(s.questions) for s in sheets), default=0)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER + [f"q{i}" for i in range(1, width + 1)])
    from quiz import replay

    for s in sheets:
        right, scored = score(s)
        review = "; ".join(f"{where}: {what}" for _, where, what in review_items(s))
        answers = ["?" if i in s.problems else marks.answer_text(q, s.choices[i])
                   for i, q in enumerate(s.questions)]
        w.writerow([s.source, s.student, s.code, replay.parse(s.code).variant, right, scored,
                    len(s.questions), review] + answers)
    return out.getvalue()
