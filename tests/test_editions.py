"""Edition-stable questions (issue 7): definitions, edition records, replay of old codes, diffs.

Fast and in-process: an edition record of the real bank is written into a temporary folder, then
the bank is changed in memory (a fact reworded, a fact removed, one added) and old codes are
replayed against it. tests/test_versions.py does the same through git tags and `python -m quiz`.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys

import pytest

from quiz import bank as bank_mod
from quiz import definitions, editions, generate
from quiz.bank import Bank
from quiz.editions import records as records_mod
from quiz.errors import EXIT_FAILED, EditionError

BANK = bank_mod.load()


@pytest.fixture()
def records(tmp_path, monkeypatch):
    """An editions folder holding the record of the real bank, as release 90.0.0 (a version above
    every real one, so that it makes every template)."""
    monkeypatch.setattr(records_mod, "EDITIONS_DIR", str(tmp_path))
    released = Bank(BANK.tables, "90.0.0", BANK.fingerprint)
    editions.write(released)
    return released


def changed_bank(mutate, version="90.1.0") -> Bank:
    tables = copy.deepcopy(BANK.tables)
    mutate(tables)
    return Bank(tables, version, "f" * 8)


def reword_claim(tables, behind_a_benefit=False):
    """Reword a not-supported claim's summary: one no benefit is built on (only its own two
    questions change), or with `behind_a_benefit` one that a benefit's explanation quotes."""
    behind = {c for b in tables["benefit"] for c in b["claims"]}
    claim = next(c for c in tables["claim"]
                 if c["status"] == "not supported" and (c["id"] in behind) == behind_a_benefit)
    claim["summary"] = "Reworded for the next edition: " + claim["summary"]
    return claim["id"]


def drop_term(tables):
    del tables["term"][0]


def add_term(tables):
    """A new term in no group (a term joining a group changes that group's matching question)."""
    new = {**tables["term"][0], "id": "zz-new-term", "term": "zz new term",
           "definition": "a term that only the new edition defines."}
    new.pop("group", None)
    tables["term"].append(new)


def keys_hold(d, q) -> bool:
    """The drawn question keys what its definition keys: all of it, or for a select-all
    question the 2 or 3 of its keys that it drew."""
    if q.kind == "multiple":
        return set(definitions.instance_keys(q)) <= set(d.keys)
    return d.keys == definitions.instance_keys(q)


def first_not_supported() -> str:
    return next(c["id"] for c in BANK["claim"] if c["status"] == "not supported")


def test_definitions_hold_every_drawn_instance():
    defs = definitions.definitions(BANK)
    assert set(defs) == {q.id for q in generate.all_questions(BANK, 0)}
    for seed in range(25):
        for q in generate.make_quiz(BANK, seed, 20):
            d = defs[q.id]
            assert (d.stem, d.explanation, d.section) == (q.stem, q.explanation, q.section.ref)
            assert keys_hold(d, q)
            assert {o for i, o in enumerate(q.options) if i not in q.answer} <= set(d.distractors)


def test_record_is_rebuilt_exactly(records, tmp_path):
    record = editions.read("90.0.0")
    assert record["fingerprint"] == BANK.fingerprint
    assert record["questions"] == definitions.hashes(BANK)
    assert editions.known() == ["90.0.0"]
    assert editions.check_records() == []
    # a record whose hashes this code no longer reproduces is reported
    path = tmp_path / "90.0.0.json"
    data = json.loads(path.read_text())
    first = sorted(data["questions"])[0]
    data["questions"][first][0] = "000000000000"
    path.write_text(json.dumps(data))
    assert editions.check_records() == [
        "90.0.0: this code no longer makes that edition's questions as recorded, so its replay "
        "codes would be refused"]


def test_a_released_record_is_never_replaced(records):
    other = Bank(BANK.tables, "90.0.0", "0" * 8)
    with pytest.raises(EditionError, match="a released edition does not change"):
        editions.write(other)
    editions.write(records)  # the same bank again: harmless


