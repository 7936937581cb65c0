"""Traceability: for each question, the book section that must state its answer, and the phrases
that show it does.

A fact's `answer_text` lists the key phrases the prose must contain (each phrase is also part of
the fact itself, which the loader checks, so a fact cannot change without its phrases). Without
`answer_text`, the whole value must appear. Matching is on normalised text: case, quotes, dashes
and whitespace do not matter. Used by the tests against the built HTML; pure, no Sphinx.
"""

from __future__ import annotations

from quiz.model import Question
from quiz.wording import normalise  # noqa: F401  (trace.normalise, as the tests use it)


def phrases(entry: dict, field: str) -> list[str]:
    """The phrases that state `field` of a bank entry."""
    given = entry.get("answer_text", {}).get(field)
    if given:
        return list(given)
    value = entry[field]
    return list(value) if isinstance(value, list) else [value]


def expectations(bank, q: Question) -> tuple[str, list[str]]:
    """(section ref, phrases that the section's prose must contain) for a question."""
    facts = q.id.split(":", 1)[1].split("+")
    t = q.template
    if t == "tech-uses":
        tech = next(x for x in bank["technique"] if facts[0] in x["uses"])
        return tech["uses_section"], [facts[0]]
    if t == "stroke-match":
        strokes = [bank.by_id("stroke")[f] for f in facts]
        return q.section.ref, [p for s in strokes for p in [s["name"], *phrases(s, "description")]]
    if t == "term-match":
        terms = [bank.by_id("term")[f] for f in facts]
        return q.section.ref, [p for e in terms for p in (e["term"], e["definition"])]
    if t == "tech-tools-all":
        tech = bank.by_id("technique")[facts[0]]
        return tech["uses_section"], phrases(tech, "uses")
    if t == "redflag-all":
        flags = [f for f in bank["red_flag"] if f["level"] == facts[0]]
        return q.section.ref, [p for f in flags for p in phrases(f, "sign")]
    if t == "contra-all":
        return q.section.ref, [p for c in bank["contraindication"] for p in phrases(c, "condition")]
    if t.startswith("tech-"):
        tech = bank.by_id("technique")[facts[0]]
        if t in ("tech-not-uses", "tech-tools-tf"):
            return tech["uses_section"], phrases(tech, "uses")
        attr = facts[1]
        return tech[attr + "_section"], phrases(tech, attr)
    if t.startswith("stroke-"):
        s = bank.by_id("stroke")[facts[0]]
        return s["section"], [s["name"], *phrases(s, "description")]
    if t.startswith("benefit-"):
        b = bank.by_id("benefit")[facts[0]]
        return b["section"], phrases(b, "mechanism") + ([b["status"]] if t == "benefit-status" else [])
    if t.startswith("claim-"):
        c = bank.by_id("claim")[facts[0]]
        return c["section"], [c["status"], *c.get("answer_text", {}).get("claim", [])]
    if t in ("redflag-spot", "redflag-level"):
        table = "red_flag" if facts[0] in bank.by_id("red_flag") else "after_effect"
        e = bank.by_id(table)[facts[0]]
        return e["section"], phrases(e, "sign" if table == "red_flag" else "effect")
    if t.startswith("contra-"):
        c = bank.by_id("contraindication")[facts[0]]
        return c["section"], phrases(c, "condition") + (phrases(c, "advice") if t == "contra-advice" else [])
    if t in ("term-def", "def-term"):
        e = bank.by_id("term")[facts[0]]
        return e["section"], [e["term"], e["definition"]]
    raise KeyError(f"no traceability rule for template {t}")
