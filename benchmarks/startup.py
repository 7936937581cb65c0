"""Start-up cost of `python -m quiz`, as ratios against baselines measured in the same run.

Runs each command many times, alternating them so that machine noise hits all alike, with the
venv's own interpreter (never a shim), and prints the median wall time of each and two ratios:
against `python -c pass` and against the standard-library floor the CLI cannot avoid
(`import argparse, json, random`). Target: 1.2x or less against the floor.

    .venv/bin/python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "stdlib floor": ["-c", "import argparse, json, random"],
    "python -m quiz": ["-m", "quiz", "--seed", "1", "--count", "20", "--format", "json"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs
    # Byte-compile first: with PYTHONDONTWRITEBYTECODE set (as on some machines here) Python
    # would otherwise recompile every module on every run, which no installed package does.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "quiz")], check=True)
    subprocess.run([sys.executable, "-m", "quiz", "--count", "1", "--format", "json"],
                   check=True, capture_output=True)  # warm the compiled bank and the OS caches
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, args in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    med = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"interpreter: {sys.executable}  runs: {runs} each, alternating")
    for name, value in med.items():
        print(f"{name:<16} median {value * 1000:6.1f} ms")
    print(f"quiz / python -c pass : {med['python -m quiz'] / med['python -c pass']:.2f}x")
    print(f"quiz / stdlib floor   : {med['python -m quiz'] / med['stdlib floor']:.2f}x  (target <= 1.20x)")


if __name__ == "__main__":
    main()
