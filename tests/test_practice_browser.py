"""The practice page in Debian's Chromium (Playwright): it asks exactly the quiz the terminal asks
for any replay code, answers older editions' codes as the terminal does, keeps one history with
the terminal, and is usable with the keyboard alone and accessible in both themes and at phone
width. The book is the session's build (conftest), served as static files on 127.0.0.1.

Locally, a missing Chromium or axe-core skips with the reason; with CI=true it fails.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import subprocess
import sys
import time

import pytest
from conftest import REPO_ROOT
from drawvectors import PATH as VECTORS
from test_browser import LETTERS, axe_scan, describe, tab_until

from quiz import bank as bank_mod
from quiz import cli, editions, generate, history, historymerge, replay, review
from quiz.model import TOPICS

PRACTICE = "practice.html"
QUESTIONS = "#practice-app .practice-questions fieldset"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def bank():
    return bank_mod.load()


@pytest.fixture()
def context(browser):
    ctx = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


def open_practice(ctx, book_url: str, suffix: str = ""):
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{book_url}{PRACTICE}{suffix}")
    page.locator("#practice-new").wait_for()
    page.errors = errors
    return page


def random_codes(bank, n: int, seed: int) -> list[str]:
    """n codes of the current bank: any seed, count and topics, a third of them handout variants."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        topics = tuple(t for t in TOPICS if rng.random() < 0.55) or (rng.choice(TOPICS),)
        count = rng.choice([1, 2, 3, 5, 8, 10, 12, 15, 20, 25, 40, rng.randrange(1, 120)])
        variant = rng.randrange(1, 25) if i % 3 == 0 else 0
        seed_ = rng.randrange(10**9) if i % 2 else rng.randrange(10**6)
        out.append(replay.make(bank.version, bank.fingerprint, seed_, count, topics, variant))
    return out


def terminal_json(code: str) -> tuple[int, dict | None, list[str]]:
    """What `python -m quiz --code CODE --format json` prints, run in this process (the real
    entry point, cli.main): (exit code, its JSON or None, the error lines without the prefix)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = cli.main(["--code", code, "--format", "json", "--no-history"])
    lines = [line.removeprefix("python -m quiz: error: ") for line in err.getvalue().splitlines()]
    return rc, (json.loads(out.getvalue()) if rc == 0 else None), lines


PAGE_REPLAY = """codes => codes.map(code => {
  try {
    const r = QuizDraw.replay(QUIZ_PRACTICE_DATA, code);
    return {code: r.code, questions: r.questions, note: r.note};
  } catch (e) {
    if (e instanceof QuizDraw.Refused) return {lines: e.lines};
    return {crash: String(e)};
  }
})"""


def test_the_page_replays_1200_random_codes_exactly_as_python_m_quiz(context, book_url, bank):
    page = open_practice(context, book_url)
    codes = random_codes(bank, 1200, seed=17)
    assert sum(replay.parse(c).variant > 0 for c in codes) >= 300
    # A few through the real command in a subprocess: the in-process answer is the command's.
    for code in codes[:4]:
        proc = subprocess.run([sys.executable, "-m", "quiz", "--code", code, "--format", "json"],
                              capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
        assert proc.returncode == 0 and json.loads(proc.stdout) == terminal_json(code)[1]
    differences, compared = [], 0
    for start in range(0, len(codes), 150):
        batch = codes[start:start + 150]
        got = page.evaluate(PAGE_REPLAY, batch)
        for code, mine in zip(batch, got):
            rc, want, _ = terminal_json(code)
            assert rc == 0, code
            compared += len(want["questions"])
            if mine.get("questions") != want["questions"] or mine["code"] != want["code"]:
                differences.append(code)
    assert not differences, f"{len(differences)} codes differ, e.g. {differences[:5]}"
    assert compared > 12_000
    assert not page.errors


def shown_questions(page) -> list[dict]:
    """What the page shows: each question's stem, options and (matching) prompts."""
    return page.evaluate("""() => Array.from(document.querySelectorAll(
      '#practice-app .practice-questions fieldset')).map(f => ({
        legend: f.querySelector('legend').textContent,
        labels: Array.from(f.querySelectorAll('label')).map(l => l.textContent),
        letters: Array.from(f.querySelectorAll('ul.quiz-letters > li')).map(l => l.textContent)}))""")


