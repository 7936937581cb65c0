"""The built book in a real browser: Debian's Chromium driven by Python playwright.

The book is served from the session's HTML build on 127.0.0.1 by a small threaded http.server.
The tests answer a self-check with the keyboard alone, answer a matching question (a labelled
<select> of letters per prompt) and a "select all that apply" question (a checkbox per option)
wrongly and then rightly, draw new questions, read the no-JavaScript fallback, prove that no
request leaves 127.0.0.1, and scan every page with axe-core (pinned in package.json; `make test`
installs it) for serious or critical accessibility violations.

Locally, a missing Chromium or axe-core skips with the reason; with CI=true it fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO_ROOT

# The fixtures book_url, browser and axe_js are in conftest.py: every browser test module shares
# the one Chromium (Playwright's sync API runs one instance per process).
AXE_VERSION = json.loads((REPO_ROOT / "package.json").read_text())["devDependencies"]["axe-core"]
CHAPTER = "techniques/swedish"  # a chapter whose self-check the interactive tests answer
GLOSSARY = "reference/glossary"  # its pool holds several matching questions (term-match)
SAFETY = "start/safety"  # its pool holds select-all questions (redflag-all, contra-all)
FIELDSETS = "div.quiz .quiz-mount fieldset"
LETTERS = "ABCDEFGH"


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


# -- helpers --------------------------------------------------------------------------------------

def open_chapter(page, book_url: str, doc: str = CHAPTER) -> None:
    page.goto(f"{book_url}{doc}.html")
    page.locator("div.quiz .quiz-mount fieldset").first.wait_for()


def page_pool(page) -> list[dict]:
    """The question pool the page embeds (script.quiz-pool)."""
    return json.loads(page.locator("div.quiz script.quiz-pool").first.text_content())


def find_question(pool: list[dict], stem: str, options: list[str]) -> dict:
    """The one pool entry with this stem and these options (a stem alone can repeat)."""
    found = [q for q in pool if q["stem"] == stem and q["options"] == options]
    assert len(found) == 1, f"{len(found)} pool entries match {stem!r} with options {options}"
    return found[0]


def question_of(fieldset, pool: list[dict], n: int) -> dict:
    """The pool entry a rendered fieldset shows: legend "N. stem", then labels "A) option" of
    radio buttons (checkboxes in a select-all question), or for a matching question the list
    "A) option" and labels "1. prompt" of selects."""
    legend = fieldset.locator("legend").text_content()
    assert legend.startswith(f"{n}. "), legend
    labels = fieldset.locator("label").all_text_contents()
    if fieldset.locator("select").count() == 0:
        assert all(label[:3] == f"{LETTERS[i]}) " for i, label in enumerate(labels)), labels
        q = find_question(pool, legend[len(f"{n}. "):], [label[3:] for label in labels])
        kind = "checkbox" if q["kind"] == "multiple" else "radio"
        assert fieldset.locator("input").evaluate_all("l => l.map(i => i.type)") == \
            [kind] * len(labels), q["id"]
        return q
    options = fieldset.locator("ul.quiz-letters > li").all_text_contents()
    assert all(opt[:3] == f"{LETTERS[i]}) " for i, opt in enumerate(options)), options
    q = find_question(pool, legend[len(f"{n}. "):], [opt[3:] for opt in options])
    assert labels == [f"{i}. {p}" for i, p in enumerate(q["prompts"], 1)], labels
    return q


def radio_questions(page) -> list[int]:
    """The indices of the drawn questions answered with radio buttons (not matching or
    select-all ones)."""
    return page.evaluate(f"() => Array.from(document.querySelectorAll('{FIELDSETS}'))"
                         ".map((f, i) => f.querySelector('input[type=radio]') ? i : -1)"
                         ".filter(i => i >= 0)")


def draw_until(page, control: str, limit: int = 200):
    """Press "New questions" until a drawn question has a `control` (`select`: a matching
    question; `input[type=checkbox]`: a select-all question); its fieldset and number.

    On the glossary about a third of the draws hold a matching question, and on the safety page
    about a quarter a select-all one, so 200 draws all without one would happen about once in
    10^24 runs."""
    for _ in range(limit):
        found = page.evaluate(f"() => Array.from(document.querySelectorAll('{FIELDSETS}'))"
                              f".findIndex(f => f.querySelector('{control}'))")
        if found >= 0:
            return page.locator(FIELDSETS).nth(found), found + 1
        page.locator("div.quiz button.quiz-new").first.click()
    pytest.fail(f"{limit} draws held no question with a {control}")


def tab_until(page, predicate_js: str, limit: int = 400, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `predicate_js(document.activeElement)` holds."""
    for _ in range(limit):
        if page.evaluate(f"({predicate_js})(document.activeElement)"):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    pytest.fail(f"{limit} presses of Tab never reached the element ({predicate_js})")


