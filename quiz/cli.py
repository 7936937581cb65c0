"""`python -m quiz`: argparse subcommands mapped to exit codes; the logic lives elsewhere.

Exit codes: 0 done, 1 a failed check, 2 usage or data error (a git that fails or times out
while reading an old release too), 130 interrupted (Ctrl-C). `main` is the one place that maps
errors to them (quiz.errors): a QuizError is its message, one line at a time, and its exit code;
any other exception is a bug and shows its traceback. A reader of our output that goes away
(`| head`) ends the program as Python's signal documentation advises: standard output pointed at
devnull, exit code 1, as `python -m json.tool` does.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys

from quiz import __version__, streams
from quiz.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, QuizError, UsageError
from quiz.model import TOPICS

TYPE_CHECKING = False  # typing stays unimported at run time: `python -m quiz` starts fast
if TYPE_CHECKING:
    from collections.abc import Callable


class Formatter(argparse.HelpFormatter):
    """Help text wrapped to $COLUMNS (default 100), without argparse's terminal probe.

    argparse builds a formatter for every add_argument call and each one asks the terminal for
    its size through shutil; that alone is a tenth of the CLI's start-up budget.
    """

    def __init__(self, prog: str) -> None:
        cols = os.environ.get("COLUMNS", "")
        width = int(cols) if cols.isascii() and cols.isdigit() else 100  # not COLUMNS=²
        super().__init__(prog, width=min(max(width, 40), 1000))


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line plus a hint, with exit code 2.

    A subcommand's parser is made bare (no arguments, not even -h) and `populate` adds its
    arguments the first time it parses: the quiz itself should not pay for the arguments of
    export, review and the rest, while `--help` still lists every subcommand. This relies on
    argparse's public API only: a subcommand's parser parses through `parse_known_args`.
    """

    def __init__(self, *args, populate: Callable[[Parser], None] | None = None,
                 **kwargs) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        if populate is not None:
            kwargs["add_help"] = False  # populate adds it first, as argparse would
        super().__init__(*args, **kwargs)
        self.populate = populate

    def parse_known_args(self, args=None, namespace=None):
        populate, self.populate = self.populate, None
        if populate is not None:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="show this help message and exit")
            populate(self)
        return super().parse_known_args(args, namespace)

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _topics(value: str) -> list[str]:
    out = []
    for word in value.split(","):
        word = word.strip().lower()
        match = [t for t in TOPICS if t.startswith(word)] if word else []
        if len(match) != 1:
            raise argparse.ArgumentTypeError(f"unknown topic {word!r} (topics: {', '.join(TOPICS)})")
        out.append(match[0])
    return out


def _number(value: str) -> bool:
    """Whether `value` is a whole number written in ASCII digits ('²' and '٣' are digits too)."""
    return value.isascii() and value.isdigit()


def _count(value: str) -> int:
    if not _number(value) or not 1 <= int(value) <= 500:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to 500")
    return int(value)


def _seed(value: str) -> int:
    if not _number(value) or len(value) > 9:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 0 to 999999999")
    return int(value)


def _variants(value: str) -> int:
    if not _number(value) or not 1 <= int(value) <= 100:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to 100")
    return int(value)


#: the options the quiz and its subcommands share, declared once: each subcommand takes those it
#: names in `_shared`, and given after the subcommand they count too
SHARED: dict[str, dict] = {
    "--topic": {"type": _topics, "action": "extend", "metavar": "TOPIC",
                "help": f"limit to these topics, comma-separated or repeated ({', '.join(TOPICS)})"},
    "--count": {"type": _count, "help": "number of questions (default 10)"},
    "--seed": {"type": _seed, "help": "fix the questions (default: a random seed)"},
    "--code": {"help": "replay the quiz of this code (the replay code a quiz printed)"},
    "--bank": {"metavar": "DIR", "help": "use the *.toml bank in DIR instead of the built-in one"},
    "--history": {"metavar": "PATH", "help": "the history file (default: "
                  "$XDG_DATA_HOME/massage-quiz/history.jsonl, or ~/.local/share/...)"},
    "--no-history": {"action": "store_true", "help": "do not record answers"},
    "--no-color": {"action": "store_true", "help": "plain output (also: NO_COLOR=1)"},
}
#: the quiz's own defaults; a subcommand's are left unset, so that a value given before the
#: subcommand (`python -m quiz --count 5 export ...`) is kept
DEFAULTS = {"--count": 10, "--no-history": False, "--no-color": False}


