"""The book's figures (issue 8): computed from the bank, accurate, labelled, referenced, printed.

Unit tests call quiz.figures directly (and on edited copies of the bank in a temporary folder);
the book tests read the session's HTML build (`built_book`) and PDF build (`book_pdf`).
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import REPO_ROOT, require_tool

from quiz import bank as bank_mod
from quiz import figures
from quiz.figures import care, evidence, svg, swedish, techniques
from quiz.model import STATUSES

BANK_DIR = REPO_ROOT / "quiz" / "bank"
SVG_NS = "{http://www.w3.org/2000/svg}"
# label -> (document that shows the figure, figure name): each figure in its chapter
EXPECTED = {
    "fig-back-muscles": ("start/what-is-a-back-spasm", "back-muscles"),
    "fig-stroke-families": ("techniques/swedish", "stroke-families"),
    "fig-swedish-direction": ("techniques/swedish", "swedish-direction"),
    "fig-care-chart": ("start/safety", "care-chart"),
    "fig-evidence-chart": ("evidence/at-a-glance", "evidence-chart"),
    "fig-technique-comparison": ("techniques/comparison", "technique-comparison"),
    "fig-answer-sheet": ("instructors/guide", "answer-sheet"),
}
MUSCLES = ["erector spinae", "quadratus lumborum", "multifidus", "latissimus dorsi", "trapezius"]


# --------------------------------------------------------------------------- helpers

@pytest.fixture(scope="module")
def bank():
    return bank_mod.load(str(BANK_DIR))


def raw_statuses(folder: Path) -> Counter:
    """Claim statuses read straight from claims.toml, without the project's loader."""
    with open(folder / "claims.toml", "rb") as fh:
        return Counter(c["status"] for c in tomllib.load(fh)["claim"])


def set_field(folder: Path, fname: str, entry_id: str, field: str, value: str) -> None:
    """Set `field = "value"` in the [[...]] entry with this id (the field must already be there)."""
    path = folder / fname
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf'(id = "{re.escape(entry_id)}"\n(?:(?!\[\[).*\n)*?{field} = )"[^"]*"')
    new, n = pattern.subn(lambda m: f'{m[1]}"{value}"', text)
    assert n == 1, f"{fname}: no {field} in entry {entry_id}"
    path.write_text(new, encoding="utf-8")


def parse(svg_text: str) -> ET.Element:
    return ET.fromstring(svg_text)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG_NS}text")]


def status_rows(root: ET.Element) -> dict[str, list[str]]:
    """Evidence chart: status -> claim labels drawn in its row."""
    rows = {}
    for g in root.iter(f"{SVG_NS}g"):
        if g.get("class") == "status-row":
            labels = [c.get("data-claim") for c in g.iter(f"{SVG_NS}g")
                      if c.get("class") == "claim"]
            assert int(g.get("data-count")) == len(labels)
            rows[g.get("data-status")] = labels
    return rows


def care_parts(svg_text: str) -> tuple[dict, dict, set]:
    """Care chart: level -> the signs its question box lists; level -> (its action's words, its
    <g>); and the arrows as (from, to, label)."""
    groups = list(parse(svg_text).iter(f"{SVG_NS}g"))
    questions = {g.get("data-level"): [s.get("data-sign") for s in g.iter(f"{SVG_NS}g")
                                       if s.get("class") == "sign"]
                 for g in groups if g.get("class") == "step"}
    actions = {g.get("data-level"): (" ".join(texts(g)), g)
               for g in groups if g.get("class") == "action"}
    edges = {(g.get("data-from"), g.get("data-to"), g.get("data-label"))
             for g in groups if g.get("class") == "edge"}
    return questions, actions, edges


def contrast(a: str, b: str) -> float:
    def lum(colour: str) -> float:
        rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --------------------------------------------------------------------------- every figure

@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_figure_has_alt_text_and_an_accessible_svg(bank, name):
    fig = figures.build(name, bank)
    assert fig.kind == "svg"
    assert len(fig.alt.split()) >= 15, f"{name}: alt text too short: {fig.alt!r}"
    root = parse(fig.source)
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    found = {el.get("id"): (el.text or "").strip() for el in root if el.get("id") in ids}
    assert set(found) == set(ids) and all(found.values()), f"{name}: <title>/<desc> missing"


