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

    def write(self, text: str | bytes) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    @property
    def buffer(self) -> _Closed:  # its binary layer: closed just the same
        return self

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


def write(data: str | bytes) -> None:
    """Write all of `data` to standard output, or raise (BrokenPipeError when its reader left).

    Not through `sys.stdout.write`: CPython's buffered writer, given more than its buffer at once,
    can return a short count without raising when the pipe's reader goes away mid-write
    (`python -m quiz --format json | head -c 10`), and the text layer ignores that count, so
    the rest of the output would be lost and the program exit 0. Here every byte is written with
    os.write until none is left, and the first write after the reader left raises."""
    out = sys.stdout
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):  # not a file: a test's capture, a closed stream
        if isinstance(data, str):
            out.write(data)
        else:
            out.buffer.write(data)
        out.flush()
        return
    if isinstance(data, str):
        if os.linesep != "\n":
            data = data.replace("\n", os.linesep)  # what the text layer would have done
        data = data.encode(out.encoding or "utf-8", out.errors or "strict")
    out.flush()  # whatever was printed before comes first
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


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
