"""The exports of the whole bank, read by the parsers that the LMSs and tools themselves use.

- Canvas (QTI 1.2): the identifier rewrite of Canvas's converter (instructure/QTIMigrationTool,
  lib/imsqtiv1.py `ReadIdentifier`), applied to every identifier: every key still names a choice.
- Canvas (QTI 2.1): Canvas's test for a QTI 2 package (`QtiExporter.is_qti_2`) accepts ours.
- Moodle (GIFT): gift-pegjs, from npm, run with node.
- QTI 2.1: pyslet, a QTI 2.1 engine from PyPI, reads the package and scores every item.
- Anki: the `anki` package from PyPI (Anki's own collection code) imports the deck.

Each parser's known quirks are named where the test works around them; everything else is
checked. A missing tool skips locally with the line that installs it, and fails in CI.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT, require_module, require_tool

from quiz import bank as bank_mod
from quiz import generate
from quiz.render import gift
from quiz.render.common import IDENT_RE, ident, option_feedback


# pyslet calls its own deprecated camelCase names internally; those warnings are not ours.
pytestmark = [pytest.mark.filterwarnings(r"ignore::DeprecationWarning:pyslet\..*"),
              pytest.mark.slow]  # slow: out of `make test-fast`; `make test` runs it

BANK = bank_mod.load()
POOL = generate.all_questions(BANK, 0)  # every question the bank makes, once
BOOK = "https://example.org/massage-book/"
IDENT = re.compile(r"[A-Za-z0-9_-]+")


def export(env_args: list[str], tmp_path: Path, name: str) -> bytes:
    """`python -m quiz export ARGS -o FILE` over the whole pool (count 500 > the pool)."""
    out = tmp_path / name
    r = subprocess.run([sys.executable, "-m", "quiz", "export", "--seed", "0", "--count", "500",
                        *env_args, "-o", str(out)], capture_output=True, cwd=REPO_ROOT)
    assert r.returncode == 0, r.stderr.decode()
    return out.read_bytes()


def whole_pool(seed: int = 0) -> list:
    """The questions of `export --seed S --count 500`: every question of the bank."""
    qs = generate.make_quiz(BANK, seed, 500)
    assert len(qs) == len(POOL) and {q.id for q in qs} == {q.id for q in POOL}
    return qs


# --- Canvas, QTI 1.2: the converter's identifier rewrite ---------------------------------------

NMTOKEN = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_:")
NMSTART = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_:")


def canvas_read_identifier(value: str, prefix: str = "ID-") -> str:
    """What QTIMigrationTool's `ReadIdentifier` makes of an identifier (ASCII): a character that
    is not an NMTOKEN character becomes `-`, a bad first character gets the prefix, and then
    every `:` and `.` becomes `_`. It applies this to a choice's `ident`, not to the value of a
    scoring condition (`varequal`), which is how 254 of 269 keys were lost."""
    out = ""
    for c in value.strip():
        if c not in NMTOKEN and ord(c) < 128:
            c = "-"
        if not out and c not in NMSTART:
            out = prefix
        out += c
    return out.replace(":", "_").replace(".", "_")


def canvas_generic_rewrite(value: str) -> str:
    """The broader rule: anything outside `[A-Za-z0-9_-]` becomes `_`."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", value)


def test_the_rewrite_models_what_the_converter_did_to_the_old_identifiers():
    old = "tech-tools-tf.neuromuscular_palms-B"  # an identifier of release 1.2.0
    assert canvas_read_identifier(old) == "tech-tools-tf_neuromuscular_palms-B" != old
    assert canvas_read_identifier("a b") == "a-b" and canvas_read_identifier("1x") == "ID-1x"


