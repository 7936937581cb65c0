"""A subprocess fuzz harness for `python -m quiz`: random sessions, each judged from outside.

A session is one run of `python -m quiz` with generated argv (bytes, so any file name or flag
value), stdin bytes (invalid UTF-8 included, under a UTF-8 locale with strict decoding asked for),
a history file of generated records, a malformed bank (tests/fuzz_kinds.py), a closed or full
stream, or a Ctrl-C at a random moment. Every session must end within its timeout (else: a hang),
print no traceback, exit with 0, 1, 2 or 130, and, where it reports an error, do so in one line
per problem; a malformed bank must be one line naming file, entry and field.

    .venv/bin/python tests/fuzz_harness.py --sessions 500 [--seed 1] [--workers 2]

prints the counts (sessions, failures by kind, tracebacks, hangs, exit codes, bank kinds and
their outcome). tests/test_fuzz.py runs a small fixed campaign in CI.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, namedtuple
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import fuzz_kinds  # noqa: E402
from hostile import dump  # noqa: E402

TIMEOUT = 30.0  # seconds: a session still running then is a hang
EXIT_CODES = {0, 1, 2, 130}
ERROR_LINE = re.compile(r"^python -m quiz( [a-z]+)?: error: [^\n]+$")  # a subcommand: its name

#: Ctrl-C while the interpreter itself starts (its io module, site.py and the .pth files of the
#: environment, such as an editable install's finder), before Python runs any of the package:
#: Python reports "Fatal Python error: init_import_site" (or init_sys_streams), or "Error
#: processing line 1 of ....pth ... Remainder of file ignored" and goes on. Counted apart: no
#: code of the package can run before it.
STARTUP = "start-up"

Session = namedtuple("Session", "kind argv stdin env setup expect", defaults=(None, None))
Result = namedtuple("Result", "session returncode stderr hung problem")

FLAGS = ["--topic", "--count", "--seed", "--code", "--format", "--bank", "--history",
         "--no-history", "--no-color", "--list-topics", "--version", "-h", "--variants", "-o",
         "--force", "--qti-version", "--book-url", "--docs", "--book-aux", "--output"]
COMMANDS = ["", "check", "export", "review", "stats", "diff", "handout", "nonsense"]
WORDS = ["", "-", "--", "0", "1", "-1", "500", "501", "\u00b2", "\u0663", "1e3", "999999999999",
         "json", "text", "gift", "qti", "anki", "csv", "claims", "t,b", "safety,,", "current",
         "1.0.0", "v1.2.0", "9.9.9", "1.2.0-edf394-1-3-TBCSG", "1.2.0-edf394-1-0-T",
         "1.2.0-edf394-1-3-T-v0", "2.1", "1.2", "javascript:alert(1)", "http://x/",
         "/dev/zero", "/dev/full", "/dev/null", "/", "/nonexistent/x", "\x1b[31mred",
         "a" * 300, "\u202eevil", "{{ 7*7 }}", "%s%n", "\ud800"]


def _word(rng: random.Random, tmp: Path) -> bytes:
    choice = rng.random()
    if choice < 0.12:
        return os.fsencode(str(tmp / rng.choice(["fifo", "dir", "file.json", "missing/x",
                                                  "out", "h.jsonl"])))
    if choice < 0.2:
        return bytes(rng.randrange(1, 256) for _ in range(rng.randrange(1, 12)))
    if choice < 0.25:
        return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(1, 8))
                       ).encode("utf-8", "surrogatepass")
    return rng.choice(WORDS).encode("utf-8", "surrogatepass")


def _argv(rng: random.Random, tmp: Path) -> list[bytes]:
    argv: list[bytes] = []
    command = rng.choice(COMMANDS)
    if command:
        argv.append(command.encode())
    for _ in range(rng.randrange(0, 6)):
        flag = rng.choice(FLAGS)
        if flag == "-o" and command == "handout":
            continue  # a handout that could typeset would need LaTeX: not a fuzz target
        argv.append(flag.encode())
        if rng.random() < 0.8:
            argv.append(_word(rng, tmp))
    if command == "handout":
        argv += [b"--variants", b"0"]  # never typesets: always a usage error
    if command in ("", "review") and b"--format" not in argv and rng.random() < 0.5:
        argv.append(b"--no-history")
    return argv


def _stdin(rng: random.Random) -> bytes:
    pieces = [b"a\n", b"b\n", b"T\n", b"\xff\xfe\n", b"\xc3(\n", b"\x00\n", b"\x1b[2J\n",
              b"1\n", "\u00b2\n".encode(), "\u0663\n".encode(), b"ABCDE\n", b"\n", b"\r\n",
              b"\xed\xa0\x80\n", b"x" * 5000 + b"\n", bytes(range(256))]
    return b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))


def _record(rng: random.Random) -> bytes:
    values = {"at": [1764000000, 1e18, "Infinity", "NaN", "-1", "1e300", "true", "null", '"x"',
                     "1" + "0" * 400, "[1]", "{}"],
              "id": ['"claim-tf:c21"', '"tech-uses:swedish+palms"', '"x"', '"\\u001b[2J:y"',
                     '"' + "a" * 400 + ':b"', "1", "null", '["a:b"]'],
              "ok": ["true", "false", "1", '"yes"', "null"],
              "topic": ['"claims"', '"\\u001b]0;t\\u0007"', '"' + "t" * 300 + '"', "3", "null",
                        '"safety"', '"\\u202e"']}
    if rng.random() < 0.15:
        return rng.choice([b"[" * 3000, b"\xff\xfe", b"{", b"", b"null", b"[1,2]",
                           b'{"at": 1} trailing'])
    fields = [f'"{k}": {rng.choice(v)}' for k, v in values.items() if rng.random() < 0.9]
    return ("{" + ", ".join(fields) + "}").encode()


def _history_setup(rng: random.Random):
    lines = [_record(rng) for _ in range(rng.randrange(0, 40))]
    cut = rng.random() < 0.3

    def setup(tmp: Path) -> None:
        data = b"\n".join(lines) + (b"" if cut else b"\n")
        (tmp / "h.jsonl").write_bytes(data)
    return setup


def _bank_setup(kind) -> object:
    def setup(tmp: Path) -> None:
        raw = fuzz_kinds.parsed()
        out = fuzz_kinds.apply(kind, raw)
        folder = tmp / "bank"
        folder.mkdir()
        if isinstance(out, tuple):
            for name, doc in raw.items():
                (folder / name).write_text(dump(doc), encoding="utf-8")
            (folder / out[0]).write_bytes(out[1])
        else:
            for name, doc in out.items():
                (folder / name).write_text(dump(doc), encoding="utf-8")
    return setup


def _common_setup(tmp: Path) -> None:
    os.mkfifo(tmp / "fifo")
    (tmp / "dir").mkdir()
    (tmp / "file.json").write_text("{}", encoding="utf-8")


def plan(seed: int, count: int, tmp_hint: Path = Path("/TMP")) -> list[Session]:
    """`count` sessions, in a fixed mix of kinds, from `seed`. Paths are relative to a per-session
    folder, written as the placeholder /TMP and replaced when the session runs."""
    rng = random.Random(seed)
    kinds = fuzz_kinds.KINDS
    out: list[Session] = []
    for n in range(count):
        what = n % 8
        if what in (0, 1):
            out.append(Session("argv", _argv(rng, tmp_hint), _stdin(rng), "utf8"))
        elif what == 2:
            args = [b"--seed", str(rng.randrange(10**6)).encode(), b"--count",
                    str(rng.randrange(1, 6)).encode(), b"--no-history"]
            out.append(Session("stdin", args, _stdin(rng), rng.choice(["utf8", "strict", "c"])))
        elif what == 3:
            command = rng.choice([[b"stats"], [b"review", b"--count", b"2"]])
            out.append(Session("history", command + [b"--history", b"/TMP/h.jsonl"],
                               _stdin(rng), "utf8", _history_setup(rng)))
        elif what in (4, 5):
            kind = kinds[rng.randrange(len(kinds))]
            command = rng.choice([[b"check"], [b"--format", b"json"], [b"stats"]])
            out.append(Session("bank", command + [b"--bank", b"/TMP/bank"], b"", "utf8",
                               _bank_setup(kind), kind))
        elif what == 6:
            stream = rng.choice(["closed-stdout", "full-stdout", "closed-stdin", "broken-pipe"])
            out.append(Session(stream, [b"--format", b"json", b"--count", b"200"]
                               if stream != "closed-stdin" else [b"--count", b"2", b"--seed",
                                                                  b"1", b"--no-history"],
                               b"", "utf8"))
        else:
            delay = rng.choice([0.0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.4])
            out.append(Session("interrupt", [b"--count", b"3", b"--seed", b"1", b"--no-history"],
                               b"", "utf8", None, delay))
    return out


def _env(encoding: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "COLUMNS")}
    env.update(HOME=str(tmp), XDG_DATA_HOME=str(tmp / "data"), PYTHONPATH=str(ROOT))
    env["LC_ALL"] = "C" if encoding == "c" else "C.UTF-8"
    if encoding == "strict":
        env["PYTHONIOENCODING"] = "utf-8:strict"
    return env


def _judge(session: Session, returncode, stderr: str) -> str | None:
    """Why this session failed, or None (or "start-up": see STARTUP)."""
    # A traceback shows every frame that was running: one without a frame of the package is the
    # interpreter's own start-up (io, site.py, .pth files, importing runpy or finding the package)
    if session.kind == "interrupt" and "/quiz/" not in stderr and "Traceback" in stderr:
        return STARTUP
    if "Traceback (most recent call last)" in stderr or "Exception ignored" in stderr:
        return "traceback"
    allowed = EXIT_CODES | ({-signal.SIGINT} if session.kind == "interrupt" else set())
    if returncode not in allowed:
        return f"exit code {returncode}"
    errors = [line for line in stderr.splitlines() if "error:" in line]
    if any(not ERROR_LINE.match(line) for line in errors):
        return "an error line in another form"
    if session.kind == "bank":
        lines = stderr.strip().splitlines()
        start = "python -m quiz: error: " + fuzz_kinds.expected_start(session.expect)
        if returncode != 2 or len(lines) != 1 or not lines[0].startswith(start):
            return f"bank: expected one line starting {start!r}"
    if session.kind in ("closed-stdout", "full-stdout") and (returncode != 2 or len(errors) != 1):
        return "an unwritable stdout must be one error line and exit code 2"
    if session.kind == "broken-pipe" and returncode not in (0, 1):
        return "a broken pipe exits 1 (0 if all was written first)"
    return None


def run(session: Session) -> Result:
    tmp = Path(tempfile.mkdtemp(prefix="quiz-fuzz-"))
    try:
        _common_setup(tmp)
        if session.setup is not None and not isinstance(session.setup, float):
            session.setup(tmp)
        argv = [a.replace(b"/TMP", os.fsencode(str(tmp))) for a in session.argv]
        cmd = [os.fsencode(sys.executable), b"-m", b"quiz", *argv]
        kw = dict(cwd=ROOT, env=_env(session.env, tmp), stderr=subprocess.PIPE)
        stdin = subprocess.PIPE
        stdout = subprocess.PIPE
        pre = None
        if session.kind == "closed-stdout":
            pre = lambda: os.close(1)  # noqa: E731
        elif session.kind == "closed-stdin":
            pre = lambda: os.close(0)  # noqa: E731
        elif session.kind == "full-stdout":
            stdout = open("/dev/full", "wb")
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, preexec_fn=pre, **kw)
        hung = False
        try:
            if session.kind == "broken-pipe":
                proc.stdin.close()
                proc.stdout.read(1)
                proc.stdout.close()
                err = proc.stderr.read()
                proc.wait(timeout=TIMEOUT)
            elif session.kind == "interrupt":
                time.sleep(session.expect or 0.0)
                proc.send_signal(signal.SIGINT)
                _out, err = proc.communicate(timeout=TIMEOUT)
            else:
                _out, err = proc.communicate(session.stdin, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            hung = True
            proc.kill()
            _out, err = proc.communicate()
        finally:
            if stdout not in (subprocess.PIPE,):
                stdout.close()
        text = (err or b"").decode("utf-8", "replace")
        problem = "hang" if hung else _judge(session, proc.returncode, text)
        return Result(session, proc.returncode, text, hung, problem)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def campaign(seed: int, count: int, workers: int = 2) -> list[Result]:
    sessions = plan(seed, count)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, sessions))


def report(results: list[Result]) -> str:
    kinds = Counter(r.session.kind for r in results)
    codes = Counter(r.returncode for r in results)
    problems = Counter(r.problem for r in results if r.problem and r.problem != STARTUP)
    startup = sum(r.problem == STARTUP for r in results)
    tracebacks = sum(r.problem == "traceback" for r in results)
    hangs = sum(r.hung for r in results)
    banks = [r for r in results if r.session.kind == "bank"]
    lines = [f"sessions: {len(results)}  tracebacks: {tracebacks}  hangs: {hangs}  "
             f"failures: {sum(problems.values())}",
             "by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())),
             "exit codes: " + ", ".join(f"{c}: {n}" for c, n in sorted(codes.items())),
             f"bank variants: {len(banks)} sessions over "
             f"{len({r.session.expect.name for r in banks})} kinds, "
             f"{sum(r.problem is None for r in banks)} answered with one line naming file, "
             "entry and field, exit code 2",
             f"Ctrl-C while the interpreter started, before any of the package ran: {startup}"]
    for problem, n in problems.most_common():
        example = next(r for r in results if r.problem == problem)
        lines.append(f"FAIL {n}x {problem}: {example.session.kind} "
                     f"{[a.decode('utf-8', 'replace') for a in example.session.argv]} -> "
                     f"{example.returncode}: {example.stderr[-400:]!r}")
    return "\n".join(lines)


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    results = campaign(args.seed, args.sessions, args.workers)
    print(report(results))
    return 1 if any(r.problem not in (None, STARTUP) for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
