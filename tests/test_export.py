"""`python -m quiz export`: every format is parsed back and compared with the generator's questions.

GIFT is read by a small parser that follows Moodle's importer (escapes, titles, `=`/`~`, `#`
feedback, `####` general feedback, the TRUE/FALSE form, the `=prompt -> option` matching form).
QTI is parsed as XML (QTI 1.2 items followed from each assessment's `itemref` to their own files
through the manifest), Anki's .apkg is opened as a zip holding an SQLite collection, and the
Kahoot sheet is read with the csv module. Matching and select-all questions go through every
format; a select-all question's scoring is run on every set of options a learner could pick (as
Moodle, the QTI 1.2 and the QTI 2.1 response processing would score it): full marks for exactly
the keyed set, never for anything else.
Every subprocess runs with HOME and XDG_DATA_HOME in a temporary folder.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import os
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest
from conftest import require_module

from quiz import bank as bank_mod
from quiz import generate, replay
from quiz.errors import ExportError, NothingToExport
from quiz.export import render as export_render
from quiz.fileio import write_atomic
from quiz.model import LETTERS, TOPICS, Question, Section
from quiz.render import csv as kahoot
from quiz.render import gift, qti, qti21
from quiz.render.common import (general_feedback, ident, key_text, key_words, option_feedback,
                                response_feedback)
from quiz.render.short import forms as short_forms
from quiz.wording import normalise
from quiz.render.short import shorten

BANK = bank_mod.load()
FORMS = short_forms(BANK)  # the bank's short forms, which the Kahoot sheets use


def shortened(qs: list[Question]) -> list[Question]:
    return [shorten(q, FORMS) for q in qs]
TRICKY = Question(
    "tech-attr:tricky+x", "techniques", "tech-attr",
    "Is {braces} = equals: colon ~ tilde # hash \\ backslash <b> & a\nnew line?",
    ("a {b} = c: d", "~plain~ #one#", "back\\slash }{", "%50% weight-looking"), (2,),
    "Because: {x} = y ~ z # w \\ v <i>not html</i> & co.",
    Section("techniques/swedish", "swedish-what"), ("key1",), ("a", "b", "c", "d"))
TRICKY_TF = Question("claim-tf:tricky", "claims", "claim-tf", "True or false: 1 + 1 = 2 {yes}?",
                     ("True", "False"), (1,), "It's a trick: {no} = #no.",
                     Section("benefits/circulation", "benefit-toxins"), (), ("True", "False"))
TRICKY_MATCH = Question(
    "term-match:tricky+y", "terms", "term-match", "Match {each} = term -> its: #meaning ~ & <b>?",
    ("opt {1} = one", "two -> three: four", "five #six ~seven </b> & co", "%20% eight }{ \\"),
    (2, 0, 3, 1), "Pairs: {a} -> b = c # d ~ e.", Section("reference/glossary", "glossary"), (),
    ("f1", "f2", "f3", "f4"),
    ("a {b} = c", "x -> y: z", "#hash ~tilde", "%50% \\ back <i>"))
TRICKY_MULTI = Question(
    "contra-all:tricky+z", "safety", "contra-all",
    "Which {of} these = apply: #all ~ & <b>? Select all that apply.",
    ("%50% weight-looking {a}", "=equals: first ~", "plain & <i>", "#hash \\ back }{"), (0, 1, 3),
    "Because: {x} = y ~ z # w \\ v <i>not html</i> & co.",
    Section("start/safety", "contraindications"), ("key1",), ("a", "b", "c", "d"))
POOL = generate.all_questions(BANK, 0)
MATCHING = [q for q in POOL if q.kind == "matching"]
MULTIPLE = [q for q in POOL if q.kind == "multiple"]


def picks(q: Question) -> list[frozenset[int]]:
    """Every set of options a learner could tick (the empty set too)."""
    n = range(len(q.options))
    return [frozenset(c) for k in range(len(q.options) + 1) for c in itertools.combinations(n, k)]


def learner_choices(q: Question) -> list[tuple[frozenset[int], object]]:
    """(options ticked, the choice as `q.is_right` takes it) for every response a learner can
    give to a choice question: every set of a select-all question, each option of the others."""
    if q.kind == "multiple":
        return [(ticked, ticked) for ticked in picks(q)]
    return [(frozenset([i]), i) for i in range(len(q.options))]


@pytest.fixture()
def env(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    return {**os.environ, "NO_COLOR": "1", "HOME": str(home),
            "XDG_DATA_HOME": str(tmp_path / "xdg")}


def run(env, *args, cwd=None):
    return subprocess.run([sys.executable, "-m", "quiz", *args], capture_output=True, env=env,
                          cwd=cwd, timeout=120)


def questions(seed, count, topics=TOPICS, variant=0):
    return generate.make_quiz(BANK, seed, count, tuple(topics), variant=variant)


def code_for(seed, count, topics=TOPICS):
    return replay.make(BANK.version, BANK.fingerprint, seed, count, topics)


# --- a small GIFT parser, after Moodle's qformat_gift ----------------------------------------

ESCAPES = {"\\\\": "\x00", "\\:": "\x01", "\\#": "\x02", "\\=": "\x03", "\\{": "\x04",
           "\\}": "\x05", "\\~": "\x06", "\\n": "\x07"}
PLAIN = {"\x00": "\\", "\x01": ":", "\x02": "#", "\x03": "=", "\x04": "{", "\x05": "}",
         "\x06": "~", "\x07": "\n"}


def _protect(text: str) -> str:
    for esc, placeholder in ESCAPES.items():
        text = text.replace(esc, placeholder)
    return text


def _restore(text: str, as_html: bool = True) -> str:
    for placeholder, ch in PLAIN.items():
        text = text.replace(placeholder, ch)
    return html.unescape(text.strip()) if as_html else text.strip()


# Moodle's qformat_gift::readquestion: a multichoice answer's weight, and its allowed grades
# (question_bank::fraction_options_full(), checked by match_grade_options within 0.00001)
GIFT_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")
MOODLE_FRACTIONS = [0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
                    0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05]
MOODLE_GRADES = [0.0, 1.0, -1.0, *MOODLE_FRACTIONS, *(-f for f in MOODLE_FRACTIONS)]


def parse_gift(text: str) -> list[dict]:
    """Each question as a dict: category, title, stem, kind, general, and by kind options, key,
    weights (percent) and feedback (single; multiple, Moodle's multiple-answer form: a `~` and no
    `=`), truth and feedback (true/false) or pairs (matching)."""
    out, category = [], None
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [ln for ln in block.split("\n") if not ln.strip().startswith("//")]
        body = _protect("\n".join(lines).strip())
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            category = body[len("$CATEGORY:"):].strip()
            continue
        assert body.startswith("::"), body
        title, rest = body[2:].split("::", 1)
        # every special character in the text is escaped: only the answer braces are left
        assert rest.count("{") == 1 and rest.count("}") == 1, rest
        start, end = rest.index("{"), rest.index("}")
        assert rest[end + 1:].strip() == ""
        stem, answers = rest[:start].strip(), rest[start + 1:end].strip()
        assert stem.startswith("[html]")
        answers, _, general = answers.rpartition("####") if "####" in answers else (answers, "", "")
        q = {"category": category, "title": _restore(title, as_html=False),
             "stem": _restore(stem[len("[html]"):]), "general": _restore(general)}
        if "~" in answers:
            # Moodle: no `=` anywhere means several answers may be ticked (single = 0)
            q["kind"] = "single" if "=" in answers else "multiple"
            q["options"], q["feedback"], q["key"], q["weights"] = [], [], [], []
            for i, part in enumerate(p for p in answers.replace("=", "~=").split("~") if p.strip()):
                part = part.strip()
                weight = 0.0
                if part.startswith("="):
                    weight, part = 100.0, part[1:]
                elif GIFT_WEIGHT.match(part):  # Moodle's answerweightparser
                    end = part.index("%", 1)
                    weight, part = float(part[1:end]), part[end + 1:]
                if weight > 0:
                    q["key"].append(i)
                q["weights"].append(weight)
                answer, _, feedback = part.partition("#")
                q["options"].append(_restore(answer))
                q["feedback"].append(_restore(feedback))
        elif "->" in answers:
            # Moodle: split on `=`, then each pair on its first `->`; no text may hold another
            pairs = [part.strip() for part in answers.split("=") if part.strip()]
            assert all(part.count("->") == 1 for part in pairs), pairs
            q.update(kind="matching", pairs=[
                (_restore(left), _restore(right))
                for left, _, right in (part.partition("->") for part in pairs)])
        else:
            answer, wrong, right = (answers.split("#", 2) + ["", ""])[:3]
            assert answer.strip() in ("TRUE", "FALSE", "T", "F"), answers
            q.update(kind="truefalse", truth=answer.strip() in ("TRUE", "T"),
                     wrong=_restore(wrong), right=_restore(right))
        out.append(q)
    return out


def check_gift_question(parsed: dict, q: Question, book_url=None) -> None:
    assert parsed["title"] == ident(q.id) and re.fullmatch(r"[A-Za-z0-9_-]+", parsed["title"])
    assert parsed["stem"] == q.stem
    assert q.section.html in parsed["general"]
    url = book_url.rstrip("/") + "/" + q.section.html if book_url else None
    book = f'Read more in the book: <a href="{url}">{url}</a>' if book_url else \
        general_feedback(q)
    assert parsed["general"].endswith(book)
    if q.kind == "matching":
        assert parsed["kind"] == "matching"
        assert parsed["pairs"] == list(q.pairs) and len(q.pairs) == len(q.prompts) >= 3
        assert parsed["general"] == f"{q.explanation} {book}"
    elif q.kind == "truefalse":
        assert parsed["kind"] == "truefalse"
        assert parsed["truth"] == (q.options[q.answer[0]] == "True")
        assert parsed["right"] == option_feedback(q, q.answer[0], letters=False)
        assert parsed["wrong"] == option_feedback(q, 1 - q.answer[0], letters=False)
        assert q.explanation in parsed["right"] and q.explanation in parsed["wrong"]
    else:
        assert parsed["kind"] == q.kind  # single, or multiple: Moodle's checkboxes
        assert parsed["options"] == list(q.options)
        assert parsed["key"] == list(q.answer)
        assert parsed["feedback"] == [option_feedback(q, i, letters=False)
                                      for i in range(len(q.options))]
        assert all(q.explanation in fb for fb in parsed["feedback"])
        # Moodle shuffles a question's answers: the feedback names the key by its words, and
        # never by a letter that would point at another answer after shuffling.
        # The key is stated once: by its words, or (a single-answer question) by the
        # explanation when that names it.
        key = "; ".join(q.options[i] for i in q.answer).rstrip(".")
        for fb in parsed["feedback"]:
            if fb.startswith("Correct."):
                continue
            if f"the answer is {key}. " not in fb.replace("The answer", "the answer"):
                assert q.kind == "single" and fb == f"Not quite. {q.explanation}", fb
                assert normalise(key) in normalise(q.explanation), (q.id, fb)
        assert not any(re.search(r"\b[A-H]\) ", fb) for fb in parsed["feedback"])
        if q.kind == "multiple":
            check_moodle_multiple_answer(parsed, q)


def moodle_mark(weights: list[float], ticked) -> float:
    """Moodle's mark for a multiple-answer multichoice: the ticked answers' fractions added up,
    kept between 0 and 1 (qtype_multichoice grade_responses)."""
    return min(max(sum(weights[i] / 100 for i in ticked), 0.0), 1.0)


def check_moodle_multiple_answer(parsed: dict, q: Question) -> None:
    """What Moodle's importer and its multichoice type ask of a multiple-answer question: every
    weight one of Moodle's grades, the positive ones adding up to 100 (to 2 decimals of the
    fraction), only the keys positive, each wrong option negative; and full marks for exactly
    the keyed set, whatever else a learner ticks."""
    weights = parsed["weights"]
    assert len(q.answer) >= 2
    for w in weights:
        assert any(abs(w / 100 - g) < 0.00001 for g in MOODLE_GRADES), w
    keyed = [w for i, w in enumerate(weights) if i in q.answer]
    assert all(w > 0 for w in keyed) and len(set(keyed)) == 1
    assert sum(keyed) == pytest.approx(100, abs=0.001)
    assert round(sum(w for w in weights if w > 0) / 100, 2) == 1
    assert all(w == -100 for i, w in enumerate(weights) if i not in q.answer)
    for ticked in picks(q):
        assert (moodle_mark(weights, ticked) == pytest.approx(1)) == q.is_right(ticked), ticked
    for i, fb in enumerate(parsed["feedback"]):
        assert key_words(q).rstrip(".") in fb
        assert fb.startswith("Yes, this one applies." if i in q.answer else "No, this one does not")


def test_gift_round_trips_the_generators_questions(env):
    r = run(env, "export", "--format", "gift", "--seed", "42", "--count", "15")
    assert r.returncode == 0, r.stderr
    assert r.stderr == b""
    text = r.stdout.decode("utf-8")
    parsed = parse_gift(text)
    qs = questions(42, 15)
    assert len(parsed) == len(qs) == 15
    for p, q in zip(parsed, qs):
        check_gift_question(p, q)
        assert p["category"] == f"Massage for Back Spasms/{code_for(42, 15)}"
    assert {p["kind"] for p in parse_gift(gift.render([POOL], "c", BANK.version))} == {
        "single", "truefalse", "matching", "multiple"}


def test_gift_matching_questions_of_the_generator_parse_back_as_pairs(env):
    r = run(env, "export", "--format", "gift", "--topic", "terms", "--count", "40", "--seed", "3")
    assert r.returncode == 0, r.stderr
    qs = questions(3, 40, ["terms"])
    assert sum(q.kind == "matching" for q in qs) >= 2
    parsed = parse_gift(r.stdout.decode("utf-8"))
    assert [p["title"] for p in parsed] == [ident(q.id) for q in qs]
    for p, q in zip(parsed, qs):
        check_gift_question(p, q)
        if q.kind == "matching":
            assert [left for left, _ in p["pairs"]] == list(q.prompts)
            assert sorted(right for _, right in p["pairs"]) == sorted(q.options)


def test_gift_escapes_every_special_character_in_titles_text_and_feedback():
    text = gift.render([[TRICKY, TRICKY_TF]], "CODE", "0.0.0", book_url="https://x.org/b/")
    question_text = text.split("$CATEGORY")[1]
    # no special character is left bare outside the answer syntax
    stem_line = next(ln for ln in question_text.splitlines() if ln.startswith("::tech-attr"))
    assert stem_line.startswith("::tech-attr_tricky_x::[html]Is \\{braces\\} \\= equals\\: colon")
    assert "\\~ tilde \\# hash \\\\ backslash &lt;b&gt; &amp; a\\nnew line? {" in stem_line
    parsed = parse_gift(text)
    check_gift_question(parsed[0], TRICKY, "https://x.org/b/")
    check_gift_question(parsed[1], TRICKY_TF, "https://x.org/b/")
    assert parsed[1]["truth"] is False
    assert ('<a href\\="https\\://x.org/b/techniques/swedish.html\\#swedish-what">'
            "https\\://x.org/b/techniques/swedish.html\\#swedish-what</a>") in text


def test_gift_matching_escapes_braces_equals_colons_arrows_and_hashes():
    text = gift.render([[TRICKY_MATCH]], "CODE", "0.0.0", book_url="https://x.org/b/")
    block = text.split("$CATEGORY")[1]
    lines = block.splitlines()
    head = next(ln for ln in lines if ln.startswith("::term-match"))
    assert head == ("::term-match_tricky_y::[html]Match \\{each\\} \\= term -&gt; its\\: "
                    "\\#meaning \\~ &amp; &lt;b&gt;? {")
    pair_lines = [ln for ln in lines if ln.startswith("\t=")]
    assert pair_lines == [
        "\t=a \\{b\\} \\= c -> five \\#six \\~seven &lt;/b&gt; &amp; co",
        "\t=x -&gt; y\\: z -> opt \\{1\\} \\= one",
        "\t=\\#hash \\~tilde -> &\\#37;20% eight \\}\\{ \\\\",
        "\t=&\\#37;50% \\\\ back &lt;i&gt; -> two -&gt; three\\: four",
    ]
    assert all(ln.count("->") == 1 for ln in pair_lines)
    (parsed,) = parse_gift(text)
    check_gift_question(parsed, TRICKY_MATCH, "https://x.org/b/")
    assert parsed["pairs"][1] == ("x -> y: z", "opt {1} = one")


def test_gift_select_all_questions_of_the_generator_are_moodle_multiple_answer(env):
    r = run(env, "export", "--format", "gift", "--topic", "safety", "--count", "40", "--seed", "1")
    assert r.returncode == 0, r.stderr
    qs = questions(1, 40, ["safety"])
    multiple = [q for q in qs if q.kind == "multiple"]
    assert len(multiple) >= 2
    parsed = parse_gift(r.stdout.decode("utf-8"))
    assert [p["title"] for p in parsed] == [ident(q.id) for q in qs]
    for p, q in zip(parsed, qs):
        check_gift_question(p, q)
    assert {len(q.answer) for q in MULTIPLE} == {2, 3}  # both weightings: 50 and 33.33333
    for p, q in zip(parse_gift(gift.render([MULTIPLE], "c", BANK.version)), MULTIPLE,
                    strict=True):
        check_gift_question(p, q)


def test_gift_select_all_weights_and_escapes():
    text = gift.render([[TRICKY_MULTI, TRICKY_MULTI._replace(answer=(1, 2))]], "CODE", "0.0.0",
                       book_url="https://x.org/b/")
    blocks = text.split("$CATEGORY")[1].split("\n\n")[1:]
    three, two = ([ln for ln in block.splitlines() if ln.startswith("\t~")] for block in blocks)
    # each answer up to its `#` feedback: the weight, then the escaped text (a leading `%` as
    # `&#37;`, so that Moodle reads only the first `%50%` as a weight)
    assert [re.split(r"(?<!\\)#", ln)[0] for ln in three] == [
        "\t~%33.33333%&\\#37;50% weight-looking \\{a\\}",
        "\t~%33.33333%\\=equals\\: first \\~",
        "\t~%-100%plain &amp; &lt;i&gt;",
        "\t~%33.33333%\\#hash \\\\ back \\}\\{",
    ]
    assert [GIFT_WEIGHT.match(ln[2:]).group(0) for ln in two] == ["%-100%", "%50%", "%50%",
                                                                   "%-100%"]
    assert "=" not in "".join(ln.replace("\\=", "") for ln in three + two)  # no `=`: checkboxes
    parsed = parse_gift(text)
    check_gift_question(parsed[0], TRICKY_MULTI, "https://x.org/b/")
    check_gift_question(parsed[1], TRICKY_MULTI._replace(answer=(1, 2)), "https://x.org/b/")
    assert parsed[0]["options"][0] == "%50% weight-looking {a}"  # not read as a second weight
    assert gift.key_weight(2) == "50" and gift.key_weight(3) == "33.33333"


def test_gift_every_question_of_the_bank_parses_back():
    pool = generate.all_questions(BANK, 7)
    for p, q in zip(parse_gift(gift.render([pool], "c", BANK.version)), pool, strict=True):
        check_gift_question(p, q)


def test_gift_variants_are_the_generators_variants_in_their_own_categories(env):
    r = run(env, "export", "--format", "gift", "--seed", "5", "--count", "6", "--variants", "3")
    assert r.returncode == 0, r.stderr
    parsed = parse_gift(r.stdout.decode())
    code = code_for(5, 6)
    for v in range(3):
        mine = [p for p in parsed if p["category"] == f"Massage for Back Spasms/{code}/variant {v}"]
        assert [p["title"] for p in mine] == [ident(q.id) for q in questions(5, 6, variant=v)]
        for p, q in zip(mine, questions(5, 6, variant=v)):
            check_gift_question(p, q)


def test_export_json_is_exactly_the_quiz_json(env):
    args = ["--seed", "77", "--count", "7", "--topic", "claims,safety"]
    exported = run(env, "export", "--format", "json", *args)
    quiz = run(env, *args, "--format", "json")
    assert exported.returncode == quiz.returncode == 0
    assert exported.stdout == quiz.stdout
    code = json.loads(quiz.stdout)["code"]
    again = run(env, "export", "--format", "json", "--code", code)
    assert again.stdout == quiz.stdout


def test_export_json_variants(env):
    r = run(env, "export", "--format", "json", "--seed", "3", "--count", "4", "--variants", "2")
    data = json.loads(r.stdout)
    assert data["code"] == code_for(3, 4)
    for v, block in enumerate(data["variants"]):
        assert block["variant"] == v
        assert [q["id"] for q in block["questions"]] == [q.id for q in questions(3, 4, variant=v)]


# --- QTI --------------------------------------------------------------------------------------

def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def _ns(tag: str) -> str:
    return "{*}" + tag


def qti12_items(data: bytes) -> dict[str, list[ET.Element]]:
    """Assessment ident -> its items in quiz order, followed from the assessment's `itemref`s to
    the item files the manifest lists, after checking the layout: every file of the zip is in
    the manifest and every manifest file is in the zip; each item resource is a file holding
    exactly one item, whose ident is the resource's identifier; no assessment holds an item
    inline; an assessment depends on its meta and on each item it refers to."""
    zf = _zip(data)
    names = set(zf.namelist())
    manifest = ET.fromstring(zf.read("imsmanifest.xml"))
    resources = manifest.findall(".//{*}resource")
    listed = {f.get("href") for res in resources for f in res.findall("{*}file")}
    assert listed == names - {"imsmanifest.xml"}, (listed ^ names)
    items = {}
    for res in resources:
        if res.get("type") == "imsqti_item_xmlv1p2":
            (href,) = [f.get("href") for f in res.findall("{*}file")]
            assert res.get("href") == href and href.startswith("items/")
            root = ET.fromstring(zf.read(href))
            (item,) = root.findall(".//{*}item")
            assert root.find("{*}item") is item and item.get("ident") == res.get("identifier")
            assert res.get("identifier") not in items
            items[res.get("identifier")] = item
    out = {}
    for res in resources:
        if res.get("type") == "imsqti_xmlv1p2":
            (href,) = [f.get("href") for f in res.findall("{*}file")]
            root = ET.fromstring(zf.read(href))
            (test,) = root.findall(".//{*}assessment")
            assert test.get("ident") == res.get("identifier")
            assert root.findall(".//{*}item") == []  # the items live in their own files
            refs = [ref.get("linkrefid") for ref in root.findall(".//{*}section/{*}itemref")]
            deps = [d.get("identifierref") for d in res.findall("{*}dependency")]
            assert deps == [f"{test.get('ident')}-meta", *refs]
            out[test.get("ident")] = [items[ref] for ref in refs]
            ET.fromstring(zf.read(f"{test.get('ident')}/assessment_meta.xml"))
    referred = {item.get("ident") for quiz in out.values() for item in quiz}
    assert referred == set(items)  # no item file is left unused
    return out


def _text(el: ET.Element) -> str:
    return el.find(f"{_ns('material')}/{_ns('mattext')}").text


def check_qti12_item(item: ET.Element, q: Question, variant: int = 0) -> None:
    iid = item.get("ident")
    assert iid == qti.item_ident(q, variant) and item.get("title") == q.id
    stem = item.find(f"{_ns('presentation')}/{_ns('material')}/{_ns('mattext')}").text
    assert html.unescape(re.sub("<[^>]+>", "", stem)) == q.stem
    meta = {f.find(_ns("fieldlabel")).text: f.find(_ns("fieldentry")).text
            for f in item.findall(f"{_ns('itemmetadata')}//{_ns('qtimetadatafield')}")}
    feedback = {fb.get("ident"): "".join(fb.itertext())
                for fb in item.findall(".//{*}itemfeedback")}
    assert q.section.html in feedback["general_fb"]
    scored = [c for c in item.findall(".//{*}respcondition") if c.find(_ns("setvar")) is not None]
    if q.kind == "matching":
        assert meta["question_type"] == "matching_question"
        lids = item.findall(f"{_ns('presentation')}/{_ns('response_lid')}")
        assert [_text(lid) for lid in lids] == list(q.prompts)
        labels = {}
        for lid in lids:  # every prompt offers every option, under the same labels
            offered = {lb.get("ident"): _text(lb)
                       for lb in lid.findall(f".//{_ns('response_label')}")}
            assert list(offered.values()) == list(q.options)
            assert labels in ({}, offered)
            labels = offered
        prompt_of = {lid.get("ident"): _text(lid) for lid in lids}
        pairs = [(prompt_of[c.find(f".//{_ns('varequal')}").get("respident")],
                  labels[c.find(f".//{_ns('varequal')}").text]) for c in scored]
        assert pairs == list(q.pairs)
        assert all(c.find(_ns("setvar")).get("action") == "Add" for c in scored)
        assert sum(float(c.find(_ns("setvar")).text) for c in scored) == pytest.approx(100, abs=0.1)
        assert html.escape(q.explanation, quote=False) in feedback["general_fb"]
        return
    labels = item.findall(f".//{_ns('response_label')}")
    assert [lb.find(f".//{_ns('mattext')}").text for lb in labels] == list(q.options)
    idents = [lb.get("ident") for lb in labels]
    for i, ident in enumerate(idents):
        assert html.escape(option_feedback(q, i), quote=False) in feedback[f"{ident}_fb"]
    (lid,) = item.findall(f"{_ns('presentation')}/{_ns('response_lid')}")
    (right,) = scored
    assert right.find(_ns("setvar")).text == "100"
    if q.kind == "multiple":
        # Canvas's multiple_answers_question: checkboxes, and one condition that `and`s each
        # key with a `not` of each other option (lib/cc/qti/qti_items.rb)
        assert meta["question_type"] == "multiple_answers_question"
        assert lid.get("rcardinality") == "Multiple"
        (all_of,) = right.findall(f"{_ns('conditionvar')}/{_ns('and')}")
        assert [v.text for v in all_of.findall(_ns("varequal"))] == [
            idents[i] for i in q.answer]
        assert [v.text for v in all_of.findall(f"{_ns('not')}/{_ns('varequal')}")] == [
            ident for i, ident in enumerate(idents) if i not in q.answer]
    else:
        assert lid.get("rcardinality") == "Single"
        key = right.find(f".//{_ns('varequal')}").text
        assert key == idents[q.answer[0]]
        assert html.escape(q.explanation, quote=False) in feedback[f"{key}_fb"]
        kinds = {"single": "multiple_choice_question", "truefalse": "true_false_question"}
        assert meta["question_type"] == kinds[q.kind]
    # scored as an LMS would: 100 for the key (or exactly the set of keys), 0 for any other pick
    for ticked, choice in learner_choices(q):
        score, shown = qti12_score(item, {idents[i] for i in ticked})
        assert score == (100 if q.is_right(choice) else 0), ticked
        assert shown == ["general_fb", *(f"{idents[i]}_fb" for i in sorted(ticked))]


def _qti12_true(cond: ET.Element, picked: set[str]) -> bool:
    tag = cond.tag.rsplit("}", 1)[-1]
    if tag == "varequal":
        assert cond.get("respident") == "response1"
        return cond.text in picked
    if tag == "other":
        return True
    if tag == "not":
        (inner,) = cond
        return not _qti12_true(inner, picked)
    if tag in ("and", "conditionvar"):
        return all(_qti12_true(c, picked) for c in cond)
    if tag == "or":
        return any(_qti12_true(c, picked) for c in cond)
    raise AssertionError(f"unexpected condition {tag}")


def qti12_score(item: ET.Element, picked: set[str]) -> tuple[float, list[str]]:
    """(SCORE, the feedback shown) after a QTI 1.2 choice item's `resprocessing` for a response
    picking these labels: conditions in order, each one met applies its `setvar` and
    `displayfeedback`, and one with continue="No" ends the processing."""
    score, shown = 0.0, []
    for cond in item.findall(f"{_ns('resprocessing')}/{_ns('respcondition')}"):
        if not _qti12_true(cond.find(_ns("conditionvar")), picked):
            continue
        for setvar in cond.findall(_ns("setvar")):
            assert setvar.get("varname") == "SCORE"
            value = float(setvar.text)
            score = value if setvar.get("action") == "Set" else score + value
        shown += [fb.get("linkrefid") for fb in cond.findall(_ns("displayfeedback"))]
        if cond.get("continue") == "No":
            break
    return score, shown


def test_qti12_zip_matches_the_generator(env, tmp_path):
    out = tmp_path / "quiz.zip"
    r = run(env, "export", "--format", "qti", "--seed", "42", "--count", "12", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert f"wrote 12 questions (qti, replay code {code_for(42, 12)})" in r.stderr.decode()
    tests = qti12_items(out.read_bytes())
    (items,) = tests.values()
    qs = questions(42, 12)
    assert len(items) == len(qs)
    for item, q in zip(items, qs):
        check_qti12_item(item, q)


def test_qti12_variants_the_whole_pool_and_tricky_text():
    quizzes = [questions(9, 8, variant=v) for v in range(3)]
    tests = qti12_items(qti.render(quizzes, code_for(9, 8), BANK.version))
    assert list(tests) == [qti.assessment_ident(code_for(9, 8), v) for v in range(3)]
    for v, items in enumerate(tests.values()):
        for item, q in zip(items, quizzes[v], strict=True):
            check_qti12_item(item, q, v)
    pool = POOL + [TRICKY, TRICKY_TF, TRICKY_MATCH, TRICKY_MULTI]
    assert MATCHING and set(MATCHING) <= set(pool) and MULTIPLE and set(MULTIPLE) <= set(pool)
    data = qti.render([pool], "c", BANK.version)
    (items,) = qti12_items(data).values()
    for item, q in zip(items, pool, strict=True):
        check_qti12_item(item, q)
    item_files = [n for n in _zip(data).namelist() if n.startswith("items/")]
    assert sorted(item_files) == sorted(f"items/{qti.item_ident(q, 0)}.xml" for q in pool)


def test_qti12_variants_share_no_item_and_each_quiz_refers_to_its_own():
    quizzes = [questions(3, 40, ["terms"], variant=v) for v in range(2)]
    assert any(q.kind == "matching" for q in quizzes[1])
    tests = qti12_items(qti.render(quizzes, "c", BANK.version))
    for v, items in enumerate(tests.values()):
        assert [item.get("ident") for item in items] == [qti.item_ident(q, v) for q in quizzes[v]]
        for item, q in zip(items, quizzes[v], strict=True):
            check_qti12_item(item, q, v)


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_qti_select_all_questions_of_the_generator_score_only_the_keyed_set(env, tmp_path,
                                                                            version):
    out = tmp_path / "safety.zip"
    r = run(env, "export", "--format", "qti", "--qti-version", version, "--topic", "safety",
            "--count", "40", "--seed", "1", "-o", str(out))
    assert r.returncode == 0, r.stderr
    qs = questions(1, 40, ["safety"])
    assert sum(q.kind == "multiple" for q in qs) >= 2
    if version == "1.2":
        (items,) = qti12_items(out.read_bytes()).values()
        for item, q in zip(items, qs, strict=True):
            check_qti12_item(item, q)
        return
    zf = _zip(out.read_bytes())
    for q in qs:
        item = ET.fromstring(zf.read(qti.item_ident(q, 0) + ".xml"))
        check_qti21_item(item, q)
        if q.kind == "multiple":
            (declaration,) = item.findall(_ns("responseDeclaration"))
            assert declaration.get("cardinality") == "multiple"
            assert len(declaration.findall(f"{_ns('correctResponse')}/{_ns('value')}")) >= 2


def test_qti_identifiers_are_xml_names_and_distinct():
    ids = [q.id for q in generate.all_questions(BANK, 0)] + ["a b:c+d", "x:y_z", "x:y.z", "A:B"]
    idents = [ident(i) for i in ids]
    assert len(set(idents)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", i) for i in idents)
    assert ident("tech-attr:swedish+origin") == "tech-attr_swedish_origin"


def test_qti21_one_item_file_per_question_with_the_key_as_correct_response(tmp_path, env):
    out = tmp_path / "quiz21.zip"
    r = run(env, "export", "--format", "qti", "--qti-version", "2.1", "--seed", "4", "--count",
            "10", "--variants", "2", "-o", str(out))
    assert r.returncode == 0, r.stderr
    zf = _zip(out.read_bytes())
    manifest = ET.fromstring(zf.read("imsmanifest.xml"))
    types = {res.get("identifier"): res.get("type") for res in manifest.findall(".//{*}resource")}
    for v in range(2):
        qs = questions(4, 10, variant=v)
        test = ET.fromstring(zf.read(qti.assessment_ident(code_for(4, 10), v) + ".xml"))
        refs = [ref.get("identifier") for ref in test.findall(".//{*}assessmentItemRef")]
        assert refs == [qti.item_ident(q, v) for q in qs]
        for q in qs:
            assert types[qti.item_ident(q, v)] == "imsqti_item_xmlv2p1"
            check_qti21_item(ET.fromstring(zf.read(qti.item_ident(q, v) + ".xml")), q, v)


def check_qti21_item(item: ET.Element, q: Question, variant: int = 0) -> None:
    assert item.get("identifier") == qti.item_ident(q, variant) and item.get("title") == q.id
    assert "".join(item.find(_ns("itemBody")).find(_ns("p")).itertext()) == q.stem
    declaration = item.find(_ns("responseDeclaration"))
    values = [v.text for v in declaration.findall(f"{_ns('correctResponse')}/{_ns('value')}")]
    if q.kind == "matching":
        assert (declaration.get("cardinality"), declaration.get("baseType")) == (
            "multiple", "directedPair")
        (interaction,) = item.findall(".//{*}matchInteraction")
        assert interaction.get("maxAssociations") == str(len(q.prompts))
        sources, targets = ({c.get("identifier"): c.text for c in match_set}
                            for match_set in interaction.findall(_ns("simpleMatchSet")))
        assert list(sources.values()) == list(q.prompts)
        assert list(targets.values()) == list(q.options)
        pairs = [value.split() for value in values]
        assert [(sources[s], targets[t]) for s, t in pairs] == list(q.pairs)
        assert item.findall(".//{*}choiceInteraction") == []
        return
    multiple = q.kind == "multiple"
    assert (declaration.get("cardinality"), declaration.get("baseType")) == (
        "multiple" if multiple else "single", "identifier")
    (interaction,) = item.findall(".//{*}choiceInteraction")
    assert interaction.get("maxChoices") == ("0" if multiple else "1")  # 0: no limit
    choices = {c.get("identifier"): c.text for c in interaction.findall(_ns("simpleChoice"))}
    assert list(choices.values()) == list(q.options)
    assert [choices[v] for v in values] == [q.options[i] for i in q.answer]  # every key, no other
    letters = list(choices)
    feedback = {fb.get("identifier"): [p.text for p in fb]
                for fb in item.findall(_ns("modalFeedback"))}
    for ticked, choice in learner_choices(q):
        response = [letters[i] for i in sorted(ticked)] if multiple else letters[min(ticked)]
        outcomes = qti21_outcomes(item, response)
        assert outcomes["SCORE"] == (1.0 if q.is_right(choice) else 0.0), ticked
        if multiple:  # feedback on the whole response
            assert outcomes["FEEDBACK"] == ("correct" if q.is_right(choice) else "incorrect")
        else:
            assert outcomes["FEEDBACK"] == letters[choice]
        assert feedback[outcomes["FEEDBACK"]] == [
            response_feedback(q, q.is_right(choice)) if multiple else option_feedback(q, choice),
            general_feedback(q)]


def _qti21_value(expr: ET.Element, response):
    tag = expr.tag.rsplit("}", 1)[-1]
    if tag == "baseValue":
        return float(expr.text) if expr.get("baseType") == "float" else expr.text
    if tag == "variable":
        assert expr.get("identifier") == "RESPONSE"
        return response
    raise AssertionError(f"unexpected expression {tag}")


def qti21_outcomes(item: ET.Element, response) -> dict:
    """SCORE and FEEDBACK after a QTI 2.1 choice item's `responseProcessing` for this response
    (a choice identifier, or a list of them for cardinality multiple), after the spec: `match`
    of a multiple response with the correct one compares them as sets."""
    declaration = item.find(_ns("responseDeclaration"))
    correct = [v.text for v in declaration.findall(f"{_ns('correctResponse')}/{_ns('value')}")]
    multiple = declaration.get("cardinality") == "multiple"
    outcomes = {"SCORE": 0.0, "FEEDBACK": None}

    def run(block):
        for step in block:
            tag = step.tag.rsplit("}", 1)[-1]
            if tag == "setOutcomeValue":
                (expr,) = step
                outcomes[step.get("identifier")] = _qti21_value(expr, response)
            elif tag == "responseCondition":
                if_, *rest = step
                (match, *then) = if_
                assert match.tag.endswith("}match")
                assert [(c.tag.rsplit("}", 1)[-1], c.get("identifier")) for c in match] == [
                    ("variable", "RESPONSE"), ("correct", "RESPONSE")]
                got = sorted(response) if multiple else [response]
                if got == sorted(correct):
                    run(then)
                else:
                    (else_,) = rest
                    run(else_)
            else:
                raise AssertionError(f"unexpected rule {tag}")

    run(item.find(_ns("responseProcessing")))
    return outcomes


def test_qti21_every_question_of_the_bank_and_matching_ones_one_file_each():
    pool = POOL + [TRICKY, TRICKY_TF, TRICKY_MATCH, TRICKY_MULTI]
    assert {q.kind for q in pool} == {"single", "truefalse", "matching", "multiple"}
    zf = _zip(qti21.render([pool], "c", BANK.version))
    manifest = ET.fromstring(zf.read("imsmanifest.xml"))
    items = {res.get("identifier"): res.get("href") for res in manifest.findall(".//{*}resource")
             if res.get("type") == "imsqti_item_xmlv2p1"}
    assert list(items) == [qti.item_ident(q, 0) for q in pool]
    assert sorted(zf.namelist()) == sorted(["imsmanifest.xml", "quiz-c.xml", *items.values()])
    for q in pool:
        check_qti21_item(ET.fromstring(zf.read(items[qti.item_ident(q, 0)])), q)


def test_qti_is_byte_identical_for_the_same_arguments():
    quizzes = [questions(1, 10)]
    assert qti.render(quizzes, "c", "1") == qti.render(quizzes, "c", "1")
    assert qti21.render(quizzes, "c", "1") == qti21.render(quizzes, "c", "1")


# --- Anki -------------------------------------------------------------------------------------

def apkg_notes(data: bytes, tmp_path) -> tuple[list[tuple], dict, dict]:
    """(notes as (guid, mid, mod, fields, tags), models, decks) from an .apkg's bytes."""
    zf = _zip(data)
    assert set(zf.namelist()) == {"collection.anki2", "media"}
    db = tmp_path / f"collection-{len(list(tmp_path.iterdir()))}.anki2"
    db.write_bytes(zf.read("collection.anki2"))
    con = sqlite3.connect(db)
    try:
        notes = con.execute("SELECT guid, mid, mod, flds, tags FROM notes ORDER BY id").fetchall()
        models, decks = con.execute("SELECT models, decks FROM col").fetchone()
        assert con.execute("SELECT count(*) FROM cards").fetchone()[0] == len(notes)
    finally:
        con.close()
    return notes, json.loads(models), json.loads(decks)