def _text_boxes(node: ET.Element, sx=1.0, sy=1.0, dx=0.0, dy=0.0):
    """(left, right, baseline, text) of every <text>, with translate/scale of its groups applied."""
    transform = node.get("transform", "")
    m = re.search(r"translate\(([-\d.]+)[ ,]([-\d.]+)\)", transform)
    if m:
        dx, dy = dx + float(m[1]) * sx, dy + float(m[2]) * sy
    m = re.search(r"scale\(([-\d.]+)(?:[ ,]([-\d.]+))?\)", transform)
    if m:
        sx, sy = sx * float(m[1]), sy * float(m[2] or m[1])
    if node.tag == f"{SVG_NS}text":
        size = float(node.get("font-size"))
        width = svg.text_width(node.text or "", size, node.get("font-weight") == "bold") * sx
        x, y = dx + float(node.get("x")) * sx, dy + float(node.get("y")) * sy
        anchor = node.get("text-anchor", "start")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        yield left, left + width, y, node.text
    for child in node:
        yield from _text_boxes(child, sx, sy, dx, dy)


@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_no_label_runs_off_the_picture(bank, name):
    fig = figures.build(name, bank)
    for source in {fig.source, fig.print_source or fig.source}:
        _labels_inside(name, parse(source))


def _labels_inside(name: str, root: ET.Element) -> None:
    width, height = float(root.get("width")), float(root.get("height"))
    for left, right, baseline, text in _text_boxes(root):
        assert left >= 0 and right <= width, \
            f"{name}: {text!r} spans {left:.0f}-{right:.0f} of {width:.0f}"
        assert 0 < baseline <= height, f"{name}: {text!r} at y={baseline}"


def test_chart_colours_are_readable():
    for status, (fill, ink) in evidence.COLOURS.items():
        assert contrast(fill, ink) >= 4.5, status
    for colour in (svg.INK, svg.MUTED, techniques.GREY, techniques.DARK):
        assert contrast(colour, "#ffffff") >= 4.5, colour
    assert set(evidence.COLOURS) == set(STATUSES)


