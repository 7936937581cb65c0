"""Kahoot: the .xlsx in the layout of Kahoot's template, read back by a second, independent reader
(openpyxl; the file is written with XlsxWriter), with the bank's short forms and Kahoot's limits.
"""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from conftest import REPO_ROOT, require_module

from quiz import bank as bank_mod
from quiz import generate
from quiz.bank.loader import validate
from quiz.errors import BankError
from quiz.render import csv as limits
from quiz.render.short import forms, shorten

BANK = bank_mod.load()
FORMS = forms(BANK)


def export_xlsx(tmp_path, *args: str) -> tuple[bytes, str]:
    out = tmp_path / "kahoot.xlsx"
    r = subprocess.run([sys.executable, "-m", "quiz", "export", "--format", "kahoot", *args,
                        "-o", str(out), "--force"], capture_output=True, cwd=REPO_ROOT)
    assert r.returncode == 0, r.stderr.decode()
    return out.read_bytes(), r.stderr.decode()


def rows(data: bytes) -> tuple[list, list[list]]:
    """(the heading row, the question rows) as openpyxl reads them: headings on row 8 from
    column B, questions from row 9, column A numbering them."""
    openpyxl = require_module("openpyxl", "pip install 'openpyxl==3.1.5' (the dev extra)")
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    values = [list(r) for r in sheet.iter_rows(min_row=1, max_col=8, values_only=True)]
    assert all(v is None for row in values[:7] for v in row[:1])  # nothing in A1:A7
    header = values[7]
    assert header[0] is None and header[1:] == limits.HEADER
    return header, values[8:]


def test_the_sheet_is_kahoots_layout_and_every_row_is_a_question_that_fits(tmp_path):
    require_module("xlsxwriter", "pip install 'XlsxWriter==3.3.1' (the [kahoot] extra)")
    data, err = export_xlsx(tmp_path, "--seed", "11", "--count", "40")
    qs = [shorten(q, FORMS) for q in generate.make_quiz(BANK, 11, 40)]
    kept = [q for q in qs if limits.problem(q) is None]
    left = [line.split()[3].rstrip(":") for line in err.splitlines()
            if line.startswith("note: left out ")]
    assert left == [q.id for q in qs if limits.problem(q) is not None]
    _, body = rows(data)
    assert len(body) == len(kept) >= 20
    for n, (row, q) in enumerate(zip(body, kept), 1):
        assert row[0] == n
        stem, answers, seconds, correct = row[1], row[2:6], row[6], row[7]
        assert stem == q.stem and len(stem) <= limits.QUESTION_MAX
        offered = [a for a in answers if a is not None]
        assert offered == list(q.options) and 2 <= len(offered) <= limits.MAX_ANSWERS
        assert all(len(a) <= limits.ANSWER_MAX for a in offered)
        assert answers[len(offered):] == [None] * (limits.MAX_ANSWERS - len(offered))
        assert seconds in limits.TIME_LIMITS
        numbers = [int(x) for x in str(correct).split(",")]
        assert [offered[i - 1] for i in numbers] == [q.options[i] for i in q.answer]
    again, _ = export_xlsx(tmp_path, "--seed", "11", "--count", "40")
    assert again == data  # fixed dates: the same questions, the same bytes


def test_at_least_80_percent_of_the_questions_kahoot_can_ask_fit_with_the_short_forms():
    pool = generate.all_questions(BANK, 0)
    askable = [q for q in pool if q.kind in ("single", "truefalse")]
    fit = [q for q in askable if limits.problem(shorten(q, FORMS)) is None]
    without = [q for q in askable if limits.problem(q) is None]
    print(f"{len(fit)} of {len(askable)} fit ({len(without)} without the short forms)")
    assert len(fit) >= 0.8 * len(askable) > len(without)


def test_short_forms_keep_questions_fair_and_everything_else_as_it_is():
    pool = generate.all_questions(BANK, 0)
    changed = 0
    for q in pool:
        s = shorten(q, FORMS)
        assert (s.id, s.kind, s.answer, s.explanation, s.section) == \
            (q.id, q.kind, q.answer, q.explanation, q.section)
        assert len(set(s.options)) == len(s.options)
        changed += s != q
    assert changed >= 80
    # one long text, one short form, never shared: a short form keeps options apart. A term's
    # quiz form of its definition (rule definition-hides-its-term) shares the definition's short
    # form: it is the same text, and no question shows both
    quiz_forms = {e["quiz"]["definition"]: e["definition"] for e in BANK["term"] if "quiz" in e}
    assert all(FORMS[q] == FORMS[d] for q, d in quiz_forms.items() if d in FORMS)
    own = {long: short for long, short in FORMS.items() if long not in quiz_forms}
    assert len(set(own.values())) == len(own)
    assert all(len(short) < len(long) for long, short in FORMS.items())


@pytest.mark.parametrize("short, message", [
    ({"nonsense": "x"}, "'nonsense' is not a text field of this entry"),
    ({"term": ""}, "'term' needs a non-empty text"),
    ({"definition": "A much longer wording than the definition itself has."},
     "the short 'definition' is not shorter than the field itself"),
    ("text", 'expected a table of field = "shorter text"'),
])
def test_the_loader_names_a_bad_short_form(short, message):
    entry = {"id": "x", "term": "ex", "definition": "Short.", "section": "a#b", "short": short}
    raw = {"terms.toml": {"term": [entry]}, "t.toml": {
        "technique": [], "claim": [], "red_flag": []}}
    with pytest.raises(BankError) as err:
        validate(raw)
    assert f"terms.toml: term 'x': field 'short': {message}" in str(err.value)
