"""Bank entries for the book: the key-facts boxes, the glossary and the self-check pools.

Bank text is never Markdown source. The key-facts boxes are computed here as plain data: a list of
(field name, parts), where each part is either bank text (TEXT), which the directive turns into a
docutils Text node that every writer escapes, or markup this module writes itself (MARKUP): a
status badge from the fixed list of statuses, or a citation whose keys match CITE_KEY. So a fact
that reads `{{ ... }}`, `<script>` or `` {eval-rst}`...` `` shows as written and runs nothing: no
MyST substitution, no raw HTML, no role. The glossary is built as nodes by `glossary_nodes`.
"""

from __future__ import annotations

import random
import re
import unicodedata

from quiz.figures.evidence import claim_label
from quiz.generate import all_questions
from quiz.model import Question

BADGE = {"supported": "success", "partly supported": "info", "mixed": "warning",
         "not supported": "danger", "outdated": "secondary"}
#: a citation key that may go into a {cite:p} role (the loader checks the bank's keys with it)
CITE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.+-]*$")

TEXT, MARKUP, STRONG = "text", "markup", "strong"  # STRONG: bank text, in bold


def badge(status: str) -> tuple[str, str]:
    """A sphinx-design badge for one of the fixed statuses (KeyError for anything else)."""
    return MARKUP, f"{{bdg-{BADGE[status]}}}`{status}`"


def cite(keys) -> list[tuple[str, str]]:
    """A {cite:p} role for these keys; a key that could break out of the role is a ValueError."""
    bad = [k for k in keys if not isinstance(k, str) or not CITE_KEY.match(k)]
    if bad:
        raise ValueError(f"not a citation key: {bad[0]!r}")
    return [(MARKUP, f"{{cite:p}}`{','.join(keys)}`")] if keys else []


def text(value: str) -> tuple[str, str]:
    """Bank text, shown exactly as written (whitespace runs become one space)."""
    return TEXT, " ".join(str(value).split())


def _claim_badges(claims) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    for i, c in enumerate(claims):
        parts += [(TEXT, ("; " if i else "") + claim_label(c["id"]) + " "), badge(c["status"])]
    return parts


def technique_fields(bank, tid: str) -> list[tuple[str, list[tuple[str, str]]]]:
    t = bank.by_id("technique")[tid]
    doc = t["section"].split("#")[0]
    claims = [c for c in bank["claim"] if c["section"].split("#")[0] == doc]
    out: list[tuple[str, list[tuple[str, str]]]] = []
    if t.get("aka"):
        out.append(("Also called", [text(", ".join(t["aka"]))]))
    out.append(("What is used", [text(", ".join(t["uses"]))]))
    for key, name in (("origin", "Origin"), ("setting", "Setting"), ("pressure", "Pressure"),
                      ("target", "Main target")):
        out.append((name, [text(t[key])]))
    if claims:
        out.append(("The article's claims here", _claim_badges(claims)))
    return out + [("Sources", cite(t["cite"]))]


def benefit_fields(bank, bid: str) -> list[tuple[str, list[tuple[str, str]]]]:
    b = bank.by_id("benefit")[bid]
    claims = bank.by_id("claim")
    listed: list[tuple[str, str]] = []
    for i, cid in enumerate(b["claims"]):
        c = claims[cid]
        listed += [(TEXT, ("; " if i else "") + f"{claim_label(cid)}: "), text(c["claim"]),
                   (TEXT, " "), badge(c["status"])]
    return [("Claimed benefit", [text(b["benefit"])]),
            ("Claimed mechanism", [text(b["mechanism"])]),
            ("Evidence for the mechanism", [badge(b["status"])]),
            ("The article's claims", listed),
            ("Sources", cite(b["cite"]))]


