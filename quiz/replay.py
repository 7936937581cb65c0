"""Replay codes: a short string that fixes a quiz exactly (bank version, seed, count, topics).

Format: VERSION-FINGERPRINT-SEED-COUNT-TOPICS, for example `1.0.0-dcdc1e-23-10-TCG`.
Topics are one letter each: T techniques, B benefits, C claims, S safety, G glossary terms.

A printed handout adds its variant: `1.0.0-dcdc1e-23-10-TCG-v2` is variant 2 of that quiz
(`make_quiz(..., variant=2)`): the same number of questions per topic, drawn and ordered apart.
A code without the suffix is variant 0, the quiz itself, so every older code still means what
it meant. `parse` still returns the five fields; the variant is its `.variant` attribute.
"""

from __future__ import annotations

import re

from quiz.errors import UsageError
from quiz.model import TOPICS

TOPIC_LETTERS = {"techniques": "T", "benefits": "B", "claims": "C", "safety": "S", "terms": "G"}
LETTER_TOPICS = {v: k for k, v in TOPIC_LETTERS.items()}
# a pattern, not a compiled regex: `re.match` compiles it on the first parse only (a new quiz,
# the common case, makes a code and never parses one)
# ASCII digits only (`\d` would take '٣'), and the limits of the flags: --count 1 to 500,
# --variants 1 to 100, --seed up to 9 digits
CODE_PATTERN = (r"^([0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4})-([0-9a-f]{6})-([0-9]{1,9})-([0-9]{1,3})"
                r"-([TBCSG]{1,5})(?:-v([0-9]{1,3}))?$")
MAX_COUNT, MAX_VARIANT = 500, 100
EXAMPLE = "1.0.0-dcdc1e-23-10-TCG"


class Code(tuple):
    """(version, fingerprint, seed, count, topics), with the handout variant as `.variant`."""

    variant = 0


def make(version: str, fingerprint: str, seed: int, count: int, topics, variant: int = 0) -> str:
    letters = "".join(TOPIC_LETTERS[t] for t in TOPICS if t in topics)
    code = f"{version}-{fingerprint[:6]}-{seed}-{count}-{letters}"
    return f"{code}-v{variant}" if variant else code


def parse(code: str) -> Code:
    """(version, fingerprint, seed, count, topics) from a code, or a UsageError naming the problem.

    The result's `.variant` is the number after `-v` (0 when there is none).
    """
    m = re.match(CODE_PATTERN, code.strip())
    if not m or len(set(m.group(5))) != len(m.group(5)):
        raise UsageError(f"not a replay code: {code[:80]!r} (expected something like {EXAMPLE})")
    if not 1 <= int(m.group(4)) <= MAX_COUNT:
        raise UsageError(f"replay code {code.strip()!r}: the count {m.group(4)} is not from 1 to "
                         f"{MAX_COUNT}")
    if m.group(6) is not None and not 1 <= int(m.group(6)) <= MAX_VARIANT:
        raise UsageError(f"replay code {code.strip()!r}: the variant {m.group(6)} is not from 1 "
                         f"to {MAX_VARIANT}")
    version, fingerprint, seed, count, letters, variant = m.groups()
    topics = tuple(t for t in TOPICS if TOPIC_LETTERS[t] in letters)
    out = Code((version, fingerprint, int(seed), int(count), topics))
    out.variant = int(variant or 0)
    return out
