"""The architecture as code: the import contracts in pyproject.toml ([tool.importlinter], see
ARCHITECTURE.md) hold, the import graph of `quiz` has no cycle, and pyflakes finds nothing.

Imports inside functions count: grimp, which import-linter uses, reads every import statement.
Each check is also shown to fail on a copy of the package with one bad import added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def cycles(graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.find_modules_directly_imported_by(node)):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config",
                           str(ROOT / "pyproject.toml")], cwd=root, env=env,
                          capture_output=True, text=True, check=False)


def copy_of_quiz(tmp_path: Path, module: str, line: str) -> Path:
    """A copy of the package with `line` appended to `module` (a path under quiz/)."""
    shutil.copytree(ROOT / "quiz", tmp_path / "quiz",
                    ignore=shutil.ignore_patterns("__pycache__", "*.toml", "*.json"))
    with open(tmp_path / "quiz" / module, "a", encoding="utf-8") as fh:
        fh.write(f"\n{line}\n")
    return tmp_path


def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


def test_a_renderer_imported_by_generation_breaks_a_contract(tmp_path):
    copy = copy_of_quiz(tmp_path, "generate/kinds.py", "from quiz.render import common  # noqa")
    result = lint_imports(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Data flows bank -> generate -> render" in result.stdout
    assert "quiz.generate.kinds -> quiz.render.common" in result.stdout


def test_a_kind_reaching_back_into_the_catalogue_breaks_a_contract(tmp_path):
    copy = copy_of_quiz(tmp_path, "generate/kinds.py",
                        "def _late():\n    from quiz.generate.catalogue import BY_ID  # noqa")
    result = lint_imports(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Inside generation: drawing -> catalogue -> template -> kinds" in result.stdout
    assert "quiz.generate.kinds -> quiz.generate.catalogue" in result.stdout


def test_sphinx_reached_from_the_cli_breaks_a_contract(tmp_path):
    copy = copy_of_quiz(tmp_path, "export.py", "def _late():\n    import docutils.nodes  # noqa")
    result = lint_imports(copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "The CLI never imports Sphinx or docutils" in result.stdout
    assert "quiz.cli -> quiz.export" in result.stdout and "quiz.export -> docutils" in result.stdout


def test_the_import_graph_of_quiz_has_no_cycle():
    graph = grimp.build_graph("quiz", cache_dir=None)
    assert len(graph.modules) > 40  # the whole package was read
    assert cycles(graph) == []


def test_a_cycle_is_found():
    graph = grimp.ImportGraph()
    for importer, imported in (("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d"),
                               ("p.e", "p.f"), ("p.f", "p.e")):
        graph.add_import(importer=importer, imported=imported)
    assert cycles(graph) == [["p.a", "p.b", "p.c"], ["p.e", "p.f"]]


def test_pyflakes_finds_nothing_in_quiz():
    """ruff's pyflakes rules and syntax errors (the whole default rule set is not clean yet:
    ARCHITECTURE.md lists what is left)."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                             "--select", "F,E9", "quiz"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
