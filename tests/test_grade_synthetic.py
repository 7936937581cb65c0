"""500 synthetic filled sheets, made from the real answer-sheet PDFs, graded in stacks.

Random answers, pencil from light to dark, clean erasures, stray strokes and handwriting; some
questions and student numbers made ambiguous on purpose (faint, half-filled, half-erased, two
marks); skew up to 5 degrees, scale within 5 %, blur, noise, grey paper; PNG, JPEG and PDF scans at
150, 200 and 300 dpi; A4 and US Letter; one- and two-page sheets. Grading must identify every
sheet's variant, read every other mark as meant (so no score is wrong), and flag exactly the
ambiguous marks. Two processes share the work (tests/sheetsim.py makes the sheets).
"""

from __future__ import annotations

import io
import os
import random
import tempfile
from concurrent.futures import ProcessPoolExecutor

import pytest
from conftest import require_module

SHEETS = 500
CHUNKS = 10


def _chunk(seed: int, n: int) -> dict:
    """Make and grade n sheets; return what went wrong and what was planted."""
    import sys

    sys.path.insert(0, os.path.dirname(__file__))
    import sheetsim as S
    from PIL import Image

    from quiz import bank as bank_mod
    from quiz import replay
    from quiz.instructor import grade, marks, sheet
    from quiz.instructor import layout as L
    from quiz.model import TOPICS

    bank = bank_mod.load()
    questions_for = grade.Questions(bank)
    rng = random.Random(seed)
    rendered: dict = {}
    truth, files = [], []
    planted = {"faint": 0, "partial": 0, "erased": 0, "double": 0, "number": 0, "two-page": 0,
               "pdf": 0, "jpg": 0, "png": 0, "letter": 0}
    with tempfile.TemporaryDirectory(prefix="synthetic-sheets-") as tmp:
        for i in range(n):
            variant = rng.randint(1, 4)
            count = 100 if rng.random() < 0.04 else rng.choice((10, 12, 20, 40))
            seed_q = rng.choice((2026, 7))
            dpi = rng.choices((150, 200, 300), (55, 35, 10))[0]
            paper = rng.choice(("a4", "letter"))
            code = replay.make(bank.version, bank.fingerprint, seed_q, count, TOPICS, variant)
            questions = questions_for(code, "test")
            key = (code, paper, dpi)
            if key not in rendered:
                rendered[key] = S.render(sheet.sheet_pdf(questions, code, bank.version, variant,
                                                         paper), dpi)
            student = S.plan(questions, rng)
            pages = L.layout(questions)
            planted["two-page"] += len(pages) > 1
            planted["letter"] += paper == "letter"
            for p, page in enumerate(pages):
                img = S.fill(rendered[key][p], dpi, paper, questions, page, student, rng)
                fmt = "pdf" if rng.random() < 0.1 else None
                data, ext = S.distort(img, rng, "jpg" if fmt else None)
                if fmt:  # a scanner's PDF: the JPEG inside a PDF page
                    buf = io.BytesIO()
                    Image.open(io.BytesIO(data)).save(buf, "PDF", resolution=dpi)
                    data, ext = buf.getvalue(), "pdf"
                planted[ext] += 1
                path = os.path.join(tmp, f"{seed}-{i:04d}-{p}.{ext}")
                with open(path, "wb") as fh:
                    fh.write(data)
                files.append(path)
            ambiguous = S.effective(questions, student)
            for kind in ambiguous.values():
                planted[kind] += 1
            planted["number"] += student.number_ambiguous
            truth.append((code, questions, student, ambiguous))
        sheets, failed = grade.read_scans(sorted(files), questions_for, 200, 1)
    wrong = [f"page not read: {label}: {why}" for label, why in failed]
    if len(sheets) != len(truth):
        wrong.append(f"{len(sheets)} sheets graded, {len(truth)} made")
    for s, (code, questions, student, ambiguous) in zip(sheets, truth):
        where = f"{s.source} ({code})"
        if s.code != code:
            wrong.append(f"{where}: read as {s.code}")
            continue
        if set(s.problems) != set(ambiguous):
            wrong.append(f"{where}: flagged {sorted(s.problems)} ({s.problems}), "
                         f"planted {ambiguous}")
        for qi, q in enumerate(questions):
            if qi not in ambiguous and qi not in s.problems \
                    and s.choices[qi] != student.choices[qi]:
                wrong.append(f"{where}: q{qi + 1} read {s.choices[qi]}, "
                             f"marked {student.choices[qi]}")
        expected = sum(marks.is_right(q, student.choices[qi]) for qi, q in enumerate(questions)
                       if qi not in ambiguous)
        if grade.score(s) != (expected, len(questions) - len(ambiguous)):
            wrong.append(f"{where}: score {grade.score(s)}, expected {expected}")
        if student.number_ambiguous:
            if s.student or not any("student number" in note for note in s.notes):
                wrong.append(f"{where}: ambiguous student number read as {s.student!r}")
        elif s.student != student.number:
            wrong.append(f"{where}: student {s.student!r}, wrote {student.number!r} {s.notes}")
    return {"wrong": wrong, "planted": planted, "sheets": len(sheets)}


@pytest.mark.slow
def test_five_hundred_synthetic_sheets_are_graded_without_a_wrong_score():
    for module, hint in (("numpy", "the [grade] extra"), ("pypdfium2", "the [grade] extra"),
                         ("zxingcpp", "the [grade] extra"), ("segno", "the [grade] extra")):
        require_module(module, hint)
    per = SHEETS // CHUNKS
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_chunk, range(100, 100 + CHUNKS), [per] * CHUNKS))
    wrong = [w for r in results for w in r["wrong"]]
    planted = {k: sum(r["planted"][k] for r in results) for k in results[0]["planted"]}
    assert sum(r["sheets"] for r in results) == SHEETS
    assert wrong == [], f"{len(wrong)} problem(s):\n" + "\n".join(wrong[:40])
    # the run really exercised what it claims to
    for kind in ("faint", "partial", "erased", "double"):
        assert planted[kind] >= 25, planted
    assert planted["number"] >= 5 and planted["two-page"] >= 5, planted
    assert min(planted["pdf"], planted["png"], planted["jpg"], planted["letter"]) >= 20, planted
