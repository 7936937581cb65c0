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
        super().__init__(prog, width=int(cols) if cols.isdigit() else 100)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line plus a hint, with exit code 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

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


def _count(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 500:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to 500")
    return int(value)


def _seed(value: str) -> int:
    if not value.isdigit() or len(value) > 9:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 0 to 999999999")
    return int(value)


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
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check", help="validate the bank and every question (used by CI)")
    check.add_argument("--docs", help="also check that every section exists in this docs folder")
    check.add_argument("--bank", metavar="DIR", default=argparse.SUPPRESS,
                       help="check the *.toml bank in DIR instead of the built-in one")
    return p


def _select(args, bank):
    """(questions, code) for the arguments, replaying --code exactly when given."""
    from quiz import generate, replay

    if args.code:
        if args.seed is not None or args.topic:
            raise UsageError("--code replays a quiz on its own: leave out --seed and --topic")
        version, fingerprint, seed, count, topics = replay.parse(args.code)
        if (version, fingerprint) != (bank.version, bank.fingerprint[:6]):
            print(f"note: this code was made with bank {version}-{fingerprint}; this is bank "
                  f"{bank.version}-{bank.fingerprint[:6]}: the questions may differ.", file=sys.stderr)
    else:
        seed = args.seed if args.seed is not None else random.randrange(10**6)
        count = args.count
        topics = tuple(t for t in TOPICS if t in (args.topic or TOPICS))
    questions = generate.generate(bank, seed, count, topics)
    if len(questions) < count:
        print(f"note: these topics offer {len(questions)} questions, not {count}.", file=sys.stderr)
    return questions, replay.make(bank.version, bank.fingerprint, seed, count, topics)


def _quiz(args) -> int:
    from quiz import bank as bank_mod

    bank = bank_mod.load(args.bank)
    if args.list_topics:
        from quiz.generate import slots

        for topic in TOPICS:
            print(f"{topic:<11} {len(slots(bank, (topic,)))} questions")
        return EXIT_OK
    questions, code = _select(args, bank)
    if args.format == "json":
        from quiz.render import json as render_json

        sys.stdout.write(render_json.render(questions, code, bank.version))
        return EXIT_OK
    if args.format == "text":
        from quiz.render import text

        sys.stdout.write(text.render(questions, code))
        return EXIT_OK
    return _interactive(args, questions, code)


def _interactive(args, questions, code) -> int:
    from quiz.render.text import Style
    from quiz.session import Session

    color = sys.stdout.isatty() and not args.no_color and not os.environ.get("NO_COLOR")

    def write(text: str, end: str = "\n") -> None:
        print(text, end=end, flush=True)

    print(f"Replay code: {code}   (python -m quiz --code {code})\n")
    session = Session(questions, input, write, Style(color))
    try:
        session.run()
    except KeyboardInterrupt:
        print(f"\nInterrupted after {len(session.results)} of {len(questions)} questions. "
              f"Score: {session.score}")
        return EXIT_INTERRUPTED
    print(f"Replay code: {code}")
    return EXIT_OK


def _check(args) -> int:
    from quiz import bank as bank_mod
    from quiz.check import problems

    docs = args.docs
    if docs is None and args.bank is None:
        guess = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs")
        docs = guess if os.path.isdir(guess) else None
    bank = bank_mod.load(args.bank, docs_dir=docs, use_cache=False)
    found, summary = problems(bank)
    for line in found:
        print(line, file=sys.stderr)
    print(summary if not found else f"bank check failed: {len(found)} problem(s)")
    return EXIT_FAILED if found else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "check":
            return _check(args)
        return _quiz(args)
    except QuizError as exc:
        for line in str(exc).splitlines():
            print(f"python -m quiz: error: {line}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
