"""Acceptance tests for the book (issue 2): it builds cleanly, and its content is complete and sound.

The book is built once per session by the `built_book` fixture (tests/conftest.py). Tests that need
a list of chapters read it at collection time from docs/index.md, so that a failure names the chapter.
"""

from __future__ import annotations

import copy
import json
import datetime as dt
import re
import tomllib
from pathlib import Path
from urllib.parse import urljoin

import pytest

import quiz
from conftest import toctree_docnames
from quiz import bank as bank_mod
from quiz.sphinxext import facts

REPO_ROOT = Path(__file__).resolve().parents[1]

DOCS = REPO_ROOT / "docs"
CLAIMS_TOML = REPO_ROOT / "quiz" / "bank" / "claims.toml"
BIB_FILES = [DOCS / "references.bib", *sorted((DOCS / "bib").glob("*.bib"))]

TECHNIQUES = {
    # docname: (label of the chapter, words its title must contain)
    "techniques/neuromuscular": ("nmt-what", ["neuromuscular", "trigger point"]),
    "techniques/swedish": ("swedish-what", ["swedish"]),
    "techniques/shiatsu": ("shiatsu-what", ["shiatsu"]),
}
BENEFIT_LABELS = [
    "benefit-pain", "benefit-depression", "benefit-endorphins", "benefit-cortisol",
    "benefit-blood-flow", "benefit-toxins", "benefit-lactic-acid", "benefit-inflammation",
    "benefit-muscle-tension", "benefit-flexibility", "benefit-stops-spasms", "benefit-sleep",
]
SAFETY_LABELS = [
    "red-flags", "red-flags-emergency", "red-flags-urgent", "red-flags-routine", "contraindications",
    "after-effects", "when-to-stop",
]
STATUSES = {"supported", "partly supported", "mixed", "not supported", "outdated"}
MIN_WORDS_TOTAL = 12_000
MIN_WORDS_TECHNIQUE = 1_200


# --------------------------------------------------------------------------- helpers




BOOK_PAGES = ["index", *toctree_docnames()]
MD_FILES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if "_build" not in p.parts)


