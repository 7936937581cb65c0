"""The book's bibliography keys, for `python -m quiz check`: each citation key of the bank must be one.

The bibliography is `docs/references.bib` and `docs/bib/*.bib` (conf.py's `bibtex_bibfiles`; a
test keeps the two lists the same). Only the entries' keys are read, with a regular expression
for an entry's head (`@article{furlan2015massage,`): the parser the book uses (pybtex, through
sphinxcontrib-bibtex) is not the quiz's to import, and a test checks that both find the same keys
in the book's files. `python -m quiz` itself never reads these files: only `check` does.
"""

from __future__ import annotations

import glob
import os
import re

#: an entry's head at the start of a line; @comment, @string and @preamble hold no entry
ENTRY = re.compile(r"^[ \t]*@(?!(?:comment|string|preamble)\b)[A-Za-z]+[ \t]*[{(]"
                   r"[ \t]*([^,\s{}()]+)[ \t]*,", re.MULTILINE | re.IGNORECASE)


def bib_files(docs_dir: str) -> list[str]:
    """The book's .bib files in docs_dir (references.bib, then bib/*.bib); [] where there are none."""
    main = os.path.join(docs_dir, "references.bib")
    parts = sorted(glob.glob(os.path.join(glob.escape(docs_dir), "bib", "*.bib")))
    return [path for path in [main, *parts] if os.path.isfile(path)]


def keys(paths: list[str]) -> set[str]:
    """Every entry key in these files (OSError if one cannot be read)."""
    found: set[str] = set()
    for path in paths:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:  # a BOM is no key
            found.update(ENTRY.findall(fh.read()))
    return found
