"""Text for a terminal: what the quiz prints from files it did not write itself is made safe.

A shared history file, a bank folder's name or a path given on the command line may hold escape
sequences (ESC [ 2 J clears the screen; OSC sequences set titles or links) or bidi controls that
reorder what a line seems to say. `clean` drops them, so such text prints as the characters it
holds and nothing else.
"""

from __future__ import annotations

import re

#: C0 and C1 control characters (a tab too) and DEL, and the bidi and zero-width formatting ones
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]")


def clean(text: str) -> str:
    """`text` without control characters; a newline or tab becomes a space."""
    return _UNSAFE.sub(lambda m: " " if m.group() in "\n\t\r" else "", text)
