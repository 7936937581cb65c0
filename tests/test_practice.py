"""The practice page's Python side: the portable draw's data, the edition records' draw, merging
histories, and `python -m quiz merge`. (The page itself, in Chromium: test_practice_browser.py.)"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from conftest import REPO_ROOT, require_tool
from drawvectors import PATH as VECTORS
from drawvectors import text as vectors_text

from quiz import bank as bank_mod
from quiz import draw, editions, generate, history, historymerge, practicedata
from quiz.errors import EditionError
from quiz.model import TOPICS, question_id


@pytest.fixture(scope="module")
def bank():
    return bank_mod.load()


@pytest.fixture(scope="module")
def data(bank):
    return practicedata.build(bank)


def test_the_shared_draw_vectors_are_what_python_computes():
    assert VECTORS.read_text(encoding="utf-8") == vectors_text()


def test_every_slot_of_every_edition_has_its_draw_as_data(bank):
    banks = [bank] + [editions.edition_bank(editions.read(v)) for v in editions.known()]
    for b in banks:
        made = draw.recipes(b)
        assert len(made) == len(generate.slots(b)), b.version
        kinds = {r["d"][0] for _, r in made if r is not None}
        assert kinds <= {"c", "a", "m", "f"} and (b is not bank or len(kinds) == 4), kinds
        # a slot generate can build has data, and its id and topic are the question's
        for (template, slot), (topic, r) in zip(generate.slots(b), made):
            assert topic == template.topic
            if r is not None:
                assert r["id"] == question_id(template.id, slot) and r["topic"] == topic


def test_a_template_gets_no_generator_and_must_build_a_kind(bank):
    """A template cannot draw by itself (its build is given no generator), so the practice page
    replays every draw; one that builds anything but a kind of quiz.generate.kinds is refused."""
    def build(bank, slot):
        return ["draws", "its", "own", "way"]

    rogue = generate.Template("rogue", "safety", lambda b: [("x",)], build,
                              lambda bank, slot, ref: (ref, []))
    with pytest.raises(TypeError, match="template rogue built a list, not a kind"):
        draw.recipe(rogue, bank, ("x",))
    for template in generate.TEMPLATES:
        assert template.build.__code__.co_argcount == 2, template.id  # (bank, slot): no rng


def test_the_data_holds_the_current_bank_and_every_recorded_edition(bank, data):
    name = f"{bank.version}-{bank.fingerprint[:6]}"
    assert data["current"] == name and data["draw"] == draw.DRAW
    recorded = {f"{v}-{editions.read(v)['fingerprint'][:6]}" for v in editions.known()}
    assert set(data["editions"]) == recorded | {name}
    assert data["records"] == {v: editions.read(v)["fingerprint"][:6] for v in editions.known()}
    for key, ed in data["editions"].items():
        if key != name:
            assert ed["same_draw"] is True, key
            assert len(ed["slots"]) == len(generate.slots(editions.edition_bank(
                editions.read(ed["version"]))))
    # strings are stored once, and every recipe's texts point into them
    assert len(set(data["strings"])) == len(data["strings"])
    json.dumps(data)  # plain JSON


def test_an_old_editions_verdicts_are_the_terminals(bank, data):
    """For every question of an older edition, the page's line is the one the terminal prints when
    a quiz holding it is replayed (quiz.editions.quiz_changes)."""
    for key, ed in data["editions"].items():
        if key == data["current"]:
            continue
        record = editions.read(ed["version"])
        old = editions.edition_bank(record)
        questions = generate.all_questions(old, seed=3)
        for q in questions:
            lines = editions.quiz_changes(bank, record, old, [q])
            page = ed["changed"].get(q.id)
            if page is None:
                gone = ed["gone"].get(q.id, {})
                lost = [o for i, o in enumerate(q.options) if i not in q.answer and o in gone]
                page = gone[lost[0]] if lost else None
            assert lines == ([page] if page else []), (key, q.id)


def test_a_new_edition_record_names_its_draw(bank):
    assert editions.make_record(bank)["draw"] == draw.DRAW


def test_a_code_of_an_edition_with_another_draw_is_refused(bank, tmp_path, monkeypatch):
    version = editions.known()[0]
    record = editions.read(version)
    record["draw"] = "another-draw/9"
    (tmp_path / f"{version}.json").write_text(json.dumps(record), encoding="utf-8")
    monkeypatch.setattr(editions.records, "EDITIONS_DIR", str(tmp_path))
    with pytest.raises(EditionError, match="draws questions with 'another-draw/9'"):
        editions.replay_bank(bank, version, record["fingerprint"][:6],
                             lambda old: generate.make_quiz(old, 1, 5))
    data = practicedata.build(bank)
    assert data["editions"][f"{version}-{record['fingerprint'][:6]}"]["draw"] == "another-draw/9"


# --- merging histories ----------------------------------------------------------------------

def _records(rng: random.Random, n: int, ids: list[str]) -> list[dict]:
    at = 1_764_000_000
    out = []
    for _ in range(n):
        at += rng.choice([0, 0, 1, 60, 86_400])
        qid = rng.choice(ids)
        out.append({"at": at, "id": qid, "ok": rng.random() < 0.6,
                    "topic": rng.choice(TOPICS), "v": "1.2.0"})
    return out


def _multiset(records):
    from collections import Counter

    return Counter(historymerge.line(r) for r in records)


def test_merging_never_loses_or_double_counts_an_answer():
    rng = random.Random(5)
    ids = [f"t:{i}" for i in range(6)]
    for _ in range(200):
        shared = _records(rng, rng.randrange(0, 8), ids)
        a = shared + _records(rng, rng.randrange(0, 8), ids)
        b = shared[: rng.randrange(0, len(shared) + 1)] + _records(rng, rng.randrange(0, 8), ids)
        merged = historymerge.merge(a, b)
        got, want_a, want_b = _multiset(merged), _multiset(a), _multiset(b)
        assert got == want_a | want_b  # every answer of each side, each once
        assert [r["at"] for r in merged] == sorted(r["at"] for r in merged)
        assert historymerge.merge(merged, b) == merged  # merging again adds nothing
        assert historymerge.merge(merged, a) == merged
        assert _multiset(historymerge.merge(b, a)) == got  # either way round


def test_python_m_quiz_merge_adds_a_download_once(tmp_path):
    mine, theirs = tmp_path / "history.jsonl", tmp_path / "download.jsonl"
    a = [{"at": 10, "id": "claim-tf:c01", "ok": True, "topic": "claims", "v": "1.2.0"},
         {"at": 30, "id": "term-def:fascia", "ok": False, "topic": "terms", "v": "1.2.0"}]
    b = [a[1], {"at": 20, "id": "claim-tf:c10", "ok": False, "topic": "claims", "v": "1.2.0"}]
    for r in a:
        history.append(str(mine), r)
    theirs.write_text("".join(historymerge.line(r) + "\n" for r in b) + "{cut sh", encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "quiz", *args], capture_output=True,
                              text=True, cwd=REPO_ROOT, timeout=60)

    first = run("merge", str(theirs), "--history", str(mine))
    assert first.returncode == 0, first.stderr
    assert "2 answers, 1 new" in first.stdout and "now holds 3 answers" in first.stdout
    assert "skipped 1 unreadable line" in first.stderr
    assert history.load(str(mine)) == [a[0], b[1], a[1]]  # in time order
    again = run("merge", str(theirs), "--history", str(mine))
    assert "0 new" in again.stdout and len(history.load(str(mine))) == 3
    missing = run("merge", str(tmp_path / "nope.jsonl"), "--history", str(mine))
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [
        f"python -m quiz: error: {tmp_path / 'nope.jsonl'}: no such history file"]


def test_node_can_load_the_draw_without_a_browser():
    """quizdraw.js exports itself for CommonJS too (used by nothing in the book; it keeps the
    module free of any page global)."""
    node = require_tool("node", "apt-get install nodejs")
    script = REPO_ROOT / "quiz" / "sphinxext" / "static" / "quizdraw.js"
    out = subprocess.run([node, "-e", f"const D = require({json.dumps(str(script))});"
                          "const r = new D.Random(42); console.log(r.uint32())"],
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == str(random.Random(42).getrandbits(32))


def _merge_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quiz", "merge", *args], capture_output=True,
                          text=True, cwd=REPO_ROOT, timeout=60)


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_merge_never_replaces_what_is_not_a_regular_file(tmp_path, kind):
    """`--history` naming a FIFO or a link (or a device) is refused with one line, and left as
    it was: merge writes its result only over a regular file."""
    import os
    import stat

    other = tmp_path / "download.jsonl"
    other.write_text(historymerge.line({"at": 1_700_000_000, "id": "claim-tf:c01", "ok": True,
                                        "topic": "claims", "v": "1.3.0"}) + "\n")
    target = tmp_path / "history.jsonl"
    real = tmp_path / "real.jsonl"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        real.write_text("")
        target.symlink_to(real)
    proc = _merge_cli(str(other), "--history", str(target))
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    mode = os.lstat(target).st_mode
    assert stat.S_ISFIFO(mode) if kind == "fifo" else stat.S_ISLNK(mode)
    if kind == "symlink":
        assert real.read_text() == ""


def test_merge_refuses_a_file_that_is_not_a_history_and_a_folder(tmp_path):
    target = tmp_path / "history.jsonl"
    proc = _merge_cli(str(REPO_ROOT / "README.md"), "--history", str(target))
    assert proc.returncode == 2 and "is it a history file?" in proc.stderr, proc.stderr
    assert not target.exists()
    proc = _merge_cli(str(tmp_path), "--history", str(target))
    assert proc.returncode == 2 and "not a regular file" in proc.stderr, proc.stderr
