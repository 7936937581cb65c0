"""The corrected red flags (fact sheet C1) everywhere, from one place: the bank.

The safety chapter's lists, every technique chapter's safety box, the disclaimer, the banner under
every chapter title, the care chart, the handout's "see a clinician if..." box and every export
all come from quiz/bank/safety.toml; these tests check each of them against the bank, sign by
sign, so that no page can put a sign at another level.
"""

from __future__ import annotations

import random
import re

import pytest

from quiz import generate
from quiz.bank import load
from quiz.sphinxext import facts

TECHNIQUES = ("techniques/neuromuscular", "techniques/swedish", "techniques/shiatsu")


@pytest.fixture(scope="module")
def bank():
    return load(use_cache=False)


def _short(f) -> str:
    return f.get("brief") or f["sign"]


def _by_level(bank):
    return facts.flags_by_level(bank)


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


# --- pure renderings ------------------------------------------------------------------------------

def test_the_summary_puts_each_sign_after_its_own_level(bank):
    """One paragraph per level, most urgent first: the action in bold, then that level's signs
    (bank text as text parts, never Markdown: quiz.sphinxext.facts)."""
    paragraphs = facts.red_flag_summary(bank)
    actions = {lv["id"]: lv["action"] for lv in bank["level"]}
    levels = [lv for lv, flags in _by_level(bank).items() if flags and lv in actions]
    assert [p[0] for p in paragraphs] == [(facts.STRONG, actions[lv]) for lv in levels]
    for level, parts in zip(levels, paragraphs):
        part = "".join(value for kind, value in parts if kind != facts.MARKUP)
        for f in _by_level(bank)[level]:
            assert _short(f) in part, (level, f["id"])


def test_the_banner_names_every_emergency_sign_and_no_other(bank):
    line = facts.banner_signs(bank)
    for level, flags in _by_level(bank).items():
        for f in flags:
            assert (_short(f) in line) == (level == "emergency"), f["id"]
    for must in ("major injury", "minor fall", "chest pain", "either leg"):
        assert must in line


def test_the_care_chart_has_trauma_and_chest_pain_among_the_emergencies(bank):
    from quiz.figures.care import care_chart, care_levels

    levels = care_levels(bank)
    signs = {f["id"]: f["sign"] for f in bank["red_flag"]}
    for fid in ("trauma", "minor-trauma", "chest-pain", "one-leg"):
        assert signs[fid] in levels["emergency"] and signs[fid] not in levels["urgent"]
    alt = care_chart(bank).alt
    emergency_part = alt[:alt.index("go to an emergency department now")]
    assert signs["trauma"] in emergency_part and signs["chest-pain"] in emergency_part


def test_the_handout_box_lists_every_emergency_sign(bank):
    from quiz.handout import emergency_signs
    from quiz.render.latex import safety_box

    box = safety_box(emergency_signs(bank))
    for f in _by_level(bank)["emergency"]:
        assert f["sign"].split(",")[0] in box, f["id"]
    assert "fever" not in box


@pytest.mark.parametrize("fmt", ["gift", "json", "csv", "anki", "qti"])
def test_every_export_keys_chest_pain_as_an_emergency(bank, fmt):
    from quiz.export import render

    q = generate.build(bank, "redflag-level", ("chest-pain",), random.Random(0))
    assert q.options[q.answer[0]] == "Go to an emergency department now"
    content, n, _ = render(fmt, [[q]], "code", bank.version)
    if isinstance(content, bytes):  # QTI and Anki are archives: their text is inside
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(content)) as z:
            content = " ".join(z.read(name).decode("utf-8", "replace") for name in z.namelist()
                               if not name.endswith((".db", ".anki2", ".anki21")))
    assert n == 1
    if fmt != "anki":  # Anki's cards sit in an SQLite file
        assert "emergency department" in content
        assert "See a doctor the same day" in content  # offered, and less urgent


# --- the built book ---------------------------------------------------------------------------

def test_the_safety_chapter_lists_each_level_from_the_bank(built_book, bank):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((built_book.html / "start" / "safety.html").read_text("utf-8"),
                         "html.parser")
    for level, flags in _by_level(bank).items():
        label = bank.by_id("level")[level]["section"].split("#")[1]
        section = soup.find(id=label)
        assert section is not None, label
        lists = section.select("div.red-flags li") or section.select("li")
        shown = {_text(li) for li in lists}
        for f in flags:
            assert any(s.startswith(f["sign"]) for s in shown), (level, f["id"])
        others = [g for lv, gs in _by_level(bank).items() if lv != level for g in gs]
        for g in others:
            assert not any(s.startswith(g["sign"]) for s in shown), (level, g["id"])


@pytest.mark.parametrize("docname", TECHNIQUES)
def test_each_technique_safety_box_follows_the_bank(built_book, bank, docname):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((built_book.html / f"{docname}.html").read_text("utf-8"), "html.parser")
    box = soup.select_one("div.admonition.important")
    assert box is not None, docname
    text = _text(box)
    actions = [lv["action"] for lv in bank["level"]]
    starts = [text.index(a) for a in actions]
    assert starts == sorted(starts), docname
    for i, (level, flags) in enumerate(_by_level(bank).items()):
        part = text[starts[i]:starts[i + 1] if i + 1 < len(starts) else len(text)]
        for f in flags:
            assert _short(f) in part, (docname, level, f["id"])
    assert "significant injury" not in text  # the 1.2.0 wording that sent trauma to same day


def test_every_banner_and_the_disclaimer_name_the_emergency_signs(built_book, bank):
    from bs4 import BeautifulSoup

    emergency = _by_level(bank)["emergency"]
    for page in sorted(built_book.html.rglob("*.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        line = soup.select_one(".chapter-meta-emergency")
        if line is None:
            continue
        shown = _text(line)
        for f in emergency:
            assert _short(f) in shown, (page.name, f["id"])
    disclaimer = BeautifulSoup((built_book.html / "front" / "disclaimer.html").read_text("utf-8"),
                               "html.parser").select_one("div.admonition.danger")
    for f in emergency:
        assert f["sign"] in _text(disclaimer), f["id"]