def test_canvas_rewrite_keeps_every_qti12_key_matching_a_choice(tmp_path):
    data = export(["--format", "qti", "--variants", "2"], tmp_path, "canvas.zip")
    zf = zipfile.ZipFile(io.BytesIO(data))
    items = 0
    for name in zf.namelist():
        root = ET.fromstring(zf.read(name))
        for el in root.iter():
            for attr in ("ident", "identifier", "identifierref", "linkrefid", "respident"):
                value = el.get(attr)
                if value is not None:
                    assert IDENT.fullmatch(value), (name, attr, value)
                    for rewrite in (canvas_read_identifier, canvas_generic_rewrite):
                        assert rewrite(value) == value, (name, value)
        for item in root.findall(".//{*}item"):
            items += 1
            labels = {canvas_read_identifier(lb.get("ident"))
                      for lb in item.findall(".//{*}response_label")}
            lids = {canvas_read_identifier(lid.get("ident"))
                    for lid in item.findall(".//{*}response_lid")}
            keys = list(item.findall(".//{*}varequal"))
            assert keys
            for key in keys:  # the converter leaves these values as they are
                assert key.text in labels and key.get("respident") in lids
            fb = {canvas_read_identifier(f.get("ident"))
                  for f in item.findall(".//{*}itemfeedback")}
            for show in item.findall(".//{*}displayfeedback"):
                assert show.get("linkrefid") in fb
    print(f"Canvas rewrite: {items} QTI 1.2 items (2 variants), every key still names a choice")
    assert items >= len(POOL)


def test_every_format_uses_identifiers_no_importer_rewrites():
    for q in POOL:
        assert IDENT_RE.fullmatch(ident(q.id))
        assert canvas_read_identifier(ident(q.id)) == ident(q.id)
    assert len({ident(q.id) for q in POOL}) == len(POOL)
    for other in ("a b:c+d", "x:y_z", "x:y.z", "A:B", "x:y+z", "x:y_z+w"):
        assert IDENT_RE.fullmatch(ident(other))
    assert ident("x:y+z") != ident("x:y_z")


# --- Canvas, QTI 2.1: recognised as QTI 2 -------------------------------------------------------

QTI_2_NAMESPACES = ("http://www.imsglobal.org/xsd/imsqti_v2p0",
                    "http://www.imsglobal.org/xsd/imsqti_v2p1")


def canvas_is_qti_2(manifest: bytes) -> bool:
    """Canvas's `QtiExporter.is_qti_2`: a QTI 2 namespace declared anywhere in the manifest, or
    a `metadata/schema` that reads `QTIv2.`; otherwise the zip goes to the QTI 1.2 converter."""
    text = manifest.decode("utf-8")
    namespaces = set(re.findall(r'xmlns(?::\w+)?="([^"]+)"', text))
    if any(ns.startswith(q) for ns in namespaces for q in QTI_2_NAMESPACES):
        return True
    schema = ET.fromstring(manifest).find("{*}metadata/{*}schema")
    return bool(schema is not None and re.search(r"QTIv2\.", schema.text or "", re.I))


def test_canvas_reads_the_21_package_as_qti_2_and_the_12_package_as_qti_1(tmp_path):
    zf21 = zipfile.ZipFile(io.BytesIO(
        export(["--format", "qti", "--qti-version", "2.1"], tmp_path, "q21.zip")))
    manifest = zf21.read("imsmanifest.xml")
    assert canvas_is_qti_2(manifest)
    root = ET.fromstring(manifest)
    assert root.find("{*}metadata/{*}schema").text == "QTIv2.1 Package"
    assert root.find("{*}metadata/{*}schemaversion").text == "1.0.0"
    types = [r.get("type") for r in root.findall(".//{*}resource")]
    assert types.count("imsqti_test_xmlv2p1") == 1
    assert types.count("imsqti_item_xmlv2p1") == len(POOL) == len(types) - 1
    zf12 = zipfile.ZipFile(io.BytesIO(
        export(["--format", "qti"], tmp_path, "q12.zip")))
    assert not canvas_is_qti_2(zf12.read("imsmanifest.xml"))


# --- Moodle: gift-pegjs -------------------------------------------------------------------------

GIFT_PEGJS = REPO_ROOT / "node_modules" / "gift-pegjs"
PARSE_JS = """
const fs = require('fs');
const {parse} = require(process.argv[1]);
process.stdout.write(JSON.stringify(parse(fs.readFileSync(0, 'utf8'))));
"""


