"""`python -m quiz check` and the book's bibliography: every citation key of the bank must be an
entry of docs/references.bib or docs/bib/*.bib (the files conf.py gives sphinxcontrib-bibtex)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pybtex.database import parse_file
from test_cli import ENV, run

from quiz import bank as bank_mod
from quiz import bibkeys

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCS = REPO_ROOT / "docs"


def copy_bank(tmp: Path) -> Path:
    bank = tmp / "bank"
    bank.mkdir()
    for name in os.listdir(bank_mod.BANK_DIR):
        if name.endswith(".toml"):
            shutil.copyfile(os.path.join(bank_mod.BANK_DIR, name), bank / name)
    return bank


def test_the_bib_files_are_those_conf_py_lists():
    tree = ast.parse((REPO_ROOT / "conf.py").read_text(encoding="utf-8"))
    listed = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                  and any(getattr(t, "id", "") == "bibtex_bibfiles" for t in node.targets))
    assert sorted(bibkeys.bib_files(str(DOCS))) == sorted(str(REPO_ROOT / p) for p in listed)


def test_the_keys_are_those_the_book_s_bibtex_parser_finds():
    paths = bibkeys.bib_files(str(DOCS))
    expected = {key for path in paths for key in parse_file(path).entries}
    assert len(expected) > 50  # the book's bibliography, not an empty folder
    assert bibkeys.keys(paths) == expected


def test_keys_skip_comments_strings_and_commented_out_entries(tmp_path):
    bib = tmp_path / "x.bib"
    bib.write_text('@string{jr = "Journal"}\n@comment{nope,}\n% @article{commented,\n'
                   'article{unverified,\n  @Book( spaced:key.1 ,\n  title={T}}\n'
                   "@misc{plain-key,\n title = {@article{inner, x}}\n}\n", encoding="utf-8")
    assert bibkeys.keys([str(bib)]) == {"spaced:key.1", "plain-key"}


def test_a_byte_order_mark_hides_no_key(tmp_path):
    bib = tmp_path / "bom.bib"
    bib.write_text("@misc{first,\n title={A}}\n@misc{second,\n title={B}}\n", encoding="utf-8-sig")
    assert bibkeys.keys([str(bib)]) == set(parse_file(str(bib)).entries) == {"first", "second"}


def test_an_unknown_cite_key_fails_check_naming_the_key_and_the_entry(tmp_path):
    bank = copy_bank(tmp_path)
    toml = bank / "techniques.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'cite = ["' in text
    toml.write_text(text.replace('cite = ["', 'cite = ["nosuchkey", "', 1), encoding="utf-8")
    first = next(e for e in bank_mod.load(str(bank), use_cache=False)["technique"] if e.get("cite"))
    assert first["cite"][0] == "nosuchkey"
    r = run("check", "--bank", str(bank))
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr.splitlines() == [
        f"technique '{first['id']}': cite key 'nosuchkey' is in no .bib file of the book ({DOCS})"]
    assert "bank check failed: 1 problem(s)" in r.stdout


def test_the_real_bank_s_keys_are_all_checked_and_found():
    r = run("check")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # no note: the bibliography was read
    assert "bank OK" in r.stdout


def test_outside_the_repository_the_cite_check_is_skipped_with_one_note(tmp_path):
    """The kit copied without the book (as an installed package): `check` says once that it did not
    check the keys, and passes on what it could check."""
    shutil.copytree(REPO_ROOT / "quiz", tmp_path / "quiz",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**ENV, "PYTHONPATH": str(tmp_path)}
    r = subprocess.run([sys.executable, "-m", "quiz", "check"], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [f"note: no bibliography in {tmp_path / 'docs'} "
                                     "(references.bib, bib/*.bib): citation keys not checked"]
    assert "bank OK" in r.stdout