def choose_by_keyboard(page, fieldset_index: int, option: int) -> None:
    """Tab into question N's radio group, then select `option` with the arrow keys / Space."""
    in_group = (f"e => e && e.type === 'radio' && "
                f"e.closest('fieldset') === document.querySelectorAll('.quiz-mount fieldset')"
                f"[{fieldset_index}]")
    tab_until(page, in_group)
    first = page.evaluate("() => document.activeElement.value")
    assert first == "0", "Tab must land on the first option of an unanswered question"
    if option == 0:
        page.keyboard.press("Space")
    for _ in range(option):
        page.keyboard.press("ArrowDown")
    checked = page.evaluate(
        f"() => document.querySelectorAll('.quiz-mount fieldset')[{fieldset_index}]"
        ".querySelector('input:checked').value")
    assert checked == str(option)


def check_by_keyboard(page) -> None:
    """From the radio group, Tab to "Check answer" and press Enter."""
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Check answer"
    page.keyboard.press("Enter")


def marks(fieldset) -> dict[int, str]:
    """The marks quiz.js wrote after checking: option (or prompt) index -> its words."""
    return dict(fieldset.evaluate("f => Array.from(f.querySelectorAll('.quiz-opt'))"
                                  ".map((r, i) => [i, r.querySelector('.quiz-mark')])"
                                  ".filter(([i, m]) => m).map(([i, m]) => [i, m.textContent])"))


def score(page) -> str:
    """The running score line of the page's first self-check."""
    return " ".join(page.locator("div.quiz .quiz-score").first.inner_text().split())


def axe_scan(page, axe_js: Path) -> list[dict]:
    page.add_script_tag(path=str(axe_js))
    assert page.evaluate("() => axe.version") == AXE_VERSION
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(where: str, violations: list[dict]) -> list[str]:
    return [f"{where}: {v['id']} ({v['impact']}) at {n['target']}: {v['help']}"
            for v in violations for n in v["nodes"]]


def built_pages(built_book) -> list[str]:
    """Every page of the book (the theme's _static/ holds template fragments, not pages)."""
    html = built_book.html
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                  if p.relative_to(html).parts[0] != "_static")


# -- tests ----------------------------------------------------------------------------------------