def _shared(parser: Parser, *flags: str) -> None:
    for flag in flags:
        parser.add_argument(flag, default=argparse.SUPPRESS, **SHARED[flag])


def _export_args(export: Parser) -> None:
    from quiz.export import FORMATS, QTI_VERSIONS

    export.add_argument("--format", dest="export_format", required=True, choices=FORMATS,
                        help="gift (Moodle), qti (Canvas), anki (.apkg), kahoot (.xlsx), csv "
                        "(Kahoot's columns as CSV), json")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="file to write, or - for standard output (the default for gift, "
                        "csv and json)")
    export.add_argument("--force", action="store_true", help="overwrite an existing file")
    export.add_argument("--variants", type=_variants, default=1, metavar="N",
                        help="also variants 1..N-1 of the quiz (default 1: the quiz itself)")
    export.add_argument("--qti-version", choices=QTI_VERSIONS, default="1.2",
                        help="QTI 1.2 for Canvas Classic Quizzes (default) or 2.1")
    export.add_argument("--book-url", metavar="URL",
                        help="the published HTML book's http(s) address: each question links "
                        "its section there (GIFT, QTI, Anki)")
    _shared(export, "--topic", "--count", "--seed", "--code", "--bank")


def _handout_args(handout: Parser) -> None:
    handout.add_argument("-o", "--output", metavar="DIR", required=True,
                         help="folder for sheet-vN.pdf, key-vN.pdf and answers-vN.pdf (made if missing)")
    handout.add_argument("--variants", type=_variants, metavar="N",
                         help="variants 1..N, each a sheet and a key (default 2; a --code "
                         "ending in -vN makes that variant only)")
    handout.add_argument("--force", action="store_true", help="overwrite existing PDFs")
    handout.add_argument("--paper", choices=("a4", "letter"), default="a4",
                         help="paper size of the answer sheets (default a4)")
    handout.add_argument("--no-answer-sheet", action="store_true",
                         help="leave out the machine-read answer sheets (answers-vN.pdf)")
    handout.add_argument("--book-aux", metavar="FILE",
                         help="the book's LaTeX .aux file, for page numbers in the keys "
                         "(default: _build/latex/massage-for-back-spasms.aux from make pdf)")
    _shared(handout, "--topic", "--count", "--seed", "--code", "--bank")


def _diff_args(p: Parser) -> None:
    p.add_argument("old", metavar="VERSION_A", help="the earlier version, e.g. 1.0.0 or v1.0.0")
    p.add_argument("new", metavar="VERSION_B", help="the later version, or 'current'")
    p.add_argument("--format", dest="diff_format", choices=("text", "json"), default="text",
                   help="text (default) or json")
    _shared(p, "--bank")


def _merge_args(p: Parser) -> None:
    p.add_argument("file", metavar="FILE", help="the history file to merge into yours")
    _shared(p, "--history")


def _check_args(check: Parser) -> None:
    check.add_argument("--docs", help="also check that every section exists in this docs folder "
                       "(and read its .bib files: the bank's citation keys must be entries there; "
                       "default: the book beside the package)")
    check.add_argument("--review-sheet", metavar="FILE",
                       help="also write every question (every option it may draw, key, "
                       "explanation, the book sentence) to FILE, grouped by topic, for review")
    check.add_argument("--force", action="store_true", help="overwrite the review sheet FILE")
    check.add_argument("--stats", metavar="CSV",
                       help="also show the questions that item statistics (grade --stats) flag")
    _shared(check, "--bank")


def _edition_args(edition: Parser) -> None:
    jobs = edition.add_subparsers(dest="edition_command", metavar="JOB", required=True)
    write = jobs.add_parser("write", help="record this bank as the edition of its version")
    write.add_argument("--force", action="store_true",
                       help="replace the record of a version that was never released")
    jobs.add_parser("check", help="check that this code still rebuilds every record exactly")