def anki_front(fields: dict) -> tuple[str, list[str], list[str]]:
    """(stem, prompts, options) of a note's Question field, its whole front: the stem, a
    matching question's numbered prompts, then the lettered options."""
    head, sep, options = fields["Question"].rpartition('<ol class="options" type="A">')
    assert sep and options.endswith("</ol>") and fields["Options"] == ""
    stem, _, prompts = head.partition('<ol class="options prompts" type="1">')

    def items(text):
        return [html.unescape(x) for x in re.findall(r"<li>(.*?)</li>", text)]

    return html.unescape(stem), items(prompts), items(options)


def test_anki_deck_has_one_note_per_question_with_stable_guids(env, tmp_path):
    genanki = require_module("genanki", "make venv installs the anki extra")
    from quiz.render import anki

    a, b = tmp_path / "a.apkg", tmp_path / "b.apkg"
    for out in (a, b):
        r = run(env, "export", "--format", "anki", "--seed", "42", "--count", "12", "--variants",
                "2", "-o", str(out))
        assert r.returncode == 0, r.stderr
    assert a.read_bytes() == b.read_bytes()  # fixed time stamps: the same bytes
    notes, models, decks = apkg_notes(a.read_bytes(), tmp_path)
    assert notes == apkg_notes(b.read_bytes(), tmp_path)[0]
    wanted = []
    for v in range(2):
        wanted += [q for q in questions(42, 12, variant=v) if q.id not in {w.id for w in wanted}]
    assert len(notes) == len(wanted)
    assert [n[0] for n in notes] == [genanki.guid_for(q.id) for q in wanted]
    assert str(anki.MODEL_ID) in models and str(anki.DECK_ID) in decks
    for (guid, mid, mod, flds, tags), q in zip(notes, wanted):
        fields = dict(zip(anki.FIELDS, flds.split("\x1f")))
        assert mid == anki.MODEL_ID
        assert mod == anki.content_time(anki.MODEL_ID, flds.split("\x1f"), sorted(tags.split()))
        stem, _, options = anki_front(fields)
        assert stem == q.stem and options == list(q.options)
        assert html.unescape(fields["Explanation"]) == q.explanation
        assert q.section.html in fields["Section"]
        assert fields["Id"] == ident(q.id) and f"massage-quiz::{q.topic}" in tags.split()