def test_python_m_quiz_does_not_import_the_figures():
    code = ("import sys, quiz.cli; quiz.cli.main(['--seed', '1', '--format', 'json']); "
            "print('quiz.figures' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=REPO_ROOT)
    assert proc.stdout.strip().splitlines()[-1] == "False"


# --------------------------------------------------------------------------- evidence chart

def test_evidence_chart_counts_equal_the_banks_counts(bank):
    expected = raw_statuses(BANK_DIR)
    counts = evidence.counts(bank)
    assert counts == {status: expected.get(status, 0) for status in STATUSES}
    assert sum(counts.values()) == len(bank["claim"])
    rows = status_rows(parse(evidence.evidence_chart(bank).source))
    assert {status: len(labels) for status, labels in rows.items()} == counts
    for claim in bank["claim"]:
        assert evidence.claim_label(claim["id"]) in rows[claim["status"]]


def test_changing_a_claims_status_in_a_copy_of_the_bank_changes_the_chart(bank, tmp_bank):
    c11 = bank.by_id("claim")["c11"]
    new = next(s for s in STATUSES if s != c11["status"])
    set_field(tmp_bank, "claims.toml", "c11", "status", new)
    edited = bank_mod.load(str(tmp_bank))
    before, after = evidence.counts(bank), evidence.counts(edited)
    assert after[c11["status"]] == before[c11["status"]] - 1
    assert after[new] == before[new] + 1
    raw = raw_statuses(tmp_bank)
    assert after == {status: raw.get(status, 0) for status in STATUSES}
    chart_before, chart_after = evidence.evidence_chart(bank), evidence.evidence_chart(edited)
    assert chart_after.source != chart_before.source and chart_after.alt != chart_before.alt
    rows = status_rows(parse(chart_after.source))
    assert "C11" in rows[new] and "C11" not in rows[c11["status"]]
    assert f"{after[new]} {new} (" in chart_after.alt


def test_a_status_with_many_claims_wraps_inside_the_picture(bank, tmp_bank):
    for claim in bank["claim"]:
        if claim["status"] != "supported":
            set_field(tmp_bank, "claims.toml", claim["id"], "status", "supported")
    chart = evidence.evidence_chart(bank_mod.load(str(tmp_bank)))
    root = parse(chart.source)
    assert len(status_rows(root)["supported"]) == len(bank["claim"])
    width, height = float(root.get("width")), float(root.get("height"))
    for rect in root.iter(f"{SVG_NS}rect"):
        assert float(rect.get("x")) + float(rect.get("width")) <= width
        assert float(rect.get("y")) + float(rect.get("height")) <= height


# --------------------------------------------------------------------------- techniques

def test_technique_comparison_shows_the_banks_facts(bank):
    fig = techniques.technique_comparison(bank)
    root = parse(fig.source)
    drawn = texts(root)
    for t, prof in zip(bank["technique"], techniques.profiles(bank)):
        assert prof["uses"] == t["uses"] and prof["evidence"] == t["evidence"]
        assert prof["timing"] == t["timing"] and prof["motion"] == t["motion"]
        assert prof["evidence"] in drawn, f"{t['id']}: evidence status not drawn"
        assert f"evidence for back pain: {t['evidence']}" in fig.alt
    claims = {(g.get("data-claim"), g.get("data-status")) for g in root.iter(f"{SVG_NS}g")
              if g.get("class") == "claim"}
    techniques_docs = {t["section"].split("#")[0] for t in bank["technique"]}
    expected = {(evidence.claim_label(c["id"]), c["status"]) for c in bank["claim"]
                if c["section"].split("#")[0] in techniques_docs}
    assert claims == expected and expected


def test_technique_comparison_follows_the_bank(bank, tmp_bank):
    set_field(tmp_bank, "claims.toml", "c21", "status", "supported")
    set_field(tmp_bank, "techniques.toml", "swedish", "evidence", "outdated")
    fig = techniques.technique_comparison(bank_mod.load(str(tmp_bank)))
    root = parse(fig.source)
    claims = {g.get("data-claim"): g.get("data-status") for g in root.iter(f"{SVG_NS}g")
              if g.get("class") == "claim"}
    assert claims["C21"] == "supported"
    assert "Swedish massage: works with" in fig.alt
    assert "evidence for back pain: outdated" in fig.alt
    assert fig.source != techniques.technique_comparison(bank).source


# --------------------------------------------------------------------------- care chart

ROUTINE = [{"sign": "pain that is not improving after a few weeks of self-care", "level": "routine"},
           {"sign": "pain below the knee that is not improving", "level": "routine"}]


@pytest.mark.parametrize("layout", ["source", "print_source"])  # on screen, in the PDF
def test_care_chart_sends_each_red_flag_to_the_right_care(bank, layout):
    questions, actions, edges = care_parts(getattr(care.care_chart(bank), layout))
    levels = [lv for lv in care.ORDER if any(f["level"] == lv for f in bank["red_flag"])]
    assert levels[:2] == ["emergency", "urgent"]
    assert list(questions) == levels and set(actions) == {*levels, "none"}
    for flag in bank["red_flag"]:
        for level, signs in questions.items():
            assert (flag["sign"] in signs) == (level == flag["level"]), \
                f"{flag['id']}: listed under {level}, belongs under {flag['level']}"
    assert sum(len(signs) for signs in questions.values()) == len(bank["red_flag"])
    assert "go to an emergency department now" in actions["emergency"][0].lower()
    assert "same day" in actions["urgent"][0]
    assert "not improving" in actions["none"][0]
    chain = ["start", *(f"q-{lv}" for lv in levels), "a-none"]
    assert edges == {("start", "q-emergency", "")} | {
        (a, b, "no") for a, b in zip(chain[1:], chain[2:])} | {
        (f"q-{lv}", f"a-{lv}", "yes") for lv in levels}


@pytest.mark.parametrize("layout", ["source", "print_source"])
def test_care_chart_draws_a_routine_level_when_the_bank_has_one(bank, layout):
    two = [f for f in bank["red_flag"] if f["level"] != "routine"]
    assert "routine" not in care_parts(getattr(care.care_chart({"red_flag": two}), layout))[0]
    fig = care.care_chart({"red_flag": [*two, *ROUTINE]})
    questions, actions, edges = care_parts(getattr(fig, layout))
    assert list(questions) == ["emergency", "urgent", "routine"], "in order of urgency, top down"
    assert questions["routine"] == [f["sign"] for f in ROUTINE]
    assert "See a doctor soon" in actions["routine"][0]
    assert {("q-urgent", "q-routine", "no"), ("q-routine", "a-routine", "yes"),
            ("q-routine", "a-none", "no")} <= edges
    assert ("q-urgent", "a-none", "no") not in edges
    for flag in ROUTINE:
        assert flag["sign"] in fig.alt
    assert fig.alt.index("routine sign") > fig.alt.index("urgent sign")
    with pytest.raises(ValueError, match="'someday'"):
        care.care_chart({"red_flag": [{"sign": "x", "level": "someday"}]})


def test_care_actions_differ_in_words_and_border_not_colour_alone(bank):
    fig = care.care_chart({"red_flag": [*bank["red_flag"], *ROUTINE]})
    actions = care_parts(fig.source)[1]
    drawn = set()
    for _text, g in actions.values():
        box = next(g.iter(f"{SVG_NS}rect"))
        drawn.add((box.get("stroke-dasharray"), box.get("stroke-width")))
    assert len(drawn) == len(actions) == 4, f"each action needs its own border: {drawn}"
    assert len({g.get("data-border") for _t, g in actions.values()}) >= 3  # solid, dashed, dotted
    tags = [text.split()[0] for text, _g in actions.values()]
    assert len(set(tags)) == 4 and all(tag.isupper() for tag in tags), tags
    for level, step in care.STEPS.items():
        assert contrast(step.fill, step.ink) >= 4.5, level
        assert contrast(step.edge, "#ffffff") >= 3, f"{level}: border too faint"


def test_care_chart_text_stays_readable_on_a_phone_and_fits_a_printed_page(bank):
    """On screen, one column at most WIDTH wide, which a phone shrinks little; in print, a wider
    chart whose height fits an A4 page (1 inch margins) with its caption."""
    fig = care.care_chart({"red_flag": [*bank["red_flag"], *ROUTINE]})
    root = parse(fig.source)
    width = float(root.get("width"))
    phone_column = 312  # the book's text column on a 360 px wide phone (measured in Chromium)
    sizes = Counter(float(t.get("font-size")) for t in root.iter(f"{SVG_NS}text"))
    scale = min(1, phone_column / width)
    assert min(sizes) * scale >= 10.5, "the smallest text on a phone"
    assert sizes.most_common(1)[0][0] * scale >= 11.5, "the signs' text on a phone"
    printed = parse(fig.print_source)
    text_width, text_height, caption = 595 - 144, 842 - 144, 60  # pt
    pt = 0.75 * min(1, text_width / (0.75 * float(printed.get("width"))))  # one px, printed
    assert float(printed.get("height")) * pt <= text_height - caption
    assert sizes.most_common(1)[0][0] * pt >= 8, "the signs' text in print, in pt"


@pytest.mark.parametrize("layout", ["source", "print_source"])
def test_care_chart_text_stays_inside_its_boxes(bank, layout):
    root = parse(getattr(care.care_chart({"red_flag": [*bank["red_flag"], *ROUTINE]}), layout))
    boxes = 0
    for g in root.iter(f"{SVG_NS}g"):
        if g.get("class") in ("step", "action"):
            boxes += 1
            box = next(g.iter(f"{SVG_NS}rect"))
            left, right = float(box.get("x")), float(box.get("x")) + float(box.get("width"))
            top, bottom = float(box.get("y")), float(box.get("y")) + float(box.get("height"))
            for lo, hi, baseline, text in _text_boxes(g):
                assert left < lo and hi < right, f"{text!r} runs out of its box"
                assert top < baseline < bottom, f"{text!r} is below its box"
    assert boxes == 7


def test_a_new_red_flag_in_the_bank_appears_in_the_chart(tmp_bank):
    with open(tmp_bank / "safety.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[red_flag]]\nid = "test-flag"\nsign = "a sign added only by this test"\n'
                 'about = ["this test"]\nlevel = "urgent"\nsection = "start/safety#red-flags-urgent"\n'
                 'cite = ["nhsct_lbp"]\ncase = "has a sign added only by this test"\n')
    fig = care.care_chart(bank_mod.load(str(tmp_bank)))
    assert "a sign added only by this test" in care_parts(fig.source)[0]["urgent"]
    assert "a sign added only by this test" in fig.alt


# --------------------------------------------------------------------------- drawings

def test_swedish_arrows_point_toward_the_heart():
    root = parse(swedish.direction().source)
    tips = {tuple(float(v) for v in poly.get("points").split()[0].split(","))
            for poly in root.iter(f"{SVG_NS}polygon")}
    assert len(swedish.ARROWS) == 4
    for limb, points in swedish.ARROWS.items():
        dist = [math.dist(p, swedish.HEART) for p in points]
        assert dist == sorted(dist, reverse=True), f"{limb}: not a stroke toward the heart"
        assert points[-1] in tips, f"{limb}: no arrowhead drawn at the end of the stroke"
        assert points[0][1] > points[-1][1], f"{limb}: should start at the hand or foot"


def test_stroke_families_come_from_the_bank(bank, tmp_bank):
    root = parse(swedish.stroke_families(bank).source)
    drawn = [g.get("data-stroke") for g in root.iter(f"{SVG_NS}g") if g.get("class") == "stroke"]
    assert drawn == [s["id"] for s in bank["stroke"]] and len(drawn) == 5
    words = " ".join(texts(root)).lower()
    for s in bank["stroke"]:
        assert s["name"] in words
    set_field(tmp_bank, "techniques.toml", "vibration", "description",
              "fine, rapid shaking drawn by this test")
    assert "drawn by this test" in " ".join(texts(parse(
        swedish.stroke_families(bank_mod.load(str(tmp_bank))).source)))


def test_back_schematic_names_the_five_muscles_and_says_it_is_a_schematic():
    fig = figures.build("back-muscles", None)
    words = " ".join(texts(parse(fig.source))).lower()
    for muscle in MUSCLES:
        assert muscle in words and muscle in fig.alt
    assert "schematic" in words and "not an anatomical plate" in words
    assert fig.alt.startswith("Schematic")


# --------------------------------------------------------------------------- the built book

def figure_elements(built_book):
    """(docname, <figure>) for every figure with a bank-figure picture in the built book."""
    out = []
    for path in sorted(built_book.html.rglob("*.html")):
        doc = path.relative_to(built_book.html).with_suffix("").as_posix()
        if doc.startswith("_"):
            continue
        for fig in built_book.soup(doc).select("figure"):
            if fig.select_one("img.bank-figure"):
                out.append((doc, fig))
    return out


@pytest.fixture(scope="module")
def book_figures(built_book):
    if built_book.returncode != 0:
        pytest.fail(f"the book did not build:\n{built_book.output[-3000:]}")
    return figure_elements(built_book)


def test_every_figure_is_in_its_chapter(book_figures):
    found = {fig.get("id"): (doc, fig.select_one("img.bank-figure")["data-figure"])
             for doc, fig in book_figures}
    assert found == EXPECTED


def test_every_figure_has_alt_text_a_caption_and_a_picture(built_book, book_figures, bank):
    for doc, fig in book_figures:
        img = fig.select_one("img.bank-figure")
        name = img["data-figure"]
        assert img["alt"] == figures.build(name, bank).alt, f"{name}: alt differs from the data"
        assert len(img["alt"].split()) >= 15
        caption = fig.select_one("figcaption")
        assert caption is not None and len(caption.get_text(" ", strip=True).split()) >= 10, name
        picture = (built_book.page_path(doc).parent / img["src"]).resolve()
        assert picture.is_file() and picture.suffix == ".svg", f"{name}: {img['src']}"
        root = parse(picture.read_text(encoding="utf-8"))
        assert root.get("role") == "img", f"{name}: the SVG has no role=img"


def test_every_figure_is_referenced_from_the_text(built_book, book_figures):
    labels = {fig.get("id"): doc for doc, fig in book_figures}
    referenced: dict[str, set[str]] = {label: set() for label in labels}
    for path in sorted(built_book.html.rglob("*.html")):
        doc = path.relative_to(built_book.html).with_suffix("").as_posix()
        if doc.startswith("_") or doc in ("genindex", "search"):
            continue
        body = built_book.soup(doc).select_one("article") or built_book.soup(doc)
        for a in body.select("a[href]"):
            target = urlsplit(urljoin(f"http://book/{doc}.html", a["href"]))
            own = a.find_parent("figure")
            if "headerlink" in a.get("class", []) or (own and own.get("id") == target.fragment):
                continue  # a figure's own permalink is not a reference from the text
            if target.fragment in labels and target.path == f"/{labels[target.fragment]}.html":
                referenced[target.fragment].add(doc)
    unreferenced = [label for label, docs in referenced.items() if not docs]
    assert not unreferenced, f"figures that no text refers to: {unreferenced}"


def test_the_built_evidence_chart_matches_the_bank(built_book, book_figures):
    doc, fig = next((d, f) for d, f in book_figures if f.get("id") == "fig-evidence-chart")
    picture = built_book.page_path(doc).parent / fig.select_one("img.bank-figure")["src"]
    rows = status_rows(parse(picture.read_text(encoding="utf-8")))
    expected = raw_statuses(BANK_DIR)
    assert {status: len(labels) for status, labels in rows.items()} == \
        {status: expected.get(status, 0) for status in STATUSES}


# --------------------------------------------------------------------------- the PDF

def test_every_figure_is_printed_in_the_pdf(book_pdf):
    if book_pdf.returncode != 0 or not book_pdf.pdf.is_file():
        pytest.fail(f"the PDF did not build:\n{book_pdf.output[-3000:]}")
    tex = (book_pdf.latex / "massage-for-back-spasms.tex").read_text(encoding="utf-8")
    included = re.findall(
        r"\\sphinxincludegraphics(?:\[[^]]*\])?\{(bank-figure-([a-z-]+?)-[0-9a-f]+\.pdf)\}", tex)
    assert sorted(name for _f, name in included) == sorted(n for _d, n in EXPECTED.values())
    for fname, _name in included:
        assert (book_pdf.latex / fname).read_bytes()[:5] == b"%PDF-", fname
    log = (book_pdf.latex / "massage-for-back-spasms.log").read_text(encoding="utf-8",
                                                                     errors="replace")
    assert "Float too large" not in log, "a figure and its caption do not fit on a page"
    exe = require_tool("pdftotext", "apt-get install poppler-utils")
    text = subprocess.run([exe, str(book_pdf.pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = re.sub(r"\s+", " ", text)
    for marker in ("SCHEMATIC: simplified and not to scale", "Long strokes run toward the heart",
                   "layer on layer", "Any of these emergency signs?", "One box per claim",
                   "Works with"):
        assert marker in text, f"{marker!r}: the figure's text is not in the PDF"


def test_a_figure_page_depends_on_every_module_that_draws_it(built_book):
    """Editing any module a figure is drawn with rebuilds its page: the technique comparison is
    drawn by figures/techniques.py, which takes its colours from figures/evidence.py."""
    import pickle

    with open(built_book.doctrees / "environment.pickle", "rb") as fh:
        env = pickle.load(fh)
    figures_dir = REPO_ROOT / "quiz" / "figures"
    pages = [doc for doc, deps in env.dependencies.items()
             if any(str(d).endswith("techniques.py") and "figures" in str(d) for d in deps)]
    assert pages, "no page depends on quiz/figures/techniques.py"
    for doc in pages:
        deps = {os.path.normpath(os.path.join(REPO_ROOT / "docs", d)) for d in env.dependencies[doc]}
        for module in ("techniques.py", "evidence.py", "svg.py"):
            assert os.path.normpath(str(figures_dir / module)) in deps, (doc, module)