def _grade_args(p: Parser) -> None:
    from quiz.instructor import gradecli

    gradecli.arguments(p)


class Command:
    """A subcommand: what adds its arguments (on use), its line in --help, its description."""

    __slots__ = ("description", "help", "populate")

    def __init__(self, populate: Callable[[Parser], None], help: str,
                 description: str | None = None) -> None:
        self.populate, self.help, self.description = populate, help, description


def _review_args(p: Parser) -> None:
    _shared(p, "--topic", "--count", "--seed", "--bank", "--history", "--no-history", "--no-color")


def _stats_args(p: Parser) -> None:
    _shared(p, "--bank", "--history")


SUBCOMMANDS = {
    "check": Command(_check_args, "validate the bank and every question (used by CI)"),
    "export": Command(_export_args, "write questions for Moodle, Canvas, Anki or Kahoot",
                      "Export the same questions as the quiz with the same --seed, --count and "
                      "--topic (or --code)."),
    "review": Command(_review_args, "ask the questions due for review first, then new ones",
                      "Ask the questions your history says are due, then new ones."),
    "stats": Command(_stats_args, "score per topic and what is due for review",
                     "Your score per topic and what is due for review."),
    "merge": Command(_merge_args,
                     "add the answers of another history file (the practice page's download)",
                     "Merge a history file, such as history.jsonl downloaded from the book's "
                     "practice page, into your history: every answer once, none counted twice."),
    "diff": Command(_diff_args,
                    "list the questions added, removed and changed between two versions",
                    "Questions added, removed and changed between two versions of the bank "
                    "(1.0.0 or v1.0.0, or 'current' for this bank), from the edition records in "
                    "quiz/bank/editions (or a git tag's bank where a version has no record)."),
    "handout": Command(_handout_args,
                       "print quiz variants as PDF sheets, each with its answer key",
                       "Typeset variants of the quiz with the same --seed, --count and --topic "
                       "(or --code) as PDF sheets with separate answer keys (needs LaTeX)."),
    "grade": Command(_grade_args,
                     "grade scanned answer sheets into a gradebook, with item statistics",
                     "Read filled answer sheets (PDF, PNG, JPEG), score each against its "
                     "variant, and write a gradebook CSV; unclear marks are listed for review."),
    "edition": Command(_edition_args,
                       "release step: write or check the edition records (quiz/bank/editions)",
                       "Edition records of the question bank, for releases: `write` records "
                       "this bank as the edition of its version (a released record is never "
                       "replaced), `check` that this code still rebuilds every record exactly "
                       "(exit code 1 if not)."),
}

EPILOG = ("Exit codes: 0 done, 1 failed check, 2 usage or data error (also: git failed or timed "
          "out reading an old release), 130 interrupted.")


def build_parser(commands: bool = True) -> Parser:
    """The parser of `python -m quiz`; with `commands` False, the quiz's own options only."""
    p = Parser(prog="python -m quiz", description="Self-check questions on massage for back spasms.",
               epilog=EPILOG)
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    for flag in ("--topic", "--count", "--seed", "--code"):
        p.add_argument(flag, default=DEFAULTS.get(flag), **SHARED[flag])
    p.add_argument("--format", choices=("json", "text"),
                   help="print the quiz with its answers instead of asking")
    p.add_argument("--list-topics", action="store_true", help="list topics with question counts")
    for flag in ("--no-color", "--bank", "--history", "--no-history"):
        p.add_argument(flag, default=DEFAULTS.get(flag), **SHARED[flag])
    if not commands:
        p.set_defaults(command=None)
        return p
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in SUBCOMMANDS.items():
        sub.add_parser(name, help=command.help, description=command.description, epilog=EPILOG,
                       populate=command.populate)
    return p


