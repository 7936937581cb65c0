"""Where the kit's own files are in a source checkout: the repository, and the book in it.

One definition for every module that looks beside the package (the book's sources for
`python -m quiz check`, the LaTeX build for handouts' page numbers, git for old editions).
"""

from __future__ import annotations

import os

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOOK_DOCS = os.path.join(REPO_ROOT, "docs")