def test_anki_changed_explanation_keeps_its_guid(tmp_path):
    genanki = require_module("genanki", "make venv installs the anki extra")
    from quiz.render import anki

    qs = questions(8, 5)
    edited = [qs[0]._replace(explanation="A rewritten explanation for the next edition."), *qs[1:]]
    old, _, _ = apkg_notes(anki.render(qs, "0.1.0"), tmp_path)
    new, _, _ = apkg_notes(anki.render(edited, "0.2.0"), tmp_path)
    assert [n[0] for n in old] == [n[0] for n in new] == [genanki.guid_for(q.id) for q in qs]
    assert old[0][3] != new[0][3] and "rewritten explanation" in new[0][3]
    # the modification time changes exactly with the content: the edited note's, no other one's
    assert new[0][2] != old[0][2] and [n[2] for n in new[1:]] == [n[2] for n in old[1:]]
    # the same questions give the same bytes, whatever the version
    assert anki.render(qs, "0.1.0") == anki.render(qs, "9.9.9")
    assert anki.render(qs, "0.1.0", "https://x.org/b") != anki.render(qs, "0.1.0")


def test_anki_matching_note_shows_prompts_options_and_pairs(tmp_path):
    genanki = require_module("genanki", "make venv installs the anki extra")
    from quiz.render import anki

    qs = [*MATCHING[:2], TRICKY_MATCH, TRICKY, TRICKY_TF, *MULTIPLE[:2], TRICKY_MULTI]
    notes, _, _ = apkg_notes(anki.render(qs, "0.1.0", book_url="https://x.org/b"), tmp_path)
    assert [n[0] for n in notes] == [genanki.guid_for(q.id) for q in qs]
    for (_, _, _, flds, _), q in zip(notes, qs):
        fields = dict(zip(anki.FIELDS, flds.split("\x1f")))
        stem, prompts, options = anki_front(fields)
        assert options == list(q.options) and stem == q.stem
        assert html.unescape(fields["Explanation"]) == q.explanation
        assert f"https://x.org/b/{q.section.html}" in fields["Section"]
        if q.kind == "multiple":
            check_anki_select_all(fields, q)
            continue
        if q.kind != "matching":
            assert "prompts" not in fields["Question"] and prompts == []
            assert html.unescape(fields["Answer"]) == key_text(q)
            continue
        assert prompts == list(q.prompts)
        lines = fields["Answer"].split("<br>")
        parsed = [re.fullmatch(r"(\d+)\. (.*) → ([A-H])\) (.*)", line).groups() for line in lines]
        assert [(int(n), html.unescape(p), html.unescape(o)) for n, p, _, o in parsed] == [
            (n, p, o) for n, (p, o) in enumerate(q.pairs, 1)]
        assert [LETTERS.index(letter) for _, _, letter, _ in parsed] == list(q.answer)