def _may_name_a_command(words: list[str]) -> bool:
    """Whether `words` hold a subcommand's name or ask for help (`-h`, `--help`, `--he`...)."""
    return any(w in SUBCOMMANDS or w == "-h" or (len(w) > 2 and "--help".startswith(w))
               for w in words)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The arguments, parsed as `build_parser()` parses them.

    Making the nine subcommands' parsers is a third of the quiz's own start-up cost in argparse
    (each ArgumentParser looks up its group titles through gettext), so the quiz itself, when no
    word names a subcommand or asks for help, is parsed by its own options alone; any word those
    leave over is parsed again with every subcommand, so an unknown one is reported as before.
    """
    words = sys.argv[1:] if argv is None else list(argv)
    if not _may_name_a_command(words):
        args, rest = build_parser(commands=False).parse_known_args(words)
        if not rest:
            return args
    return build_parser().parse_args(words)


def _selection(args, bank, variants=(0,)):
    """(bank, seed, count, topics) for the arguments, from --code when given.

    A code of another edition is drawn from the bank that quiz.editions.bank_for_code gives (the
    policy lives there, and the records are read only for such a code).
    """
    from quiz import replay

    if args.code:
        if args.seed is not None or args.topic:
            raise UsageError("--code replays a quiz on its own: leave out --seed and --topic")
        code = replay.parse(args.code)
        version, fingerprint, seed, count, topics = code
        if (version, fingerprint) != (bank.version, bank.fingerprint[:6]):
            from quiz.editions import bank_for_code

            bank = bank_for_code(bank, code, variants)
    else:
        seed = args.seed if args.seed is not None else random.randrange(10**6)
        count = args.count
        topics = tuple(t for t in TOPICS if t in (args.topic or TOPICS))
    return bank, seed, count, topics


def _select(args, bank):
    """(questions, code, bank) for the arguments, replaying --code exactly when given (from its
    edition's bank when it is another edition's code)."""
    from quiz import replay
    from quiz.generate import make_quiz

    variant = replay.parse(args.code).variant if args.code else 0  # a handout's -vN
    bank, seed, count, topics = _selection(args, bank, (variant,))
    questions = make_quiz(bank, seed, count, topics, variant=variant)
    if len(questions) < count:
        print(f"note: these topics offer {len(questions)} questions, not {count}.", file=sys.stderr)
    code = replay.make(bank.version, bank.fingerprint, seed, count, topics, variant)
    return questions, code, bank


def _quiz(args) -> int:
    from quiz import bank as bank_mod

    bank = bank_mod.load(args.bank)
    if args.list_topics:
        from quiz.generate import slots

        for topic in TOPICS:
            print(f"{topic:<11} {len(slots(bank, (topic,)))} questions")
        return EXIT_OK
    questions, code, bank = _select(args, bank)
    if args.format == "json":
        from quiz.render import json as render_json

        streams.write(render_json.render(questions, code, bank.version))
        return EXIT_OK
    if args.format == "text":
        from quiz.render import text

        streams.write(text.render(questions, code))
        return EXIT_OK
    intro = f"Replay code: {code}   (python -m quiz --code {code})"
    _started()  # a printed quiz above is start-up all through: it ends as soon as it is written
    return _interactive(args, questions, intro, f"Replay code: {code}",
                        _recorder(args, bank.version))


def _recorder(args, version: str):
    """The history's on_answer hook, or None with --no-history."""
    if args.no_history:
        return None
    from quiz.history import Recorder, default_path

    return Recorder(args.history or default_path(), version)


def _interactive(args, questions, intro: str, outro: str | None, on_answer=None) -> int:
    from quiz.render.text import Style
    from quiz.session import Session

    color = sys.stdout.isatty() and not args.no_color and not os.environ.get("NO_COLOR")

    def write(text: str, end: str = "\n") -> None:
        print(text, end=end, flush=True)

    print(f"{intro}\n")
    session = Session(questions, input, write, Style(color), on_answer)
    try:
        session.run()
    except KeyboardInterrupt:
        print(f"\nInterrupted after {len(session.results)} of {len(questions)} questions. "
              f"Score: {session.score}")
        if outro:  # the replay code, as at the end of input: the quiz can be taken again
            print(outro)
        return EXIT_INTERRUPTED
    if outro:
        print(outro)
    return EXIT_OK