def gift_pegjs(text: str) -> list[dict]:
    node = require_tool("node", "apt-get install nodejs npm")
    if not (GIFT_PEGJS / "package.json").exists():
        require_tool(str(GIFT_PEGJS / "package.json"), "npm ci (package.json pins gift-pegjs)")
    r = subprocess.run([node, "-e", PARSE_JS, str(GIFT_PEGJS)], input=text.encode("utf-8"),
                       capture_output=True)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    return json.loads(r.stdout)


PEGJS_ESCAPES = {"&&092;": "\\", "&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{",
                 "&&125;": "}", "&&126;": "~", "&&010": "\n"}


def pegjs_unescape(text: str) -> str:
    for placeholder, ch in PEGJS_ESCAPES.items():
        text = text.replace(placeholder, ch)
    return text


def _h(part: dict | str) -> str:
    """A gift-pegjs text as a learner reads it. Quirk: gift-pegjs keeps `[html]` text as
    HTML (entities such as `&lt;` and `&#37;` are not decoded), so the test decodes them."""
    text = part["text"] if isinstance(part, dict) else part
    return html.unescape(text)


def test_gift_pegjs_accepts_every_question_with_its_key_and_feedback(tmp_path):
    text = export(["--format", "gift", "--book-url", BOOK], tmp_path, "all.gift").decode()
    parsed = [p for p in gift_pegjs(text) if p["type"] != "Category"]
    qs = whole_pool()
    assert [p["title"] for p in parsed] == [ident(q.id) for q in qs]
    accepted = 0
    for p, q in zip(parsed, qs):
        assert _h(p["stem"]) == q.stem and p["stem"]["format"] == "html"
        url = BOOK + q.section.html
        assert _h(p["globalFeedback"]).endswith(
            f'Read more in the book: <a href="{url}">{url}</a>')
        if q.kind == "truefalse":
            assert p["type"] == "TF" and p["isTrue"] == (q.options[q.answer[0]] == "True")
            # Quirk: gift-pegjs names the two feedbacks of `{TRUE#first#second}` trueFeedback
            # and falseFeedback by position; Moodle shows the first for a wrong answer and the
            # second for the right one (qformat_gift `split_truefalse_comment`).
            assert _h(p["trueFeedback"]) == option_feedback(q, 1 - q.answer[0], letters=False)
            assert _h(p["falseFeedback"]) == option_feedback(q, q.answer[0], letters=False)
        elif q.kind == "matching":
            assert p["type"] == "Matching"
            # Quirk: a matching pair's answer is a plain string, its prompt a text object, and
            # gift-pegjs leaves the answer's escapes as its own placeholders (`\\:` stays
            # `&&058;`), which it decodes everywhere else; the test decodes them the same way.
            assert [(_h(m["subquestion"]), _h(pegjs_unescape(m["subanswer"])))
                    for m in p["matchPairs"]] == list(q.pairs)
            assert _h(p["globalFeedback"]).startswith(q.explanation)
        else:
            assert p["type"] == "MC"
            assert [_h(c["text"]) for c in p["choices"]] == list(q.options)
            assert [_h(c["feedback"]) for c in p["choices"]] == [
                option_feedback(q, i, letters=False) for i in range(len(q.options))]
            if q.kind == "single":
                assert [c["isCorrect"] for c in p["choices"]] == [
                    i in q.answer for i in range(len(q.options))]
                assert all(c["weight"] is None for c in p["choices"])
            else:
                # Quirk: a weighted answer (`~%50%`) is never `isCorrect` in gift-pegjs; the
                # weight says it all: the keys add up to 100, each wrong option is -100.
                weights = [c["weight"] for c in p["choices"]]
                assert all(w > 0 for i, w in enumerate(weights) if i in q.answer)
                assert all(w == gift.WRONG_WEIGHT for i, w in enumerate(weights)
                           if i not in q.answer)
                assert abs(sum(w for w in weights if w > 0) - 100) < 0.001
        accepted += 1
    print(f"gift-pegjs: {accepted} of {len(POOL)} questions parsed with their key and feedback")
    assert accepted == len(POOL)


# --- QTI 2.1: pyslet ----------------------------------------------------------------------------

def _pyslet():
    require_module("pyslet", "pip install 'pyslet==0.7.20170805' (the project's dev extra)")
    from pyslet import imscpv1p2
    from pyslet.qtiv2 import variables
    from pyslet.qtiv2 import xml as qtixml

    return imscpv1p2, variables, qtixml


