"""One root exception for every error a user can cause, and the exit codes they map to.

quiz.cli.main is the one place that maps them: it catches QuizError, prints its message one line
at a time and returns its `exit_code`; nothing else is caught there (but an interrupt and an
unusable standard stream), so a bug still shows its traceback while a user's mistake never does.
Code elsewhere raises a QuizError subclass, and catches only the exceptions it expects.
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


class GitError(QuizError):
    """git could not be run, failed or did not answer in time while reading a release tag's bank
    (`python -m quiz diff` of a version that has no record): a data error, exit code 2."""