def _export(args) -> int:
    from quiz import bank as bank_mod
    from quiz import replay
    from quiz.export import run

    bank = bank_mod.load(args.bank)
    bank, seed, count, topics = _selection(args, bank, range(args.variants))
    if args.code and replay.parse(args.code).variant:
        raise UsageError("export takes the quiz's code without its handout variant (-vN); "
                         "--variants N adds variants 1..N-1")
    code = replay.make(bank.version, bank.fingerprint, seed, count, topics)
    summary = run(bank, args.export_format, seed, count, topics, code, variants=args.variants,
                  output=args.output, force=args.force, book_url=args.book_url,
                  qti_version=args.qti_version)
    if summary:
        print(summary, file=sys.stderr)
    return EXIT_OK


def _review(args) -> int:
    import time

    from quiz import bank as bank_mod
    from quiz import history, review

    bank = bank_mod.load(args.bank)
    path = args.history or history.default_path()
    topics = tuple(t for t in TOPICS if t in (args.topic or TOPICS))
    questions, due, gone = review.pick(bank, history.read(path), time.time(), args.count,
                                       topics, args.seed)
    if gone:
        from quiz.terminal import clean

        more = ", ..." if len(gone) > 3 else ""
        print(f"note: skipped {len(gone)} question(s) no longer in the bank: "
              f"{clean(', '.join(gone[:3]))}{more}", file=sys.stderr)
    if not questions:
        print("Nothing to review: every question of these topics is answered and none is due.")
        return EXIT_OK
    intro = f"Review: {due} due, {len(questions) - due} new."
    return _interactive(args, questions, intro, None, _recorder(args, bank.version))


def _stats(args) -> int:
    import time

    from quiz import bank as bank_mod
    from quiz import history, review

    bank = bank_mod.load(args.bank)
    path = args.history or history.default_path()
    streams.write(review.stats(bank, history.read(path), time.time(), path))
    return EXIT_OK


def _merge(args) -> int:
    from quiz import history
    from quiz.historymerge import merge_file

    path = args.history if getattr(args, "history", None) else history.default_path()
    read, added, total = merge_file(path, args.file, lambda m: print(m, file=sys.stderr))
    print(f"{args.file}: {read} answers, {added} new; {path} now holds {total} answers.")
    return EXIT_OK


def _check(args) -> int:
    from quiz import bank as bank_mod
    from quiz.check import cite_problems, problems
    from quiz.paths import BOOK_DOCS

    docs = args.docs
    if docs is None and args.bank is None:
        docs = BOOK_DOCS if os.path.isdir(BOOK_DOCS) else None
    bank = bank_mod.load(args.bank, docs_dir=docs, use_cache=False)
    if args.review_sheet:
        from quiz import review_sheet
        from quiz.booklocate import DEFAULT_DOCS

        print(review_sheet.write(bank, args.review_sheet, force=args.force,
                                 docs_dir=docs or DEFAULT_DOCS), file=sys.stderr)
    found, summary = problems(bank)
    cites, note = cite_problems(bank, args.docs or BOOK_DOCS)  # the book's .bib files
    found += cites
    if note:
        print(note, file=sys.stderr)
    for line in found:
        print(line, file=sys.stderr)
    print(summary if not found else f"bank check failed: {len(found)} problem(s)")
    if args.stats:
        from quiz.instructor.itemstats import advice

        lines = advice(args.stats, args.bank)
        flagged = sum(not line.startswith(" ") for line in lines)
        print(f"item statistics {args.stats}: {flagged} flagged question(s)"
              + (", with the facts to look at:" if flagged else "."))
        for line in lines:
            print(line)
    return EXIT_FAILED if found else EXIT_OK