def pyslet_score(variables, item, value) -> tuple[float, str]:
    """(SCORE, FEEDBACK) after one attempt with this response, as pyslet's engine scores it.

    Quirk: pyslet's `begin_attempt` also renders the item as HTML and has no renderer for a
    `matchInteraction`; its non-rendering part (count the attempt, set each response to its
    default) is done here, then pyslet's own `end_attempt` runs the response processing."""
    state = variables.ItemSessionState(item)
    state.select_clone()
    state.begin_session()
    attempts = state["numAttempts"]
    attempts.set_value(attempts.value + 1)
    for rd in item.ResponseDeclaration:
        state.map[rd.identifier] = variables.Value.copy_value(
            state.map[rd.identifier + ".DEFAULT"])
    state["RESPONSE"].set_value(value)
    state.end_attempt()
    return state["SCORE"].value, state["FEEDBACK"].value


def test_pyslet_reads_the_package_and_scores_every_item(tmp_path):
    imscpv1p2, variables, qtixml = _pyslet()
    data = export(["--format", "qti", "--qti-version", "2.1", "--book-url", BOOK], tmp_path,
                  "q21.zip")
    folder = tmp_path / "unzipped"
    zipfile.ZipFile(io.BytesIO(data)).extractall(folder)
    package = imscpv1p2.ContentPackage(str(folder))
    resources = list(package.manifest.root.Resources.Resource)
    by_id = {q.id: q for q in whole_pool()}
    scored = 0
    for res in resources:
        href = folder / str(res.href).replace("/", os.sep)
        doc = qtixml.QTIDocument()
        doc.read(src=href.read_bytes())
        if res.type == "imsqti_test_xmlv2p1":
            assert type(doc.root).__name__ == "AssessmentTest"
            continue
        assert res.type == "imsqti_item_xmlv2p1"
        item = doc.root
        assert type(item).__name__ == "AssessmentItem"
        assert item.identifier == res.get_attribute("identifier")
        q = by_id[item.title]
        correct = item.ResponseDeclaration[0].get_correct_value().value
        score, feedback = pyslet_score(variables, item, correct)
        assert score == 1.0
        if q.kind == "matching":
            assert feedback == "correct"
            wrong = dict(correct)
            pairs = sorted(wrong)
            (p1, o1), (p2, o2) = pairs[0], pairs[1]
            del wrong[pairs[0]], wrong[pairs[1]]
            wrong[(p1, o2)] = wrong[(p2, o1)] = 1
            score, feedback = pyslet_score(variables, item, wrong)
            assert 0 < score < 1 and feedback == "incorrect"  # the other pairs still count
        elif q.kind == "multiple":
            assert feedback == "correct"
            keys = sorted(correct)
            assert pyslet_score(variables, item, {keys[0]: 1})[0] == 0.0  # not all of them
            extra = dict(correct)
            extra[next(c for c in "ABCD" if c not in correct)] = 1
            assert pyslet_score(variables, item, extra) == (0.0, "incorrect")
        else:
            assert feedback == correct
            for i, letter in enumerate("ABCDEFGH"[:len(q.options)]):
                assert pyslet_score(variables, item, letter) == (float(i in q.answer), letter)
        body = ET.tostring(ET.fromstring(href.read_bytes()), encoding="unicode")
        url = html.escape(BOOK + q.section.html)
        assert f'<ns0:a href="{url}">{url}</ns0:a>' in body  # the book section, as a link
        scored += 1
    print(f"pyslet: {scored} of {len(POOL)} QTI 2.1 items read and scored")
    assert scored == len(POOL)


# --- Anki: the anki package ---------------------------------------------------------------------

def _anki():
    require_module("anki", "pip install 'anki==26.9.3' (the project's dev extra)")
    require_module("genanki", "make venv installs the anki extra")
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    return Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


ALWAYS = 1  # ImportAnkiPackageUpdateCondition: 0 if newer (the default), 1 always, 2 never


def anki_import(col, options_cls, request_cls, path: Path, update=ALWAYS):
    options = options_cls(with_scheduling=False, update_notes=update)
    return col.import_anki_package(request_cls(package_path=str(path), options=options)).log


