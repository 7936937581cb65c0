"""Build times of the book, with ratios against baselines measured in the same run.

Works on a copy of docs/ and of the bank in a temporary folder (the configuration is the
repository's conf.py), with the venv's own interpreter, and prints:

1. a clean HTML build with quiz.sphinxext and without it, on the same sources (without: the
   extension replaced by benchmarks/quiz_stub.py, whose directives render nothing), alternating
   the two so that machine noise hits both alike, and their ratio (target: 1.25x or less);
2. an incremental rebuild after touching one chapter, as a fraction of a clean build
   (target: 25% or less), and a no-change rebuild's cost (target: 15% or less) with the number of
   documents it read (target 0) and whether Sphinx said "The configuration has changed" (it must
   not); beside them, what starting Sphinx costs with nothing to build (the floor of any
   rebuild), and the stub's no-change rebuild as a fraction of the stub's clean build (Sphinx,
   the theme and the other extensions on their own). Each run makes its own clean builds and
   rebuilds them at once; a fraction is the median over runs of rebuild / that run's clean build;
3. after editing a bank file: the documents read again, against the pages that render the bank
   (those using a bank directive), which must be the same list;
4. the bytes of quiz.js and quiz.css as built (target: 10 KB or less together).

    .venv/bin/python benchmarks/build.py [--runs N] [--chapter techniques/swedish]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
BANK = ROOT / "quiz" / "bank"
# The directives that read the bank: quiz.sphinxext's BankDirective subclasses, found where the
# extension registers them (bank_directives()). A page using one of them depends on the bank's
# files. {answer-key} does not read the bank: it shows the answers of the other pages, and is
# written again (not read again) when they change.
READING = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", re.M)
CHURN = re.compile(r"The configuration has changed \(.*?\)")
WRITING = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (\S+)", re.M)
UPDATING = re.compile(r"updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed, "
                      r"(\d+) removed")


class Timing(NamedTuple):
    """A build's cost: CPU seconds (user + system; steady when other work shares the machine,
    which is what the ratios use) and wall-clock seconds."""

    cpu: float
    wall: float

    def __str__(self) -> str:
        return f"{self.cpu:6.2f} s CPU ({self.wall:.2f} s wall)"


def sphinx(src: Path, out: Path, *extra: str) -> tuple[Timing, str]:
    """One `sphinx-build -b html -n` run; (timing, stdout + stderr). Fails loudly on an error."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-n", "--no-color",
           "-d", str(out / "doctrees"), "-c", str(ROOT), *extra, str(src), str(out / "html")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(BENCH), str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = Timing(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall)
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        sys.exit(f"build failed ({' '.join(cmd)}):\n{output[-3000:]}")
    return seconds, output


def median(timings: list[Timing]) -> Timing:
    return Timing(*(statistics.median(t[i] for t in timings) for i in (0, 1)))


def start_only(src: Path, out: Path, *extra: str) -> Timing:
    """Sphinx started on an up-to-date build and stopped before building: the interpreter, the
    imports of Sphinx, the theme and every extension, conf.py, the environment read back from its
    pickle and the builder made ready. No rebuild can cost less."""
    overrides = dict(arg.split("=", 1) for arg in extra if arg != "-D")
    script = ("import io, json, sys\nfrom sphinx.application import Sphinx\n"
              "Sphinx(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], 'html', "
              "status=io.StringIO(), warning=io.StringIO(), "
              "confoverrides=json.loads(sys.argv[5]))\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(BENCH), str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", script, str(src), str(ROOT), str(out / "html"),
                    str(out / "doctrees"), json.dumps(overrides)], env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Timing(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall)


def read_docs(output: str) -> list[str]:
    """The documents a build read, from its "reading sources..." lines."""
    return READING.findall(output)


def updating(output: str) -> tuple[int, int, int]:
    m = UPDATING.search(output)
    if m is None:
        sys.exit("no 'updating environment' line in the build's output")
    return int(m[1]), int(m[2]), int(m[3])


