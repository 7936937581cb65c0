"""Standard streams the quiz cannot trust: input that is not UTF-8, output that is closed, full
or a pipe whose reader went away. `tolerant()` is the first thing `python -m quiz` does.
"""

from __future__ import annotations

import os
import sys

from quiz.errors import EXIT_FAILED


class _Closed:
    """Standard output or input that was closed before the program started (`>&-`, `<&-`):
    writing fails with one line of error, reading is the end of input."""

    def write(self, text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def readline(self, *args) -> str:
        return ""

    def isatty(self) -> bool:
        return False


def tolerant() -> None:
    """Input that is not valid UTF-8 is read with U+FFFD in place of the bad bytes, and output
    the terminal cannot encode is printed with '?', instead of a UnicodeError."""
    if sys.stdin is None:
        sys.stdin = _Closed()
    elif hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    if sys.stdout is None:
        sys.stdout = _Closed()
    elif hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")


def broken_pipe() -> int:
    """The reader of our output went away (`python -m quiz ... | head -1`): as Python's signal
    module documentation advises, point stdout at devnull so that the flush at exit cannot fail
    again, and exit non-zero, as json.tool does."""
    discard_stdout()
    return EXIT_FAILED


def discard_stdout() -> None:
    """Point the standard output's file descriptor at devnull, so that nothing left in its buffer
    can fail again when Python flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
