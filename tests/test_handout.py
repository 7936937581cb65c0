"""`python -m quiz handout` (issue 5): printed variants with answer keys, read back with pdftotext.

One 3-variant set is typeset per module, with page numbers from the session's book PDF build
(`book_pdf` in conftest.py). What needs no LaTeX (the LaTeX source, replay codes, the refusal
without LaTeX) runs everywhere.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

import pytest

import pdfutil
from conftest import REPO_ROOT, require_tool
from quiz import __version__, booklocate, generate, handout, replay, typeset
from quiz import bank as bank_mod
from quiz.model import TOPICS, Question, Section
from quiz.render import latex
from quiz.render.texescape import escape

BANK = bank_mod.load()
SEED, COUNT, VARIANTS = 7, 10, (1, 2, 3)  # a seed whose variants hold matching and select-all
ENV = dict(os.environ, PYTHONPATH=str(REPO_ROOT), NO_COLOR="1")


def quiz(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quiz", *args], capture_output=True, text=True,
                          env=env or ENV, cwd=REPO_ROOT, timeout=300, check=False)


def code(variant: int, seed=SEED, count=COUNT, topics=TOPICS) -> str:
    return replay.make(BANK.version, BANK.fingerprint, seed, count, topics, variant)


def expected(variant: int) -> list[Question]:
    return generate.make_quiz(BANK, SEED, COUNT, TOPICS, variant=variant)


@pytest.fixture(scope="module")
def handouts(book_pdf, tmp_path_factory):
    """A 3-variant set with page numbers from the book PDF: {file name: bytes}."""
    require_tool("latexmk", typeset.INSTALL)
    assert book_pdf.returncode == 0, book_pdf.output[-2000:]
    out = tmp_path_factory.mktemp("handouts") / "set"
    r = quiz("handout", "--seed", str(SEED), "--count", str(COUNT), "--variants", "3",
             "-o", str(out), "--book-aux", str(book_pdf.aux))
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr.strip().startswith(
        "wrote 3 sheet(s), 3 answer sheet(s) (a4) and 3 key(s)")
    files = {p.name: p for p in out.iterdir()}
    assert sorted(files) == sorted([n for v in VARIANTS for n in handout.file_names(v)]
                                   + [f"answers-v{v}.pdf" for v in VARIANTS])
    return files


def sheet_text(handouts, v) -> str:
    return pdfutil.norm(pdfutil.text(handouts[f"sheet-v{v}.pdf"], layout=True))


def key_text(handouts, v) -> str:
    return pdfutil.norm(pdfutil.text(handouts[f"key-v{v}.pdf"], layout=True))


@pytest.mark.parametrize("v", VARIANTS)
def test_each_sheet_has_the_generators_questions_in_order(handouts, v):
    text = sheet_text(handouts, v)
    at = 0
    for n, q in enumerate(expected(v), 1):
        found = text.find(f"{n}. {pdfutil.norm(q.stem)}", at)
        assert found >= at, f"question {n} ({q.id}) is not next on sheet {v}"
        at = found
        for number, prompt in enumerate(q.prompts, 1):  # a matching question: blank, then prompt
            found = text.find(f"{number}. {pdfutil.norm(prompt)}", at)
            assert found >= at, f"question {n}: prompt {number} is missing or out of order"
            at = found
        for letter, option in zip("ABCDEFGH", q.options):
            found = text.find(f"{letter}) {pdfutil.norm(option)}", at)
            assert found >= at, f"question {n}: option {letter} is missing or out of order"
            at = found
    for q in expected(v):  # the sheet gives nothing away
        assert pdfutil.norm(q.explanation) not in text
        assert not q.prompts or q.letters not in text
    for kind in ("matching", "multiple"):
        assert any(q.kind == kind for v2 in VARIANTS for q in expected(v2)), \
            f"no variant has a {kind} question: the sheets no longer test one"
    kinds = {q.kind for q in expected(v)}
    # the instructions name the kinds of question this sheet holds, and only those
    assert ("in a matching question, write a letter beside each numbered item" in text) == \
        ("matching" in kinds)
    assert ("where a question says Select all that apply, tick the box of every option that "
            "applies" in text) == ("multiple" in kinds)


@pytest.mark.parametrize("v", VARIANTS)
def test_each_key_has_the_generators_letters_reasons_and_pages(handouts, book_pdf, v):
    text = key_text(handouts, v)
    questions = expected(v)
    # a letter, every keyed letter of a select-all question ("AC"), or for a matching question its
    # pairs ("2 1A 2B 3D 4C" is question 2's key)
    key = r"\d+[A-H](?: \d+[A-H])*|[A-H]+"
    quick = text.split("Quick key: ", 1)[1].split(" 1. ", 1)[0]
    entries = re.findall(rf"(\d+) ({key})(?: |$)", quick)
    assert " ".join(f"{n} {letters}" for n, letters in entries) == quick  # nothing else
    assert [letters for _, letters in entries] == [q.letters for q in questions]
    assert [n for n, _ in entries] == [str(n) for n in range(1, len(questions) + 1)]
    detailed = re.findall(r"(?:^| )(\d+)\. (?:([A-H])\) |(\d+[A-H](?: \d+[A-H])*|[A-H]{2,4}) )",
                          text)
    assert [n for n, _, _ in detailed] == [str(n) for n in range(1, len(questions) + 1)]
    assert [letter or more for _, letter, more in detailed] == [q.letters for q in questions]
    for n, q in enumerate(questions, 1):
        if q.kind == "multiple":  # every keyed letter, then each keyed option, then why
            keyed = " ".join(f"{'ABCDEFGH'[i]}) {pdfutil.norm(q.options[i])}" for i in q.answer)
            assert f"{n}. {q.letters} {keyed} {pdfutil.norm(q.explanation)}" in text, q.id
    labels, _ = booklocate.read_aux(str(book_pdf.aux))
    for q in questions:
        number, page = labels[f"{q.section.doc}:{q.section.label}"]
        assert pdfutil.norm(q.explanation) in text
        assert re.search(rf"{re.escape(number)}\b[^.]*?, p\. {page}\b", text), (q.id, number, page)


def test_key_pages_are_where_the_book_states_the_answer(handouts, book_pdf):
    """Page N of each key entry is the book page (by its printed number) with that section."""
    by_number = {}
    for page in pdfutil.pages(book_pdf.pdf):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        m = lines and re.match(r"^(\d+)(?:\s{2,}|$)|.*\s(\d+)$", lines[-1])  # the footer
        if m:
            by_number.setdefault(m[1] or m[2], pdfutil.norm(page).lower())
    where, _ = booklocate.locate([q.section for q in expected(1)], str(book_pdf.aux),
                                 str(REPO_ROOT / "docs"), [t["term"] for t in BANK["term"]])
    text = key_text(handouts, 1)
    for q in expected(1):
        loc = where[q.section.ref]
        assert pdfutil.norm(loc.text()) in text
        heading = loc.title.split(": ", 1)[1] if loc.title.startswith("Glossary: ") else loc.title
        assert pdfutil.norm(heading).lower() in by_number[loc.page], (q.id, loc)


@pytest.mark.parametrize("v", VARIANTS)
def test_code_version_and_safety_box_are_printed(handouts, v):
    for text in (sheet_text(handouts, v), key_text(handouts, v)):
        assert code(v) in text
        assert f"Book version {__version__}" in text
        assert f"Variant {v}" in text
    sheet = sheet_text(handouts, v)
    box = sheet[sheet.index("Emergency: go now if"):sheet.index("Circle the letter")]
    for flag in BANK["red_flag"]:
        assert (pdfutil.norm(flag["sign"]) in box) == (flag["level"] == "emergency")
    assert "not medical advice" in box
    assert "do not hand out" in key_text(handouts, v)


def test_variants_differ_and_keep_topic_counts(handouts):
    ids = [tuple(q.id for q in expected(v)) for v in VARIANTS]
    assert len(set(ids)) == len(VARIANTS)
    topics = [sorted(q.topic for q in expected(v)) for v in VARIANTS]
    assert topics[0] == topics[1] == topics[2] == sorted(q.topic for q in expected(0))
    assert len({sheet_text(handouts, v) for v in VARIANTS}) == len(VARIANTS)


def test_a4_type1_fonts_and_no_dates(handouts):
    for path in handouts.values():
        info = pdfutil.info(path)
        assert info["Page size"].startswith("595.276 x 841.89")
        assert "CreationDate" not in info and "ModDate" not in info
        assert pdfutil.font_types(path) == {"Type 1"}
        pages = pdfutil.pages(path)
        for i, page in enumerate(pages, 1):
            assert f"Page {i} of {len(pages)}" in page, (path.name, i)


def test_same_arguments_give_byte_identical_pdfs(handouts, book_pdf, tmp_path):
    r = quiz("handout", "--seed", str(SEED), "--count", str(COUNT), "--variants", "3",
             "-o", str(tmp_path / "again"), "--book-aux", str(book_pdf.aux))
    assert r.returncode == 0, r.stderr
    for name, path in handouts.items():
        assert (tmp_path / "again" / name).read_bytes() == path.read_bytes(), name
    # the code printed on a sheet rebuilds exactly that sheet and its key
    r = quiz("handout", "--code", code(2), "-o", str(tmp_path / "one"),
             "--book-aux", str(book_pdf.aux))
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(tmp_path / "one")) == ["answers-v2.pdf", "key-v2.pdf",
                                                    "sheet-v2.pdf"]
    for name in ("answers-v2.pdf", "key-v2.pdf", "sheet-v2.pdf"):
        assert (tmp_path / "one" / name).read_bytes() == handouts[name].read_bytes()


def test_existing_files_are_kept_without_force(handouts, book_pdf, tmp_path):
    out = tmp_path / "set"
    args = ["handout", "--seed", "8", "--count", "3", "--variants", "1", "-o", str(out),
            "--book-aux", str(book_pdf.aux)]
    assert quiz(*args).returncode == 0
    (out / "key-v1.pdf").write_bytes(b"mine")
    r = quiz(*args)
    assert r.returncode == 2
    assert r.stderr == (f"python -m quiz: error: {out / 'sheet-v1.pdf'} already exists: "
                        "use --force to overwrite it\n")
    assert (out / "key-v1.pdf").read_bytes() == b"mine"
    r = quiz(*args, "--force")
    assert r.returncode == 0, r.stderr
    assert (out / "key-v1.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in out.iterdir()) == ["answers-v1.pdf", "key-v1.pdf",
                                                     "sheet-v1.pdf"]  # no leftovers


@pytest.mark.pdf
def test_without_a_book_build_keys_give_titles_and_html_paths(tmp_path):
    require_tool("latexmk", typeset.INSTALL)
    r = quiz("handout", "--seed", "3", "--count", "4", "--variants", "1", "-o", str(tmp_path),
             "--book-aux", str(tmp_path / "none.aux"))
    assert r.returncode == 0, r.stderr
    assert "note: no book PDF build" in r.stderr
    text = pdfutil.norm(pdfutil.text(tmp_path / "key-v1.pdf", layout=True))
    assert "No book PDF build was found" in text
    for q in generate.make_quiz(BANK, 3, 4, TOPICS, variant=1):
        assert q.section.html in text.replace(" ", "")
    assert ", p. " not in text


def test_select_all_options_have_a_box_to_tick_and_the_others_none():
    """From the sheets' LaTeX source (pdftotext cannot see a drawn box): a box before each option
    of a select-all question, a letter to circle before every other option."""
    chosen = handout.papers(BANK, SEED, COUNT, TOPICS, VARIANTS)
    where, _ = handout.locations(BANK, chosen, None, None)
    sources = handout.sources(BANK, chosen, __version__, where, "")
    seen = 0
    for p in chosen:
        items = sources[f"sheet-v{p.variant}"].split("\\item\\qbox")[1:]
        assert len(items) == len(p.questions)
        for item, q in zip(items, p.questions):
            ticks, circles = item.count("\\tickoption{"), item.count("\\option{")
            if q.kind == "multiple":
                seen += 1
                assert q.stem.endswith("Select all that apply.") and escape(q.stem) in item
                assert (ticks, circles) == (len(q.options), 0), q.id
            else:
                assert (ticks, circles) == (0, len(q.options)), q.id
    assert seen, "no select-all question in these variants"


@pytest.mark.pdf
def test_every_latex_special_character_is_printed_as_written(tmp_path):
    require_tool("latexmk", typeset.INSTALL)
    nasty = ("Back\\slash {braces} $5 & 100% #1 a_b ~x ^y <lt> \"dq\" |bar| --- 'q' `g` [sq] "
             "– − ≤ ≥ “c”")
    q = Question("t:x", "terms", "t", f"Stem {nasty}?", (nasty, "plain"), (0,), nasty,
                 Section("techniques/swedish", "swedish-what"), (), ("a", "b"))
    match = Question("m:x", "terms", "m", "Match these.", ("one", "two", nasty), (2, 0, 1), "Why.",
                     Section("techniques/swedish", "swedish-what"), (), ("a", "b", "c"),
                     prompts=(f"P {nasty}", "second", "third"))
    every = Question("a:x", "terms", "a", "Which? Select all that apply.",
                     ("first", nasty, "third", "fourth"), (0, 1), f"Both {nasty}.",
                     Section("techniques/swedish", "swedish-what"), (), ("a", "b", "c", "d"))
    pdfs = typeset.typeset(
        {"s": latex.sheet([q, match, every], 1, "CODE-v1", "9.9.9", [nasty]),
         "k": latex.key([q, match, every], 1, "CODE-v1", "9.9.9", ["x", "y", "z"], "")},
        str(tmp_path))
    (tmp_path / "s.pdf").write_bytes(pdfs["s"])
    (tmp_path / "k.pdf").write_bytes(pdfs["k"])
    text = pdfutil.norm(pdfutil.text(tmp_path / "s.pdf", layout=True)).replace("−", "-")
    printed = pdfutil.norm(nasty).replace("−", "-")
    assert f"1. Stem {printed}?" in text
    assert f"A) {printed}" in text
    assert "2. Match these." in text
    assert f"1. P {printed} 2. second 3. third A) one B) two C) {printed}" in text
    assert f"3. Which? Select all that apply. A) first B) {printed} C) third D) fourth" in text
    key = pdfutil.norm(pdfutil.text(tmp_path / "k.pdf", layout=True)).replace("−", "-")
    assert "Quick key: 1 A 2 1C 2A 3B 3 AB " in key and "2. 1C 2A 3B Why. Book: y" in key
    assert f"3. AB A) first B) {printed} Both {printed}. Book: z" in key


def test_correct_letters_are_balanced_over_twenty_variants():
    """From the keys' LaTeX source (no typesetting): each letter is keyed about a quarter of the
    time, among the one-best-answer questions with four options (left out: a true/false question
    keys A or B, a select-all question several letters such as `AC`, a matching question pairs
    such as `1C 2A 3B`)."""
    chosen = handout.papers(BANK, 11, 20, TOPICS, range(1, 21))
    where, _ = handout.locations(BANK, chosen, None, None)
    sources = handout.sources(BANK, chosen, __version__, where, "")
    letters, left_out = Counter(), set()
    for p in chosen:
        line = sources[f"key-v{p.variant}"].split("Quick key:")[1].split("\\par")[0]
        quick = re.findall(r"\\mbox\{(\d+)\\enspace\{\}([A-H]+|\d+[A-H](?: \d+[A-H])*)\}", line)
        assert [letter for _, letter in quick] == [q.letters for q in p.questions]
        letters.update(letter for (_, letter), q in zip(quick, p.questions)  # not ordered scales
                       if q.kind == "single" and len(q.options) == 4
                       and q.template != "redflag-level")
        left_out.update(q.kind for q in p.questions if q.kind != "single")
    assert left_out >= {"truefalse", "multiple", "matching"}, left_out  # each kind was drawn
    total = sum(letters.values())
    assert set(letters) == set("ABCD") and total >= 150
    for letter, n in letters.items():
        assert abs(n / total - 0.25) < 0.04, letters


def test_without_latex_one_line_names_the_packages(tmp_path):
    env = dict(ENV, PATH=str(tmp_path))  # no latexmk, no pdflatex
    r = quiz("handout", "--seed", "1", "-o", str(tmp_path / "out"), env=env)
    assert r.returncode == 2
    assert r.stderr == ("python -m quiz: error: latexmk is not installed; on Debian or Ubuntu: "
                        f"sudo {typeset.INSTALL}\n")
    assert not (tmp_path / "out").exists()


def test_handout_usage_errors_are_one_line():
    r = quiz("handout", "--code", code(2), "--variants", "2", "-o", "x")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "leave out --variants" in r.stderr
    r = quiz("handout", "--seed", "1")
    assert r.returncode == 2 and "-o/--output" in r.stderr


def test_replay_codes_name_a_variant_and_stay_compatible():
    assert code(0) == replay.make(BANK.version, BANK.fingerprint, SEED, COUNT, TOPICS)
    assert code(3).endswith("-v3")
    parsed = replay.parse(code(3))
    assert tuple(parsed) == (BANK.version, BANK.fingerprint[:6], SEED, COUNT, TOPICS)
    assert parsed.variant == 3 and replay.parse(code(0)).variant == 0
    with pytest.raises(Exception, match="not a replay code"):
        replay.parse(code(0) + "-v")


def test_the_terminal_quiz_replays_a_handout_variant():
    import json

    r = quiz("--code", code(2), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["code"] == code(2)
    assert [q["id"] for q in data["questions"]] == [q.id for q in expected(2)]
    r = quiz("export", "--format", "json", "--code", code(2))
    assert r.returncode == 2 and "-vN" in r.stderr


def test_the_quiz_does_not_load_the_handout_code():
    probe = ("import sys, quiz.cli; quiz.cli.main(['--seed','1','--format','json']); "
             "print(sorted(m for m in sys.modules if m in ('quiz.handout', 'quiz.typeset', "
             "'quiz.render.latex', 'quiz.booklocate', 'concurrent.futures', 'tempfile')))")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=ENV,
                       check=False)
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_locations_come_from_the_aux_file_and_the_chapters(tmp_path):
    """Without LaTeX: a small .aux and .tex as Sphinx writes them, and a docs folder."""
    (tmp_path / "book.aux").write_text(
        "\\relax\n\\newlabel{techniques/swedish:swedish-direction}{{9.3}{45}{Which way}"
        "{section.9.3}{}}\n\\newlabel{reference/glossary:term-red-flag}{{A}{77}{\\kern x}{s}{}}\n"
        "\\newlabel{start/safety:red-flags}{{4}{9}{Red flags}{chapter.4}{}}\n")
    (tmp_path / "book.tex").write_text("\\title{Massage}\n\\release{0.9.1}\n")
    docs = tmp_path / "docs"
    (docs / "techniques").mkdir(parents=True)
    (docs / "techniques" / "swedish.md").write_text(
        "# Swedish massage\n\n(swedish-direction)=\n## Which way the *strokes* go\n\ntext\n")
    sections = [Section("techniques/swedish", "swedish-direction"),
                Section("reference/glossary", "term-red-flag"),
                Section("start/safety", "red-flags"), Section("start/safety", "nowhere")]
    where, release = booklocate.locate(sections, str(tmp_path / "book.aux"), str(docs),
                                       ["red flag"])
    assert release == "0.9.1"
    assert [where[s.ref].text() for s in sections] == [
        "9.3 Which way the strokes go, p. 45",
        "Appendix A, Glossary: red flag, p. 77",
        "Chapter 4, red-flags, p. 9",  # no docs/start/safety.md here: the label stands in
        "nowhere (start/safety.html#nowhere)",  # not in the build: the HTML path
    ]
    where, release = booklocate.locate(sections[:1], str(tmp_path / "none.aux"), str(docs))
    assert release == "" and where[sections[0].ref].text() == (
        "Which way the strokes go (techniques/swedish.html#swedish-direction)")
    assert "No book PDF build" in handout.pages_note("", "x.aux")
    assert "version 0.9.1" in handout.pages_note("0.9.1", "x.aux")


@pytest.mark.slow
def test_letter_paper_and_no_answer_sheet(tmp_path):
    require_tool("latexmk", typeset.INSTALL)
    pdfium = pytest.importorskip("pypdfium2") if os.environ.get("CI") != "true" else \
        __import__("pypdfium2")
    r = quiz("handout", "--seed", "3", "--count", "4", "--variants", "1", "-o", str(tmp_path / "a"),
             "--book-aux", str(tmp_path / "none.aux"), "--paper", "letter")
    assert r.returncode == 0, r.stderr
    for name in ("sheet-v1.pdf", "key-v1.pdf", "answers-v1.pdf"):
        doc = pdfium.PdfDocument(str(tmp_path / "a" / name))
        assert [round(v) for v in doc[0].get_size()] == [612, 792], name  # US Letter, points
        doc.close()
    r = quiz("handout", "--seed", "3", "--count", "4", "--variants", "1", "-o", str(tmp_path / "b"),
             "--book-aux", str(tmp_path / "none.aux"), "--no-answer-sheet")
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(tmp_path / "b")) == ["key-v1.pdf", "sheet-v1.pdf"]


def test_an_exports_variant_n_is_the_handouts_sheet_vn():
    # The guide: variant N of `export --variants N+1` is the paper of sheet-vN.pdf (variant 0 is
    # the quiz itself), so a printed set can also go on a learning platform.
    from quiz import export

    exported = export.select(BANK, SEED, COUNT, TOPICS, len(VARIANTS) + 1)
    for paper in handout.papers(BANK, SEED, COUNT, TOPICS, VARIANTS):
        assert [(q.id, q.options, q.answer) for q in paper.questions] == \
            [(q.id, q.options, q.answer) for q in exported[paper.variant]]
    assert exported[0] != exported[1]
