"""Which files of the quiz package a page's content is computed by, from the import graph.

A bank directive turns the bank into a page with code from the quiz package (the generator,
quiz.wording's key_text, a figure's module and what it imports...). Each such module must be a
dependency of the page, or editing it would leave the page stale until a clean build. Rather than
a hand-kept list, `code_files(module)` follows the imports of a module of the extension through
the package, statically: every `import quiz.x` and `from quiz.x import y` (relative ones too),
wherever it stands in the module, even inside a function, with every package `__init__.py` on the
way. Import statements are found by a regular expression over the source, not by parsing it
(parsing the package took a tenth of a second of every rebuild): a line of a docstring that
looks like an import adds a module too many, never one too few. The extension's own modules are
walked through but not returned: its env_version (a hash of their code) makes Sphinx read every
page again when one of them changes. Its `__init__` is not walked: its setup() imports every
feature to wire them, which computes no page.

Pure and Sphinx-free; the graph is read once per process (a few milliseconds).
"""

from __future__ import annotations

import os
import re
from functools import cache

PACKAGE = "quiz"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the quiz package's folder
OWN = "quiz.sphinxext"  # walked through, never returned (env_version covers it)
# `import a.b, c as d` and `from .a import (b, c as d)` (names in brackets may span lines)
IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w., \t]+)", re.MULTILINE)
FROM = re.compile(r"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)",
                  re.MULTILINE)


def module_file(name: str) -> str | None:
    """The source file of module `name` of the package (a package: its __init__.py), or None."""
    parts = name.split(".")[1:]
    base = os.path.join(ROOT, *parts)
    for path in (base + ".py", os.path.join(base, "__init__.py")):
        if os.path.isfile(path):
            return path
    return None


def _is_package(name: str) -> bool:
    path = module_file(name)
    return path is not None and os.path.basename(path) == "__init__.py"


@cache
def imports(name: str) -> frozenset[str]:
    """The modules of the package that module `name` imports directly (anywhere in its code)."""
    path = module_file(name)
    if path is None:
        return frozenset()
    with open(path, encoding="utf-8") as fh:
        source = fh.read()
    here = name if _is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()
    for names in IMPORT.findall(source):
        found.update(part.split()[0] for part in names.split(",") if part.strip())
    for base, names in FROM.findall(source):
        level = len(base) - len(base.lstrip("."))
        base = base[level:]
        if level:
            anchor = here.split(".")
            anchor = anchor[:len(anchor) - level + 1]
            base = ".".join(anchor + ([base] if base else []))
        found.add(base)
        # `from quiz import figures` imports the module quiz.figures
        found.update(f"{base}.{part.split()[0]}" for part in names.strip("()").split(",")
                     if part.split())
    out = set()
    for mod in found:
        if mod == PACKAGE or mod.startswith(PACKAGE + "."):
            out.update(_with_parents(mod))
    return frozenset(m for m in out if module_file(m) is not None and m != name)


def _with_parents(name: str) -> list[str]:
    """quiz.a.b -> quiz, quiz.a, quiz.a.b: importing a module runs its packages' __init__ too."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


@cache
def closure(*names: str) -> frozenset[str]:
    """Every module of the package that importing `names` loads, `names` included."""
    seen: set[str] = set()
    todo = [m for name in names for m in _with_parents(name)]
    while todo:
        mod = todo.pop()
        if mod in seen or mod == OWN or module_file(mod) is None:
            continue
        seen.add(mod)
        todo.extend(imports(mod))
    return frozenset(seen)


def code_files(*names: str) -> list[str]:
    """The source files whose code computes what modules `names` render, sorted; the extension's
    own modules left out."""
    files = (module_file(m) for m in closure(*names) if m != OWN and not m.startswith(OWN + "."))
    return sorted(f for f in files if f is not None)


def note_code(env, *names: str) -> None:
    """Note the files of `code_files(*names)` as dependencies of the page being read."""
    for path in code_files(*names):
        env.note_dependency(path)