def expected_view(q: dict, n: int) -> dict:
    if q.get("prompts"):
        return {"legend": f"{n}. {q['stem']}",
                "labels": [f"{i}. {p}" for i, p in enumerate(q["prompts"], 1)],
                "letters": [f"{LETTERS[i]}) {o}" for i, o in enumerate(q["options"])]}
    return {"legend": f"{n}. {q['stem']}", "letters": [],
            "labels": [f"{LETTERS[i]}) {o}" for i, o in enumerate(q["options"])]}


def test_a_typed_code_shows_those_questions_and_the_code(context, book_url, bank):
    page = open_practice(context, book_url)
    for code in [random_codes(bank, 1, seed=s)[0] for s in (1, 2, 3)] + [
            replay.make(bank.version, bank.fingerprint, 4821, 12, TOPICS, 2)]:
        page.fill("#practice-code", f"  {code} ")
        page.press("#practice-code", "Enter")
        want = terminal_json(code)[1]
        assert shown_questions(page) == [expected_view(q, n)
                                         for n, q in enumerate(want["questions"], 1)]
        assert page.locator("#practice-app .practice-code code").text_content() == want["code"]
        assert page.evaluate("() => document.activeElement.id") == "practice-quiz"
    assert not page.errors


def old_codes(bank) -> list[str]:
    rng = random.Random(11)
    out = []
    for version in editions.known():
        fingerprint = editions.read(version)["fingerprint"]
        for _ in range(25):
            topics = tuple(t for t in TOPICS if rng.random() < 0.5) or ("safety",)
            out.append(replay.make(version, fingerprint, rng.randrange(10**6),
                                   rng.choice([3, 5, 10, 20]), topics, rng.choice([0, 0, 3])))
    out += [f"{editions.known()[0]}-abcdef-1-10-TBCSG", "0.9.0-dcdc1e-5-10-S", "1.0.0-dcdc1e-1-10-SS",
            "not a code", replay.make(bank.version, "0" * 6, 1, 10, TOPICS)]
    return out


def test_codes_of_older_editions_get_the_terminals_answer(context, book_url, bank):
    page = open_practice(context, book_url)
    codes = old_codes(bank)
    got = page.evaluate(PAGE_REPLAY, codes)
    kinds = set()
    for code, mine in zip(codes, got):
        rc, want, lines = terminal_json(code)
        if rc == 0:
            kinds.add("replayed")
            assert mine.get("questions") == want["questions"], code
            assert mine["code"] == want["code"]
            note = [f"note: {mine['note']}"] if mine["note"] else []
            assert note == lines, code
        else:
            kinds.add("refused" if "changed:" not in "\n".join(lines) else "changed")
            assert mine.get("lines") == lines, code
    assert kinds == {"replayed", "refused", "changed"}, kinds
    # In the page: the terminal's lines in an alert, the field marked invalid and focused.
    changed = next(c for c, m in zip(codes, got) if "changed:" in "\n".join(m.get("lines", [])))
    page.fill("#practice-code", changed)
    page.click("text=Replay this code")
    alert = page.locator("#practice-app [role=alert] p")
    assert alert.all_text_contents() == terminal_json(changed)[2]
    assert page.locator("#practice-code").get_attribute("aria-invalid") == "true"
    assert page.evaluate("() => document.activeElement.id") == "practice-code"
    assert not page.errors


JS_VECTORS = """V => {
  const hex = b => b.map(x => x.toString(16).padStart(2, "0")).join("");
  const range = n => Array.from({length: n}, (_, i) => i);
  return {seeds: V.seeds.map(v => {
    const r = new QuizDraw.Random(v.seed), after = [];
    const out = {seed: v.seed, uint32: range(5).map(() => r.uint32()),
      bits: [1, 7, 16, 31].map(k => r.getrandbits(k)),
      randbelow: [1, 2, 3, 5, 7, 10, 100, 1000, 1000000].map(n => r.randbelow(n))};
    out.shuffle = r.shuffle(range(10));
    out.choice = r.choice(["a", "b", "c", "d", "e"]);
    out.sample_small = r.sample(range(10), 3);
    out.sample_large = r.sample(range(40), 4);
    out.sample_six = r.sample(range(100), 6);
    for (let i = 0; i < 700; i++) after.push(r.uint32());
    out.after_700 = after.slice(-3);
    return out;
  }), sha512: V.sha512.map(([t]) => [t, hex(QuizDraw.sha512(Array.from(new TextEncoder().encode(t))))])};
}"""


