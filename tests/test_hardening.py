"""Regression tests for issue 20: every reproduction of the reliability pass on 1.2.0.

Each case runs `python -m quiz` in a subprocess (HOME and XDG_DATA_HOME in a temporary folder) and
expects what the README promises: exit code 0, 1, 2 or 130, at most one line on stderr per
problem, naming file, entry and field where there is one, and never a traceback or a hang. The
subprocesses' `timeout` only guards against a hang; no test asserts a duration.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT

from quiz import bank as bank_mod
from quiz import history, replay
from quiz.errors import BankError, UsageError

BANK_DIR = REPO_ROOT / "quiz" / "bank"


@pytest.fixture
def env(tmp_path):
    out = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "COLUMNS")}
    out.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), LC_ALL="C.UTF-8",
               PYTHONPATH=str(REPO_ROOT))
    return out


def run(env, *args, stdin: bytes = b"", timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "quiz", *args], input=stdin, env=env,
                          cwd=REPO_ROOT, timeout=timeout, check=False, **kw)


def no_traceback(proc) -> str:
    err = proc.stderr.decode("utf-8", "replace") if isinstance(proc.stderr, bytes) else proc.stderr
    assert "Traceback" not in err and "Error:" not in err.replace("error:", ""), err
    return err


def one_error(proc, code: int = 2) -> str:
    err = no_traceback(proc)
    lines = err.strip().splitlines()
    assert proc.returncode == code, (proc.returncode, err)
    assert len(lines) == 1 and lines[0].startswith("python -m quiz: error: "), lines
    return lines[0]


def edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# --- stdin, stdout, signals -------------------------------------------------------------------


def test_invalid_utf8_on_stdin_is_read_tolerantly(env):
    proc = run(env, "--seed", "1", "--count", "1", "--no-history", stdin=b"\xff\xfe\xc3(\n\x80a\n")
    no_traceback(proc)
    assert proc.returncode == 0
    assert b"Please answer" in proc.stdout


def test_a_non_ascii_digit_as_an_answer_asks_again(env):
    # (a superscript "²" reads as 2: answers are read after NFKC, quiz.answers; an Arabic-Indic
    # digit is a digit to str.isdigit but no option's number)
    proc = run(env, "--seed", "1", "--count", "1", "--no-history", stdin="\u0662\n".encode())
    no_traceback(proc)
    assert proc.returncode == 0 and b"Please answer" in proc.stdout


def test_a_closed_pipe_exits_1_quietly(env):
    """`python -m quiz --format json | head -c 1`: Python's recipe, exit non-zero like json.tool.
    """
    proc = subprocess.Popen([sys.executable, "-m", "quiz", "--format", "json", "--count", "500",
                             "--seed", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=REPO_ROOT)
    proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "Exception ignored" not in err, err


def test_a_full_stdout_is_one_line(env):
    with open("/dev/full", "wb") as full:
        proc = run(env, "--format", "json", "--count", "3", "--seed", "1", stdout=full)
    assert "No space left" in one_error(proc)


def test_a_closed_stdout_is_one_line(env):
    proc = subprocess.run([sys.executable, "-m", "quiz", "--format", "json", "--count", "3"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=REPO_ROOT,
                          timeout=60, check=False,
                          preexec_fn=lambda: os.close(1))
    assert "standard output is closed" in one_error(proc)


@pytest.mark.parametrize("fmt", ["json", "qti"])
def test_an_export_to_a_closed_stdout_is_one_line(env, fmt):
    """Text and binary exports to `-o -` (streams.write) with standard output closed."""
    proc = subprocess.run([sys.executable, "-m", "quiz", "export", "--format", fmt, "-o", "-",
                           "--count", "3", "--seed", "1"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env, cwd=REPO_ROOT, timeout=60,
                          check=False, preexec_fn=lambda: os.close(1))
    assert "standard output is closed" in one_error(proc)


def test_a_closed_stdin_ends_the_quiz(env):
    proc = subprocess.run([sys.executable, "-m", "quiz", "--count", "2", "--seed", "1",
                           "--no-history"], stdin=subprocess.DEVNULL, capture_output=True,
                          env=env, cwd=REPO_ROOT, timeout=60, check=False,
                          preexec_fn=lambda: os.close(0))
    no_traceback(proc)
    assert proc.returncode == 0 and b"Input ended after 0 of 2 questions. No question answered." in proc.stdout


INTERRUPT_DURING_IMPORT = """
import os, runpy, signal, sys
TARGET = sys.argv[1]
class Hook:
    def find_spec(self, name, path, target=None):
        if name == TARGET:
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Hook())
sys.argv = ["quiz", "--version"]
runpy.run_module("quiz", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("module", ["quiz.errors", "quiz.model", "argparse"])
def test_ctrl_c_while_the_cli_is_imported_exits_130_without_a_traceback(env, module):
    proc = subprocess.run([sys.executable, "-c", INTERRUPT_DURING_IMPORT, module],
                          capture_output=True, env=env, cwd=REPO_ROOT, timeout=60, check=False)
    no_traceback(proc)
    assert proc.returncode == 130, proc.stderr


def test_columns_that_is_not_an_ascii_number_is_ignored(env):
    for cols in ("²", "٣", "-5", "0", "99999999999999999999"):
        proc = run(dict(env, COLUMNS=cols), "--help")
        no_traceback(proc)
        assert proc.returncode == 0 and b"usage:" in proc.stdout


# --- replay codes and flags -------------------------------------------------------------------


@pytest.mark.parametrize("code", ["1.2.0-edf394-1-0-T", "1.2.0-edf394-1-501-T",
                                  "1.2.0-edf394-1-9999-T", "1.2.0-edf394-\u0663-3-T",
                                  "1.2.0-edf394-1-\u0663-T", "1.2.0-edf394-1-3-T-v0",
                                  "1.2.0-edf394-1-3-T-v101", "\uff11.2.0-edf394-1-3-T"])
def test_replay_codes_are_as_strict_as_the_flags(code):
    with pytest.raises(UsageError) as info:
        replay.parse(code)
    assert "\n" not in str(info.value)


def test_a_replay_code_within_the_flags_still_parses():
    assert replay.parse("1.2.0-edf394-1-500-TBCSG-v100").variant == 100
    assert replay.parse("1.2.0-edf394-999999999-1-T")[3] == 1


@pytest.mark.parametrize("flag", ["--count", "--seed"])
def test_flags_refuse_non_ascii_digits(env, flag):
    assert "whole number" in one_error(run(env, flag, "\u00b2", "--format", "json"))


# --- the history ------------------------------------------------------------------------------


@pytest.mark.parametrize("at", ["1e18", "Infinity", "-Infinity", "NaN", "1e300", "-1", "true",
                                '"1"', "1" + "0" * 5000, "[]"])
def test_history_records_are_checked_field_by_field(env, tmp_path, at):
    path = tmp_path / "h.jsonl"
    good = '{"at": 1764000000, "id": "claim-tf:c21", "ok": true, "topic": "claims", "v": "1"}'
    path.write_text(f'{{"at": {at}, "id": "claim-tf:c21", "ok": true, "topic": "claims"}}\n'
                    f"{good}\n", encoding="utf-8")
    warnings: list[str] = []
    assert len(history.load(str(path), warn=warnings.append)) == 1 and len(warnings) == 1
    proc = run(env, "stats", "--history", str(path))
    err = no_traceback(proc)
    assert proc.returncode == 0 and "(1 answer)" in proc.stdout.decode()
    assert len(err.splitlines()) == 1 and "skipped 1 unreadable line" in err


@pytest.mark.parametrize("record", [
    {"at": 1, "id": "x" * 400 + ":y", "ok": True}, {"at": 1, "id": "nocolon", "ok": True},
    {"at": 1, "id": "a:b", "ok": 1}, {"at": 1, "id": ["a:b"], "ok": True}, [1, 2], "text"])
def test_other_malformed_history_fields_are_skipped(tmp_path, record):
    path = tmp_path / "h.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    warnings: list[str] = []
    assert history.load(str(path), warn=warnings.append) == [] and len(warnings) == 1


def test_deeply_nested_json_in_the_history_is_skipped(tmp_path):
    path = tmp_path / "h.jsonl"
    path.write_text("[" * 100_000 + "\n", encoding="utf-8")
    warnings: list[str] = []
    assert history.load(str(path), warn=warnings.append) == [] and len(warnings) == 1


@pytest.mark.parametrize("device", ["fifo", "/dev/zero", "/dev/full", "folder"])
def test_the_history_is_read_only_from_a_regular_file(env, tmp_path, device):
    if device == "fifo":
        device = str(tmp_path / "fifo")
        os.mkfifo(device)
    elif device == "folder":
        device = str(tmp_path)
    proc = run(env, "stats", "--history", device, timeout=30)
    err = no_traceback(proc)
    assert proc.returncode == 0 and "No answers recorded yet" in proc.stdout.decode()
    assert len(err.splitlines()) == 1 and "cannot read the history" in err
    # answering with such a history: the answers are not recorded, with one note, never a hang
    proc = run(env, "--count", "1", "--seed", "1", "--history", device, stdin=b"a\n", timeout=30)
    err = no_traceback(proc)
    assert proc.returncode == 0 and "cannot record answers" in err


def test_stats_prints_no_control_characters_from_a_shared_history(env, tmp_path):
    path = tmp_path / "h.jsonl"
    nasty = "\x1b[2J\x1b]0;owned\x07\u202eclaims"
    lines = [{"at": 1764000000, "id": "claim-tf:c21\x1b[31m", "ok": True, "topic": nasty},
             {"at": 1764000000, "id": "claim-tf:c21", "ok": False, "topic": "\x9b31m"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    folder = tmp_path / "a\x1b[31mb"
    folder.mkdir()
    shutil.copy(path, folder / "h.jsonl")
    for where in (path, folder / "h.jsonl"):
        proc = run(env, "stats", "--history", str(where))
        out = proc.stdout.decode()
        assert proc.returncode == 0 and "(2 answers)" in out
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", out), repr(out)
        assert "other" in out


@pytest.mark.slow
def test_stats_streams_a_large_history(env, tmp_path):
    """About 40 MB of history: `stats` keeps the cards, not the records (the old reader held
    every record, several hundred MB for this file). Peak memory of the child, not time."""
    path = tmp_path / "h.jsonl"
    ids = [q for q in ("claim-tf:c%02d" % n for n in range(1, 29))]
    line = '{"at":%d,"id":"%s","ok":%s,"topic":"claims","v":"1.2.0"}\n'
    chunk = "".join(line % (1764000000 + i, ids[i % len(ids)], "true" if i % 3 else "false")
                    for i in range(10_000))
    with open(path, "w", encoding="utf-8") as fh:
        for _ in range(60):
            fh.write(chunk)
    assert path.stat().st_size > 35_000_000
    code = ("import resource, runpy, sys; sys.argv = ['quiz', 'stats', '--history', sys.argv[1]]\n"
            "try:\n    runpy.run_module('quiz', run_name='__main__')\n"
            "except SystemExit as e:\n    code = e.code\n"
            # VmHWM: this process's own peak (ru_maxrss would keep the forking parent's)
            "peak = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
            "print(peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code,"
            " file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, env=env,
                          cwd=REPO_ROOT, timeout=300, check=False)
    peak_kb, exit_code = proc.stderr.decode().split()[-2:]
    assert exit_code == "0" and b"(600000 answers)" in proc.stdout
    assert int(peak_kb) < 120_000, f"stats peaked at {int(peak_kb) // 1024} MB"


# --- the bank ---------------------------------------------------------------------------------


def test_claim_as_a_list_of_numbers_is_one_line(tmp_bank):
    (tmp_bank / "extra.toml").write_text("claim = [1]\n", encoding="utf-8")
    with pytest.raises(BankError) as info:
        bank_mod.load(str(tmp_bank), use_cache=False)
    assert str(info.value) == ("extra.toml: claim[1]: expected a table ([[claim]] with its "
                               "fields), got int")


def test_empty_uses_is_one_line_naming_file_entry_and_field(tmp_bank, env):
    edit(tmp_bank, "techniques.toml", 'uses = ["fingers", "thumbs", "knuckles", "elbows"]',
         "uses = []")
    line = one_error(run(env, "--bank", str(tmp_bank), "--format", "json"))
    assert line.endswith("techniques.toml: technique 'neuromuscular': field 'uses': must not be "
                         "an empty list (leave the field out if it is optional)")


def test_hidden_junk_and_non_regular_files_in_the_bank_folder_are_left_out(tmp_bank, env):
    (tmp_bank / ".#claims.toml").symlink_to("root@host.1234:1700000000")  # an Emacs lock
    (tmp_bank / "._claims.toml").write_bytes(b"\x00\x05\x16\x07Mac OS X        \x00\x02")
    (tmp_bank / ".claims.toml.swp").write_bytes(b"b0VIM 9.0")
    (tmp_bank / "gone.toml").symlink_to(tmp_bank / "nowhere.toml")  # dangling
    (tmp_bank / "folder.toml").mkdir()
    os.mkfifo(tmp_bank / "pipe.toml")
    proc = run(env, "--bank", str(tmp_bank), "--format", "json", "--count", "2", "--seed", "1",
               timeout=60)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    same = run(env, "--format", "json", "--count", "2", "--seed", "1")
    assert json.loads(proc.stdout)["questions"] == json.loads(same.stdout)["questions"]


def test_deeply_nested_toml_is_one_line(tmp_bank, env):
    (tmp_bank / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    line = one_error(run(env, "--bank", str(tmp_bank), "--format", "json"))
    assert "deep.toml: invalid TOML: arrays or tables nested too deeply" in line


def test_the_cache_follows_a_same_size_edit_that_keeps_the_modification_time(tmp_bank, env):
    args = ("--bank", str(tmp_bank), "--format", "json", "--count", "500", "--seed", "1",
            "--topic", "claims")
    first = run(env, *args)
    assert first.returncode == 0 and b"outdated" in first.stdout
    path = tmp_bank / "claims.toml"
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    edited = text.replace('status = "outdated"', 'status = "mixed"   ', 1)
    assert len(edited.encode()) == len(text.encode())
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    again = run(env, *args)
    assert again.returncode == 0
    assert json.loads(again.stdout)["code"] != json.loads(first.stdout)["code"]  # new fingerprint


def test_a_cache_with_a_valid_stamp_but_no_tables_is_ignored(tmp_bank, env):
    assert run(env, "--bank", str(tmp_bank), "--format", "json").returncode == 0
    cache = tmp_bank / "__pycache__" / "bank.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    for broken in ({"stamp": data["stamp"]}, {**data, "tables": {"claim": [1]}},
                   {**data, "tables": []}, {**data, "version": 3}):
        cache.write_text(json.dumps(broken), encoding="utf-8")
        proc = run(env, "--bank", str(tmp_bank), "--format", "json")
        no_traceback(proc)
        assert proc.returncode == 0


@pytest.mark.parametrize("old, new, where, message", [
    ('claim = "Massage relieves back pain."', None, "claim", "same text as claim"),
    ("cite = [", "cite = [] # was: [", None, "field 'cite': must not be an empty list"),
    ('summary = "', 'summary = "\u200b\u200b" # ', None, "U+200B"),
    ('summary = "', 'summary = "\u2063" # ', None, "U+2063"),
    ('summary = "', 'summary = "..." # ', None, "must hold a letter or a digit"),
    ('summary = "', 'summary = "a\\u001b[2Jb" # ', None, "U+001B"),
])
def test_check_finds_contradictions_and_invisible_text(tmp_bank, env, old, new, where, message):
    text = (tmp_bank / "claims.toml").read_text(encoding="utf-8")
    if new is None:  # a second claim with the text of the first, and another status
        first = re.search(r'(?m)^claim = "(.*)"$', text).group(1)
        second = re.findall(r'(?m)^claim = "(.*)"$', text)[1]
        edit(tmp_bank, "claims.toml", f'claim = "{second}"', f'claim = "{first}"')
    else:
        edit(tmp_bank, "claims.toml", old, new)
    proc = run(env, "check", "--bank", str(tmp_bank))
    line = one_error(proc)
    assert re.search(r"claims\.toml: claim '[a-z0-9-]+': field '[a-z_]+': ", line), line
    assert message in line


def test_check_finds_an_after_effect_that_is_a_red_flag_sign(tmp_bank, env):
    text = (tmp_bank / "safety.toml").read_text(encoding="utf-8")
    sign = re.search(r'(?m)^sign = "(.*)"$', text).group(1)
    edit(tmp_bank, "safety.toml", 'effect = "warm, slightly reddened skin where the therapist '
         'worked"', f'effect = "{sign.upper()}."')
    line = one_error(run(env, "check", "--bank", str(tmp_bank)))
    assert re.search(r"safety\.toml: after_effect '[a-z0-9-]+': field 'effect': same text as "
                     r"red_flag '[a-z0-9-]+' \(safety\.toml\)", line), line


def test_check_with_a_wrong_docs_folder_is_one_line(env, tmp_path):
    for folder in (tmp_path, tmp_path / "missing", REPO_ROOT / "README.md"):
        line = one_error(run(env, "check", "--docs", str(folder)))
        assert "is this the book's docs folder?" in line


# --- output files -----------------------------------------------------------------------------


@pytest.mark.parametrize("length", [241, 242, 250, 255])
def test_output_names_up_to_255_bytes_work(env, tmp_path, length):
    name = "q" * (length - 5) + ".json"
    proc = run(env, "export", "--format", "json", "--count", "2", "--seed", "1", "-o",
               str(tmp_path / name))
    no_traceback(proc)
    assert proc.returncode == 0 and (tmp_path / name).is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    multibyte = "\u00e9" * ((length - 5) // 2) + ".json"
    proc = run(env, "export", "--format", "json", "--count", "2", "--seed", "1", "-o",
               str(tmp_path / multibyte))
    assert proc.returncode == 0 and (tmp_path / multibyte).is_file()


@pytest.mark.parametrize("args", [["--format", "json"], ["export", "--format", "json"]],
                         ids=["quiz", "export"])
def test_a_reader_that_leaves_mid_write_is_a_broken_pipe_like_json_tool(env, tmp_path, args):
    """`python -m quiz --format json | head -c 10` exits non-zero, as `python -m json.tool` does,
    even when the output is written in one piece (a short write is not a success)."""
    big = tmp_path / "big.json"
    big.write_text(json.dumps(list(range(100_000))))
    quiz = " ".join([sys.executable, "-m", "quiz", *args, "--count", "500", "--seed", "1"])
    script = (f"{sys.executable} -m json.tool {big} | head -c 10 >/dev/null; a=${{PIPESTATUS[0]}}; "
              f"{quiz} 2>err | head -c 10 >/dev/null; echo $a ${{PIPESTATUS[0]}}")
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120, check=False)
    json_tool, ours = proc.stdout.split()
    assert json_tool != "0" and ours == "1", proc.stdout + proc.stderr
    err = (tmp_path / "err").read_text()
    assert "Traceback" not in err and "Exception ignored" not in err, err