def keyfacts(bank, ref: str) -> tuple[str, list[tuple[str, list[tuple[str, str]]]]]:
    """(title, [(field name, parts)]) for `technique:ID` or `benefit:ID` (KeyError otherwise)."""
    kind, _, fid = ref.partition(":")
    if kind == "technique":
        return f"Key facts: {bank.by_id('technique')[fid]['name']}", technique_fields(bank, fid)
    if kind == "benefit":
        return "Key facts: what the article claims", benefit_fields(bank, fid)
    raise KeyError(ref)


def glossary_entries(bank) -> list[tuple[str, str]]:
    """(term, definition) for every term, sorted as Sphinx's `:sorted:` glossary sorts them."""
    entries = [(" ".join(t["term"].split()), " ".join(t["definition"].split()))
               for t in bank["term"]]
    return sorted(entries, key=lambda e: unicodedata.normalize("NFD", e[0].lower()))


def pool(bank, docnames, topic: str | None = None, seed: int = 0) -> list[Question]:
    """Every question whose answer is stated in these documents (one name, a list of names, or
    None for every document), and of this topic, in id order."""
    if isinstance(docnames, str):
        docnames = [docnames]
    out = [q for q in all_questions(bank, seed) if docnames is None or q.section.doc in docnames]
    return [q for q in out if topic is None or q.topic == topic]


def draw(questions: list[Question], count: int, seed: int = 0) -> list[Question]:
    """The fixed selection printed in the PDF and shown without JavaScript."""
    if len(questions) <= count:
        return list(questions)
    return random.Random(seed).sample(questions, count)


# --- red flags: every list of them in the book is rendered from the bank -----------------------

def flags_by_level(bank) -> dict[str, list[dict]]:
    """Level id -> its red flags, in bank order; levels in the bank's order, most urgent first."""
    from quiz.bank.schema import LEVELS

    order = [lv["id"] for lv in bank.tables.get("level") or ()] or list(LEVELS)
    out: dict[str, list[dict]] = {level: [] for level in order}
    for f in bank["red_flag"]:
        out.setdefault(f["level"], []).append(f)
    return out


def _cited(keys) -> list[tuple[str, str]]:
    """A space and the citation, or nothing when there are no keys."""
    return [(TEXT, " "), *cite(keys)] if keys else []


def red_flag_lines(bank, level: str) -> tuple[list[tuple[str, str]], list[list[tuple[str, str]]]]:
    """`{red-flags} LEVEL`: (what to do, in bold; each sign of that level with its sources)."""
    entry = bank.by_id("level")[level]
    signs = [[text(f["sign"]), *_cited(f["cite"])] for f in flags_by_level(bank)[level]]
    return [(STRONG, " ".join(entry["advice"].split()))], signs


def _listing(items: list[str]) -> str:
    """Signs joined with semicolons, since a sign may itself hold a comma or an "or"."""
    return "; ".join(items[:-1]) + "; or " + items[-1] if len(items) > 1 else items[0]


def red_flag_summary(bank) -> list[list[tuple[str, str]]]:
    """`{red-flag-summary}`: every level's red flags, one short paragraph per level, as a
    chapter's safety box says them: the action in bold, then the signs (brief forms where the
    bank has them) and their sources."""
    labels = {lv["id"]: lv["section"].split("#")[1] for lv in bank["level"]}
    actions = {lv["id"]: lv["action"] for lv in bank["level"]}
    out = []
    for level, flags in flags_by_level(bank).items():
        if not flags or level not in actions:
            continue
        signs = _listing([" ".join((f.get("brief") or f["sign"]).split()) for f in flags])
        keys = sorted({c for f in flags for c in f["cite"]})
        out.append([(STRONG, " ".join(actions[level].split())),
                    (TEXT, f" if back pain comes with: {signs} ("),
                    (MARKUP, f"{{ref}}`{labels[level]}`"), (TEXT, ")."), *_cited(keys)])
    return out


def banner_signs(bank) -> str:
    """The emergency signs as the one-line banner under every chapter title says them."""
    return _listing([f.get("brief") or f["sign"] for f in flags_by_level(bank)["emergency"]])
