"""The PDF book's build time, and the CPU time of 1,000 handout variants' LaTeX (no typesetting).

Figures, each with a baseline measured in the same run:

- the book: `sphinx -M latexpdf` (as `make pdf`) against `sphinx -b html` (as `make html`), both
  from scratch in temporary folders; wall-clock seconds and their ratio;
- handouts: the CPU time to make the LaTeX source of the sheet and key of 1,000 variants (drawing
  the questions, locating their sections, rendering), against drawing the same questions only
  (`quiz.generate.make_quiz`); target: under 1 s of CPU for the whole;
- for scale, the wall time to typeset one variant (a sheet and a key) with latexmk.

    .venv/bin/python benchmarks/handouts.py [--variants 1000] [--no-book]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quiz import __version__, booklocate, handout, typeset  # noqa: E402
from quiz.generate import make_quiz  # noqa: E402
from quiz import bank as bank_mod  # noqa: E402
from quiz.model import TOPICS  # noqa: E402

SEED, COUNT = 2026, 12


def _sphinx(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sphinx", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def book(tmp: Path) -> tuple[float, float, Path]:
    html = _sphinx(["-b", "html", "-W", "--keep-going", "-n", "-q", "-c", ".", "-d",
                    str(tmp / "html-doctrees"), "docs", str(tmp / "html")])
    pdf = _sphinx(["-M", "latexpdf", "docs", str(tmp / "pdf"), "-c", ".", "-W", "--keep-going",
                   "-n", "-q", "-d", str(tmp / "pdf-doctrees")])
    return html, pdf, tmp / "pdf" / "latex" / "massage-for-back-spasms.aux"


def sources_cpu(bank, n: int, aux: Path | None) -> tuple[float, float, int]:
    """(CPU seconds for questions only, CPU seconds for the full LaTeX source, bytes made)."""
    variants = range(1, n + 1)
    start = time.process_time()
    for v in variants:
        make_quiz(bank, SEED, COUNT, TOPICS, variant=v)
    baseline = time.process_time() - start
    start = time.process_time()
    chosen = handout.papers(bank, SEED, COUNT, TOPICS, variants)
    where, release = handout.locations(bank, chosen, str(aux) if aux else None,
                                       booklocate.DEFAULT_DOCS)
    docs = handout.sources(bank, chosen, __version__, where, handout.pages_note(release, None))
    full = time.process_time() - start
    return baseline, full, sum(len(s) for s in docs.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--no-book", action="store_true", help="skip the book builds")
    args = parser.parse_args()
    bank = bank_mod.load()
    have_latex = shutil.which("latexmk") is not None
    with tempfile.TemporaryDirectory(prefix="bench-handouts-") as scratch:
        tmp = Path(scratch)
        aux = None
        if not args.no_book and have_latex:
            html, pdf, aux = book(tmp)
            print(f"book, HTML (baseline)   {html:7.2f} s wall")
            print(f"book, PDF (make pdf)    {pdf:7.2f} s wall   = {pdf / html:.2f}x the HTML build")
        elif not have_latex:
            print(f"book PDF: skipped, latexmk is not installed ({typeset.INSTALL})")
        sources_cpu(bank, 20, aux)  # warm caches (bank indexes, imports)
        base, full, size = sources_cpu(bank, args.variants, aux)
        n = args.variants
        print(f"{n} variants, questions only (baseline)  {base:6.3f} s CPU")
        print(f"{n} variants, sheet + key LaTeX source   {full:6.3f} s CPU   = {full / base:.2f}x "
              f"the baseline, {full / n * 1000:.2f} ms per variant, {size / n / 1024:.1f} KiB "
              f"per variant  (target: under 1 s: {'met' if full < 1 else 'NOT met'})")
        if have_latex:
            chosen = handout.papers(bank, SEED, COUNT, TOPICS, [1])
            where, release = handout.locations(bank, chosen, str(aux) if aux else None, None)
            docs = handout.sources(bank, chosen, __version__, where, "")
            start = time.perf_counter()
            typeset.typeset(docs, str(tmp / "typeset"))
            one = time.perf_counter() - start
            print(f"typesetting 1 variant (sheet + key)     {one:6.2f} s wall  "
                  f"= {one / (full / n):.0f}x making its source")


if __name__ == "__main__":
    main()
