"""`python -m quiz grade`: its arguments, and the run from inputs to files and an exit code.

    python -m quiz grade scans/ -o gradebook.csv [--stats items.csv] [--answers typed.csv]

Exit codes: 0 every sheet read and scored; 1 the gradebook is written but something needs a
person (listed on stderr and in the gradebook's review column); 2 a usage or data error (no
scans in a folder, nothing that is an answer sheet, a sheet of a book version this kit cannot
grade, a file in the way without --force), with one line on stderr.
"""

from __future__ import annotations

import os
import sys

from quiz.errors import EXIT_FAILED, EXIT_OK, UsageError

INSTALL = "pip install 'massage-back-spasms[grade]'"


def arguments(p) -> None:
    p.add_argument("inputs", nargs="*", metavar="SCAN",
                   help="scanned sheets (PDF, PNG, JPEG), folders of them, or gradebook CSVs "
                   "written before (for statistics over several runs)")
    p.add_argument("-o", "--output", metavar="CSV", help="the gradebook to write")
    p.add_argument("--stats", metavar="CSV",
                   help="also write item statistics (facility, discrimination, distractors, "
                   "KR-20); python -m quiz check --stats CSV explains the flags")
    p.add_argument("--answers", metavar="CSV", action="append", default=[],
                   help="typed answers: columns code, student, 1, 2, ... (C, AC, DBEA as in the "
                   "terminal quiz); a row replaces the scanned sheet of the same code and student")
    p.add_argument("--force", action="store_true", help="overwrite existing output files")
    p.add_argument("--dpi", type=int, default=200, choices=(150, 200, 300),
                   help="resolution to render PDF scans at (default 200)")
    p.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), metavar="N",
                   help="files read at once (default: the number of cores, at most 4)")
    p.add_argument("--bank", metavar="DIR", help="use the *.toml bank in DIR")


def _require() -> None:
    import importlib

    for module, package in (("numpy", "numpy"), ("PIL", "Pillow"), ("pypdfium2", "pypdfium2"),
                            ("zxingcpp", "zxing-cpp")):
        try:
            importlib.import_module(module)
        except ImportError:
            raise UsageError(f"reading scans needs {package}: {INSTALL}") from None


def _not_a_sheet(failed: list[tuple[str, str]]) -> UsageError:
    label, why = failed[0]
    if len(failed) == 1:
        return UsageError(f"{label}: not an answer sheet of this book ({why})")
    return UsageError(f"none of the {len(failed)} pages is an answer sheet of this book "
                      f"(first, {label}: {why})")


def _check_arguments(args) -> None:
    """A usage error for anything that would fail after the work: nothing to write or read, one
    file named twice, a file in the way without --force."""
    from quiz.fileio import check_target

    if not args.output and not args.stats:
        raise UsageError("say what to write: -o GRADEBOOK.csv, --stats ITEMS.csv, or both")
    if not args.inputs and not args.answers:
        raise UsageError("give scans, a folder of scans, gradebooks or --answers CSV")
    if args.output and args.stats and os.path.realpath(args.output) == os.path.realpath(args.stats):
        raise UsageError(f"-o and --stats name the same file ({args.stats}): give two names")
    for path in (args.output, args.stats):
        if path:
            check_target(path, args.force)


def run(args, note=None) -> int:
    from quiz import bank as bank_mod
    from quiz.fileio import write_atomic
    from quiz.instructor import grade

    note = note or (lambda line: print(line, file=sys.stderr))
    _check_arguments(args)
    scans, books = grade.scan_files(args.inputs)
    bank = bank_mod.load(args.bank)
    questions_for = grade.Questions(bank)
    sheets, failed = [], []
    if scans:
        _require()
        sheets, failed = grade.read_scans(scans, questions_for, args.dpi, max(1, args.jobs))
        if not sheets and not books and not args.answers:
            raise _not_a_sheet(failed)
    typed = [s for path in args.answers for s in grade.typed(path, questions_for)]
    sheets = grade.replace_typed(sheets, typed)
    sheets += [s for path in books for s in grade.earlier(path, questions_for)]
    review = [item for s in sheets for item in grade.review_items(s)]
    review += [(label, "page", f"not read: {why}") for label, why in failed]
    if args.output:
        write_atomic(args.output, grade.gradebook(sheets), force=args.force)
    if args.stats:
        from quiz.instructor import itemstats

        items, tests = itemstats.compute(sheets)
        write_atomic(args.stats, itemstats.to_csv(items, tests), force=args.force)
        note(itemstats.summary(items, tests))
    for source, where, what in review:
        note(f"review: {source}: {where}: {what}")
    wrote = " and ".join(p for p in (args.output, args.stats) if p)
    sheets_to_review = len({source for source, _, _ in review})
    note(f"graded {len(sheets)} sheet(s); {sheets_to_review} to review (left out of the score "
         f"until resolved); wrote {wrote}")
    return EXIT_FAILED if review else EXIT_OK