def edited_bank(tmp_path: Path) -> Path:
    """A copy of the bank in which two facts are reworded (a term's definition and a
    technique's setting): the questions built on them change, no other question does."""
    folder = tmp_path / "edited-bank"
    folder.mkdir()
    src = Path(bank_mod.__file__).parent
    for f in src.glob("*.toml"):
        text = f.read_text(encoding="utf-8")
        if f.name == "terms.toml":
            text = text.replace('definition = "Pressure on single named points,',
                                'definition = "Pressure on single, named points,', 1)
        if f.name == "techniques.toml":
            text = text.replace('setting = "on a treatment table,',
                                'setting = "on a massage table,', 1)
        (folder / f.name).write_text(text, encoding="utf-8")
    return folder


def test_anki_imports_the_whole_bank_and_updates_edited_notes_in_place(tmp_path):
    Collection, options_cls, request_cls = _anki()
    from anki.notes import NoteFieldsCheckResult

    first = tmp_path / "deck.apkg"
    first.write_bytes(export(["--format", "anki", "--book-url", BOOK], tmp_path, "a.apkg"))
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        log = anki_import(col, options_cls, request_cls, first, update=0)
        print(f"anki: {len(log.new)} of {len(POOL)} notes imported")
        assert len(log.new) == len(POOL) == col.note_count()
        assert not log.duplicate and not log.conflicting and not log.first_field_match
        note_ids = col.find_notes("")
        notes = [col.get_note(nid) for nid in note_ids]
        # Anki's own duplicate check (same first field in the same note type): none
        assert all(n.fields_check() == NoteFieldsCheckResult.NORMAL for n in notes)
        for n in notes:
            url = BOOK + next(q for q in POOL if ident(q.id) == n["Id"]).section.html
            assert f'<a href="{html.escape(url)}">' in n["Section"]
        # importing the same deck again adds nothing and changes nothing, in either mode
        for update in (0, ALWAYS):
            log = anki_import(col, options_cls, request_cls, first, update=update)
            assert not log.new and not log.updated and len(log.duplicate) == len(POOL)
        assert col.note_count() == len(POOL)
        # a learner reviews some cards
        cards = [col.get_card(cid) for cid in col.find_cards("")]
        reviewed = {}
        for card in cards[:40]:
            card.start_timer()
            col.sched.answerCard(card, 3)
        for card in cards[:40]:
            card = col.get_card(card.id)
            reviewed[card.nid] = (card.id, card.reps, card.ivl, card.due, card.queue)
        revlog = col.db.scalar("select count() from revlog")
        assert revlog >= 40
        # the bank is edited: a new deck, imported with "Update notes: Always"
        edited = edited_bank(tmp_path)
        second = tmp_path / "deck2.apkg"
        r = subprocess.run([sys.executable, "-m", "quiz", "export", "--format", "anki", "--seed",
                            "0", "--count", "500", "--bank", str(edited), "--book-url", BOOK,
                            "-o", str(second)], capture_output=True, cwd=REPO_ROOT)
        assert r.returncode == 0, r.stderr.decode()
        before = {n.guid: (n.id, list(n.fields), n.mod) for n in notes}
        log = anki_import(col, options_cls, request_cls, second)
        assert not log.new and not log.conflicting
        after = {col.get_note(nid).guid: col.get_note(nid) for nid in col.find_notes("")}
        assert after.keys() == before.keys() and col.note_count() == len(POOL)
        edits = {g for g, n in after.items() if list(n.fields) != before[g][1]}
        assert len(log.updated) == len(edits) >= 2  # exactly the edited notes were updated
        print(f"anki: edited bank re-imported, {len(log.updated)} notes updated in place")
        for g in edits:
            assert after[g].id == before[g][0]  # in place: the same note
            text = " ".join(after[g].fields)
            assert "single, named points" in text or "on a massage table" in text
        # the learner's history survives
        assert col.db.scalar("select count() from revlog") == revlog
        for nid, state in reviewed.items():
            card = col.get_card(state[0])
            assert (card.id, card.reps, card.ivl, card.due, card.queue) == state
    finally:
        col.close()