def test_diff_is_exact_for_a_reworded_fact(records):
    holder = {}
    new = changed_bank(lambda t: holder.setdefault("id", reword_claim(t)))
    d = editions.diff(editions.read("90.0.0"), {"version": "current", "fingerprint": new.fingerprint,
                                              "questions": definitions.hashes(new)})
    cid = holder["id"]
    assert d["changed"] == [f"claim-status:{cid}", f"claim-tf:{cid}"]
    assert d["added"] == d["removed"] == d["options_changed"] == []


def test_a_claim_behind_a_benefit_changes_the_benefit_questions_too(records):
    holder = {}
    new = changed_bank(lambda t: holder.setdefault("id", reword_claim(t, behind_a_benefit=True)))
    d = editions.diff(editions.read("90.0.0"), {"version": "current", "fingerprint": new.fingerprint,
                                              "questions": definitions.hashes(new)})
    cid = holder["id"]
    benefit = next(b["id"] for b in BANK["benefit"] if cid in b["claims"]
                   and b["status"] == BANK.by_id("claim")[cid]["status"])
    assert d["changed"] == [f"benefit-mechanism:{benefit}", f"benefit-status:{benefit}",
                            f"claim-status:{cid}", f"claim-tf:{cid}"]


def test_diff_lists_added_and_removed_questions(records):
    new = changed_bank(lambda t: (drop_term(t), add_term(t)))
    d = editions.diff(editions.read("90.0.0"), {"version": "current", "fingerprint": new.fingerprint,
                                              "questions": definitions.hashes(new)})
    gone = BANK["term"][0]["id"]
    group = [t["id"] for t in BANK["term"] if t.get("group") == BANK["term"][0]["group"]]
    rest = [t for t in group if t != gone]
    # the term's own questions go, and its glossary group's matching question is a new one
    assert d["removed"] == [f"def-term:{gone}", f"term-def:{gone}", "term-match:" + "+".join(group)]
    assert d["added"] == ["def-term:zz-new-term", "term-def:zz-new-term", "term-match:" + "+".join(rest)]
    assert d["changed"] == []
    # the other term questions may now draw the new definition as a wrong option
    assert d["options_changed"] and all(q.split(":")[0] in ("def-term", "term-def")
                                        for q in d["options_changed"])


@pytest.mark.parametrize("mutate, some_refused", [(reword_claim, True), (drop_term, True),
                                                  (add_term, False)], ids=["reword", "drop", "add"])
@pytest.mark.slow  # every code of every edition, against a changed bank
def test_old_codes_replay_exactly_or_say_what_changed(records, mutate, some_refused):
    """Never silently different: every old code either gives the old quiz, identical question for
    question to what the new bank says, or is refused with the exact questions that changed.
    A fact only added never stops an old quiz: its questions and options are all still there."""
    new = changed_bank(mutate)
    now = definitions.definitions(new)
    replayed = refused = 0
    for seed in range(120):
        old_quiz = generate.make_quiz(records, seed, 10)
        try:
            bank = editions.replay_bank(new, "90.0.0", BANK.fingerprint[:6],
                                        lambda b, s=seed: generate.make_quiz(b, s, 10))
        except EditionError as exc:
            refused += 1
            listed = {line.split()[1] for line in str(exc).splitlines()[1:-1]}
            assert listed, str(exc)
            assert listed <= {q.id for q in old_quiz}
            for q in old_quiz:  # listed exactly when the new bank cannot ask it as it was
                same = (q.id in now and now[q.id].stem == q.stem
                        and now[q.id].explanation == q.explanation
                        and keys_hold(now[q.id], q)
                        and all(o in now[q.id].distractors
                                for i, o in enumerate(q.options) if i not in q.answer))
                assert (q.id not in listed) == same, (seed, q.id)
            continue
        replayed += 1
        again = generate.make_quiz(bank, seed, 10)
        assert again == old_quiz
        for q in again:
            d = now[q.id]
            assert (d.stem, d.explanation) == (q.stem, q.explanation)
            assert keys_hold(d, q)
            assert all(o in d.distractors for i, o in enumerate(q.options) if i not in q.answer)
    assert replayed and bool(refused) == some_refused


