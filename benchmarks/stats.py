"""`python -m quiz stats` on a large history: time and peak memory, as ratios against baselines
measured in the same run.

Writes a history of --mb megabytes (default 100) in a temporary folder, made of well-formed
records of the bank's own questions (answers a minute apart, two in three right, a few damaged
lines), then runs, alternating them so that machine noise hits all alike, with the venv's own
interpreter:

- `stats` on that history;
- the floor: reading the same file line by line and `json.loads` of each line, in Python, which
  any reader of a JSON-lines history must do;
- `stats` on an empty history: the CLI's own footprint (interpreter, bank, generator).

It prints the median wall time and peak memory (max RSS) of each, and two ratios: stats' time
against the floor's, and stats' peak memory against the empty history's. Target: stats stays
within 200 MB on 100 MB (the issue's bound); the time ratio is what to watch when the reader
changes.

    .venv/bin/python benchmarks/stats.py [--mb 100] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Each child prints its own peak memory in KB last on stderr: VmHWM on Linux (ru_maxrss would
# keep the peak of the process that forked it), else ru_maxrss.
PEAK = ("import resource, sys\n"
        "peak = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "print(peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
        "file=sys.stderr)\n")
STATS = ("import runpy, sys\nsys.argv = ['quiz', 'stats', '--history', sys.argv[1]]\n"
         "try:\n    runpy.run_module('quiz', run_name='__main__')\nexcept SystemExit:\n    pass\n"
         + PEAK)
FLOOR = ("import json, sys\nn = 0\nwith open(sys.argv[1], 'rb') as fh:\n    for line in fh:\n"
         "        try:\n            json.loads(line)\n            n += 1\n"
         "        except ValueError:\n            pass\n" + PEAK)


def write_history(path: Path, megabytes: float) -> int:
    """A history of about `megabytes` MB; returns its number of lines."""
    from quiz import bank as bank_mod
    from quiz.generate import all_questions

    questions = [(q.id, q.topic) for q in all_questions(bank_mod.load(), 0)]
    target = int(megabytes * 1_000_000)
    lines = 0
    with open(path, "w", encoding="utf-8") as fh:
        size = 0
        block = []
        while size < target:
            qid, topic = questions[lines % len(questions)]
            if lines % 997 == 0:
                line = '{"at": 17640, "id": "cut short\n'  # a damaged line now and then
            else:
                line = json.dumps({"at": 1_764_000_000 + lines * 60, "id": qid,
                                   "ok": lines % 3 != 0, "topic": topic, "v": "1.2.0"},
                                  separators=(",", ":")) + "\n"
            block.append(line)
            size += len(line)
            lines += 1
            if len(block) == 10_000:
                fh.write("".join(block))
                block = []
        fh.write("".join(block))
    return lines


def measure(code: str, path: Path) -> tuple[float, int]:
    """(seconds, peak KB) of one child running `code` on `path`."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, int(proc.stderr.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quiz-stats-bench-") as tmp:
        big, empty = Path(tmp) / "history.jsonl", Path(tmp) / "empty.jsonl"
        lines = write_history(big, args.mb)
        empty.write_text("", encoding="utf-8")
        runs = {"stats": [], "floor": [], "empty": []}
        for _ in range(args.runs):
            runs["stats"].append(measure(STATS, big))
            runs["floor"].append(measure(FLOOR, big))
            runs["empty"].append(measure(STATS, empty))
        size = big.stat().st_size / 1e6
    med = {k: (statistics.median(t for t, _ in v), statistics.median(m for _, m in v))
           for k, v in runs.items()}
    print(f"interpreter: {sys.executable}  history: {size:.0f} MB, {lines} lines  "
          f"runs: {args.runs} each, alternating")
    for name, label in (("stats", "stats, big history"), ("floor", "floor: json.loads/line"),
                        ("empty", "stats, empty history")):
        seconds, peak = med[name]
        print(f"{label:<24} median {seconds:7.2f} s   peak {peak / 1024:7.1f} MB")
    print(f"stats time / floor time     : {med['stats'][0] / med['floor'][0]:.2f}x")
    print(f"stats memory / empty history: {med['stats'][1] / med['empty'][1]:.2f}x  "
          f"(peak {med['stats'][1] / 1024:.0f} MB; target <= 200 MB)")


if __name__ == "__main__":
    main()
