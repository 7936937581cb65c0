"""The bank of a release tag `vX.Y.Z` that has no edition record, read from git.

Used by `python -m quiz diff` for a version older than the records. A missing tag, or a source
tree that is not a git checkout, is "no such tag" (None). git missing, failing on a tag that
exists, or not answering within `TIMEOUT` seconds is a GitError (exit code 2) in one line.
"""

from __future__ import annotations

import os
import subprocess

from quiz.bank import Bank
from quiz.errors import GitError

#: seconds git may take for one command (a network file system, a huge repository)
TIMEOUT = 30.0


def _git(root: str, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", root, *args], capture_output=True, text=True,
                              timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise GitError(f"git did not answer within {TIMEOUT:g} s (git {' '.join(args)})") from None
    except OSError as exc:
        raise GitError(f"cannot run git to read an old release's bank ({exc.strerror or exc})"
                       ) from None


def _output(root: str, *args: str) -> str:
    r = _git(root, *args)
    if r.returncode != 0:
        why = (r.stderr.strip().splitlines() or [f"exit status {r.returncode}"])[0]
        raise GitError(f"git {' '.join(args)} failed: {why}")
    return r.stdout


def bank_at_tag(version: str, root: str | None = None) -> Bank | None:
    """The bank as tag v`version` has it (named `version`), or None without that tag."""
    import tempfile

    from quiz.bank import load
    from quiz.paths import REPO_ROOT

    root = root or REPO_ROOT
    ref = f"v{version}"
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        return None  # no such tag, or not a git checkout at all
    names = _output(root, "ls-tree", "--name-only", f"{ref}:quiz/bank").split()
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            if name.endswith(".toml"):
                text = _output(root, "show", f"{ref}:quiz/bank/{name}")
                with open(os.path.join(tmp, name), "w", encoding="utf-8") as fh:
                    fh.write(text)
        bank = load(tmp, use_cache=False)
    return Bank(bank.tables, version, bank.fingerprint)