def test_a_code_of_an_unknown_edition_is_refused(records):
    with pytest.raises(EditionError, match="no record of that edition") as exc:
        editions.replay_bank(BANK, "0.1.2", "abcdef", lambda b: [])
    assert exc.value.exit_code == EXIT_FAILED
    with pytest.raises(EditionError, match="release 90.0.0's bank is 90.0.0-"):
        editions.replay_bank(BANK, "90.0.0", "abcdef", lambda b: [])


def test_release_changes_for_the_changelog(records):
    previous, d = editions.release_changes("90.0.0")
    assert previous is None and d["to"]["questions"] == len(definitions.hashes(BANK))
    new = changed_bank(reword_claim, version="90.1.0")
    editions.write(new)
    previous, d = editions.release_changes("v90.1.0")
    assert previous == "90.0.0" and len(d["changed"]) == 2


def test_the_quiz_itself_never_loads_the_edition_records():
    code = ("import sys, quiz.cli; quiz.cli.main(['--seed','1','--format','json']); "
            "print('quiz.editions' in sys.modules, 'quiz.definitions' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.stdout.strip().splitlines()[-1] == "False False"


def test_committed_edition_records_are_rebuilt_exactly():
    r = subprocess.run([sys.executable, "-m", "quiz", "edition", "check"], capture_output=True,
                       text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("edition records OK")


def test_every_committed_edition_is_still_made_exactly_by_this_code():
    """The records in quiz/bank/editions (1.0.0, ...) are rebuilt exactly: every question's
    hashes and every sample draw, so each release's replay codes still replay."""
    assert "1.0.0" in editions.known()
    assert editions.check_records() == []
    # and a 1.0.0 code whose questions this bank still asks unchanged (the one the docs show)
    # draws exactly what 1.0.0 drew, with this (later) code and bank
    record = editions.read("1.0.0")
    seed, count, topics = 23, 10, ("techniques", "claims", "terms")
    then = generate.make_quiz(editions.edition_bank(record), seed, count, topics)
    old = editions.replay_bank(BANK, "1.0.0", record["fingerprint"][:6],
                               lambda b: generate.make_quiz(b, seed, count, topics))
    assert generate.make_quiz(old, seed, count, topics) == then


# --- `python -m quiz edition`: one error mapping, narrow exceptions ----------------------------

def test_edition_write_and_check_go_through_the_cli(records, tmp_path, capsys):
    """`python -m quiz edition write|check` (make edition): the CLI's one mapping of errors to
    exit codes. A released record is never replaced: exit code 1, one line."""
    from quiz import __version__, cli

    path = tmp_path / f"{__version__}.json"
    path.write_text(json.dumps({**editions.read("90.0.0"), "version": __version__,
                                "fingerprint": "0" * 8}))
    assert cli.main(["edition", "write"]) == EXIT_FAILED
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("python -m quiz: error: "), err
    assert "a released edition does not change" in err[0]
    path.unlink()
    assert cli.main(["edition", "write"]) == 0
    assert capsys.readouterr().out.strip().endswith(f"{__version__}.json")
    assert json.loads(path.read_text())["fingerprint"] == BANK.fingerprint
    assert cli.main(["edition", "check"]) == 0
    assert capsys.readouterr().out == f"edition records OK: {__version__}, 90.0.0\n"
    data = json.loads(path.read_text())
    data["samples"][0][3].reverse()  # a draw this code no longer makes
    path.write_text(json.dumps(data))
    assert cli.main(["edition", "check"]) == EXIT_FAILED
    out, err = capsys.readouterr()
    assert err == (f"{__version__}: this code no longer makes that edition's questions as "
                   "recorded, so its replay codes would be refused\n")
    assert out == "edition records check failed: 1 problem(s)\n"


def test_python_m_quiz_editions_is_gone():
    """The command moved into `python -m quiz edition` (changelog): the package has no CLI."""
    r = subprocess.run([sys.executable, "-m", "quiz.editions", "check"], capture_output=True,
                       text=True, check=False)
    assert r.returncode != 0 and "cannot be directly executed" in r.stderr


def _drop_claim_summaries(records, tmp_path):
    """The 90.0.0 record, its claims without a summary: a bank this generator cannot draw from
    (a KeyError in the generator, as a bug in it would raise)."""
    path = tmp_path / "90.0.0.json"
    data = json.loads(path.read_text())
    for claim in data["tables"]["claim"]:
        del claim["summary"]
    path.write_text(json.dumps(data))


def test_a_bug_while_replaying_an_old_code_shows_its_traceback(records, tmp_path):
    """Exceptions are narrow: a KeyError while drawing from an edition is a bug (the committed
    records are rebuilt exactly, tests above), never turned into a user message."""
    from quiz import cli, replay
    from quiz.model import TOPICS

    _drop_claim_summaries(records, tmp_path)
    with pytest.raises(KeyError, match="summary"):
        editions.replay_bank(BANK, "90.0.0", BANK.fingerprint[:6],
                             lambda b: generate.make_quiz(b, 1, 10))
    code = replay.make("90.0.0", BANK.fingerprint, 1, 10, TOPICS)
    with pytest.raises(KeyError, match="summary"):
        cli.main(["--code", code, "--format", "json"])
    with pytest.raises(KeyError, match="summary"):
        cli.main(["edition", "check"])


# --- diffs against a git tag: git's failures are one line, exit code 2 -------------------------

@pytest.fixture()
def fake_git(tmp_path, monkeypatch):
    """Put a `git` made of the shell script `body` first (and alone) on PATH."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    sleep = shutil.which("sleep")
    monkeypatch.setenv("PATH", str(bindir))

    def install(body: str | None) -> None:
        if body is not None:
            (bindir / "git").write_text(f"#!/bin/sh\n{body.replace('sleep', sleep)}\n")
            (bindir / "git").chmod(0o755)

    return install


@pytest.mark.parametrize("script, line", [
    ("exec sleep 30", "python -m quiz: error: git did not answer within 0.5 s (git rev-parse "
                      "--verify --quiet v0.0.1^{commit})"),
    ('case "$3" in rev-parse) exit 0;; *) echo "fatal: bad tree object v0.0.1" >&2; exit 128;; '
     "esac", "python -m quiz: error: git ls-tree --name-only v0.0.1:quiz/bank failed: fatal: bad "
             "tree object v0.0.1"),
    (None, "python -m quiz: error: cannot run git to read an old release's bank (No such file "
           "or directory)"),
    ("exit 1", "python -m quiz: error: no edition 0.0.1: no record in quiz/bank/editions "
               "(records: {records}) and no git tag v0.0.1"),
], ids=["timeout", "fails", "missing", "no-tag"])
def test_git_failures_and_timeouts_are_one_line_with_exit_code_2(fake_git, monkeypatch, capsys,
                                                                 script, line):
    from quiz import cli
    from quiz.editions import gittag

    monkeypatch.setattr(gittag, "TIMEOUT", 0.5)
    fake_git(script)
    assert cli.main(["diff", "0.0.1", "current"]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines() == [line.replace("{records}", ", ".join(editions.known()))]
    assert out == ""


def test_a_release_is_named_one_way():
    """quiz.versions: `v1.2.0` and `1.2.0` name one record; anything else is a usage error."""
    from quiz.errors import UsageError
    from quiz.versions import release_key, release_name

    assert release_name("v1.10.0") == release_name("1.10.0") == "1.10.0"
    assert release_key("v1.10.0") > release_key("1.9.0")
    for bad in ("1.2", "v1.2.0-rc1", "current", "1.2.0 ", "١.٢.٠"):  # ASCII digits only
        with pytest.raises(UsageError, match="not a version"):
            release_name(bad)