def test_keyboard_only_answers_right_and_wrong_with_feedback_and_link(page, book_url, axe_js,
                                                                     tmp_path):
    open_chapter(page, book_url)
    pool = page_pool(page)
    fieldsets = page.locator(FIELDSETS)
    first, second = radio_questions(page)[:2]  # the draw holds at most one matching question
    right_q = question_of(fieldsets.nth(first), pool, first + 1)
    wrong_q = question_of(fieldsets.nth(second), pool, second + 1)

    # The first question answered with radio buttons: the keyed option.
    key = right_q["answer"][0]
    choose_by_keyboard(page, first, key)
    check_by_keyboard(page)
    live = fieldsets.nth(first).locator(".quiz-feedback")
    assert live.get_attribute("aria-live") == "polite"
    text = " ".join(live.inner_text().split())
    assert text.startswith(f"Question {first + 1}: Correct. {right_q['explanation']}"), text
    assert "Not quite" not in text
    assert marks(fieldsets.nth(first)) == {key: "\u2713 your answer: right"}
    assert score(page) == f"Score: 1 right of 1 checked, {fieldsets.count()} questions."
    assert live.locator("a").get_attribute("href") == right_q["url"]

    # Question 2: an option that is not keyed.
    key2 = wrong_q["answer"][0]
    wrong = next(i for i in range(len(wrong_q["options"])) if i not in wrong_q["answer"])
    choose_by_keyboard(page, second, wrong)
    check_by_keyboard(page)
    live2 = fieldsets.nth(second).locator(".quiz-feedback")
    text2 = " ".join(live2.inner_text().split())
    # the answer said once, by its letter; the explanation gives it in words
    expected = (f"Question {second + 1}: Not quite. The right answer is {LETTERS[key2]}. "
                f"{wrong_q['explanation']}")
    assert text2.startswith(expected), text2
    assert wrong_q["options"][key2] not in text2.removeprefix(expected)
    # the chosen option is marked wrong and the keyed one right, in words beside them
    assert marks(fieldsets.nth(second)) == {wrong: "\u2717 your answer: wrong",
                                            key2: "\u2713 right answer"}
    assert score(page) == f"Score: 1 right of 2 checked, {fieldsets.count()} questions."
    assert "quiz-wrong" in fieldsets.nth(second).get_attribute("class")
    assert "quiz-right" in fieldsets.nth(first).get_attribute("class")

    # The answered widget is still accessible (feedback colours, link), then a screenshot of it
    # (kept under pytest's basetemp, e.g. `pytest --basetemp=/tmp/shots -k keyboard`).
    problems = describe(f"{CHAPTER} after answering", axe_scan(page, axe_js))
    assert not problems, "\n".join(problems)
    shot = tmp_path / "self-check-after-wrong-answer.png"
    page.locator("div.quiz").first.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # The link: Tab from "Check answer" to it, follow it with Enter, and find its target.
    link = live2.locator("a")
    assert link.count() == 1
    href, raw_href = link.evaluate("a => a.href"), link.get_attribute("href")
    assert href.split("#")[0].startswith(book_url) and urlsplit(href).fragment, href
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.href") == href
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    anchor = urlsplit(href).fragment
    assert page.evaluate("id => document.getElementById(id) !== null", anchor), \
        f"{href}: the page has no element with id {anchor!r}"
    assert raw_href == wrong_q["url"], "the link is the pool's section URL"