def _handout(args) -> int:
    from quiz import bank as bank_mod
    from quiz import replay
    from quiz.booklocate import DEFAULT_AUX
    from quiz.handout import run

    bank = bank_mod.load(args.bank)
    variant = replay.parse(args.code).variant if args.code else 0
    if variant and args.variants:
        raise UsageError("this code names one variant (-vN): leave out --variants")
    variants = [variant] if variant else list(range(1, (args.variants or 2) + 1))
    bank, seed, count, topics = _selection(args, bank, variants)
    print(run(bank, seed, count, topics, args.output, variants=variants, version=__version__,
              force=args.force, aux_path=args.book_aux or DEFAULT_AUX, paper=args.paper,
              answer_sheets=not args.no_answer_sheet), file=sys.stderr)
    return EXIT_OK


def _diff(args) -> int:
    import json

    from quiz import bank as bank_mod
    from quiz import editions

    bank = bank_mod.load(args.bank) if "current" in (args.old, args.new) else None
    result = editions.diff(editions.resolve(args.old, bank), editions.resolve(args.new, bank))
    if args.diff_format == "json":
        streams.write(json.dumps(result, indent=2) + "\n")
    else:
        streams.write(editions.render_text(result))
    return EXIT_OK


def _edition(args) -> int:
    from quiz import editions

    if args.edition_command == "write":
        from quiz import bank as bank_mod

        path = editions.write(bank_mod.load(use_cache=False), force=args.force)
        print(f"wrote {os.path.relpath(path)}")
        return EXIT_OK
    problems = editions.check_records()
    for line in problems:
        print(line, file=sys.stderr)
    print(f"edition records OK: {', '.join(editions.known()) or 'none yet'}" if not problems
          else f"edition records check failed: {len(problems)} problem(s)")
    return EXIT_FAILED if problems else EXIT_OK


def _grade(args) -> int:
    from quiz.instructor import gradecli

    return gradecli.run(args)


COMMANDS = {"check": _check, "export": _export, "review": _review, "stats": _stats,
            "handout": _handout, "diff": _diff, "merge": _merge, "grade": _grade,
            "edition": _edition}


def _error(line: str) -> None:
    """One line on stderr, with any control character from a path or a file taken out."""
    from quiz.terminal import clean

    text = f"python -m quiz: error: {clean(line)}"
    try:
        print(text, file=sys.stderr)
    except (OSError, ValueError):  # stderr itself is closed or full: the exit code still tells
        pass


def _run(argv: list[str] | None) -> int:
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command in COMMANDS:
        _started()
        return COMMANDS[args.command](args)
    return _quiz(args)


_gc_paused = False


def _started() -> None:
    """Start-up is over: resume the garbage collector if `main` was told it is paused.

    `python -m quiz` pauses it before importing anything (quiz/__main__.py): start-up makes only
    objects that live to the end (modules, the bank's tables), and the collector would walk them
    again and again for nothing (a tenth of the start-up, benchmarks/startup.py). They are moved
    out of its sight for good (gc.freeze, which also spares the interpreter walking them at
    exit), and collection resumes for whatever the command makes from here on: before the
    interactive quiz and before any subcommand. A printed quiz (--format, --list-topics) is
    start-up all through, bounded work after which the program ends: it runs paused, and
    `main` resumes the collector on its way out.
    """
    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.freeze()
        gc.enable()


def main(argv: list[str] | None = None, *, gc_paused: bool = False) -> int:
    """Run the command line; the exit code. `gc_paused`: the caller paused the garbage
    collector for start-up, and main resumes it before a command's own work (see `_started`)."""
    global _gc_paused
    _gc_paused = gc_paused
    streams.tolerant()
    try:
        code = _run(argv)
        sys.stdout.flush()  # here, where a closed pipe or a full disk can still be reported
        return code
    except QuizError as exc:
        for line in str(exc).splitlines():
            _error(line)
        return exc.exit_code
    except KeyboardInterrupt:
        try:
            print("\nInterrupted.", file=sys.stderr)
        except (OSError, ValueError):
            pass
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return streams.broken_pipe()
    except OSError as exc:  # standard output or input unusable: full, closed, a folder...
        where = f"{exc.filename}: " if exc.filename else "input or output: "
        _error(f"{where}{exc.strerror or exc}")
        streams.discard_stdout()  # nothing left to flush at exit either way
        return EXIT_USAGE
    finally:
        _started()  # a printed quiz, or an error before the command began: collecting again
