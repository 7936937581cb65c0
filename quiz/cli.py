"""`python -m quiz`: argparse subcommands mapped to exit codes; the logic lives elsewhere.

Exit codes: 0 done, 1 a failed check, 2 usage or data error, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import os
import random
import sys

from quiz import __version__
from quiz.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, QuizError, UsageError
from quiz.model import TOPICS


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
    """argparse, but a usage error is one line plus a hint, with exit code 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


class Commands(argparse._SubParsersAction):
    """Subcommands whose parser is made only when that subcommand is used.

    Each ArgumentParser costs about a tenth of a millisecond in gettext look-ups alone: the quiz
    itself should not pay that for export, review and stats. `--help` still lists them.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lazy: dict = {}

    def add_lazy(self, name: str, populate, **kwargs) -> None:
        """Like add_parser, but the parser is made, and `populate` adds its arguments, on use."""
        pseudo = self._ChoicesPseudoAction(name, (), kwargs.get("help"))
        self._choices_actions.append(pseudo)  # listed in --help
        self._name_parser_map[name] = None  # a valid choice
        self._lazy[name] = (pseudo, populate, kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        lazy = self._lazy.pop(values[0], None)
        if lazy is not None:
            pseudo, populate, kwargs = lazy
            self._choices_actions.remove(pseudo)
            del self._name_parser_map[values[0]]
            populate(self.add_parser(values[0], **kwargs))
        super().__call__(parser, namespace, values, option_string)


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


#: options a subcommand shares with the quiz itself; given after the subcommand, they count too
SHARED = {
    "--topic": dict(type=_topics, action="extend", metavar="TOPIC", help="limit to these "
                    f"topics, comma-separated or repeated ({', '.join(TOPICS)})"),
    "--count": dict(type=_count, help="number of questions (default 10)"),
    "--seed": dict(type=_seed, help="fix the questions (default: a random seed)"),
    "--code": dict(help="use the questions of this replay code"),
    "--bank": dict(metavar="DIR", help="use the *.toml bank in DIR instead of the built-in one"),
    "--history": dict(metavar="PATH", help="the history file (default: "
                      "$XDG_DATA_HOME/massage-quiz/history.jsonl, or ~/.local/share/...)"),
    "--no-history": dict(action="store_true", help="do not record answers"),
    "--no-color": dict(action="store_true", help="plain output (also: NO_COLOR=1)"),
}


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
                         help="folder for sheet-vN.pdf and key-vN.pdf (made if missing)")
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
    check.add_argument("--docs", help="also check that every section exists in this docs folder")
    check.add_argument("--bank", metavar="DIR", default=argparse.SUPPRESS,
                       help="check the *.toml bank in DIR instead of the built-in one")
    check.add_argument("--review-sheet", metavar="FILE",
                       help="also write every question (every option it may draw, key, "
                       "explanation, the book sentence) to FILE, grouped by topic, for review")
    check.add_argument("--force", action="store_true", help="overwrite the review sheet FILE")
    check.add_argument("--stats", metavar="CSV",
                       help="also show the questions that item statistics (grade --stats) flag")


def _grade_args(p: Parser) -> None:
    from quiz.instructor import gradecli

    gradecli.arguments(p)


def _add_commands(sub) -> None:
    """The export, review and stats subcommands; their arguments are added only when used."""
    sub.add_lazy("export", _export_args,
                 help="write questions for Moodle, Canvas, Anki or Kahoot",
                 description="Export the same questions as the quiz with the same --seed, "
                 "--count and --topic (or --code).")
    sub.add_lazy("review", lambda p: _shared(p, "--topic", "--count", "--seed", "--bank",
                                             "--history", "--no-history", "--no-color"),
                 help="ask the questions due for review first, then new ones",
                 description="Ask the questions your history says are due, then new ones.")
    sub.add_lazy("stats", lambda p: _shared(p, "--bank", "--history"),
                 help="score per topic and what is due for review",
                 description="Your score per topic and what is due for review.")
    sub.add_lazy("merge", _merge_args,
                 help="add the answers of another history file (the practice page's download)",
                 description="Merge a history file, such as history.jsonl downloaded from the "
                 "book's practice page, into your history: every answer once, none counted twice.")
    sub.add_lazy("diff", _diff_args,
                 help="list the questions added, removed and changed between two versions",
                 description="Questions added, removed and changed between two versions of the "
                 "bank (1.0.0 or v1.0.0, or 'current' for this bank), from the edition records "
                 "in quiz/bank/editions (or a git tag's bank where a version has no record).")
    sub.add_lazy("handout", _handout_args,
                 help="print quiz variants as PDF sheets, each with its answer key",
                 description="Typeset variants of the quiz with the same --seed, --count and "
                 "--topic (or --code) as PDF sheets with separate answer keys (needs LaTeX).")
    sub.add_lazy("grade", _grade_args,
                 help="grade scanned answer sheets into a gradebook, with item statistics",
                 description="Read filled answer sheets (PDF, PNG, JPEG), score each against "
                 "its variant, and write a gradebook CSV; unclear marks are listed for review.")


def build_parser() -> Parser:
    p = Parser(prog="python -m quiz", description="Self-check questions on massage for back spasms.",
               epilog="Exit codes: 0 done, 1 failed check, 2 usage or data error, 130 interrupted.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--topic", type=_topics, action="extend", metavar="TOPIC",
                   help=f"limit to these topics, comma-separated or repeated ({', '.join(TOPICS)})")
    p.add_argument("--count", type=_count, default=10, help="number of questions (default 10)")
    p.add_argument("--seed", type=_seed, help="fix the questions (default: a random seed)")
    p.add_argument("--code", help="replay a quiz from the code it printed")
    p.add_argument("--format", choices=("json", "text"),
                   help="print the quiz with its answers instead of asking")
    p.add_argument("--list-topics", action="store_true", help="list topics with question counts")
    p.add_argument("--no-color", action="store_true", help="plain output (also: NO_COLOR=1)")
    p.add_argument("--bank", metavar="DIR", help="use the *.toml bank in DIR instead of the built-in one")
    p.add_argument("--history", metavar="PATH", help=SHARED["--history"]["help"])
    p.add_argument("--no-history", action="store_true", help="do not record answers")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", action=Commands)
    sub.add_lazy("check", _check_args, help="validate the bank and every question (used by CI)")
    _add_commands(sub)
    return p


def _selection(args, bank, variants=(0,)):
    """(bank, seed, count, topics) for the arguments, from --code when given.

    A code of another edition is replayed from that edition's own bank, once quiz.editions has
    checked that every question of these variants is unchanged in `bank`; otherwise it fails
    with exit code 1 and lists what changed: never silently different questions.
    """
    from quiz import replay

    if args.code:
        if args.seed is not None or args.topic:
            raise UsageError("--code replays a quiz on its own: leave out --seed and --topic")
        version, fingerprint, seed, count, topics = replay.parse(args.code)
        if (version, fingerprint) != (bank.version, bank.fingerprint[:6]):
            from quiz import editions
            from quiz.generate import make_quiz

            def draw(old):
                return [q for v in variants
                        for q in make_quiz(old, seed, count, topics, variant=v)]

            bank = editions.replay_bank(bank, version, fingerprint, draw)
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

        sys.stdout.write(render_json.render(questions, code, bank.version))
        return EXIT_OK
    if args.format == "text":
        from quiz.render import text

        sys.stdout.write(text.render(questions, code))
        return EXIT_OK
    intro = f"Replay code: {code}   (python -m quiz --code {code})"
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
    sys.stdout.write(review.stats(bank, history.read(path), time.time(), path))
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
    from quiz.check import problems

    docs = args.docs
    if docs is None and args.bank is None:
        from quiz.paths import BOOK_DOCS
        docs = BOOK_DOCS if os.path.isdir(BOOK_DOCS) else None
    bank = bank_mod.load(args.bank, docs_dir=docs, use_cache=False)
    if args.review_sheet:
        from quiz import review_sheet
        from quiz.booklocate import DEFAULT_DOCS

        print(review_sheet.write(bank, args.review_sheet, force=args.force,
                                 docs_dir=docs or DEFAULT_DOCS), file=sys.stderr)
    found, summary = problems(bank)
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
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        sys.stdout.write(editions.render_text(result))
    return EXIT_OK


def _grade(args) -> int:
    from quiz.instructor import gradecli

    return gradecli.run(args)


COMMANDS = {"export": _export, "review": _review, "stats": _stats, "handout": _handout,
            "diff": _diff, "merge": _merge, "grade": _grade}


def _error(line: str) -> None:
    """One line on stderr, with any control character from a path or a file taken out."""
    from quiz.terminal import clean

    try:
        print(f"python -m quiz: error: {clean(line)}", file=sys.stderr)
    except (OSError, ValueError, AttributeError):
        pass  # stderr itself is gone: the exit code still tells


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command == "check":
        return _check(args)
    if args.command in COMMANDS:
        return COMMANDS[args.command](args)
    return _quiz(args)


def main(argv: list[str] | None = None) -> int:
    from quiz import streams

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
