"""Fuzzing (marker `fuzz`, about half a minute): properties with hypothesis, every kind of
malformed bank, and a fixed campaign of the subprocess harness (tests/fuzz_harness.py).

- history records: any bytes on a line are a record with well-formed fields, or skipped;
- replay codes: any text is a code within the flags' limits, or one UsageError line;
- answers: any text a learner types is an answer or None, never an exception;
- argv: any arguments (and any stdin) give exit code 0, 1, 2 or 130 and error lines in one form;
- banks: each kind in tests/fuzz_kinds.py (over 200, each breaking one field of one entry, or
  one file, in one way) gives exactly one line, naming file, entry and field;
- the harness: argv, stdin bytes under strict UTF-8, histories, banks, closed and full streams
  and Ctrl-C, in subprocesses: no traceback, no hang.

`pytest -m "not fuzz"` leaves them out; `python tests/fuzz_harness.py --sessions N` runs a
longer campaign. Under CI=true hypothesis is derandomized, so a run is reproducible.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import tempfile
from pathlib import Path

import fuzz_harness
import fuzz_kinds
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz import cli, history, replay
from quiz.bank.loader import parse_files, validate
from quiz.errors import BankError, UsageError
from quiz.generate import all_questions
from quiz import bank as bank_mod
from quiz.answers import parse_answer

pytestmark = pytest.mark.fuzz

FUZZ = settings(max_examples=150, deadline=None, derandomize=os.environ.get("CI") == "true",
                suppress_health_check=[HealthCheck.too_slow])
QUESTIONS = all_questions(bank_mod.load(), 0)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3),
    max_leaves=8)


# --- history records --------------------------------------------------------------------------


def _check_record(record) -> None:
    if record is None:
        return
    assert isinstance(record["at"], (int, float)) and not isinstance(record["at"], bool)
    assert math.isfinite(record["at"]) and 0 <= record["at"] <= history.LATEST
    assert isinstance(record["id"], str) and ":" in record["id"]
    assert isinstance(record["ok"], bool) and isinstance(record["topic"], str)


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_are_a_record_or_skipped(raw):
    _check_record(history._parse(raw))


@FUZZ
@given(st.fixed_dictionaries({}, optional={"at": json_values, "id": json_values,
                                           "ok": json_values, "topic": json_values,
                                           "v": json_values}))
def test_any_json_object_is_a_record_or_skipped(fields):
    _check_record(history._parse(json.dumps(fields).encode()))


@FUZZ
@given(st.lists(st.binary(max_size=80), max_size=20), st.booleans())
def test_a_history_of_any_lines_reads_and_tallies(lines, torn):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "h.jsonl"
        path.write_bytes(b"\n".join(lines) + (b"" if torn else b"\n"))
        warnings: list[str] = []
        records = history.load(str(path), warn=warnings.append)
        assert len(warnings) <= 1 and all("\n" not in w for w in warnings)
        for r in records:
            _check_record(r)
        from quiz import review

        out = review.stats(bank_mod.load(), iter(records), 1_764_000_000, str(path))
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)


# --- replay codes and answers -----------------------------------------------------------------


@FUZZ
@given(st.text(max_size=40) | st.from_regex(
    r"\A[0-9\u0660-\u0669]{1,2}\.[0-9]\.[0-9]-[0-9a-f]{6}-[0-9\u00b2]{1,10}-[0-9]{1,4}"
    r"-[TBCSGX]{1,6}(-v[0-9]{1,4})?\Z"))
def test_any_text_is_a_code_within_the_flags_or_one_line(text):
    try:
        code = replay.parse(text)
    except UsageError as exc:
        assert "\n" not in str(exc)
        return
    assert 1 <= code[3] <= 500 and 0 <= code[2] <= 999_999_999 and 0 <= code.variant <= 100
    assert text.strip().isascii()


@FUZZ
@given(st.sampled_from(QUESTIONS), st.text(max_size=20))
def test_any_typed_answer_is_an_answer_or_none(q, raw):
    choice = parse_answer(raw, q)
    if choice is not None:
        q.is_right(choice)


# --- argv, in process -------------------------------------------------------------------------

ARG = st.sampled_from(fuzz_harness.FLAGS + fuzz_harness.COMMANDS[1:-2]) | st.sampled_from(
    [w for w in fuzz_harness.WORDS if "\ud800" not in w]) | st.text(max_size=12)


@settings(max_examples=80, deadline=None, derandomize=os.environ.get("CI") == "true",
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ARG, max_size=6), st.binary(max_size=60))
def test_any_argv_exits_with_a_documented_code(argv, stdin):
    if "handout" in argv:
        argv = [*argv, "--variants", "0"]  # never typesets (that needs LaTeX and seconds)
    out, err = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        env = {"HOME": tmp, "XDG_DATA_HOME": os.path.join(tmp, "data")}
        stack.enter_context(_environ(env))
        stack.enter_context(contextlib.chdir(tmp))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        stack.enter_context(_stdin(stdin))
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # only argparse's own --help/--version paths may exit
            code = exc.code
    assert code in (0, 1, 2, 130), (argv, code, err.getvalue())
    for line in err.getvalue().splitlines():
        if "error:" in line:
            assert fuzz_harness.ERROR_LINE.match(line), line


@contextlib.contextmanager
def _environ(values):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def _stdin(data: bytes):
    import sys

    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict")
    try:
        yield
    finally:
        sys.stdin = old


# --- malformed banks, every kind --------------------------------------------------------------

RAW = fuzz_kinds.parsed()


def test_there_are_at_least_sixty_kinds_of_malformed_bank():
    assert len(fuzz_kinds.KINDS) >= 60
    assert len({k.name for k in fuzz_kinds.KINDS}) == len(fuzz_kinds.KINDS)


@pytest.mark.parametrize("kind", fuzz_kinds.KINDS, ids=[k.name for k in fuzz_kinds.KINDS])
def test_each_kind_of_malformed_bank_is_one_line_naming_file_entry_and_field(kind, tmp_path):
    out = fuzz_kinds.apply(kind, RAW)
    with pytest.raises(BankError) as info:
        if isinstance(out, tuple):
            (tmp_path / out[0]).write_bytes(out[1])
            validate({**RAW, **parse_files([str(tmp_path / out[0])])})
        else:
            validate(out)
    lines = str(info.value).splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(fuzz_kinds.expected_start(kind)), lines[0]


def test_the_unbroken_bank_validates():
    validate(fuzz_kinds.apply(fuzz_kinds.Kind("none", None, None, None, None,
                                              ("doc", lambda raw: None)), RAW))


# --- the subprocess harness -------------------------------------------------------------------


def test_a_fixed_campaign_of_the_subprocess_harness():
    results = fuzz_harness.campaign(seed=20, count=40, workers=2)
    summary = fuzz_harness.report(results)
    print(summary)
    assert not [r for r in results if r.problem not in (None, fuzz_harness.STARTUP)], summary
    assert {r.session.kind for r in results} >= {"argv", "stdin", "history", "bank",
                                                 "interrupt"}
