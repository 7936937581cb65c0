"""The book's Sphinx extension: a thin setup() that wires the pieces together.

The extension imports the quiz package; the quiz package never imports Sphinx.
"""

from __future__ import annotations

from typing import Any

from quiz import __version__


def setup(app: Any) -> dict[str, Any]:
    from quiz.sphinxext import chapter

    chapter.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
