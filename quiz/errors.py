"""One root exception for every error a user can cause, and the exit codes they map to.

cli.py catches QuizError and prints its one-line message; nothing else is caught there, so a
bug still shows its traceback while a user's mistake never does.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1  # a check found problems, or a score below the pass mark
EXIT_USAGE = 2  # a bad flag, a bad code, a malformed bank, a file in the way
EXIT_INTERRUPTED = 130  # Ctrl-C


class QuizError(Exception):
    """Root of every error the quiz reports to a user in one line."""

    exit_code = EXIT_USAGE


class BankError(QuizError):
    """The question bank is malformed: the message names file, entry and field."""


class UsageError(QuizError):
    """A command-line argument or replay code that cannot be used."""


class ExportError(QuizError):
    """An output file could not be written (or would overwrite one without --force)."""


class NothingToExport(ExportError):
    """No question of the selection fits the export format's limits: a failed export."""

    exit_code = EXIT_FAILED


class HandoutError(QuizError):
    """Handouts cannot be typeset: LaTeX is missing (the message names the packages) or failed."""


class EditionError(QuizError):
    """A replay code of another edition that this bank cannot ask exactly as it was (the message
    lists what changed), or of an edition this installation has no record of: a failed check."""

    exit_code = EXIT_FAILED
