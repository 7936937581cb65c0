"""The book's Sphinx extension (quiz.sphinxext), built with sphinx.testing on tiny projects.

tests/roots/test-quiz is a small book with a small bank of its own (tests/roots/test-quiz/bank,
derived from quiz/bank), so these tests do not change when the real bank grows. Each build works
on a copy of the project in a temporary folder. What is checked:

- HTML: the self-check's widget (pool as JSON, data-count, noscript fallback with answers), the
  key-facts box, a snapshot of both, the answer key, and the assets (HTML only, at most 9,000 B);
- escaping: a `<script>` in the bank renders as text, and cannot close the JSON's script element;
- LaTeX and text: numbered questions with lettered options, the answers only in the answer key;
- matching: the test bank's three terms form one group, so the glossary page (reference/glossary,
  where the term-match template points) prints a matching question: numbered prompts, lettered
  options, and the pairs (`1C 2A 3B`) as its answer;
- select all that apply: the test bank's two emergency red flags give the safety page one, which
  its printed draw holds (stem ending "Select all that apply.", four lettered options), and its
  answer is every keyed option (`A) x; C) y`); the techniques page's pool holds one per technique;
- errors: a wrong directive is a warning that names the problem, never a crash;
- dependencies: editing the bank re-reads exactly the pages that render it;
- parallel: the real book builds with -j 2, and its answer key equals the serial build's;
- tablecards: which tables become cards on a phone, and the column names and roles they get.

Regenerate the snapshot after an intended change of the markup with UPDATE_SNAPSHOTS=1.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT, require_tool

from quiz import bank as bank_mod
from quiz.generate import all_questions
from quiz.sphinxext import STATIC, facts

ROOT = REPO_ROOT / "tests" / "roots" / "test-quiz"
ERRORS_ROOT = REPO_ROOT / "tests" / "roots" / "test-quiz-errors"
SNAPSHOT = REPO_ROOT / "tests" / "snapshots" / "test-quiz-fragments.html"

# The self-checks of the test book: docname -> (:topic:, :count:) as written in its pages.
GLOSSARY = "reference/glossary"
QUIZ_PAGES = {"techniques": (None, 3), "benefits": ("claims", 2), "safety": (None, 3),
              GLOSSARY: ("terms", 2)}
BOOK_ORDER = ("techniques", "benefits", "safety", GLOSSARY)  # the toctree's order
BANK_PAGES = set(BOOK_ORDER)  # every page with a bank directive
TITLES = {"techniques": "Techniques", "benefits": "Benefits", "safety": "Safety",
          GLOSSARY: "Glossary"}
ASSETS = ("quiz.js", "quiz.css")
SELECT_ALL_PAGES = {"techniques", "safety"}  # the pages whose pools hold select-all questions


# --------------------------------------------------------------------------- helpers


def small_bank():
    """The test book's bank, as the extension loads it (never the cached copy in the repository)."""
    return bank_mod.load(str(ROOT / "bank"), use_cache=False)


def expected_pool(doc: str, topic: str | None) -> list[str]:
    """Ids of the questions whose answer this page states: section doc == page (and topic)."""
    return sorted(q.id for q in all_questions(small_bank())
                  if q.section.doc == doc and (topic is None or q.topic == topic))


def printed(doc: str):
    """The fixed selection a page prints (PDF, text, noscript): the extension's pure functions."""
    topic, count = QUIZ_PAGES[doc]
    return facts.draw(facts.pool(small_bank(), doc, topic), count, 0)


def key_line(q) -> str:
    """One answer as the answer key prints it: `C) option. Why.`, for a select-all question every
    keyed option, `A) palms; C) thumbs. Why.`, or for a matching question the pairs and the
    numbered prompts, `1C 2A 3B (1 effleurage, 2 trigger point, 3 cortisol). Why.`"""
    if q.prompts:
        prompts = ", ".join(f"{n} {p}" for n, p in enumerate(q.prompts, 1))
        return plain(f"{q.letters} ({prompts}). {q.explanation}")
    return plain(f"{keyed(q)}. {q.explanation}")


def keyed(q) -> str:
    """The keyed option by letter, `C) option`, or every keyed option, `A) palms; C) thumbs`."""
    return "; ".join(f"{'ABCDEFGH'[i]}) {q.options[i]}" for i in q.answer)


