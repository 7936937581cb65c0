"""Entry point for `python -m quiz`.

Ctrl-C while the CLI is still being imported ends the program quietly with exit code 130: the
handler below is in place before anything else is imported. Once `main` runs, Ctrl-C is a
KeyboardInterrupt again, which the CLI turns into the partial score and exit code 130.

The garbage collector is paused for start-up and `main` resumes it (quiz.cli._started).
"""
import gc

gc.disable()  # first: every import allocates, and none of it is garbage

# the C module: `signal` would import enum first, which takes longer (typeshed has no stub for it)
import _signal as signal  # type: ignore[import-not-found]


def _interrupted(signum, frame):
    raise SystemExit(130)


signal.signal(signal.SIGINT, _interrupted)
from quiz.cli import main  # after the handler, so that an early Ctrl-C is quiet

signal.signal(signal.SIGINT, signal.default_int_handler)
raise SystemExit(main(gc_paused=True))