def printed_questions(doc: str) -> list:
    """The questions the self-checks of a page print (PDF, no-JavaScript fallback, answer key):
    each `{quiz}`'s fixed draw, from its :topic:, :count: and :seed: as the page writes them."""
    text = (DOCS / f"{doc}.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"^(`{3,}|:{3,})\{quiz\}[^\n]*\n(.*?)^\1\s*$", text, re.M | re.S):
        options = dict(re.findall(r"^:(\w+):[ \t]*(.*?)\s*$", block[1], re.M))
        docs = options.get("from", "").split() or [doc]
        pool = facts.pool(bank_mod.load(), None if docs == ["*"] else docs, options.get("topic"))
        out += facts.draw(pool, int(options.get("count", 3)), int(options.get("seed", 0)))
    return out


def straight(text: str) -> str:
    """Text with typographic quotes made straight and whitespace collapsed (docutils' smart
    quotes curl the bank's apostrophes in the built pages)."""
    text = re.sub(r"[\u2018\u2019]", "'", re.sub(r"[\u201c\u201d]", '"', text))
    return re.sub(r"\s+", " ", text).strip()


def load_claims() -> list[dict]:
    with CLAIMS_TOML.open("rb") as fh:
        return tomllib.load(fh)["claim"]


def table_label(claim_id: str) -> str:
    """Bank id c07 -> table label C7."""
    return f"C{int(claim_id.removeprefix('c'))}"


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter, body) of a MyST page; the front matter is '' if there is none."""
    m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    return (m.group(1), text[m.end():]) if m else ("", text)


def article(soup):
    """The page's main content (the theme's <article>), without navigation or sidebars."""
    node = soup.find("article", class_="bd-article") or soup.find("main")
    assert node is not None, "page has no <article class='bd-article'> or <main> element"
    return node


def text_of(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True))


def resolved_links(docname: str, node) -> set[str]:
    """Hrefs inside `node`, resolved to paths relative to the HTML root (e.g. start/safety.html#red-flags)."""
    base = f"http://book.invalid/{docname}.html"
    out = set()
    for a in node.find_all("a", href=True):
        url = urljoin(base, a["href"])
        if url.startswith("http://book.invalid/"):
            out.add(url.removeprefix("http://book.invalid/"))
    return out


def outside_code_lines(text: str):
    """Yield (line number, line, in_code) for a MyST body, tracking ``` / ~~~ / ::: fences."""
    stack: list[tuple[str, int, bool]] = []  # (fence char, length, is literal code)
    for number, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^\s*(`{3,}|~{3,}|:{3,})\s*(.*)$", line)
        if m:
            fence, info = m.group(1), m.group(2).strip()
            char, length = fence[0], len(fence)
            if stack and not info and stack[-1][0] == char and length >= stack[-1][1]:
                stack.pop()
                yield number, line, True
                continue
            in_literal = any(lit for _, _, lit in stack)
            if not in_literal:
                directive = re.match(r"^\{([\w:-]+)\}", info)
                literal = directive is None or directive.group(1) in {"code-block", "code", "sourcecode"}
                stack.append((char, length, literal))
                yield number, line, True
                continue
        yield number, line, any(lit for _, _, lit in stack)


# --------------------------------------------------------------------------- the build


def test_book_builds(built_book):
    assert built_book.returncode == 0, (
        f"sphinx exited with {built_book.returncode}; last lines:\n" + built_book.output[-3000:]
    )


def test_build_has_no_warnings_or_errors(built_book):
    """-W -n: zero warnings. This also covers every {term} (glossary), {ref} and missing-toctree problem."""
    bad = [line for line in built_book.output.splitlines() if "WARNING" in line or "ERROR" in line]
    assert not bad, f"{len(bad)} warning/error line(s) in the build:\n" + "\n".join(bad[:40])


def test_every_docs_page_is_in_the_toctree():
    listed = set(BOOK_PAGES)
    missing = [md for md in MD_FILES if md.removesuffix(".md") not in listed]
    assert not missing, f"pages not listed in a toctree of docs/index.md: {missing}"


# --------------------------------------------------------------------------- chapters and sections


@pytest.mark.parametrize("docname", list(TECHNIQUES))
def test_technique_has_its_chapter(built_book, docname):
    label, title_words = TECHNIQUES[docname]
    assert docname in BOOK_PAGES, f"{docname} is not in the toctree of docs/index.md"
    body = article(built_book.soup(docname))
    assert body.find(id=label) is not None, f"{docname}: no anchor #{label}"
    h1 = body.find("h1")
    assert h1 is not None, f"{docname}: no title"
    title = text_of(h1).lower()
    for word in title_words:
        assert word in title, f"{docname}: title {title!r} does not name {word!r}"


@pytest.fixture(scope="module")
def anchors_by_page(built_book) -> dict[str, set[str]]:
    return {
        doc: {el["id"] for el in article(built_book.soup(doc)).find_all(id=True)}
        for doc in BOOK_PAGES
        if built_book.page_path(doc).is_file()
    }


@pytest.mark.parametrize("label", BENEFIT_LABELS)
def test_benefit_has_its_section(anchors_by_page, label):
    pages = [doc for doc, ids in anchors_by_page.items() if label in ids]
    assert pages, f"no built page has the anchor #{label}"
    assert all(p.startswith("benefits/") for p in pages), f"#{label} found outside benefits/: {pages}"


# --------------------------------------------------------------------------- the evidence table


def test_claims_bank_has_28_claims_with_known_statuses():
    claims = load_claims()
    ids = [c["id"] for c in claims]
    assert ids == [f"c{i:02d}" for i in range(1, 29)], f"bank claim ids: {ids}"
    bad = {c["id"]: c["status"] for c in claims if c["status"] not in STATUSES}
    assert not bad, f"unknown statuses in claims.toml: {bad}"


@pytest.fixture(scope="module")
def evidence_rows(built_book) -> dict[str, list]:
    """Table rows of evidence/at-a-glance whose first cell is a claim label C1..C28 (label -> rows)."""
    rows: dict[str, list] = {}
    for tr in article(built_book.soup("evidence/at-a-glance")).find_all("tr"):
        cells = tr.find_all(["td", "th"], recursive=False)
        if cells:
            m = re.fullmatch(r"C(\d+)\.?", text_of(cells[0]))
            if m:
                rows.setdefault(f"C{int(m.group(1))}", []).append(tr)
    return rows


@pytest.mark.parametrize(
    "label,status", [(table_label(c["id"]), c["status"]) for c in load_claims()]
)
def test_claim_in_evidence_table_with_bank_status(evidence_rows, label, status):
    """Each claim has exactly one row, one status badge, the status of quiz/bank/claims.toml, and a citation."""
    rows = evidence_rows.get(label, [])
    assert len(rows) == 1, f"{label}: expected 1 row in the evidence table, found {len(rows)}"
    row = rows[0]
    badges = [text_of(b).lower() for b in row.find_all("span", class_="sd-badge")]
    shown = [b for b in badges if b in STATUSES]
    assert len(shown) == 1, f"{label}: expected one status badge, found {badges}"
    assert shown[0] == status, f"{label}: table says {shown[0]!r}, claims.toml says {status!r}"
    assert row.find("span", class_="bibtex-citation"), f"{label}: the row cites no source"


def test_evidence_table_has_no_unknown_claims(evidence_rows):
    extra = sorted(set(evidence_rows) - {f"C{i}" for i in range(1, 29)})
    assert not extra, f"rows for claims the article does not make: {extra}"


# --------------------------------------------------------------------------- citations

CITE_ROLE = re.compile(r"\{cite(?::[\w-]+)?\}`([^`]*)`")


def bib_keys() -> tuple[set[str], set[str]]:
    """(keys of live entries, keys of commented-out / UNVERIFIED entries) over all .bib files."""
    live, dead = set(), set()
    for bib in BIB_FILES:
        for line in bib.read_text(encoding="utf-8").splitlines():
            if m := re.match(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", line):
                if m.group(1).lower() not in {"comment", "string", "preamble"}:
                    live.add(m.group(2))
            elif m := re.match(r"^\s*%+\s*(?:@|UNVERIFIED-)(\w+)\s*\{\s*([^,\s]+)\s*,", line):
                dead.add(m.group(2))
    return live, dead


def cited_keys(md: str) -> list[tuple[int, str]]:
    _, body = split_front_matter((DOCS / md).read_text(encoding="utf-8"))
    offset = (DOCS / md).read_text(encoding="utf-8").count("\n") - body.count("\n")
    found = []
    for number, line, in_code in outside_code_lines(body):
        if in_code:
            continue
        for m in CITE_ROLE.finditer(line):
            content = re.sub(r"\{[^}]*\}", "", m.group(1))  # drop {pre}/{post} text
            found += [(number + offset, k.strip()) for k in content.split(",") if k.strip()]
    return found


def test_bib_files_are_all_configured():
    conf = (REPO_ROOT / "conf.py").read_text(encoding="utf-8")
    missing = [b.relative_to(REPO_ROOT).as_posix() for b in BIB_FILES
               if b.relative_to(REPO_ROOT).as_posix() not in conf]
    assert not missing, f"bib files not in conf.py bibtex_bibfiles: {missing}"


@pytest.mark.parametrize("md", MD_FILES)
def test_citation_keys_resolve(md):
    live, dead = bib_keys()
    cites = cited_keys(md)
    unverified = [f"line {n}: {k}" for n, k in cites if k in dead and k not in live]
    assert not unverified, f"{md} cites UNVERIFIED / commented-out entries: {unverified}"
    undefined = [f"line {n}: {k}" for n, k in cites if k not in live]
    assert not undefined, f"{md} cites keys not defined in references.bib or bib/*.bib: {undefined}"


@pytest.mark.parametrize("docname", BOOK_PAGES)
def test_no_unresolved_citation_in_html(built_book, docname):
    """sphinxcontrib-bibtex renders a key it cannot find as an empty span or '[]'; a mistyped role
    (e.g. a space before the backtick) is shown as raw text outside code, with no warning."""
    body = article(built_book.soup(docname))
    broken = [str(s)[:120] for s in body.find_all("span", class_="bibtex-citation")
              if s.find("a") is None or text_of(s) in {"", "[]", "()"}]
    assert not broken, f"{docname}: unresolved citation markers: {broken}"
    prose = copy.copy(body)
    for node in prose.select("code, pre"):  # markup shown on purpose, as an example
        node.decompose()
    raw = re.findall(r"\{(?:cite|term|ref|bdg)[\w:-]*\}", text_of(prose))
    assert not raw, f"{docname}: MyST role markup shown as text: {raw}"


# --------------------------------------------------------------------------- chapter banner

# The pages whose banner lists the emergency signs: the clinical chapters, where a reader in pain
# may be choosing a massage. Every other page's banner only links to the red flags (issue 16); the
# safety chapter, the disclaimer and the technique chapters' safety boxes state the signs in their
# own text (tests/test_readers.py).
FULL_BANNER = ["start/what-is-a-back-spasm", "benefits/pain-and-mood", "benefits/circulation",
               "benefits/relaxation", "techniques/comparison"]


@pytest.mark.parametrize("docname", BOOK_PAGES)
def test_chapter_shows_last_reviewed_and_safety_links(built_book, docname):
    body = article(built_book.soup(docname))
    metas = body.find_all(class_="chapter-meta")
    assert len(metas) == 1, f"{docname}: expected one .chapter-meta banner, found {len(metas)}"
    m = re.search(r"Last reviewed (\d{4}-\d{2}-\d{2})", text_of(metas[0]))
    assert m, f"{docname}: banner has no 'Last reviewed YYYY-MM-DD': {text_of(metas[0])!r}"
    shown = dt.date.fromisoformat(m.group(1))
    front, _ = split_front_matter((DOCS / f"{docname}.md").read_text(encoding="utf-8"))
    declared = re.search(r"^last_reviewed:\s*['\"]?(\S+?)['\"]?\s*$", front, re.M)
    assert declared and declared.group(1) == m.group(1), (
        f"{docname}: banner shows {m.group(1)}, front matter says {declared and declared.group(1)}"
    )
    assert shown <= dt.date.today() + dt.timedelta(days=1), f"{docname}: reviewed in the future ({shown})"
    links = resolved_links(docname, metas[0])
    assert "front/disclaimer.html#medical-disclaimer" in links, f"{docname}: banner lacks disclaimer link: {links}"
    assert "start/safety.html#red-flags" in links, f"{docname}: banner lacks red-flags link: {links}"
    # on the clinical pages (test_readers fixes which), the emergency line names every emergency
    # sign of the bank (possible cauda equina syndrome); elsewhere the red-flags link stands alone
    if docname not in FULL_BANNER:
        assert metas[0].find(class_="chapter-meta-emergency") is None, docname
        return
    emergency = text_of(metas[0].find(class_="chapter-meta-emergency"))
    for word in ("bladder", "bowel", "anus", "genitals", "inner thighs", "sexual", "both legs"):
        assert word in emergency, f"{docname}: the emergency line lacks {word!r}: {emergency!r}"


# --------------------------------------------------------------------------- version


def test_version_shown_equals_package_version(built_book):
    version = quiz.__version__
    soup = built_book.soup("index")
    title = soup.title.get_text() if soup.title else ""
    assert version in title, f"index <title> {title!r} does not show version {version}"
    text = text_of(article(soup))
    assert re.search(rf"Version {re.escape(version)}\b", text), (
        f"index page does not say 'Version {version}': {text[:200]!r}"
    )
    assert "{{" not in text, "index page shows an unsubstituted {{ ... }}"
    options = (built_book.html / "_static" / "documentation_options.js").read_text(encoding="utf-8")
    m = re.search(r"VERSION:\s*'([^']*)'", options)
    assert m and m.group(1) == version, f"Sphinx release {m and m.group(1)!r} != quiz.__version__ {version!r}"


def test_every_page_title_shows_version(built_book):
    version = quiz.__version__
    titles = {doc: built_book.soup(doc).title for doc in BOOK_PAGES}
    wrong = [doc for doc, t in titles.items() if t is None or version not in t.get_text()]
    assert not wrong, f"pages whose <title> lacks version {version}: {wrong}"


# --------------------------------------------------------------------------- safety


@pytest.mark.parametrize("docname", list(TECHNIQUES))
def test_technique_body_links_red_flags(built_book, docname):
    """A link to start/safety.html#red-flags (or a #red-flags-* subsection) in the text, not the banner."""
    body = copy.copy(article(built_book.soup(docname)))
    for meta in body.find_all(class_="chapter-meta"):
        meta.decompose()
    links = resolved_links(docname, body)
    hits = [u for u in links if re.fullmatch(r"start/safety\.html#red-flags(-[\w-]+)?", u)]
    assert hits, f"{docname}: no link to the red flags outside the banner"


@pytest.mark.parametrize("label", SAFETY_LABELS)
def test_safety_page_has_section(built_book, label):
    assert article(built_book.soup("start/safety")).find(id=label), f"start/safety: no anchor #{label}"


def test_safety_page_has_danger_and_warning_admonitions(built_book):
    body = article(built_book.soup("start/safety"))
    danger = body.select("div.admonition.danger")
    warning = body.select("div.admonition.warning")
    assert danger, "start/safety: no {danger} admonition"
    assert warning, "start/safety: no {warning} admonition"
    inside = [a for a in danger + warning if "cauda equina" in text_of(a).lower()]
    assert inside, "start/safety: no danger/warning admonition mentions cauda equina syndrome"


def test_answer_key_gives_every_keyed_option_of_each_printed_select_all_question(built_book):
    """A "select all that apply" question printed in a chapter: its stem says so, its four
    options are printed, and the answer key names every keyed option by letter, then why."""
    printed = {doc: printed_questions(doc) for doc in BOOK_PAGES}
    assert sum(len(qs) for qs in printed.values()) >= 20, "the self-checks were not found"
    select_all = [(doc, q) for doc, qs in printed.items() for q in qs if q.kind == "multiple"]
    assert select_all, "no chapter prints a select-all question"
    entries = {straight(li.get_text(" "))
               for li in article(built_book.soup("reference/answer-key")).find_all("li")}
    for doc, q in select_all:
        assert q.stem.endswith("Select all that apply.") and len(q.answer) in (2, 3)
        keyed = "; ".join(f"{'ABCD'[i]}) {q.options[i]}" for i in q.answer)
        assert straight(f"{keyed}. {q.explanation}") in entries, (doc, q.id)  # the whole entry
        fallback = article(built_book.soup(doc)).find("noscript")  # what prints without JS
        items = [li for li in fallback.find("ol").find_all("li", recursive=False)
                 if straight(li.find("p").get_text()) == straight(q.stem)]
        assert len(items) == 1, (doc, q.id)
        assert [straight(li.get_text()) for li in items[0].find("ol").find_all("li")] == \
            [straight(o) for o in q.options]
        assert straight(items[0].find("details").get_text(" ")).startswith(
            straight(f"Answer {keyed}. {q.explanation}")), (doc, q.id)


def test_swedish_strokes_run_toward_the_heart(built_book):
    body = article(built_book.soup("techniques/swedish"))
    section = body.find(id="swedish-direction")
    assert section is not None, "techniques/swedish: no #swedish-direction section"
    assert re.search(r"\btowards? the heart\b", text_of(section), re.I), (
        "techniques/swedish#swedish-direction does not say strokes run toward the heart"
    )


# --------------------------------------------------------------------------- substance


def prose_words(built_book, docname: str) -> int:
    """Words of the visible text of the built article body.

    Counted: the text of <article class="bd-article"> (no navigation, sidebars or footer), minus the
    chapter banner, heading permalink signs, citation markers ("Furlan et al., 2015"), the generated
    bibliography and toctree link lists. A word is a token that starts with a letter.
    """
    body = copy.copy(article(built_book.soup(docname)))
    for sel in [".chapter-meta", "a.headerlink", "span.bibtex-citation", "div.citation-list",
                "div.toctree-wrapper", "script", "style"]:
        for node in body.select(sel):
            node.decompose()
    return len(re.findall(r"[^\W\d_][\w'’-]*", body.get_text(" ")))


def test_book_has_enough_prose(built_book):
    counts = {doc: prose_words(built_book, doc) for doc in BOOK_PAGES}
    total = sum(counts.values())
    assert total >= MIN_WORDS_TOTAL, f"{total} words of prose in all (< {MIN_WORDS_TOTAL}): {counts}"


@pytest.mark.parametrize("docname", list(TECHNIQUES))
def test_technique_chapter_has_enough_prose(built_book, docname):
    words = prose_words(built_book, docname)
    assert words >= MIN_WORDS_TECHNIQUE, f"{docname}: {words} words (< {MIN_WORDS_TECHNIQUE})"


PLACEHOLDERS = [
    (re.compile(r"\bTODO\b"), "TODO"),
    (re.compile(r"\bTBD\b"), "TBD"),
    (re.compile(r"\bFIXME\b"), "FIXME"),
    (re.compile(r"lorem ipsum", re.I), "lorem ipsum"),
    (re.compile(r"coming soon", re.I), "coming soon"),
    (re.compile(r"^\s*Draft\.?\s*$", re.I), "a 'Draft.' line"),
]


@pytest.mark.parametrize("md", MD_FILES)
def test_no_placeholder_text(md):
    """No placeholder words, and no skeleton heading (a heading that only repeats the label above it)."""
    lines = (DOCS / md).read_text(encoding="utf-8").splitlines()
    found = [f"line {n}: {what}: {line.strip()!r}"
             for n, line in enumerate(lines, 1) for rx, what in PLACEHOLDERS if rx.search(line)]
    for n in range(1, len(lines)):
        label = re.fullmatch(r"\(([\w-]+)\)=\s*", lines[n - 1])
        heading = re.fullmatch(r"#{1,6}\s+(.*?)\s*", lines[n])
        if label and heading and heading.group(1) == label.group(1):
            found.append(f"line {n + 1}: skeleton heading {lines[n]!r}")
    assert not found, f"{md}: placeholder text:\n" + "\n".join(found)


@pytest.mark.parametrize("md", MD_FILES)
def test_no_empty_section(md):
    """A heading must be followed by content before the next heading of the same or higher level.

    Blank lines, `(label)=` lines and `%` comments are not content; headings inside fences are ignored.
    """
    text = (DOCS / md).read_text(encoding="utf-8")
    _, body = split_front_matter(text)
    offset = text.count("\n") - body.count("\n")
    open_heading = None  # (line number, level, text) of a heading with no content yet
    empty = []
    for number, line, in_code in outside_code_lines(body):
        m = None if in_code else re.match(r"^(#{1,6})\s+(.*\S)\s*$", line)
        if m:
            level = len(m.group(1))
            if open_heading and level <= open_heading[1]:
                empty.append(open_heading)
            open_heading = (number + offset, level, m.group(2))
        elif line.strip() and not re.fullmatch(r"\s*(\([\w-]+\)=|%.*)\s*", line):
            open_heading = None
    if open_heading:
        empty.append(open_heading)
    assert not empty, f"{md}: empty sections: " + ", ".join(f"line {n} {'#' * lv} {t}" for n, lv, t in empty)


def test_citations_and_bibliography_labels_are_author_year(built_book, html_page):
    """Every citation in the text names its authors and year, and the bibliography is labelled
    the same way (no numbers nobody cites, no entry cited as ", 1994" for want of an author)."""
    import re

    bad = []
    for path in sorted(built_book.html.rglob("*.html")):
        doc = path.relative_to(built_book.html).with_suffix("").as_posix()
        if doc.startswith(("_", "genindex", "search")):
            continue
        for a in html_page(doc).select("a.reference.internal[href*='#id']"):
            text = a.get_text().strip()
            if re.fullmatch(r"[,;\s]*(\d{4}|n\.d\.)[a-z]?", text):
                bad.append(f"{doc}: cited as {text!r}")
    assert not bad, bad
    labels = [s.get_text().strip("[] ") for s in
              html_page("reference/references").select("div.citation span.label")]
    assert len(labels) >= 30
    assert "Furlan et al. 2015" in labels and "Kellogg 1895" in labels
    assert all(re.search(r" (\d{4}|n\.d\.)[a-z]?$", label) for label in labels), labels
    assert not any("{" in label or "\\" in label for label in labels), labels
    # titles keep the capitals of their proper nouns (plain would print "Travell, simons")
    text = html_page("reference/references").get_text(" ")
    assert "Travell, Simons & Simons" in text and "NMT: Two Versions Defined" in text


# The fact sheet's partly verified sources (evidence.md D2, marked †: a field or the page itself
# was not seen) carry a "% provenance: PARTLY VERIFIED" line in the .bib files. They may support a
# statement alongside a verified source, never a medical claim alone. Where one stands alone, it
# is for something that is not a medical claim, named here.
def partly_verified() -> set[str]:
    keys, flagged = set(), False
    for bib in BIB_FILES:
        for line in bib.read_text(encoding="utf-8").splitlines():
            if line.startswith("% provenance: PARTLY VERIFIED"):
                flagged = True
            elif m := re.match(r"^@\w+\{([^,\s]+),", line):
                if flagged:
                    keys.add(m.group(1))
                flagged = False
    return keys


PARTLY_VERIFIED = partly_verified()
ALONE_ALLOWED = {
    ("techniques/swedish.md", "goats1994massage"): "history: the 1863 treatise, the modern era",
    ("techniques/neuromuscular.md", "travell_simons"): "history: the 3rd edition's editors and the "
                                                      "year its foreword gives for volume 1",
}


def test_the_partly_verified_sources_are_marked_in_the_bib():
    assert PARTLY_VERIFIED >= {"goats1994massage", "cheung2003doms", "roland1986critical",
                               "chou2017nonpharmacologic", "steffens2016prevention",
                               "travell_simons"}


@pytest.mark.parametrize("md", MD_FILES)
def test_no_medical_claim_rests_on_a_partly_verified_source_alone(md):
    _, body = split_front_matter((DOCS / md).read_text(encoding="utf-8"))
    alone = []
    for number, line, in_code in outside_code_lines(body):
        for m in [] if in_code else CITE_ROLE.finditer(line):
            keys = {k.strip() for k in re.sub(r"\{[^}]*\}", "", m.group(1)).split(",") if k.strip()}
            if keys <= PARTLY_VERIFIED:
                alone += [(number, k) for k in keys if (md, k) not in ALONE_ALLOWED]
    assert not alone, f"{md}: cited alone, but only partly verified: {alone}"


# --------------------------------------------------------------------------- learning objectives

CHAPTERS = ["start/what-is-a-back-spasm", "start/safety", "benefits/pain-and-mood",
            "benefits/circulation", "benefits/relaxation", "techniques/neuromuscular",
            "techniques/swedish", "techniques/shiatsu", "techniques/comparison",
            "long-term/beyond-massage", "evidence/at-a-glance"]
OBJECTIVE_VERBS = {"name", "describe", "explain", "distinguish", "recognise", "apply", "judge",
                   "list", "identify", "compare", "outline", "decide", "choose", "state",
                   "interpret", "evaluate", "spot", "tell", "give", "summarise", "use", "locate",
                   "find", "say", "correct", "weigh", "plan", "advise", "define", "read"}


@pytest.mark.parametrize("docname", CHAPTERS)
def test_each_chapter_ends_with_a_self_check(built_book, docname):
    """A self-check at the end of every chapter: its last section, with a question pool that a
    learner can draw from (a chapter that reviews others draws from theirs)."""
    body = article(built_book.soup(docname))
    sections = body.select("section section")
    assert sections, f"{docname}: no sections"
    last = [s for s in sections if s.find_parent("section") is sections[0].find_parent("section")][-1]
    assert text_of(last.find("h2")).startswith("Self-check"), (
        f"{docname}: the last section is not the self-check")
    pool = last.select_one("script.quiz-pool, script[type='application/json']")
    assert pool is not None, f"{docname}: the self-check has no question pool"
    assert len(json.loads(pool.string)) >= 3, f"{docname}: fewer than 3 questions to draw from"
    assert printed_questions(docname), f"{docname}: the self-check prints no question"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_each_chapter_opens_with_learning_objectives(built_book, docname):
    """Instructors map a syllabus to objectives: each chapter states 3 to 5, each one starting
    with a verb a learner can be assessed on, before the chapter's first section."""
    assert set(CHAPTERS) <= set(BOOK_PAGES)
    body = article(built_book.soup(docname))
    boxes = body.select("div.learning-objectives")
    assert len(boxes) == 1, f"{docname}: {len(boxes)} learning-objectives boxes"
    items = [text_of(li) for li in boxes[0].select("li")]
    assert 3 <= len(items) <= 5, f"{docname}: {len(items)} objectives"
    for item in items:
        verb = item.split()[0].lower().strip(",")
        assert verb in OBJECTIVE_VERBS, f"{docname}: objective without a measurable verb: {item!r}"
    section = boxes[0].find_parent("section")
    assert section is not None and section.find("h1", recursive=False) is not None, (
        f"{docname}: the objectives belong before the first section, under the chapter title")
