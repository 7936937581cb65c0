"""The learner's history: safe appends, damaged files tolerated, Leitner schedule, review, stats.

Time is injected everywhere (records carry their own time, `now` is passed in, the Recorder takes
a clock), and every subprocess gets HOME and XDG_DATA_HOME in a temporary folder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from quiz import bank as bank_mod
from quiz import generate, history, review
from quiz.history import DAY
from quiz.model import LETTERS
from quiz.render.text import Style
from quiz.session import Session

BANK = bank_mod.load()
T0 = 1_800_000_000.0  # an arbitrary fixed "now" for the schedule tests


@pytest.fixture()
def env(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    return {**os.environ, "NO_COLOR": "1", "HOME": str(home),
            "XDG_DATA_HOME": str(tmp_path / "xdg"), "PYTHONUNBUFFERED": "1"}


def run(env, *args, stdin=""):
    return subprocess.run([sys.executable, "-m", "quiz", *args], input=stdin, text=True,
                          capture_output=True, env=env, timeout=120)


def rec(qid, ok, at, topic="claims"):
    return {"at": at, "id": qid, "ok": ok, "topic": topic, "v": "0.1.0"}


# --- where the history lives ------------------------------------------------------------------

def test_default_path_follows_xdg_and_falls_back_to_local_share():
    assert history.default_path({"XDG_DATA_HOME": "/x/data", "HOME": "/h"}) == \
        "/x/data/massage-quiz/history.jsonl"
    assert history.default_path({"HOME": "/h"}) == "/h/.local/share/massage-quiz/history.jsonl"
    # a relative XDG_DATA_HOME is invalid by the spec, and ignored
    assert history.default_path({"XDG_DATA_HOME": "rel", "HOME": "/h"}) == \
        "/h/.local/share/massage-quiz/history.jsonl"


def test_append_then_load_round_trips(tmp_path):
    path = str(tmp_path / "deep" / "er" / "history.jsonl")
    records = [rec("claim-tf:c21", False, T0), rec("claim-tf:c01", True, T0 + 5)]
    for r in records:
        history.append(path, r)
    assert history.load(path, warn=pytest.fail) == records
    assert oct(os.stat(path).st_mode & 0o777) == oct(0o600)
    assert history.load(str(tmp_path / "none.jsonl"), warn=pytest.fail) == []


# --- damage -----------------------------------------------------------------------------------

CHILD = """
import sys
from quiz import history
path, pad = sys.argv[1], "x" * int(sys.argv[2])
n = 0
while True:
    history.append(path, {"at": n, "id": f"claim-tf:c{n}", "ok": n % 2 == 0, "topic": "claims",
                          "n": n, "pad": pad})
    n += 1
