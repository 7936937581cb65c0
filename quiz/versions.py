"""Version numbers, in the two ways the kit compares them.

- `release_key`: a release a user names (`1.2.0` or `v1.2.0`, as `python -m quiz diff` and the
  edition records take them), parsed strictly: anything else is a UsageError; `release_name`
  writes it as the records name it (`1.2.0`).
- `version_key`: any bank version, ordered leniently, for "was this template there in that
  edition?" (quiz.generate): a version that is not all numbers sorts after every release.
"""

from __future__ import annotations

import re

# a pattern, compiled by `re` on first use: the quiz itself only ever calls version_key
RELEASE_PATTERN = r"^v?([0-9]+)\.([0-9]+)\.([0-9]+)$"


def is_release(version: str) -> bool:
    """Whether `version` names a release: `1.2.0` or `v1.2.0`."""
    return re.match(RELEASE_PATTERN, version) is not None


def release_key(version: str) -> tuple[int, ...]:
    """`v1.10.0` or `1.10.0` -> (1, 10, 0); a UsageError for anything else."""
    m = re.match(RELEASE_PATTERN, version)
    if not m:
        from quiz.errors import UsageError

        raise UsageError(f"not a version: {version!r} (expected something like 1.0.0 or v1.0.0)")
    return tuple(int(x) for x in m.groups())


def release_name(version: str) -> str:
    """`v1.10.0` or `1.10.0` -> `1.10.0` (a UsageError for anything else)."""
    return ".".join(map(str, release_key(version)))


def version_key(version: str) -> tuple:
    """`1.10.0` -> (1, 10, 0), for comparing versions; anything else sorts after every release."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (10**9,)
