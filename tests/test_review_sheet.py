"""The clinicians' review sheet (`python -m quiz check --review-sheet FILE`), and what the safety
correction does to 1.2.0: `python -m quiz diff 1.2.0 current` lists the changed questions, and a
1.2.0 replay code that holds one is refused with the list (one that holds none still replays)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from quiz import editions, generate, replay
from quiz.bank import load
from quiz.definitions import definitions
from quiz.errors import EditionError
from quiz.review_sheet import entries

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args):
    return subprocess.run([sys.executable, "-m", "quiz", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def bank():
    return load(use_cache=False)


@pytest.fixture(scope="module")
def records(bank):
    return entries(bank)


def test_every_question_and_every_option_is_on_the_sheet(bank, records):
    every = definitions(bank)
    assert [r["id"] for r in records] == sorted(every, key=lambda q: (
        ("techniques", "benefits", "claims", "safety", "terms").index(every[q].topic), q))
    for r in records:
        d = every[r["id"]]
        assert set(r["options"]) == set(d.keys) | set(d.distractors)
        assert r["keys"] == list(d.keys) and r["stem"] == d.stem
        assert r["explanation"] == d.explanation


def test_every_question_has_the_book_sentence_that_states_it(records):
    missing = [r["id"] for r in records if r["sentence"].startswith("(no sentence")]
    assert not missing
    trauma = next(r for r in records if r["id"] == "redflag-level:trauma")
    assert trauma["keys"] == ["Go to an emergency department now"]
    assert "road accident" in trauma["sentence"] and "emergency" in trauma["sentence"]
    dvt = next(r for r in records if r["id"] == "contra-advice:dvt")
    assert "Avoid massage" in dvt["sentence"]


@pytest.mark.slow
def test_the_command_writes_it_once_and_never_overwrites_without_force(tmp_path, bank):
    sheet = tmp_path / "review.md"
    r = run("check", "--review-sheet", str(sheet))
    assert r.returncode == 0, r.stderr
    text = sheet.read_text(encoding="utf-8")
    assert f"{len(definitions(bank))} questions" in r.stderr
    for heading in ("## Techniques", "## Benefits", "## The article's claims", "## Safety",
                    "## Glossary terms"):
        assert heading in text
    assert "### redflag-level:one-leg" in text and "✔ Go to an emergency department now" in text
    import re
    from pathlib import Path

    section = re.search(r'section "([^"]+)"', text)[1]  # the guide's section it sends you to
    guide = Path(__file__).resolve().parents[1] / "docs" / "instructors" / "guide.md"
    assert f"\n## {section}\n" in guide.read_text(encoding="utf-8"), section
    sheet.write_text("my notes", encoding="utf-8")
    again = run("check", "--review-sheet", str(sheet))
    assert again.returncode == 2
    assert again.stderr.strip().count("\n") == 0 and "--force" in again.stderr
    assert sheet.read_text(encoding="utf-8") == "my notes"
    forced = run("check", "--review-sheet", str(sheet), "--force")
    assert forced.returncode == 0 and sheet.read_text(encoding="utf-8") == text


def test_the_instructor_guide_says_how_to_send_corrections():
    with open(os.path.join(ROOT, "docs", "instructors", "guide.md"), encoding="utf-8") as fh:
        guide = fh.read()
    assert "(instructor-corrections)=" in guide and "--review-sheet" in guide


# --- 1.2.0 codes and the diff ------------------------------------------------------------------

FIXED = ["redflag-level:trauma", "redflag-level:one-leg", "redflag-all:emergency",
         "redflag-all:urgent", "contra-advice:dvt", "contra-advice:skin",
         "def-term:deep-vein-thrombosis", "tech-attr:neuromuscular+pressure",
         "claim-status:c07", "claim-status:c12"]


def test_diff_from_1_2_0_lists_the_changed_questions():
    r = run("diff", "1.2.0", "current")
    assert r.returncode == 0, r.stderr
    lines = set(r.stdout.splitlines())
    for qid in FIXED:
        assert f"changed  {qid}" in lines, qid
    assert "removed  benefit-mechanism:stress-hormones" in lines
    assert "removed  benefit-mechanism:inflammation" in lines
    assert "removed  contra-advice:surgery" in lines  # no advice is safely wrong for it now
    assert "options  benefit-mechanism:blood-flow" in lines


def _code_with(old, wanted, avoid=(), topics=("safety",)):
    """A 1.2.0 replay code of six questions of `topics` whose quiz holds `wanted` (or, with
    avoid=every changed id, none of them), searched over seeds."""
    for seed in range(1, 500):
        ids = {q.id for q in generate.make_quiz(old, seed, 6, topics)}
        if (wanted in ids if wanted else not ids & set(avoid)):
            return replay.make(old.version, old.fingerprint, seed, 6, topics)
    raise AssertionError("no such seed")


def test_a_1_2_0_code_with_a_changed_question_is_refused_with_the_list(bank):
    old = editions.edition_bank(editions.read("1.2.0"))
    code = _code_with(old, "redflag-level:trauma")
    r = run("--code", code, "--format", "json")
    assert r.returncode == 1 and r.stdout == ""
    line = next(x for x in r.stderr.splitlines() if "changed: redflag-level:trauma (" in x)
    assert "answer" in line
    assert "python -m quiz diff 1.2.0 current" in r.stderr
    # and in-process: the same refusal, naming each changed question once
    seed = int(code.split("-")[2])
    with pytest.raises(EditionError) as info:
        editions.replay_bank(bank, "1.2.0", old.fingerprint[:6],
                             lambda b: generate.make_quiz(b, seed, 6, ("safety",)))
    assert str(info.value).count("redflag-level:trauma") == 1


def test_a_1_2_0_code_with_no_changed_question_still_replays(bank):
    old = editions.edition_bank(editions.read("1.2.0"))
    d = editions.diff(editions.read("1.2.0"), editions.resolve("current", bank))
    touched = set(d["changed"]) | set(d["removed"]) | set(d["options_changed"])
    code = _code_with(old, None, avoid=touched, topics=("techniques", "claims"))
    r = run("--code", code, "--format", "json")
    assert r.returncode == 0, r.stderr
