"""Bank entries as MyST Markdown: the key-facts boxes, the glossary and the self-check pools.

Pure functions of the bank, so the directives stay thin and tests can call these directly.
The Markdown is parsed by MyST inside the directive, which keeps citations, badges and glossary
terms working in every builder (HTML, LaTeX, text).
"""

from __future__ import annotations

import random

from quiz.generate import all_questions
from quiz.model import Question

BADGE = {"supported": "success", "partly supported": "info", "mixed": "warning",
         "not supported": "danger", "outdated": "secondary"}


def badge(status: str) -> str:
    return f"{{bdg-{BADGE[status]}}}`{status}`"


def cite(keys) -> str:
    return f" {{cite:p}}`{','.join(keys)}`" if keys else ""


def _md(text: str) -> str:
    """Bank text as inert Markdown: markup characters are escaped, so a fact renders as written."""
    out = []
    for ch in text:
        if ch in "\\`*_{}[]<>()#+-.!|~:$&=":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _field(name: str, value: str) -> list[str]:
    return [name, f": {value}", ""]


def _claim_badges(claims) -> str:
    return "; ".join(f"C{int(c['id'][1:])} {badge(c['status'])}" for c in claims)


def technique_lines(bank, tid: str) -> list[str]:
    t = bank.by_id("technique")[tid]
    doc = t["section"].split("#")[0]
    claims = [c for c in bank["claim"] if c["section"].split("#")[0] == doc]
    lines: list[str] = []
    if t.get("aka"):
        lines += _field("Also called", _md(", ".join(t["aka"])))
    lines += _field("What is used", _md(", ".join(t["uses"])))
    for key, name in (("origin", "Origin"), ("setting", "Setting"), ("pressure", "Pressure"),
                      ("target", "Main target")):
        lines += _field(name, _md(t[key]))
    if claims:
        lines += _field("The article's claims here", _claim_badges(claims))
    return lines + _field("Sources", cite(t["cite"]).strip())


def benefit_lines(bank, bid: str) -> list[str]:
    b = bank.by_id("benefit")[bid]
    claims = bank.by_id("claim")
    return (_field("Claimed benefit", _md(b["benefit"]))
            + _field("Claimed mechanism", _md(b["mechanism"]))
            + _field("Evidence for the mechanism", badge(b["status"]))
            + _field("The article's claims", "; ".join(
                f"C{int(c[1:])}: {_md(claims[c]['claim'])} {badge(claims[c]['status'])}"
                for c in b["claims"]))
            + _field("Sources", cite(b["cite"]).strip()))


def keyfacts_markdown(bank, ref: str) -> tuple[str, list[str]]:
    """(title, definition-list lines) for `technique:ID` or `benefit:ID`."""
    kind, _, fid = ref.partition(":")
    if kind == "technique":
        return f"Key facts: {bank.by_id('technique')[fid]['name']}", technique_lines(bank, fid)
    if kind == "benefit":
        return "Key facts: what the article claims", benefit_lines(bank, fid)
    raise KeyError(ref)


def glossary_markdown(bank) -> list[str]:
    lines = [":::{glossary}", ":sorted:", ""]
    for t in bank["term"]:
        lines += [t["term"], f"  {_md(t['definition'])}", ""]
    return lines + [":::"]


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


def red_flag_lines(bank, level: str) -> list[str]:
    """`{red-flags} LEVEL`: what to do, in bold, then each sign of that level with its sources."""
    entry = bank.by_id("level")[level]
    lines = [f"**{_md(entry['advice'])}**", ""]
    lines += [f"- {_md(f['sign'])}{cite(f['cite'])}" for f in flags_by_level(bank)[level]]
    return lines + [""]


def _listing(items: list[str]) -> str:
    """Signs joined with semicolons, since a sign may itself hold a comma or an "or"."""
    return "; ".join(items[:-1]) + "; or " + items[-1] if len(items) > 1 else items[0]


def red_flag_summary(bank) -> list[str]:
    """`{red-flag-summary}`: every level's red flags, one short paragraph per level, as a
    chapter's safety box says them: the action in bold, then the signs (brief forms where the
    bank has them) and their sources."""
    labels = {lv["id"]: lv["section"].split("#")[1] for lv in bank["level"]}
    actions = {lv["id"]: lv["action"] for lv in bank["level"]}
    lines = []
    for level, flags in flags_by_level(bank).items():
        if not flags or level not in actions:
            continue
        signs = _listing([_md(f.get("brief") or f["sign"]) for f in flags])
        keys = sorted({c for f in flags for c in f["cite"]})
        lines += [f"**{_md(actions[level])}** if back pain comes with: {signs} "
                  f"({{ref}}`{labels[level]}`).{cite(keys)}", ""]
    return lines


def banner_signs(bank) -> str:
    """The emergency signs as the one-line banner under every chapter title says them."""
    return _listing([f.get("brief") or f["sign"] for f in flags_by_level(bank)["emergency"]])