def open_themed_until(page, book_url, mode: str, chapter: str, kind: str, control: str):
    """The chapter in the light or dark theme, with new questions drawn until one of `kind`
    (found by its `control`) is shown: (the page's pool, that question's fieldset, its number)."""
    page.context.add_init_script(  # what the theme's light/dark switch stores
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    open_chapter(page, book_url, chapter)
    assert page.evaluate("() => document.documentElement.dataset.theme") == mode
    pool = page_pool(page)
    assert any(q["kind"] == kind for q in pool)
    fieldset, n = draw_until(page, control)
    return pool, fieldset, n


def scan_and_shoot(page, axe_js, fieldset, where: str, shot, mode: str) -> None:
    """axe finds nothing serious on the page as it is now, and the question is photographed
    (a real PNG) for a person to look at."""
    problems = describe(f"{where} ({mode} theme)", axe_scan(page, axe_js))
    assert not problems, "\n".join(problems)
    fieldset.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_matching_question_wrong_then_right_with_feedback(page, book_url, axe_js, tmp_path, mode):
    pool, fieldset, n = open_themed_until(page, book_url, mode, GLOSSARY, "matching", "select")
    q = question_of(fieldset, pool, n)  # also: the lettered options, and "1. prompt" labels
    size = len(q["prompts"])
    selects = fieldset.locator("select")
    assert selects.count() == size
    for i in range(size):  # each select is labelled by its prompt, and offers the letters
        select = selects.nth(i)
        assert select.evaluate("s => s.labels.length === 1 && s.labels[0].textContent") == \
            f"{i + 1}. {q['prompts'][i]}"
        assert select.evaluate("s => Array.from(s.options).map(o => [o.value, o.text])") == \
            [["", "(choose)"]] + [[str(j), LETTERS[j]] for j in range(size)]
        assert select.input_value() == ""
    live = fieldset.locator(".quiz-feedback")
    assert live.get_attribute("aria-live") == "polite"
    check = fieldset.locator("button.quiz-check")

    def feedback() -> str:
        return " ".join(live.inner_text().split())

    # Unanswered, then one prompt left without a letter: no verdict, no key given away.
    check.click()
    assert feedback() == f"Question {n}: choose an answer for every item first."
    for i in range(size - 1):
        selects.nth(i).select_option(str(q["answer"][i]))
    check.click()
    assert feedback() == f"Question {n}: choose an answer for every item first."
    assert fieldset.locator("[aria-invalid]").count() == 0

    # Wrong: the first two prompts swap their letters, so size - 2 pairs are right.
    wrong = list(q["answer"])
    wrong[0], wrong[1] = wrong[1], wrong[0]
    for i, option in enumerate(wrong):
        selects.nth(i).select_option(str(option))
    check.click()
    text = feedback()
    pairs = [f"{i}. {p} \u2192 {LETTERS[j]}) {q['options'][j]}"
             for i, (p, j) in enumerate(zip(q["prompts"], q["answer"], strict=True), 1)]
    assert text.startswith(f"Question {n}: Not quite. {size - 2} of {size} pairs right. "), text
    assert live.locator("ul.quiz-pairs > li").all_inner_texts() == pairs  # one pair a line
    assert text.endswith(f"{q['explanation']} Read the section that says so"), text
    assert marks(fieldset) == {i: "\u2713 right" if i > 1 else
                               f"\u2717 wrong: it is {LETTERS[q['answer'][i]]}" for i in range(size)}
    assert live.locator("a").get_attribute("href") == q["url"]
    assert "quiz-wrong" in fieldset.get_attribute("class")
    assert [selects.nth(i).get_attribute("aria-invalid") for i in range(size)] == \
        ["true", "true"] + ["false"] * (size - 2)
    scan_and_shoot(page, axe_js, fieldset, f"{GLOSSARY} after a wrong matching answer",
                   tmp_path / f"matching-after-wrong-answer-{mode}.png", mode)

    # Right, with the keyboard alone: Tab to each select and type its letter, then Enter on
    # "Check answer". Changing a letter clears its wrong mark.
    selects.nth(0).focus()
    for i, option in enumerate(q["answer"]):
        assert selects.nth(i).evaluate("s => s === document.activeElement")
        page.keyboard.press(LETTERS[option])
        assert selects.nth(i).input_value() == str(option)
        page.keyboard.press("Tab")
    assert fieldset.locator("[aria-invalid=true]").count() == 0
    assert page.evaluate("() => document.activeElement.textContent") == "Check answer"
    page.keyboard.press("Enter")
    text = feedback()
    assert text.startswith(f"Question {n}: Correct. {size} of {size} pairs right. "), text
    assert live.locator("ul.quiz-pairs > li").all_inner_texts() == pairs
    assert marks(fieldset) == {i: "\u2713 right" for i in range(size)}
    assert "quiz-right" in fieldset.get_attribute("class")
    assert "quiz-wrong" not in fieldset.get_attribute("class")
    assert live.locator("a").get_attribute("href") == q["url"]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_select_all_question_wrong_then_right_with_feedback(page, book_url, axe_js, tmp_path,
                                                            mode):
    pool, fieldset, n = open_themed_until(page, book_url, mode, SAFETY, "multiple",
                                          "input[type=checkbox]")
    q = question_of(fieldset, pool, n)  # also: labels "A) option", one checkbox per option
    assert q["kind"] == "multiple" and q["stem"].endswith("Select all that apply.")
    boxes = fieldset.locator("input")
    size, keys = len(q["options"]), q["answer"]
    assert size == 4 and 2 <= len(keys) <= 3
    for i in range(size):  # each checkbox is labelled by its option, and starts unticked
        assert boxes.nth(i).evaluate("c => c.labels.length === 1 && c.labels[0].textContent") \
            == f"{LETTERS[i]}) {q['options'][i]}"
        assert not boxes.nth(i).is_checked()
    live = fieldset.locator(".quiz-feedback")
    assert live.get_attribute("aria-live") == "polite"
    check = fieldset.locator("button.quiz-check")
    others = [i for i in range(size) if i not in keys]
    said = [LETTERS[k] for k in keys]
    answers = ", ".join(said[:-1]) + " and " + said[-1]  # the letters: A, B and C

    def feedback() -> str:
        return " ".join(live.inner_text().split())

    def tick(chosen) -> None:
        for i in range(size):
            boxes.nth(i).set_checked(i in chosen)

    def wrong(right: int, bad: int) -> None:
        text = feedback()
        assert text.startswith(
            f"Question {n}: Not quite. You picked {right} of the {len(keys)} right ones and {bad} "
            f"wrong; the right ones are {answers}. {q['explanation']}"), text
        ticked = [i for i in range(size) if boxes.nth(i).is_checked()]
        assert marks(fieldset) == {
            i: ("\u2713 your answer: right" if i in keys else "\u2717 your answer: wrong")
            if i in ticked else "\u2713 right answer: missed"
            for i in range(size) if i in ticked or i in keys}
        assert live.locator("a").get_attribute("href") == q["url"]
        assert "quiz-wrong" in fieldset.get_attribute("class")
        assert "quiz-right" not in fieldset.get_attribute("class")

    # Nothing ticked: no verdict, no key given away.
    check.click()
    assert feedback() == f"Question {n}: choose an answer first."
    # Only the exact set is right: some of the keyed ones, all of them and one more, or a mix.
    tick(keys[:1])
    check.click()
    wrong(1, 0)
    tick(keys + others[:1])
    check.click()
    wrong(len(keys), 1)
    tick([keys[0], others[0]])
    check.click()
    wrong(1, 1)
    scan_and_shoot(page, axe_js, fieldset, f"{SAFETY} after a wrong select-all answer",
                   tmp_path / f"select-all-after-wrong-answer-{mode}.png", mode)

    # Right, with the keyboard alone: Tab from box to box, Space toggles the ones to change,
    # then Enter on "Check answer".
    boxes.nth(0).focus()
    for i in range(size):
        assert boxes.nth(i).evaluate("c => c === document.activeElement")
        if boxes.nth(i).is_checked() != (i in keys):
            page.keyboard.press("Space")
        assert boxes.nth(i).is_checked() == (i in keys)
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Check answer"
    page.keyboard.press("Enter")
    text = feedback()
    assert text.startswith(f"Question {n}: Correct. {q['explanation']}"), text
    assert "right ones are" not in text and "You picked" not in text
    assert marks(fieldset) == {k: "\u2713 your answer: right" for k in keys}
    assert "quiz-right" in fieldset.get_attribute("class")
    assert "quiz-wrong" not in fieldset.get_attribute("class")
    assert live.locator("a").get_attribute("href") == q["url"]


def test_new_questions_replaces_the_fieldsets_and_moves_focus(page, book_url):
    open_chapter(page, book_url)
    pool = page_pool(page)
    count = int(page.locator("div.quiz").first.get_attribute("data-count"))
    page.evaluate("() => { window.__old = Array.from("
                  "document.querySelectorAll('div.quiz .quiz-mount fieldset')); }")
    assert page.evaluate("() => window.__old.length") == count

    tab_until(page, "e => e && e.classList.contains('quiz-new')")
    page.keyboard.press("Enter")

    fieldsets = page.locator("div.quiz .quiz-mount fieldset")
    assert fieldsets.count() == count
    assert page.evaluate("() => window.__old.every(f => !f.isConnected)"), "old fieldsets remain"
    assert page.evaluate("() => Array.from(document.querySelectorAll("
                         "'div.quiz .quiz-mount fieldset')).every(f => !window.__old.includes(f))")
    ids = [question_of(fieldsets.nth(i), pool, i + 1)["id"] for i in range(count)]
    assert len(set(ids)) == count, f"a draw must not repeat a question: {ids}"
    assert page.evaluate("() => document.activeElement === document.querySelector("
                         "'div.quiz .quiz-mount fieldset input, div.quiz .quiz-mount fieldset "
                         "select')"), "focus must move to the first control of the first question"
    # Radio groups of the new draw do not share names with the old one.
    names = page.evaluate("() => Array.from(document.querySelectorAll("
                          "'div.quiz .quiz-mount input')).map(i => i.name)")
    old = page.evaluate("() => window.__old.flatMap(f => Array.from("
                        "f.querySelectorAll('input')).map(i => i.name))")
    assert not set(names) & set(old)


def select_all_fallback_page(built_book) -> str:
    """The first page (in file order) whose no-JavaScript fallback prints a select-all question."""
    from bs4 import BeautifulSoup

    for rel in built_pages(built_book):
        soup = BeautifulSoup((built_book.html / rel).read_text(encoding="utf-8"), "html.parser")
        for p in soup.select("div.quiz noscript > ol > li > p"):
            if p.get_text().strip().endswith("Select all that apply."):
                return rel.removesuffix(".html")
    pytest.fail("no page prints a select-all question in its no-JavaScript fallback")


def test_without_javascript_the_noscript_fallback_shows_questions_and_answers(browser, book_url,
                                                                             built_book):
    context = browser.new_context(java_script_enabled=False)
    kinds = set()
    try:
        page = context.new_page()
        for doc in (CHAPTER, select_all_fallback_page(built_book)):
            page.goto(f"{book_url}{doc}.html")
            quiz = page.locator("div.quiz").first
            assert quiz.locator(".quiz-mount fieldset").count() == 0, "no widget without JS"
            pool = json.loads(quiz.locator("script.quiz-pool").text_content())
            items = quiz.locator("noscript > ol > li")
            count = int(quiz.get_attribute("data-count"))
            assert items.count() == count
            for i in range(count):
                item = items.nth(i)
                assert item.is_visible()
                q = find_question(pool, item.locator(":scope > p").text_content(),
                                  item.locator(":scope > ol[type=A] > li").all_text_contents())
                kinds.add(q["kind"])
                details = item.locator("details")
                assert details.get_attribute("open") is None, "answers start hidden"
                answer = details.locator("p")
                assert not answer.is_visible()
                details.locator("summary").focus()
                page.keyboard.press("Enter")
                assert answer.is_visible()
                text = " ".join(answer.text_content().split())
                if q["kind"] == "matching":
                    assert item.locator(":scope > ol.quiz-prompts > li").all_text_contents() == \
                        q["prompts"]
                    assert text.startswith(f"{q['answer_letters']}. "), text
                else:  # the keyed option, or every keyed option of a select-all question
                    keyed = "; ".join(f"{LETTERS[k]}) {q['options'][k]}" for k in q["answer"])
                    assert text.startswith(f"{keyed}. "), text
                    multiple = q["kind"] == "multiple"
                    assert (len(q["answer"]) > 1) == multiple
                    assert q["stem"].endswith("Select all that apply.") == multiple
                assert q["explanation"] in text
                assert details.locator("a").get_attribute("href") == q["url"]
    finally:
        context.close()
    assert "multiple" in kinds, kinds


def test_no_request_leaves_127_0_0_1(page, book_url):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for doc in ["index", "front/how-to-use", CHAPTER, "techniques/comparison",
                "reference/references", "reference/glossary", "evidence/at-a-glance"]:
        page.goto(f"{book_url}{doc}.html", wait_until="networkidle")
    open_chapter(page, book_url)
    choose_by_keyboard(page, radio_questions(page)[0], 0)
    check_by_keyboard(page)
    tab_until(page, "e => e && e.classList.contains('quiz-new')")
    page.keyboard.press("Enter")
    page.goto(f"{book_url}search.html?q=massage", wait_until="networkidle")
    page.locator("#search-results li").first.wait_for()

    assert len(requests) > 20, requests  # the pages, their CSS, JS, fonts and the search index
    assert any(u.endswith("searchindex.js") for u in requests)
    away = [u for u in requests if urlsplit(u).hostname != "127.0.0.1"]
    assert not away, "requests that leave 127.0.0.1:\n" + "\n".join(away)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation_on_any_page(browser, book_url, built_book,
                                                               axe_js, mode):
    pages = built_pages(built_book)
    assert len(pages) >= 15 and f"{CHAPTER}.html" in pages, pages
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(  # what the theme's light/dark switch stores
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    problems: list[str] = []
    try:
        page = context.new_page()
        for rel in pages:
            page.goto(book_url + rel, wait_until="load")
            assert page.evaluate("() => document.documentElement.dataset.theme") == mode
            problems += describe(rel, axe_scan(page, axe_js))
    finally:
        context.close()
    assert not problems, (f"{len(problems)} serious/critical axe {AXE_VERSION} violations "
                          f"({mode} theme):\n" + "\n".join(problems))


@pytest.mark.parametrize("width, least", [(360, 11.5), (1280, 15)])
def test_the_care_chart_reads_at_phone_and_desktop_widths(browser, book_url, width, least):
    """The chart's body text, as the browser scales the picture into the page, is still large."""
    from quiz.figures import care

    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{book_url}{SAFETY}.html", wait_until="load")
        img = page.locator('img.bank-figure[data-figure="care-chart"]')
        img.scroll_into_view_if_needed()
        shown, natural = img.evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth]")
        assert natural == care.WIDTH
        assert care.BODY * shown / natural >= least, f"{shown:.0f} px wide at a {width} px window"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    finally:
        context.close()