def check_anki_select_all(fields: dict, q: Question) -> None:
    """A select-all note: the front says "Select all that apply"; the back lists every keyed
    option, one line each (`A) ...`), and no other."""
    stem, _, options = anki_front(fields)
    assert stem == q.stem and options == list(q.options)
    assert stem.endswith("Select all that apply.")
    lines = [re.fullmatch(r"([A-H])\) (.*)", line).groups()
             for line in fields["Answer"].split("<br>")]
    assert [LETTERS.index(letter) for letter, _ in lines] == list(q.answer)
    assert [html.unescape(text) for _, text in lines] == [q.options[i] for i in q.answer]
    assert len(lines) >= 2


def test_anki_select_all_notes_list_every_keyed_option(env, tmp_path):
    require_module("genanki", "make venv installs the anki extra")
    from quiz.render import anki

    out = tmp_path / "safety.apkg"
    r = run(env, "export", "--format", "anki", "--topic", "safety", "--count", "40", "--seed", "1",
            "-o", str(out))
    assert r.returncode == 0, r.stderr
    qs = questions(1, 40, ["safety"])
    notes, _, _ = apkg_notes(out.read_bytes(), tmp_path)
    assert len(notes) == len(qs)
    checked = 0
    for (_, _, _, flds, _), q in zip(notes, qs):
        fields = dict(zip(anki.FIELDS, flds.split("\x1f")))
        assert fields["Id"] == ident(q.id)
        if q.kind == "multiple":
            check_anki_select_all(fields, q)
            checked += 1
        else:
            assert "Select all" not in fields["Question"]
    assert checked >= 2