def warnings(output: str) -> int:
    return sum("WARNING" in line for line in output.splitlines())


def bank_directives() -> list[str]:
    """The directives of quiz.sphinxext that read the bank (`app.add_directive("name", Class)`
    in its modules, where Class is a BankDirective)."""
    import importlib

    from quiz.sphinxext.bank import BankDirective

    names = []
    for path in sorted((ROOT / "quiz" / "sphinxext").glob("*.py")):
        found = re.findall(r"add_directive\(\s*[\"']([\w-]+)[\"'],\s*(\w+)",
                           path.read_text(encoding="utf-8"))
        if found:
            module = importlib.import_module(f"quiz.sphinxext.{path.stem}")
            names += [name for name, cls in found
                      if issubclass(getattr(module, cls), BankDirective)]
    return sorted(names)


def bank_pages(docs: Path) -> list[str]:
    """Documents that use a directive reading the bank, from their sources."""
    pattern = re.compile(r"^\s*(`{3,}|:{3,})\{(" + "|".join(bank_directives()) + r")\}", re.M)
    return sorted(p.relative_to(docs).with_suffix("").as_posix() for p in docs.rglob("*.md")
                  if "_build" not in p.parts and pattern.search(p.read_text(encoding="utf-8")))


def touch(path: Path) -> None:
    os.utime(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3,
                        help="builds of each kind (clean, incremental, no-change: the median)")
    parser.add_argument("--chapter", default="techniques/swedish", help="the chapter to touch")
    args = parser.parse_args()

    extensions = runpy.run_path(str(ROOT / "conf.py"))["extensions"]
    without = ",".join([e for e in extensions if e != "quiz.sphinxext"] + ["quiz_stub"])
    if without.count("quiz_stub") != 1 or "quiz.sphinxext" not in extensions:
        sys.exit("conf.py does not load quiz.sphinxext")

    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp_name:
        tmp = Path(tmp_name)
        docs, bank = tmp / "docs", tmp / "bank"
        shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("_build"))
        bank.mkdir()
        for toml in BANK.glob("*.toml"):
            shutil.copy2(toml, bank)
        with_ext = ("-D", f"quiz_bank_dir={bank}")
        without_ext = ("-D", f"extensions={without}")
        sphinx(docs, tmp / "warm", *with_ext)  # compiled bank, byte code and OS caches warm

        chapter = docs / f"{args.chapter}.md"
        if not chapter.is_file():
            sys.exit(f"no chapter {chapter}")
        # Each run: a clean build with the extension and one with the stub (alternating), then
        # on the first one's output the chapter touched, nothing changed, and Sphinx started
        # alone. Each fraction is taken within its run, against that run's clean build, so that
        # a change in the machine's load between runs moves both sides alike.
        times: dict[str, list[Timing]] = {"with": [], "without": []}
        incr_times, none_times, start_times, stub_none_times = [], [], [], []
        stub_warnings = 0
        for run in range(args.runs):
            outs = {}
            for kind, extra in (("with", with_ext), ("without", without_ext)):
                out = outs[kind] = tmp / f"clean-{kind}-{run}"
                seconds, output = sphinx(docs, out, *extra)
                times[kind].append(seconds)
                if kind == "without":
                    stub_warnings = warnings(output)
                elif warnings(output):
                    sys.exit(f"the build with the extension warned:\n{output[-3000:]}")
            out = outs["with"]
            touch(chapter)
            seconds, incr_output = sphinx(docs, out, *with_ext)
            incr_times.append(seconds)
            incr_read = read_docs(incr_output)
            seconds, none_output = sphinx(docs, out, *with_ext)
            none_times.append(seconds)
            none_read = read_docs(none_output)
            none_counts = updating(none_output)
            churn = CHURN.search(none_output)
            start_times.append(start_only(docs, out, *with_ext))
            stub_none_times.append(sphinx(docs, outs["without"], *without_ext)[0])
            shutil.rmtree(outs["without"])
            if run < args.runs - 1:
                shutil.rmtree(out)
        clean_with, clean_without = median(times["with"]), median(times["without"])

        def fraction_of(rebuilds: list[Timing], cleans: list[Timing]) -> float:
            return statistics.median(r.cpu / c.cpu for r, c in zip(rebuilds, cleans))

        incr_seconds, none_seconds = median(incr_times), median(none_times)
        startup, stub_none = median(start_times), median(stub_none_times)
        fraction = fraction_of(incr_times, times["with"])
        none_fraction = fraction_of(none_times, times["with"])
        start_fraction = fraction_of(start_times, times["with"])
        stub_fraction = fraction_of(stub_none_times, times["without"])

        # 3. a bank file edited
        terms = bank / "terms.toml"
        terms.write_text(terms.read_text(encoding="utf-8") + "\n# edited by benchmarks/build.py\n",
                         encoding="utf-8")
        bank_seconds, bank_output = sphinx(docs, out, *with_ext)
        bank_read = sorted(read_docs(bank_output))
        bank_written = WRITING.findall(bank_output)
        expected = bank_pages(docs)

        # 4. the assets
        static = out / "html" / "_static"
        sizes = {name: (static / name).stat().st_size for name in ("quiz.js", "quiz.css")}

    ratio = clean_with.cpu / clean_without.cpu
    print(f"interpreter: {sys.executable}  clean builds: {args.runs} of each kind, alternating")
    print("times are CPU seconds of the build process (user + system), wall-clock in brackets")
    print(f"clean build, with quiz.sphinxext   : median {clean_with}  "
          f"[{', '.join(f'{t.cpu:.2f}' for t in times['with'])}]")
    print(f"clean build, stub (no extension)   : median {clean_without}  "
          f"[{', '.join(f'{t.cpu:.2f}' for t in times['without'])}]; {stub_warnings} warnings: "
          "the glossary terms and labels the extension provides are missing")
    print(f"ratio with / without               : {ratio:.2f}x  (target <= 1.25x)  "
          f"{'OK' if ratio <= 1.25 else 'OVER'};  wall: {clean_with.wall / clean_without.wall:.2f}x")
    print(f"incremental, {args.chapter} touched: {incr_seconds} = "
          f"{fraction:.0%} of a clean build (target <= 25%)  {'OK' if fraction <= 0.25 else 'OVER'}"
          f"; read {len(incr_read)}: {', '.join(incr_read)}")
    print(f"no-change rebuild                  : {none_seconds} = "
          f"{none_fraction:.0%} of a clean build (target <= 15%)  "
          f"{'OK' if none_fraction <= 0.15 else 'OVER'}; read {len(none_read)} "
          f"documents ({none_counts[0]} added, {none_counts[1]} changed, {none_counts[2]} "
          f"removed; target 0)  {'OK' if not none_read and none_counts == (0, 0, 0) else 'OVER'}")
    print(f"configuration churn                : {churn[0] if churn else 'none'}  "
          f"{'OVER' if churn else 'OK'}")
    print(f"Sphinx started, nothing built      : {startup} = "
          f"{start_fraction:.0%} of a clean build (the floor of any rebuild)")
    print(f"no-change rebuild, stub            : {stub_none} = "
          f"{stub_fraction:.0%} of the stub's clean build (Sphinx, the theme "
          "and the other extensions alone)")
    same = bank_read == expected
    print(f"bank file edited (terms.toml)      : {bank_seconds}; read {len(bank_read)}: "
          f"{', '.join(bank_read)}")
    print(f"pages that render the bank         : {len(expected)}: {', '.join(expected)}  "
          f"{'same list: OK' if same else 'DIFFERENT'}")
    print(f"pages written after the bank edit  : {', '.join(bank_written)}")
    total = sum(sizes.values())
    print(f"quiz.js {sizes['quiz.js']} B + quiz.css {sizes['quiz.css']} B = {total} B "
          f"(target <= 10240 B)  {'OK' if total <= 10240 else 'OVER'}")


if __name__ == "__main__":
    main()
