"""Replay codes: a short string that fixes a quiz exactly (bank version, seed, count, topics).

Format: VERSION-FINGERPRINT-SEED-COUNT-TOPICS, for example `0.1.0-3fa2c1-4821-10-TBCSG`.
Topics are one letter each: T techniques, B benefits, C claims, S safety, G glossary terms.
"""

from __future__ import annotations

import re

from quiz.errors import UsageError
from quiz.model import TOPICS

TOPIC_LETTERS = {"techniques": "T", "benefits": "B", "claims": "C", "safety": "S", "terms": "G"}
LETTER_TOPICS = {v: k for k, v in TOPIC_LETTERS.items()}
CODE_RE = re.compile(r"^(\d+\.\d+\.\d+)-([0-9a-f]{6})-(\d{1,9})-(\d{1,4})-([TBCSG]{1,5})$")
EXAMPLE = "0.1.0-3fa2c1-4821-10-TBCSG"


def make(version: str, fingerprint: str, seed: int, count: int, topics) -> str:
    letters = "".join(TOPIC_LETTERS[t] for t in TOPICS if t in topics)
    return f"{version}-{fingerprint[:6]}-{seed}-{count}-{letters}"


def parse(code: str) -> tuple[str, str, int, int, tuple[str, ...]]:
    """(version, fingerprint, seed, count, topics) from a code, or a UsageError naming the problem."""
    m = CODE_RE.match(code.strip())
    if not m or len(set(m.group(5))) != len(m.group(5)):
        raise UsageError(f"not a replay code: {code!r} (expected something like {EXAMPLE})")
    version, fingerprint, seed, count, letters = m.groups()
    topics = tuple(t for t in TOPICS if TOPIC_LETTERS[t] in letters)
    return version, fingerprint, int(seed), int(count), topics
