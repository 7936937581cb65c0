"""Grading speed: scanned answer sheets per second at 200 dpi, against decoding the scans alone.

Makes N filled sheets (tests/sheetsim.py: the real sheet PDF rendered at 200 dpi, marked,
skewed, noisy, saved as JPEG), then times, in the same run:

- baseline: decoding the N JPEG files to grey arrays with Pillow (what any reader must pay);
- `grade.read_scans` with one job, and with --jobs N (default 2) threads: registration, QR code,
  every bubble, scoring;

and prints sheets per second and each time as a ratio to the baseline. Target: at least 5 sheets
per second on 2 cores.

    .venv/bin/python benchmarks/grade.py [--sheets 40] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import sheetsim as S

from quiz import bank as bank_mod
from quiz import replay
from quiz.instructor import grade, sheet
from quiz.instructor import layout as L
from quiz.model import TOPICS

DPI = 200


def make(folder: str, n: int, bank) -> list[str]:
    rng = random.Random(1)
    qf = grade.Questions(bank)
    files = []
    for v in range(1, 4):
        code = replay.make(bank.version, bank.fingerprint, 2026, 20, TOPICS, v)
        qs = qf(code, "bench")
        page = S.render(sheet.sheet_pdf(qs, code, bank.version, v, "a4"), DPI)[0]
        for i in range(v - 1, n, 3):
            st = S.plan(qs, rng, 0.2)
            data, _ = S.distort(S.fill(page, DPI, "a4", qs, L.layout(qs)[0], st, rng), rng, "jpg")
            path = os.path.join(folder, f"sheet-{i:04d}.jpg")
            Path(path).write_bytes(data)
            files.append(path)
    return sorted(files)


def decode_only(files: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds to decode the files as the grader does (scan.load), and nothing else."""
    from quiz.instructor import scan

    start, cpu = time.perf_counter(), time.process_time()
    for f in files:
        scan.load(f, DPI)
    return time.perf_counter() - start, time.process_time() - cpu


def graded(files: list[str], bank, jobs: int) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    sheets, failed = grade.read_scans(files, grade.Questions(bank), DPI, jobs)
    elapsed = time.perf_counter() - start, time.process_time() - cpu
    assert len(sheets) == len(files) and not failed, (len(sheets), failed[:3])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    bank = bank_mod.load()
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as folder:
        files = make(folder, args.sheets, bank)
        graded(files[:3], bank, 1)  # warm up: imports, the bank, the layout
        n = len(files)
        (base, base_cpu) = decode_only(files)
        (one, one_cpu) = graded(files, bank, 1)
        (many, _) = graded(files, bank, args.jobs)
    print(f"{n} scanned sheets, JPEG at {DPI} dpi, on {os.cpu_count()} cores "
          f"(load average {os.getloadavg()[0]:.1f}: other work slows the wall times)")
    print(f"decode only (baseline)   {base:6.2f} s wall {n / base:6.1f} sheets/s, "
          f"{base_cpu / n * 1000:5.1f} ms CPU per sheet")
    print(f"grade, 1 job             {one:6.2f} s wall {n / one:6.1f} sheets/s, "
          f"{one_cpu / n * 1000:5.1f} ms CPU per sheet = {one / base:.2f}x the baseline's wall "
          f"time, {one_cpu / base_cpu:.2f}x its CPU")
    print(f"grade, {args.jobs} jobs            {many:6.2f} s wall {n / many:6.1f} sheets/s = "
          f"{many / base:.2f}x the baseline  (target: at least 5 sheets/s: "
          f"{'met' if n / many >= 5 else 'NOT met'})")


if __name__ == "__main__":
    main()