# --- CSV (Kahoot) -----------------------------------------------------------------------------

def read_sheet(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == kahoot.HEADER
    return rows[1:]


def test_csv_keeps_kahoots_limits_and_names_what_it_leaves_out(env, tmp_path):
    out = tmp_path / "kahoot.csv"
    r = run(env, "export", "--format", "csv", "--seed", "11", "--count", "40", "-o", str(out))
    assert r.returncode == 0, r.stderr
    rows = read_sheet(out.read_text(encoding="utf-8"))
    notes = [ln for ln in r.stderr.decode().splitlines() if ln.startswith("note: left out ")]
    left_out = {ln.split()[3].rstrip(":") for ln in notes}
    qs = shortened(questions(11, 40))
    kept = [q for q in qs if q.id not in left_out]
    assert left_out and kept and len(kept) + len(left_out) == len(qs)
    assert len(rows) == len(kept)
    for row, q in zip(rows, kept):
        assert len(row) == 7
        stem, answers, seconds, correct = row[0], row[1:5], int(row[5]), row[6]
        assert stem == q.stem and len(stem) <= 120
        assert answers[:len(q.options)] == list(q.options) and all(len(a) <= 75 for a in answers)
        assert all(a == "" for a in answers[len(q.options):])
        assert seconds in kahoot.TIME_LIMITS
        assert correct_answers(correct, answers) == [q.options[i] for i in q.answer]
    assert all(q.kind == "single" or q.kind == "truefalse" for q in kept)
    for q in qs:
        if q.id in left_out:
            assert kahoot.problem(q) is not None
    assert r.stderr.decode().splitlines()[-1].endswith(f"; {len(left_out)} left out, named above")


def correct_answers(cell: str, answers: list[str]) -> list[str]:
    """The answers a "Correct answer(s)" cell names: numbers 1 to 4, comma-separated, each once,
    in order, each naming a non-empty answer."""
    numbers = [int(n) for n in cell.split(",")]
    assert numbers == sorted(set(numbers)) and all(1 <= n <= kahoot.MAX_ANSWERS for n in numbers)
    assert all(answers[n - 1] for n in numbers)
    return [answers[n - 1] for n in numbers]


def _q(stem="Which?", options=("a", "b", "c", "d"), answer=(0,)):
    return Question("t:x", "terms", "t", stem, tuple(options), tuple(answer), "e",
                    Section("a", "b"), (), tuple(options))


def test_csv_limits_at_the_edges():
    assert kahoot.problem(_q("x" * 120, ["y" * 75] * 4)) is None
    assert "121 characters" in kahoot.problem(_q("x" * 121))
    assert "76 characters" in kahoot.problem(_q(options=("a", "b", "c", "z" * 76)))
    assert "5 answers" in kahoot.problem(_q(options="abcde"))
    assert "formula" in kahoot.problem(_q("=SUM(A1)"))
    assert "formula" in kahoot.problem(_q(options=("a", "@b")))
    with pytest.raises(ValueError, match="t:x: 5 answers"):
        kahoot.render([_q(options="abcde")])
    with pytest.raises(NothingToExport) as err:
        export_render("csv", [[_q("x" * 200)]], "c", "1", note=lambda line: None)
    assert err.value.exit_code == 1
    rows = read_sheet(kahoot.render([_q(options=("True", "False"))]))
    assert rows == [["Which?", "True", "False", "", "", "20", "1"]]


@pytest.mark.parametrize("kind, topic, seed, reason", [
    ("matching", "terms", 3, "a matching question: Kahoot has no matching type"),
    ("multiple", "safety", 1, "a select-all question: in a Kahoot quiz one pick of any correct "
                              "answer scores, so it would not test them all"),
])
def test_csv_sets_aside_the_kinds_kahoot_cannot_ask_and_names_them(env, tmp_path, kind, topic,
                                                                   seed, reason):
    """Kahoot has no matching type, and in a Kahoot quiz one pick of any correct answer scores:
    such questions are left out with their reason, never exported as weaker questions."""
    out = tmp_path / f"{topic}.csv"
    r = run(env, "export", "--format", "csv", "--topic", topic, "--count", "40", "--seed",
            str(seed), "-o", str(out))
    assert r.returncode == 0, r.stderr
    qs = shortened(questions(seed, 40, [topic]))
    aside = [q.id for q in qs if q.kind == kind]
    assert len(aside) >= 2
    notes = r.stderr.decode().splitlines()
    for qid in aside:
        assert f"note: left out {qid}: {reason}" in notes
    kept = [q for q in qs if kahoot.problem(q) is None]
    rows = read_sheet(out.read_text(encoding="utf-8"))
    assert [row[0] for row in rows] == [q.stem for q in kept]
    assert all(q.kind != kind for q in kept)


def test_csv_renders_no_matching_or_select_all_question():
    assert kahoot.problem(TRICKY_MATCH) == "a matching question: Kahoot has no matching type"
    short = TRICKY_MATCH._replace(stem="Match?", options=("a", "b", "c"), answer=(2, 0, 1),
                                  prompts=("x", "y", "z"))
    assert kahoot.problem(short) is not None  # short enough, still no matching type in Kahoot
    with pytest.raises(ValueError, match="matching question"):
        kahoot.render([short])
    with pytest.raises(ValueError, match="select-all question"):
        kahoot.render([_q(options=("a", "b", "c", "d"), answer=(0, 2, 3))])


def test_csv_with_nothing_that_fits_fails_with_exit_1(env):
    seed = next(s for s in range(500) if kahoot.problem(shortened(questions(s, 1))[0]))
    r = run(env, "export", "--format", "csv", "--seed", str(seed), "--count", "1")
    assert r.returncode == 1
    lines = r.stderr.decode().splitlines()
    assert lines[0].startswith(f"note: left out {questions(seed, 1)[0].id}: ")
    assert lines[-1] == ("python -m quiz: error: no question of this selection fits Kahoot's "
                         "limits (1 left out)")
    assert r.stdout == b""


# --- files and the command line ---------------------------------------------------------------

def test_no_overwrite_without_force_and_atomic_replace_with_it(env, tmp_path):
    out = tmp_path / "quiz.gift"
    out.write_text("keep me")
    r = run(env, "export", "--format", "gift", "--seed", "1", "-o", str(out))
    assert r.returncode == 2
    assert r.stderr.decode().splitlines() == [
        f"python -m quiz: error: {out} already exists: use --force to overwrite it"]
    assert out.read_text() == "keep me"
    r = run(env, "export", "--format", "gift", "--seed", "1", "-o", str(out), "--force")
    assert r.returncode == 0
    assert parse_gift(out.read_text())[0]["title"] == ident(questions(1, 10)[0].id)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "quiz.gift"]  # no temp files
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf"], "argument --format: invalid choice: 'pdf'"),
    ([], "the following arguments are required: --format"),
    (["--format", "anki"], "--format anki writes a binary file: name it with -o FILE"),
    (["--format", "gift", "--qti-version", "2.1"], "--qti-version applies to --format qti only"),
    (["--format", "gift", "--variants", "0"], "argument --variants: '0' is not a whole number"),
    (["--format", "gift", "-o", "/nonexistent/dir/q.gift"],
     "cannot write /nonexistent/dir/q.gift: /nonexistent/dir does not exist"),
    (["--format", "gift", "-o", "/sys/q.gift"], "cannot write /sys/q.gift: "),
    (["--format", "csv", "-o", "."], ". is a folder: give a file name"),
    (["--format", "json", "--code", "banana"], "not a replay code: 'banana'"),
])
def test_bad_export_arguments_are_one_line_and_exit_2(env, args, message):
    r = run(env, "export", *args)
    assert r.returncode == 2
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert message in lines[0]
    assert r.stdout == b""
    assert "Traceback" not in r.stderr.decode()