def plain(text: str) -> str:
    """Text with typographic quotes made straight and whitespace collapsed, for comparisons."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return re.sub(r"\s+", " ", text.replace("\u201d", '"')).strip()


def tex_plain(tex: str) -> str:
    """The words of a LaTeX fragment as Sphinx writes them (hyphens and paragraph starts undone)."""
    return plain(tex.replace(r"\sphinxhyphen{}", "-").replace(r"\sphinxAtStartPar", "")
                 .replace(r"\textquotesingle{}", "'"))


def copy_root(tmp_path: Path, root: Path = ROOT, name: str = "src") -> Path:
    src = tmp_path / name
    shutil.copytree(root, src, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    return src


def soup_of(app, doc: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{doc}.html").read_text(encoding="utf-8"),
                         "html.parser")


def pool_of(quiz_div) -> list[dict]:
    script = quiz_div.find("script", class_="quiz-pool")
    assert script is not None and script.get("type") == "application/json", quiz_div
    return json.loads(script.string)


def built(app):
    """Build (sphinx.testing skips the build when another test of the same shared result did it)."""
    app.build()
    return app


# --------------------------------------------------------------------------- HTML


@pytest.mark.sphinx("html", testroot="quiz")
@pytest.mark.test_params(shared_result="test-quiz-html")
class TestHtml:
    def test_builds_without_warnings(self, app):
        built(app)
        assert app.warning.getvalue() == "", app.warning.getvalue()

    @pytest.mark.parametrize("doc", sorted(QUIZ_PAGES))
    def test_quiz_embeds_exactly_the_pool_of_its_page(self, app, doc):
        topic, count = QUIZ_PAGES[doc]
        quizzes = soup_of(built(app), doc).find_all("div", class_="quiz")
        assert len(quizzes) == 1, f"{doc}: {len(quizzes)} self-checks"
        quiz = quizzes[0]
        assert quiz["data-count"] == str(count)
        assert quiz.find("div", class_="quiz-mount") is not None
        pool = pool_of(quiz)
        assert sorted(q["id"] for q in pool) == expected_pool(doc, topic)
        for q in pool:
            assert q["section"].startswith(f"{doc}#"), q["id"]
            assert q["url"] == "#" + q["section"].partition("#")[2], q  # same page: the anchor only
            assert set(q) >= {"stem", "options", "answer", "explanation", "kind"}
            if q["kind"] == "matching":  # the option of each prompt: a permutation, not 1A 2B 3C
                assert len(q["prompts"]) == len(q["options"]) == len(q["answer"]) >= 3
                assert sorted(q["answer"]) == list(range(len(q["options"])))
                assert q["answer"] != sorted(q["answer"])
                assert q["answer_letters"] == " ".join(
                    f"{n}{'ABCDEFGH'[i]}" for n, i in enumerate(q["answer"], 1))
            elif q["kind"] == "multiple":  # 2 or 3 of 4 options keyed, in order, and said so
                assert "prompts" not in q and len(q["options"]) == 4
                assert 2 <= len(q["answer"]) <= 3 and q["answer"] == sorted(set(q["answer"]))
                assert q["answer_letters"] == "".join("ABCD"[i] for i in q["answer"])
                assert q["stem"].endswith(" Select all that apply."), q["stem"]
            else:
                assert "prompts" not in q and "Select all" not in q["stem"]
                assert len(q["answer"]) == 1 and 0 <= q["answer"][0] < len(q["options"])
        kinds = {q["kind"] for q in pool}
        assert ("matching" in kinds) == (doc == GLOSSARY), kinds
        assert ("multiple" in kinds) == (doc in SELECT_ALL_PAGES), kinds

    def test_pools_leave_out_other_pages_and_topics(self, app):
        """The benefits page asks only about claims (:topic: claims), although the bank also
        has a benefit question whose answer that page states."""
        quiz = soup_of(built(app), "benefits").find("div", class_="quiz")
        topics = {q["topic"] for q in pool_of(quiz)}
        assert topics == {"claims"}
        assert any(q.section.doc == "benefits" and q.topic == "benefits"
                   for q in all_questions(small_bank())), "the test bank lost its benefit question"

    @pytest.mark.parametrize("doc", sorted(QUIZ_PAGES))
    def test_noscript_fallback_shows_the_printed_questions_with_answers(self, app, doc):
        quiz = soup_of(built(app), doc).find("div", class_="quiz")
        noscript = quiz.find("noscript")
        assert noscript is not None
        items = noscript.find("ol").find_all("li", recursive=False)
        expected = printed(doc)
        assert len(items) == QUIZ_PAGES[doc][1] == len(expected)
        for item, q in zip(items, expected):
            assert plain(item.find("p").get_text()) == plain(q.stem)
            lists = item.find_all("ol", recursive=False)
            assert [ol.get("type") for ol in lists] == [None] * bool(q.prompts) + ["A"]
            if q.prompts:  # a matching question: numbered prompts before the lettered options
                assert lists[0]["class"] == ["quiz-prompts"]
                assert [plain(li.get_text()) for li in lists[0].find_all("li")] == [
                    plain(p) for p in q.prompts]
            options = [plain(li.get_text()) for li in lists[-1].find_all("li")]
            assert options == [plain(o) for o in q.options]
            details = item.find("details")
            assert details is not None and details.find("summary").get_text() == "Answer"
            answer = plain(details.find("p").get_text())
            want = q.letters if q.prompts else keyed(q)  # every keyed option of a select-all
            assert answer.startswith(plain(f"{want}. {q.explanation}")), answer
            assert details.find("a")["href"] == "#" + q.section.label
        if doc == GLOSSARY:
            assert expected[0].kind == "matching", "no printed matching question"
        if doc == "safety":
            assert "multiple" in {q.kind for q in expected}, "no printed select-all question"

    def test_keyfacts_box_shows_the_bank_entry(self, app):
        box = soup_of(built(app), "techniques").find("div", class_="keyfacts")
        assert box is not None
        assert plain(box.find(class_="admonition-title").get_text()) == "Key facts: Swedish massage"
        fields = {plain(dt.get_text()): plain(dt.find_next_sibling("dd").get_text())
                  for dt in box.find_all("dt")}
        swedish = small_bank().by_id("technique")["swedish"]
        assert fields["What is used"] == ", ".join(swedish["uses"])
        for key, name in (("origin", "Origin"), ("setting", "Setting"), ("pressure", "Pressure"),
                          ("target", "Main target")):
            assert fields[name] == plain(swedish[key]), name
        assert fields["Also called"] == "classic massage"
        assert box.find("dd").find_next("a", href=re.compile(r"^references\.html#")) is not None

    def test_snapshot_of_the_keyfacts_and_quiz_markup(self, app):
        tech, ben = soup_of(built(app), "techniques"), soup_of(app, "benefits")
        glossary = soup_of(app, GLOSSARY)
        parts = [("techniques: keyfacts", tech.find("div", class_="keyfacts")),
                 ("benefits: keyfacts", ben.find("div", class_="keyfacts")),
                 ("benefits: quiz", ben.find("div", class_="quiz")),
                 ("reference/glossary: quiz (a matching question first)",
                  glossary.find("div", class_="quiz")),
                 ("safety: quiz (a select-all question last)",
                  soup_of(app, "safety").find("div", class_="quiz"))]
        text = "".join(f"<!-- {name} -->\n{node.prettify()}" for name, node in parts)
        text = re.sub(r"\bid\d+\b", "idN", text)  # sphinxcontrib-bibtex's generated ids
        if os.environ.get("UPDATE_SNAPSHOTS") == "1":
            SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
            SNAPSHOT.write_text(text, encoding="utf-8")
        assert SNAPSHOT.is_file(), f"no snapshot {SNAPSHOT}: run with UPDATE_SNAPSHOTS=1"
        assert text == SNAPSHOT.read_text(encoding="utf-8"), (
            "the rendered markup differs from tests/snapshots/test-quiz-fragments.html; if the "
            "change is intended, run the tests with UPDATE_SNAPSHOTS=1 and review the diff")

    def test_answer_key_lists_every_printed_answer_in_book_order(self, app):
        body = soup_of(built(app), "answer-key").find("div", class_="body")
        rubrics = [plain(r.get_text()) for r in body.find_all(class_="rubric")]
        assert rubrics == [TITLES[d] for d in BOOK_ORDER]
        for rubric in body.find_all(class_="rubric"):
            doc = next(d for d, t in TITLES.items() if t == plain(rubric.get_text()))
            items = [plain(li.get_text()) for li in rubric.find_next("ol").find_all("li")]
            assert items == [key_line(q) for q in printed(doc)]

    def test_assets_are_copied_linked_and_small(self, app):
        built(app)
        static = Path(app.outdir) / "_static"
        total = 0
        for name in ASSETS:
            copied = static / name
            assert copied.is_file(), f"{name} not copied to _static"
            assert copied.read_bytes() == (Path(STATIC) / name).read_bytes()
            total += copied.stat().st_size
        # 9,000: feedback that marks options in words, lists pairs and keeps a score (issue 16)
        assert total <= 9000, f"quiz.js + quiz.css = {total} bytes (at most 9,000)"
        page = soup_of(app, "techniques")
        assert page.find("script", src=re.compile(r"_static/quiz\.js")) is not None
        assert page.find("link", href=re.compile(r"_static/quiz\.css")) is not None


# --------------------------------------------------------------------------- escaping


HOSTILE = "light <script>alert(1)</script> gliding </script><!-- & kneading"


def test_bank_text_is_escaped_everywhere(make_app, tmp_path):
    src = copy_root(tmp_path)
    techniques = src / "bank" / "techniques.toml"
    original = 'pressure = "light to medium gliding and kneading, adjusted on request"'
    text = techniques.read_text(encoding="utf-8")
    assert original in text
    techniques.write_text(text.replace(original, f"pressure = {json.dumps(HOSTILE)}"), "utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    assert app.warning.getvalue() == ""
    raw = (Path(app.outdir) / "techniques.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw.lower()
    assert "<!-- &" not in raw
    # The pool's script element ends at its own </script>: the JSON inside must be whole.
    m = re.search(r'<script type="application/json" class="quiz-pool">(.*?)</script>', raw, re.S)
    assert m, "no JSON pool"
    assert "<" not in m.group(1) and ">" not in m.group(1)
    pool = json.loads(m.group(1))
    assert any(HOSTILE in q["stem"] or HOSTILE in q["options"] for q in pool), \
        "the hostile pressure text should reach the pool unchanged"
    soup = BeautifulSoup(raw, "html.parser")
    for script in soup.find_all("script"):
        if "alert(1)" in (script.string or ""):
            assert script.get("type") == "application/json", script
    box = soup.find("div", class_="keyfacts")
    pressure = next(dt for dt in box.find_all("dt") if dt.get_text(strip=True) == "Pressure")
    shown = plain(pressure.find_next_sibling("dd").get_text())
    # As in all the book's prose, docutils' smart quotes turn "--" into an en dash.
    assert shown == HOSTILE.replace("--", "\u2013")
    assert box.find("script") is None
    noscript = soup.find("noscript")
    assert noscript.find("script") is None


# --------------------------------------------------------------------------- LaTeX and text


def _quiz_blocks(tex: str) -> list[str]:
    return re.findall(r"\\begin\{sphinxuseclass\}\{quiz-printed\}(.*?)\\end\{sphinxuseclass\}",
                      tex, re.S)


@pytest.mark.sphinx("latex", testroot="quiz")
@pytest.mark.test_params(shared_result="test-quiz-latex")
class TestLatex:
    def tex(self, app) -> str:
        built(app)
        return (Path(app.outdir) / "quiztest.tex").read_text(encoding="utf-8")

    def test_builds_without_warnings(self, app):
        built(app)
        assert app.warning.getvalue() == "", app.warning.getvalue()

    def test_questions_are_numbered_with_lettered_options_and_no_answers(self, app):
        tex = self.tex(app)
        body, _, key = tex.partition(r"\chapter{Answer key}")
        assert key, "no answer key chapter"
        blocks = _quiz_blocks(body)
        assert len(blocks) == len(QUIZ_PAGES)
        for doc, block in zip(BOOK_ORDER, blocks):
            questions = printed(doc)
            matching = sum(bool(q.prompts) for q in questions)
            assert matching == (doc == GLOSSARY), doc
            select_all = [q for q in questions if q.kind == "multiple"]
            assert len(select_all) == (doc == "safety"), doc  # its stem says so, printed below
            assert all(q.stem.endswith("Select all that apply.") for q in select_all)
            assert block.count(r"\sphinxsetlistlabels{\arabic}{enumi}") == 1, doc
            assert block.count(r"\sphinxsetlistlabels{\Alph}{enumii}") == len(questions), doc
            assert block.count(r"\sphinxsetlistlabels{\arabic}{enumii}") == matching, doc
            items = [tex_plain(i) for i in re.split(r"\\item \{\}", block)[1:]]
            want = []
            for q in questions:  # the stem, (matching) the prompts, the options
                want.append(plain(q.stem))
                want += [plain(p) for p in q.prompts]
                want += [plain(o) for o in q.options]
            got = [re.sub(r"\s*\\(begin|end)\{enumerate\}.*", "", i, flags=re.S).strip()
                   for i in items]
            assert [g.split(r" \sphinxsetlistlabels")[0].strip() for g in got] == want, doc
            text = tex_plain(block)
            for q in questions:
                assert plain(q.explanation) not in text, f"{doc}: an answer beside the question"
        plain_body = tex_plain(body)
        for doc in QUIZ_PAGES:
            for q in printed(doc):
                assert plain(q.explanation) not in plain_body, f"{doc}: {q.id} answered in the text"

    def test_answer_key_chapter_lists_letter_option_and_explanation(self, app):
        key = self.tex(app).partition(r"\chapter{Answer key}")[2]
        text = tex_plain(key)
        position = 0
        for doc in BOOK_ORDER:
            heading = rf"\subsubsection*{{{TITLES[doc]}}}"
            assert heading in key, heading
            for q in printed(doc):
                line = key_line(q)
                found = text.find(line, position)
                assert found >= 0, f"answer key lacks (in order): {line}"
                position = found

    def test_no_html_assets_or_json_in_latex(self, app):
        tex = self.tex(app)
        assert "application/json" not in tex and "quiz-pool" not in tex
        leaked = [p.name for p in Path(app.outdir).rglob("*") if p.name in ASSETS]
        assert leaked == []


@pytest.mark.sphinx("text", testroot="quiz")
@pytest.mark.test_params(shared_result="test-quiz-text")
def test_text_builder_prints_lettered_questions_and_the_key(app):
    built(app)
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    page = plain((out / "techniques.txt").read_text(encoding="utf-8"))
    position = 0
    for n, q in enumerate(printed("techniques"), 1):
        expected = plain(f"{n}. {q.stem} " + " ".join(
            f"{'ABCDEFGH'[i]}. {o}" for i, o in enumerate(q.options)))
        found = page.find(expected, position)
        assert found >= 0, f"techniques.txt lacks: {expected}"
        position = found
        assert plain(q.explanation) not in page
    glossary = plain((out / f"{GLOSSARY}.txt").read_text(encoding="utf-8"))
    match = printed(GLOSSARY)[0]
    assert match.kind == "matching"
    expected = plain(f"1. {match.stem} " + " ".join(
        f"{n}. {p}" for n, p in enumerate(match.prompts, 1)) + " " + " ".join(
        f"{'ABCDEFGH'[i]}. {o}" for i, o in enumerate(match.options)))
    assert expected in glossary, glossary
    assert plain(match.explanation) not in glossary and match.letters not in glossary
    safety = plain((out / "safety.txt").read_text(encoding="utf-8"))
    every = next(q for q in printed("safety") if q.kind == "multiple")
    expected = plain(f"{printed('safety').index(every) + 1}. {every.stem} " + " ".join(
        f"{'ABCDEFGH'[i]}. {o}" for i, o in enumerate(every.options)))
    assert "Select all that apply." in expected and expected in safety, safety
    assert plain(every.explanation) not in safety
    key = plain((out / "answer-key.txt").read_text(encoding="utf-8"))
    for doc in QUIZ_PAGES:
        for q in printed(doc):
            assert key_line(q) in key


# --------------------------------------------------------------------------- errors


def test_directive_errors_are_warnings_naming_the_problem(make_app, tmp_path):
    bank = copy_root(tmp_path, ROOT / "bank", "bank")
    src = copy_root(tmp_path, ERRORS_ROOT)
    app = make_app("html", srcdir=src, confoverrides={"quiz_bank_dir": str(bank)})
    app.build()
    warnings = [w for w in app.warning.getvalue().splitlines() if "WARNING" in w or "ERROR" in w]
    assert len(warnings) == 2, warnings
    facts_warning = next(w for w in warnings if "unknown-facts" in w)
    assert "keyfacts: no bank entry 'technique:no-such-technique'" in facts_warning
    quiz_warning = next(w for w in warnings if "no-questions" in w)
    assert "quiz: the bank has no questions for no-questions" in quiz_warning
    assert (Path(app.outdir) / "index.html").is_file()  # the rest of the book still builds


def test_a_broken_bank_is_a_warning_naming_the_file_not_a_crash(make_app, tmp_path):
    src = copy_root(tmp_path)
    (src / "bank" / "terms.toml").write_text("[[term]\nid = ", encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    warnings = app.warning.getvalue()
    assert "cannot load the question bank" in warnings
    assert "terms.toml: invalid TOML" in warnings
    assert "plain.md" not in warnings  # a page without bank directives is unaffected


# --------------------------------------------------------------------------- dependencies


class Recorder:
    """Which documents one build of a SphinxTestApp read, and which pages it wrote."""

    def __init__(self, app):
        self.read: list[str] = []
        self.written: list[str] = []
        app.connect("env-before-read-docs", lambda _a, _e, docnames: self.read.extend(docnames))
        app.connect("html-page-context", lambda _a, page, *_: self.written.append(page))


def rebuild(make_app, src: Path, **kwargs) -> tuple:
    """One more build of the same project, as a new `sphinx-build` run would do it: the app and
    what it read and wrote; a warning fails the test."""
    app = make_app("html", srcdir=src, **kwargs)
    rec = Recorder(app)
    try:
        app.build()
        assert app.warning.getvalue() == "", app.warning.getvalue()
        return app, rec
    finally:
        app.cleanup()  # unregister its nodes and directives before the next app sets up


@pytest.mark.slow  # several rebuilds
def test_the_bank_is_a_dependency_of_exactly_the_pages_that_render_it(make_app, tmp_path):
    src = copy_root(tmp_path)
    first, rec = rebuild(make_app, src)
    assert set(rec.read) == set(first.env.found_docs)

    # the code that makes the questions from the bank is a dependency of the same pages, so a
    # change to the generator re-reads them too
    # (and so is quiz/wording.py, whose key_text words the printed answers)
    from quiz import generate, model, wording
    code = {os.path.normpath(m.__file__) for m in (generate, model, wording)}
    for doc in BANK_PAGES:
        deps = {os.path.normpath(str(d)) for d in first.env.dependencies[doc]}
        assert code <= deps, doc
    assert not any("sphinxext" in str(d) for doc in BANK_PAGES  # env_version covers those
                   for d in first.env.dependencies[doc])

    # no change: nothing is read, nothing is written
    app, rec = rebuild(make_app, src)
    assert rec.read == [] and "0 added, 0 changed, 0 removed" in app.status.getvalue()
    assert not set(rec.written) & set(app.env.found_docs)

    # the bank's file touched, its content the same: its pages are read again, the key is not
    # written again (what it shows did not change), the page without bank directives is left alone
    terms = src / "bank" / "terms.toml"
    os.utime(terms)  # now: later than the last build read any page
    app, rec = rebuild(make_app, src)
    assert set(rec.read) == BANK_PAGES
    assert "plain" not in rec.written and "answer-key" not in rec.written

    # an edit that changes a printed answer: the same pages are read, and the key is rewritten
    text = terms.read_text(encoding="utf-8")
    edited = text.replace("marker of stress.", "marker of stress (edited).")
    assert edited != text
    terms.write_text(edited, encoding="utf-8")
    app, rec = rebuild(make_app, src)
    assert set(rec.read) == BANK_PAGES
    assert "answer-key" in rec.written and "plain" not in rec.written
    glossary_key = printed_key_text(app)
    assert "marker of stress (edited)." in glossary_key
    assert ".." not in glossary_key  # a definition's own full stop is not doubled


def printed_key_text(app) -> str:
    return plain(soup_of(app, "answer-key").find("div", class_="body").get_text(" "))


# --------------------------------------------------------------------------- parallel (real book)


def _article_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return plain((soup.find("article") or soup.find("main")).get_text(" "))


def _pools(html_dir: Path) -> dict[str, str]:
    out = {}
    for page in sorted(html_dir.rglob("*.html")):
        for n, script in enumerate(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
                                   .find_all("script", class_="quiz-pool")):
            out[f"{page.relative_to(html_dir)}#{n}"] = script.string
    return out


@pytest.mark.slow  # a second, parallel build of the book
def test_the_book_builds_with_two_processes_like_the_serial_build(built_book, repo_root, tmp_path):
    assert built_book.returncode == 0, built_book.output[-2000:]
    html, doctrees = tmp_path / "html", tmp_path / "doctrees"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-j", "2", "-b", "html",
         "-d", str(doctrees), "-c", str(repo_root), str(repo_root / "docs"), str(html)],
        cwd=repo_root, capture_output=True, text=True, timeout=900, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    assert "WARNING" not in output and "ERROR" not in output, output[-3000:]
    key = Path("reference") / "answer-key.html"
    serial = _article_text(built_book.html / key)
    assert serial == _article_text(html / key)
    assert len(serial) > 1000 and re.search(r"\b[A-H]\) ", serial), serial[:500]
    assert _pools(html) == _pools(built_book.html)


# --------------------------------------------------------------------------- Makefile


def test_make_html_passes_jobs_to_sphinx(repo_root):
    make = require_tool("make", "apt-get install make")

    def sphinx_line(*args: str) -> str:
        proc = subprocess.run([make, "-n", "--no-print-directory", "html", *args], cwd=repo_root,
                              capture_output=True, text=True, check=True)
        return next(line for line in proc.stdout.splitlines() if " -m sphinx " in line)

    assert " -j " not in sphinx_line()
    assert " -j auto " in sphinx_line("JOBS=auto")
    assert " -j 2 " in sphinx_line("JOBS=2")
    help_text = subprocess.run([make, "--no-print-directory", "help"], cwd=repo_root,
                               capture_output=True, text=True, check=True).stdout
    assert "JOBS=" in help_text


def test_a_change_to_the_extension_makes_sphinx_read_every_page_again(tmp_path, monkeypatch):
    """Doctrees made by an older version of a directive are never reused: the env_version that
    Sphinx compares is computed from the extension's code."""
    import shutil

    import quiz.sphinxext as ext

    copy = tmp_path / "sphinxext"
    shutil.copytree(os.path.dirname(ext.__file__), copy,
                    ignore=shutil.ignore_patterns("__pycache__", "static"))
    monkeypatch.setattr(ext, "__file__", str(copy / "__init__.py"))
    before = ext._env_version()
    assert ext._env_version() == before  # the same code, the same number
    with open(copy / "bank.py", "a", encoding="utf-8") as fh:
        fh.write("\n# a change\n")
    assert ext._env_version() != before


