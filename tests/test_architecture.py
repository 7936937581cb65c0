"""The architecture as code: the import contracts in pyproject.toml ([tool.importlinter], see
ARCHITECTURE.md) hold, the import graph of `quiz` has no cycle, ruff (its default rules) and mypy
find nothing, and the package uses no private name of argparse.

Imports inside functions count: grimp, which import-linter uses, reads every import statement.
Each check is also shown to fail on a copy of the package with one bad line added. ruff and mypy
are the venv's own (the `dev` extra pins them): without them these tests skip locally, with the
install line, and fail in CI."""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from conftest import require_tool

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
RUFF = Path(sys.executable).with_name("ruff")
MYPY = Path(sys.executable).with_name("mypy")
INSTALL = "make venv: the dev extra of pyproject.toml installs it"


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
    """ruff's pyflakes rules and syntax errors on every module, those that pyproject.toml's
    per-file-ignores leave out of the default rules too (--isolated: no configuration)."""
    ruff = require_tool(str(RUFF), INSTALL)
    result = subprocess.run([ruff, "check", "--no-cache", "--isolated", "--select", "F,E9",
                             "quiz"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def ruff_check(root: Path) -> subprocess.CompletedProcess:
    ruff = require_tool(str(RUFF), INSTALL)
    return subprocess.run([ruff, "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
                           "quiz"], cwd=root, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing_in_quiz():
    """ruff's default rules, with the settings of pyproject.toml's [tool.ruff]."""
    result = ruff_check(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_a_fault_in_a_copy(tmp_path):
    copy = copy_of_quiz(tmp_path, "history.py", "FLAGS = dict(a=1)")
    result = ruff_check(copy)
    assert result.returncode == 1 and "quiz/history.py" in result.stdout, result.stdout
    assert "C408" in result.stdout


def mypy_check(root: Path, cache: Path) -> subprocess.CompletedProcess:
    mypy = require_tool(str(MYPY), INSTALL)
    return subprocess.run([mypy, "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir",
                           str(cache), "quiz"], cwd=root, capture_output=True, text=True,
                          check=False)


def test_mypy_finds_nothing_in_quiz():
    """mypy with pyproject.toml's [tool.mypy] (bodies of unannotated functions too)."""
    result = mypy_check(ROOT, ROOT / ".mypy_cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found"), result.stdout


@pytest.mark.slow  # a second mypy run, without a cache
def test_mypy_finds_a_type_error_in_a_copy(tmp_path):
    copy = copy_of_quiz(tmp_path / "src", "replay.py",
                        "def _wrong() -> int:\n    return make('1.0.0', 'abcdef', 1, 10, ())")
    result = mypy_check(copy, tmp_path / "cache")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "quiz/replay.py" in result.stdout and "[return-value]" in result.stdout


def argparse_private_names() -> set[str]:
    """Every name argparse keeps private: its module's `_X` names and the `_x` members of its
    parsers, actions and formatters (`_SubParsersAction`, `_actions`, `_name_parser_map`...)."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    objects = [argparse, parser, sub, parser.formatter_class("prog"), type(parser), type(sub),
               argparse.Action, argparse.HelpFormatter]
    return {name for obj in objects for name in [*dir(obj), *vars(obj)]
            if name.startswith("_") and not name.startswith("__")}


def private_argparse_uses(source: str) -> list[str]:
    """The private argparse names `source` uses: imported from argparse, read from the module,
    or read as an attribute of anything (a parser's `._actions`)."""
    private = argparse_private_names()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "argparse":
            found += [a.name for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.Attribute) and node.attr in private:
            found.append(node.attr)
    return found


def test_quiz_uses_argparse_through_its_public_api_only():
    uses = {str(path.relative_to(ROOT)): private_argparse_uses(path.read_text(encoding="utf-8"))
            for path in sorted((ROOT / "quiz").rglob("*.py"))}
    assert {path: names for path, names in uses.items() if names} == {}


def test_a_private_argparse_name_is_found():
    assert private_argparse_uses("import argparse\nclass C(argparse._SubParsersAction): pass") \
        == ["_SubParsersAction"]
    assert private_argparse_uses("from argparse import _SubParsersAction") == ["_SubParsersAction"]
    assert private_argparse_uses("def f(p):\n    return p._name_parser_map, p._actions") \
        == ["_name_parser_map", "_actions"]
    assert private_argparse_uses("import argparse\np = argparse.ArgumentParser()") == []
