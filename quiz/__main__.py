"""Entry point for `python -m quiz`.

Ctrl-C while the CLI is still being imported ends the program quietly with exit code 130: the
handler below is in place before anything else is imported. Once `main` runs, Ctrl-C is a
KeyboardInterrupt again, which the CLI turns into the partial score and exit code 130.
"""

import _signal as signal  # the C module: `signal` would import enum first, which takes longer


def _interrupted(signum, frame):
    raise SystemExit(130)


signal.signal(signal.SIGINT, _interrupted)
from quiz.cli import main  # noqa: E402  (after the handler, so an early Ctrl-C is quiet)

signal.signal(signal.SIGINT, signal.default_int_handler)
raise SystemExit(main())