def test_the_browser_computes_the_shared_draw_vectors(context, book_url):
    page = open_practice(context, book_url)
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    assert page.evaluate(JS_VECTORS, vectors) == vectors


# --- keyboard, announcements, score ------------------------------------------------------------

def answer_by_keyboard(page, fieldset_index: int, q: dict, right: bool) -> None:
    """Tab to question N's first control, answer it (right or wrong) with keys alone, Tab to
    "Check answer" and press Enter."""
    first = (f"e => e && e.closest('fieldset') === document.querySelectorAll("
             f"'{QUESTIONS}')[{fieldset_index}] && (e.tagName === 'INPUT' || e.tagName === 'SELECT')")
    tab_until(page, first)
    if q["kind"] == "matching":
        answer = list(q["answer"])
        if not right:
            answer[0], answer[1] = answer[1], answer[0]
        for option in answer:
            page.keyboard.press(LETTERS[option])
            page.keyboard.press("Tab")
    elif q["kind"] == "multiple":
        keys = set(q["answer"]) if right else set(q["answer"][:1])
        for i in range(len(q["options"])):
            if i in keys:
                page.keyboard.press("Space")
            page.keyboard.press("Tab")
    else:
        target = q["answer"][0] if right else next(
            i for i in range(len(q["options"])) if i not in q["answer"])
        if target == 0:
            page.keyboard.press("Space")
        for _ in range(target):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Check answer"
    page.keyboard.press("Enter")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_keyboard_only_from_start_to_score_with_announcements(context, book_url, bank, viewport,
                                                              tmp_path):
    page = open_practice(context, book_url)
    page.set_viewport_size(viewport)
    status = page.locator("#practice-app [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    # Untick every topic but safety and terms, set 6 questions, start: all with keys.
    for topic in ("techniques", "benefits", "claims"):
        tab_until(page, f"e => e && e.id === 'practice-topic-{topic}'")
        page.keyboard.press("Space")
    tab_until(page, "e => e && e.id === 'practice-count'")
    page.keyboard.press("Control+A")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Start a new quiz"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "practice-quiz"
    code = page.locator("#practice-app .practice-code code").text_content()
    assert code.endswith("-6-SG")
    assert status.text_content() == f"Quiz {code}: 6 questions below."
    questions = terminal_json(code)[1]["questions"]
    right = [i % 2 == 0 for i in range(6)]
    for i, q in enumerate(questions):
        answer_by_keyboard(page, i, q, right[i])
        live = page.locator(QUESTIONS).nth(i).locator(".quiz-feedback")
        assert live.get_attribute("aria-live") == "polite"
        verdict = "Correct." if right[i] else "Not quite."
        assert " ".join(live.text_content().split()).startswith(f"Question {i + 1}: {verdict}")
        assert live.locator("a").get_attribute("href") == q["url"]
        if i == 2:
            page.screenshot(path=str(tmp_path / f"practice-mid-quiz-{viewport['width']}.png"))
    tab_until(page, "e => e && e.textContent === 'See my score'")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "practice-score-heading"
    assert status.text_content() == "Your score: 3 of 6."
    rows = page.locator("#practice-app .practice-score tbody tr")
    table = [rows.nth(i).locator("th, td").all_text_contents() for i in range(rows.count())]
    names = {"safety": "Safety", "terms": "Terms (glossary)"}
    want = [[names[t], str(sum(r for q, r in zip(questions, right) if q["topic"] == t)),
             str(sum(q["topic"] == t for q in questions)), "0"]
            for t in TOPICS if any(q["topic"] == t for q in questions)]
    assert table == want
    page.screenshot(path=str(tmp_path / f"practice-score-{viewport['width']}.png"))
    assert not page.errors


# --- one history ---------------------------------------------------------------------------------

def page_records(page) -> list[dict]:
    return page.evaluate("() => quizPractice.records()")


def test_history_round_trips_between_the_browser_and_the_terminal(context, book_url, bank,
                                                                  tmp_path):
    terminal = tmp_path / "terminal-history.jsonl"
    ids = [q for q in generate.make_quiz(bank, 99, 6)]
    recorder = history.Recorder(str(terminal), bank.version, clock=iter(
        [time.time() - 3 * 86_400 + i for i in range(6)]).__next__)
    for i, q in enumerate(ids):
        recorder(q, i % 3 != 0)
    with terminal.open("a", encoding="utf-8") as fh:
        fh.write('{"at": 1, "id": "cut sh\n')  # a damaged line the terminal skips too
    terminal_records = history.load(str(terminal), warn=lambda m: None)
    assert len(terminal_records) == 6

    page = open_practice(context, book_url)
    # The browser answers a quiz of its own: two questions, one right and one wrong.
    code = replay.make(bank.version, bank.fingerprint, 5, 2, ("claims",))
    page.fill("#practice-code", code)
    page.press("#practice-code", "Enter")
    qs = terminal_json(code)[1]["questions"]
    summary = page.locator("#practice-app").get_by_text("No answers recorded in this browser yet.")
    assert summary.count() == 1
    for i, q in enumerate(qs):
        fs = page.locator(QUESTIONS).nth(i)
        pick = q["answer"][0] if i == 0 else next(j for j in range(len(q["options"]))
                                                 if j not in q["answer"])
        fs.locator("input").nth(pick).check()
        fs.locator("button.quiz-check").click()
        fs.locator("button.quiz-check").click()  # checking again does not record it again
    # the history's summary follows each answer, without a reload
    assert summary.count() == 0
    assert page.locator("#practice-app").get_by_text("1 question is due for review.").count() == 1
    browser_records = page_records(page)
    assert [(r["id"], r["ok"], r["v"]) for r in browser_records] == [
        (qs[0]["id"], True, bank.version), (qs[1]["id"], False, bank.version)]

    # Terminal -> browser: load the terminal's file; loading it again adds nothing.
    page.set_input_files("#practice-load", str(terminal))
    status = page.locator("#practice-app [role=status]")
    status.filter(has_text="Loaded").wait_for()
    assert status.text_content() == (
        "Loaded terminal-history.jsonl: 6 answers, 6 new here, 0 already here; skipped 1 "
        "unreadable line. This browser now holds 8 answers.")
    page.set_input_files("#practice-load", str(terminal))
    status.filter(has_text="0 new here").wait_for()
    merged = historymerge.merge(browser_records, terminal_records)
    assert page_records(page) == merged

    # Browser -> terminal: the download is the terminal's format, byte for byte.
    with page.expect_download() as info:
        page.click("text=Download my history")
    download = tmp_path / "download.jsonl"
    info.value.save_as(str(download))
    assert info.value.suggested_filename == "history.jsonl"
    assert download.read_text(encoding="utf-8") == "".join(
        historymerge.line(r) + "\n" for r in merged)
    assert history.load(str(download)) == merged
    stats = subprocess.run([sys.executable, "-m", "quiz", "stats", "--history", str(download)],
                           capture_output=True, text=True, cwd=REPO_ROOT, timeout=60)
    assert stats.returncode == 0 and "(8 answers)" in stats.stdout, stats.stdout + stats.stderr
    # The terminal merges the download into its own history: once.
    for added in (2, 0):
        run = subprocess.run([sys.executable, "-m", "quiz", "merge", str(download), "--history",
                              str(terminal)], capture_output=True, text=True, cwd=REPO_ROOT,
                             timeout=60)
        assert run.returncode == 0 and f"8 answers, {added} new" in run.stdout, run.stdout
    assert history.load(str(terminal), warn=lambda m: None) == merged

    # One schedule: the page's due count is the terminal's (same Leitner boxes).
    due = history.due(history.schedule(merged), time.time())
    page.evaluate("() => quizPractice.refresh()")
    line = page.locator("#practice-app .practice-due").text_content()
    assert line == f"{len(due)} question{'s are' if len(due) != 1 else ' is'} due for review."
    # "Review what is due" asks the due ones first.
    page.get_by_role("button", name="Review what is due").click()
    legends = page.locator(f"{QUESTIONS} legend").all_text_contents()
    assert page.locator("#practice-app .practice-code").text_content().startswith(
        f"Review: {len(due)} due, ")
    rebuilt = [q for q in (review.rebuild(bank, c.id) for c in due[:10]) if q is not None]
    assert rebuilt
    assert [lg.split(". ", 1)[1] for lg in legends[:len(rebuilt)]] == [q.stem for q in rebuilt]
    assert not page.errors


def test_self_checks_mark_the_navigation_and_clear_everything_clears_it(context, book_url):
    page = context.new_page()
    page.goto(f"{book_url}techniques/swedish.html")
    fieldsets = page.locator("div.quiz .quiz-mount fieldset")
    fieldsets.first.wait_for()
    nav = "nav a.current.reference.internal .quiz-done"  # this page's entry (href="#")
    assert page.locator(nav).count() == 0
    drawn = fieldsets.count()
    for i in range(drawn):
        fs = fieldsets.nth(i)
        if fs.locator("select").count():
            for s in range(fs.locator("select").count()):
                fs.locator("select").nth(s).select_option(index=1)
        else:
            fs.locator("input").first.check()
        fs.locator("button.quiz-check").click()
    assert page.locator(nav).count() == 1
    assert page.locator("nav a.reference.internal .quiz-done").count() == 1
    page.goto(f"{book_url}{PRACTICE}")
    page.locator("#practice-new").wait_for()
    link = page.locator("nav a.reference.internal[href$='swedish.html']")
    assert link.locator(".quiz-done").count() == 1
    assert "(self-check done)" in link.text_content()
    assert len(page_records(page)) == drawn
    page.click("text=Clear everything")
    assert page.evaluate("() => document.activeElement.textContent") == "Yes, clear everything"
    page.keyboard.press("Enter")
    assert page_records(page) == []
    assert link.locator(".quiz-done").count() == 0
    assert page.evaluate("() => [localStorage.getItem('massage-quiz:history'), "
                         "localStorage.getItem('massage-quiz:done')]") == [None, None]


# --- static host, offline, file://, accessibility ----------------------------------------------

def test_works_offline_once_loaded_and_from_a_file_with_no_request_away(context, book_url,
                                                                        built_book, bank):
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = open_practice(context, book_url)
    page.wait_for_load_state("networkidle")
    context.set_offline(True)
    code = random_codes(bank, 1, seed=8)[0]
    page.fill("#practice-code", code)
    page.press("#practice-code", "Enter")
    assert shown_questions(page) == [expected_view(q, n) for n, q in
                                     enumerate(terminal_json(code)[1]["questions"], 1)]
    context.set_offline(False)
    away = [u for u in requests if not u.startswith(book_url)]
    assert not away, away
    # Straight from the files, with no server at all.
    local = context.new_page()
    local.goto((built_book.html / PRACTICE).as_uri() + f"#code={code}")
    local.locator(QUESTIONS).first.wait_for()
    assert shown_questions(local) == shown_questions(page)


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_nothing_serious_mid_quiz_and_at_the_score(browser, book_url, axe_js, mode,
                                                              viewport, tmp_path):
    ctx = browser.new_context(viewport=viewport)
    ctx.add_init_script(f"localStorage.setItem('mode', '{mode}'); "
                        f"localStorage.setItem('theme', '{mode}');")
    try:
        page = open_practice(ctx, book_url)
        assert page.evaluate("() => document.documentElement.dataset.theme") == mode
        page.fill("#practice-count", "4")
        page.click("text=Start a new quiz")
        first = page.locator(QUESTIONS).first
        first.locator("button.quiz-check").click()  # "choose an answer first"
        (first.locator("input").first.check() if first.locator("input").count()
         else first.locator("select").first.select_option(index=1))
        first.locator("button.quiz-check").click()
        problems = describe(f"practice mid-quiz ({mode}, {viewport['width']} px)",
                            axe_scan(page, axe_js))
        page.screenshot(path=str(tmp_path / "mid-quiz.png"), full_page=True)
        page.click("text=See my score")
        page.fill("#practice-code", "not a code")
        page.click("text=Replay this code")
        problems += describe(f"practice at the score ({mode}, {viewport['width']} px)",
                             axe_scan(page, axe_js))
        page.screenshot(path=str(tmp_path / "score.png"), full_page=True)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the page scrolls sideways: {width} px"
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)