"""


@pytest.mark.parametrize("pad, lines", [(10, 200), (4_000_000, 5)])
def test_a_process_killed_mid_write_leaves_a_readable_history(tmp_path, env, pad, lines):
    """SIGKILL a process that appends in a loop.

    With 4 MB lines the kill lands inside a write about half the time (the kernel stops a big
    write part-way for a fatal signal), leaving the last line cut short: tried up to 5 times.
    """
    path = tmp_path / "history.jsonl"
    for attempt in range(5):
        path.unlink(missing_ok=True)
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(pad)], env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if path.exists() and path.stat().st_size > lines * (pad + 100) + attempt * 7919:
                break
            time.sleep(0.002)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        warnings: list[str] = []
        records = history.load(str(path), warn=warnings.append)
        assert len(records) >= lines
        assert [r["n"] for r in records] == list(range(len(records)))  # whole, in order, no gap
        assert len(warnings) <= 1
        torn = not path.read_bytes().endswith(b"\n")
        assert bool(warnings) == torn
        # the next answer is recorded whole, even after a torn last line
        history.append(str(path), rec("claim-tf:c21", True, T0))
        again = history.load(str(path), warn=lambda m: None)
        assert again[-1]["id"] == "claim-tf:c21" and len(again) == len(records) + 1
        r = run(env, "stats", "--history", str(path))
        assert r.returncode == 0 and "Traceback" not in r.stderr
        assert len(r.stderr.splitlines()) == (1 if torn else 0)
        if torn or pad == 10:
            break


def test_corrupted_lines_are_skipped_with_one_warning(tmp_path, env):
    path = tmp_path / "history.jsonl"
    good = [rec("claim-tf:c21", False, T0), rec("claim-tf:c01", True, T0 + 1)]
    lines = [json.dumps(good[0]).encode(), b"{not json", b"[1, 2, 3]", b'{"id": 5, "ok": true}',
             b'{"at": true, "id": "a:b", "ok": true}', b"\xff\xfe garbage", b"",
             json.dumps(good[1]).encode(), b'{"at": 1, "id": "claim-tf:c0']
    path.write_bytes(b"\n".join(lines))
    warnings: list[str] = []
    assert history.load(str(path), warn=warnings.append) == good
    assert warnings == [f"warning: {path}: skipped 6 unreadable lines (cut short or corrupted)"]
    # The review is seeded and kept to claims (true/false or one letter), so that "a" answers
    # whatever it draws: unseeded, it once drew a question "a" cannot answer, and recorded nothing.
    for args in (["stats"], ["review", "--count", "1", "--topic", "claims", "--seed", "1"]):
        r = run(env, *args, "--history", str(path), stdin="a\n")
        assert r.returncode == 0, r.stderr
        assert r.stderr.splitlines() == warnings
    r = run(env, "--seed", "1", "--count", "1", "--history", str(path), stdin="a\n")
    assert r.returncode == 0 and r.stderr == ""
    records = history.load(str(path), warn=lambda m: None)
    assert len(records) == 4  # good two, plus the review's and the quiz's answers


def test_an_unwritable_history_never_stops_the_quiz(tmp_path, env):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    qs = generate.make_quiz(BANK, 2, 2)
    stdin = "".join(q.letters + "\n" for q in qs)
    r = run(env, "--seed", "2", "--count", "2", "--history", str(blocker / "h.jsonl"), stdin=stdin)
    assert r.returncode == 0
    assert "Score: 2/2" in r.stdout
    (line,) = r.stderr.splitlines()
    assert line.startswith(f"note: cannot record answers in {blocker / 'h.jsonl'} (")
    assert line.endswith("); carrying on without history")


# --- the Leitner schedule, with an injected clock ---------------------------------------------

def test_leitner_boxes_and_intervals():
    card = history.schedule([rec("a:x", False, T0)])["a:x"]
    assert (card.box, card.due) == (1, T0)  # a miss is due again at once
    cards = history.schedule([rec("a:x", False, T0), rec("a:x", True, T0 + 10)])
    assert cards["a:x"].box == 2 and cards["a:x"].due == T0 + 10 + 1 * DAY
    assert history.due(cards, T0 + 10 + DAY - 1) == []
    assert history.due(cards, T0 + 10 + DAY) == [cards["a:x"]]
    # right answers climb a box at a time up to box 5 (21 days), and stay there
    climb = [rec("b:y", True, T0 + i * 30 * DAY) for i in range(6)]
    boxes = [history.schedule(climb[:n])["b:y"].box for n in range(1, 7)]
    assert boxes == [2, 3, 4, 5, 5, 5]
    assert [history.schedule(climb[:n])["b:y"].due - climb[n - 1]["at"]
            for n in range(1, 5)] == [1 * DAY, 3 * DAY, 7 * DAY, 21 * DAY]
    # one miss sends a well-known question back to box 1
    cards = history.schedule(climb + [rec("b:y", False, T0 + 200 * DAY)])
    assert cards["b:y"].box == 1 and (cards["b:y"].right, cards["b:y"].wrong) == (6, 1)


def test_when_says_how_far_off():
    assert review.when(T0 + 90, T0).endswith("(in 2 min)")
    assert review.when(T0 + DAY - 30, T0).endswith("(in 24 hours)")
    assert review.when(T0 + 21 * DAY, T0).endswith("(in 21 days)")


def test_due_order_and_next_due():
    records = [rec("a:missed-late", False, T0 + 50), rec("a:missed-early", False, T0),
               rec("a:known", True, T0), rec("a:known", True, T0 + DAY + 1),
               rec("a:once", True, T0)]
    cards = history.schedule(records)
    now = T0 + DAY + 2
    assert [c.id for c in history.due(cards, now)] == ["a:missed-early", "a:missed-late", "a:once"]
    assert history.next_due(cards, now) == T0 + DAY + 1 + 3 * DAY
    assert history.next_due(history.schedule([rec("a:x", False, T0)]), T0) is None


def test_the_recorder_is_the_sessions_on_answer_hook_with_an_injected_clock(tmp_path):
    path = str(tmp_path / "h.jsonl")
    ticks = iter([T0, T0 + 60])
    recorder = history.Recorder(path, "9.9.9", clock=lambda: next(ticks))
    qs = generate.make_quiz(BANK, 12, 2)
    answers = iter([qs[0].letters, "Z", LETTERS[(qs[1].answer[0] + 1) % len(qs[1].options)]])
    out: list[str] = []
    Session(qs, lambda: next(answers), lambda t, end="\n": out.append(t), Style(False),
            recorder).run()
    records = history.load(path, warn=pytest.fail)
    assert records == [
        {"at": int(T0), "id": qs[0].id, "ok": True, "topic": qs[0].topic, "v": "9.9.9"},
        {"at": int(T0 + 60), "id": qs[1].id, "ok": False, "topic": qs[1].topic, "v": "9.9.9"}]


# --- review and stats -------------------------------------------------------------------------

def test_every_question_rebuilds_from_its_stable_id():
    for q in generate.all_questions(BANK, 3):
        again = review.rebuild(BANK, q.id)
        assert again is not None and again.id == q.id
        if q.kind == "matching":  # same pairs, perhaps in another order
            assert sorted(again.pairs) == sorted(q.pairs)
        elif q.kind == "multiple":  # the same question: its keys drawn from the same facts
            assert again.kind == "multiple" and again.template == q.template
        else:
            assert again.options[again.answer[0]] == q.options[q.answer[0]]
        assert again.stem == q.stem and again.section == q.section
    assert review.rebuild(BANK, "no-such-template:x") is None
    assert review.rebuild(BANK, "claim-tf:no-such-claim") is None
    assert review.rebuild(BANK, "tech-uses:elbows") is None  # two techniques use elbows


def test_review_asks_what_is_due_first_then_new_questions():
    pool = generate.all_questions(BANK, 0)
    missed, known, also_missed = pool[0].id, pool[1].id, pool[2].id
    records = [rec(known, True, T0), rec(missed, False, T0), rec(also_missed, False, T0 + 5),
               rec("gone-template:x", False, T0)]
    qs, due, gone = review.pick(BANK, records, T0 + 3600, 5, seed=1)
    assert [q.id for q in qs[:2]] == [missed, also_missed] and due == 2
    assert len(qs) == 5 and len({q.id for q in qs}) == 5
    assert known not in {q.id for q in qs[2:]}  # known and not due: not asked as new either
    assert gone == ["gone-template:x"]
    qs, due, _ = review.pick(BANK, records, T0 + 3600, 1, seed=1)
    assert [q.id for q in qs] == [missed] and due == 1
    # a topic filter keeps to that topic, due first
    topic = pool[0].topic
    qs, due, _ = review.pick(BANK, records, T0 + 3600, 3, topics=(topic,), seed=2)
    assert all(q.topic == topic for q in qs) and qs[0].id == missed


def test_quiz_records_then_review_and_stats_follow_the_schedule(env, tmp_path):
    qs = generate.make_quiz(BANK, 21, 4)
    wrong = [(q.answer[0] + 1) % len(q.options) for q in qs]
    stdin = f"{wrong[0] + 1}\n{wrong[1] + 1}\n{qs[2].letters}\n{qs[3].letters}\n"
    r = run(env, "--seed", "21", "--count", "4", stdin=stdin)
    assert r.returncode == 0 and "Score: 2/4" in r.stdout
    path = tmp_path / "xdg" / "massage-quiz" / "history.jsonl"
    records = history.load(str(path), warn=pytest.fail)
    assert [(x["id"], x["ok"]) for x in records] == [(q.id, i >= 2) for i, q in enumerate(qs)]

    r = run(env, "stats")
    assert r.returncode == 0, r.stderr
    assert f"History: {path} (4 answers)" in r.stdout
    assert "Due now: 2." in r.stdout
    for q in qs:
        assert any(line.split()[0] == q.topic for line in r.stdout.splitlines()[3:])
    total = next(line for line in r.stdout.splitlines() if line.startswith("all"))
    assert total.split() == ["all", "4", "2", "50%", "4", "2"]

    asked, _, _ = review.pick(BANK, records, time.time(), 3, seed=5)  # what review will ask
    r = run(env, "review", "--count", "3", "--seed", "5",
            stdin="".join(q.letters + "\n" for q in asked))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Review: 2 due, 1 new.")
    # both misses come first (same box, same time: in id order), then one new question
    assert max(r.stdout.index(q.stem) for q in qs[:2]) < r.stdout.index("Question 3/3")
    assert qs[2].stem not in r.stdout and qs[3].stem not in r.stdout  # known: not due yet
    assert [q.id for q in asked[:2]] == sorted(q.id for q in qs[:2])
    assert r.stdout.count("Correct.") == 3
    after = run(env, "stats")
    assert "Nothing is due now. Next: " in after.stdout and "(in 24 hours)" in after.stdout

    r = run(env, "review", "--no-history", stdin="")
    assert r.returncode == 0
    assert len(history.load(str(path), warn=pytest.fail)) == 7


def test_no_history_and_history_path(env, tmp_path):
    r = run(env, "--seed", "1", "--count", "1", "--no-history", stdin="a\n")
    assert r.returncode == 0
    assert not (tmp_path / "xdg").exists()
    custom = tmp_path / "mine.jsonl"
    r = run(env, "--seed", "1", "--count", "1", "--history", str(custom), stdin="a\n")
    assert r.returncode == 0
    assert len(history.load(str(custom), warn=pytest.fail)) == 1
    assert not (tmp_path / "xdg").exists()
    r = run(env, "stats", "--history", str(tmp_path / "empty.jsonl"))
    assert r.returncode == 0 and "No answers recorded yet" in r.stdout
    r = run(env, "--no-history", "review", "--count", "2", stdin="a\nb\n")
    assert r.returncode == 0 and r.stdout.startswith("Review: 0 due, 2 new.")
    assert not (tmp_path / "xdg").exists()
