"""A newcomer's machine (only Python 3, make and git): what `make test` and CI ask of it.

The whole check is .ci/bare-machine, which CI runs after the full suite. These tests keep its parts
honest: a missing tool skips with its install line locally and fails in CI; `make test` does not
need npm; every system tool a test requires is hidden by .ci/bare-machine (else that check would
prove nothing) and every package a test's install line names is installed by .ci/run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from conftest import REPO_ROOT, require_tool

BASE = {"python3", "make", "git"}  # what a newcomer's machine has
CI_RUN = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
BARE = (REPO_ROOT / ".ci" / "bare-machine").read_text(encoding="utf-8")


def _sources() -> str:
    files = sorted((REPO_ROOT / "tests").glob("*.py")) + [REPO_ROOT / "quiz" / "typeset.py"]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def required_tools() -> set[str]:
    """Every command the tests look up by name (require_tool, and pdfutil's _run)."""
    found = set(re.findall(r'(?:require_tool|_run)\(\s*"([\w.+-]+)"', _sources()))
    return found - {"no-such-tool"}  # the one this file makes up


def hidden_tools() -> set[str]:
    found = re.search(r'^hidden="([^"]*)"', BARE, re.M | re.S)
    assert found, ".ci/bare-machine has no hidden= list"
    return set(found[1].replace("\\\n", " ").split())


def test_a_missing_tool_skips_locally_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception,
                       match=r"^no-such-tool is not installed \(apt-get install no-such\)$"):
        require_tool("no-such-tool", "apt-get install no-such")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"no-such-tool .* CI must install it"):
        require_tool("no-such-tool", "apt-get install no-such")
    assert require_tool("git") == shutil.which("git")


def test_every_tool_the_tests_need_is_hidden_on_the_bare_machine():
    tools = required_tools()
    assert {"chromium", "latexmk", "rsvg-convert", "pdftotext", "npm"} <= tools, tools
    assert tools - BASE <= hidden_tools(), "add these to hidden= in .ci/bare-machine"


def test_every_package_the_install_lines_name_is_installed_by_ci():
    lines = re.findall(r"apt-get install (?:--no-install-recommends )?([a-z0-9][a-z0-9 .+-]*)",
                       _sources())
    packages = {pkg for line in lines for pkg in line.split()} - {"no-such"}
    assert {"chromium", "poppler-utils", "librsvg2-bin", "npm"} <= packages, packages
    installed = set(re.findall(r"[a-z0-9][a-z0-9.+-]+", " ".join(
        line for line in CI_RUN.splitlines() if "apt-get install" in line)))
    assert packages <= installed, f"install these in .ci/run: {sorted(packages - installed)}"


def test_ci_runs_the_bare_machine_check_after_the_full_suite():
    commands = [line.strip() for line in CI_RUN.splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert commands.index("bash .ci/bare-machine") > commands.index("make test")
    assert "env -u CI" in BARE, "tests must skip there, not fail as in CI"


def test_make_test_needs_no_npm(tmp_path):
    """Without npm (a newcomer's machine), `make test` does not try to install axe-core."""
    make = require_tool("make", "apt-get install make")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "make").symlink_to(make)
    env = dict(os.environ, PATH=str(bin_dir))
    r = subprocess.run([make, "--no-print-directory", "node-tools"], cwd=REPO_ROOT, env=env,
                       capture_output=True, text=True, check=False, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "npm not found" in r.stdout and "apt-get install npm" in r.stdout
    dry = subprocess.run([make, "-n", "--no-print-directory", "test", "STAMP="], cwd=REPO_ROOT,
                         env=env, capture_output=True, text=True, check=False, timeout=60)
    assert "npm ci" not in dry.stdout, dry.stdout