def test_write_atomic_refuses_a_file_that_appears_and_a_file_in_a_file(tmp_path):
    target = tmp_path / "x.txt"
    write_atomic(str(target), "one")
    with pytest.raises(ExportError, match="already exists"):
        write_atomic(str(target), "two")
    write_atomic(str(target), b"three", force=True)
    assert target.read_text() == "three"
    with pytest.raises(ExportError, match="is not a folder"):
        write_atomic(str(target / "y.txt"), "four")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]


def test_exporters_are_not_imported_at_start_up():
    code = ("import sys, io, contextlib, quiz.cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    quiz.cli.main(['--seed', '1', '--format', 'json'])\n"
            "mods = ['zipfile', 'sqlite3', 'genanki', 'csv', 'xml.etree.ElementTree', 'tempfile',"
            " 'quiz.export', 'quiz.fileio', 'quiz.history', 'quiz.render.gift', 'quiz.render.qti',"
            " 'xlsxwriter', 'quiz.render.kahoot', 'quiz.render.short']\n"
            "print([m for m in mods if m in sys.modules])")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


@pytest.mark.parametrize("args, line", [
    (["exprt"], "python -m quiz: error: argument COMMAND: invalid choice: 'exprt' (choose from "
                "'check', 'export', 'review', 'stats', 'merge', 'diff', 'handout', 'grade', "
                "'edition') "
                "(see --help)"),
    (["stats", "--bogus"], "python -m quiz: error: unrecognized arguments: --bogus (see --help)"),
    (["review", "--count", "0"], "python -m quiz review: error: argument --count: '0' is not a "
                                 "whole number from 1 to 500 (see --help)"),
])
def test_unknown_commands_and_bad_review_arguments_are_one_line(env, args, line):
    r = run(env, *args)
    assert r.returncode == 2
    assert r.stderr.decode().splitlines() == [line]


# --- the registry of formats -------------------------------------------------------------------

def test_every_format_is_found_through_the_registry_and_has_the_one_signature():
    from quiz.export import FORMATS, QTI_VERSIONS
    from quiz.render.common import unique
    from quiz.render.formats import EXPORTS, Job, Rendered, exporter

    assert set(FORMATS) | set(QTI_VERSIONS.values()) == set(EXPORTS)
    quizzes = [questions(4, 12, variant=v) for v in range(2)]
    for name, fmt in EXPORTS.items():
        notes: list[str] = []
        result = exporter(name)(quizzes, Job(code_for(4, 12), BANK.version, None, FORMS,
                                             notes.append))
        assert isinstance(result, Rendered), name
        assert isinstance(result.data, bytes) == fmt.binary, name
        every = len(unique(quizzes)) if fmt.deck else sum(map(len, quizzes))
        assert result.count + result.left_out == every, name
        assert len(notes) == result.left_out, name


def test_the_registry_imports_no_renderer_until_one_is_asked_for():
    code = ("import sys, quiz.export; print(sorted(m for m in sys.modules "
            "if m.startswith('quiz.render.') or m in ('zipfile', 'sqlite3', 'xlsxwriter')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['quiz.render.formats']"
