"""A stand-in for quiz.sphinxext, for benchmarks/build.py's baseline build "without the extension".

It registers every directive the real extension registers (their names are read from
quiz/sphinxext/*.py, so a new directive cannot be forgotten) as a no-op that accepts any
argument, option and content and renders nothing. The same sources then build without the
extension's work: no bank, no key facts, no self-checks, no answer key, no chapter banner.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils.parsers.rst import Directive, directives

EXTENSION = Path(__file__).resolve().parents[1] / "quiz" / "sphinxext"


def directive_names() -> list[str]:
    """The directives quiz.sphinxext registers (`app.add_directive("name", ...)` in its modules)."""
    names: set[str] = set()
    for module in EXTENSION.glob("*.py"):
        names.update(re.findall(r"add_directive\(\s*[\"']([\w-]+)[\"']", module.read_text("utf-8")))
    return sorted(names)


class _AnyOption(dict):
    """An option_spec that accepts every option name as plain text."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str):
        return directives.unchanged


class NoOp(Directive):
    """Accepts anything, renders nothing."""

    optional_arguments = 20
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOption()

    def run(self) -> list:
        return []


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("quiz_bank_dir", None, "env", types=(str, type(None)))
    for name in directive_names():
        app.add_directive(name, NoOp)
    return {"version": "stub", "parallel_read_safe": True, "parallel_write_safe": True}