# -- tablecards: which tables become cards on a phone (no build: docutils' own parser) ------------

def _table(rst: str):
    from docutils import nodes
    from docutils.core import publish_doctree

    return next(publish_doctree(rst, settings_overrides={"report_level": 5}).findall(nodes.table))


THREE_COLUMNS = """
.. list-table::
   :header-rows: 1
   :stub-columns: 1
   %s

   * - Situation
     - What to do
     - Sources
   * - A clot
     - Avoid   massage
     - [1]
"""


def test_a_wide_table_gets_its_column_names_and_roles():
    from quiz.sphinxext import tablecards

    table = _table(THREE_COLUMNS % "")
    names = tablecards.headings(table)
    assert names == ["Situation", "What to do", "Sources"]
    tablecards.mark(table, names)
    assert tablecards.CARDS in table["classes"] and table[tablecards.ROLE] == "table"
    head, body = list(table.findall(lambda n: n.tagname in ("thead", "tbody")))
    assert [e[tablecards.ROLE] for e in head.findall(lambda n: n.tagname == "entry")] == \
        ["columnheader"] * 3
    cells = list(body.findall(lambda n: n.tagname == "entry"))
    assert [(e[tablecards.ROLE], e.get(tablecards.LABEL)) for e in cells] == \
        [("rowheader", "Situation"), ("cell", "What to do"), ("cell", "Sources")]
    assert tablecards.with_attributes('<td class="x">', {"data-label": 'A "b" & c'}) == \
        '<td class="x" data-label="A &quot;b&quot; &amp; c">'
    assert tablecards.with_attributes("<thead>\n", {"role": "rowgroup"}) == \
        '<thead role="rowgroup">\n'


@pytest.mark.parametrize("rst", [
    THREE_COLUMNS % ":class: claims-cards",  # lays itself out on a phone
    (THREE_COLUMNS % "").replace(":header-rows: 1", ":header-rows: 0"),  # no column names
    ".. list-table::\n   :header-rows: 1\n\n   * - When\n     - What\n   * - 1890\n     - Ling\n",
    "+---+---+---+\n| a | b | c |\n+===+===+===+\n| spans | c |\n+-------+---+\n",
], ids=["own-cards", "no-headings", "two-columns", "spanning-cell"])
def test_tables_that_fit_or_cannot_be_named_are_left_alone(rst):
    from quiz.sphinxext import tablecards

    assert tablecards.headings(_table(rst)) is None
