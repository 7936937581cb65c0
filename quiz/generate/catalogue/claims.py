"""Templates about the benefits the article credits and its claims, with their evidence status."""

from __future__ import annotations

from quiz.generate.kinds import choice, true_false
from quiz.generate.template import Template, each, phrases
from quiz.model import STATUSES


def _implied(bank, b) -> bool:
    """Whether a benefit rests on a claim the article only implies (the bank marks it)."""
    claims = bank.by_id("claim")
    return any(claims[c].get("implied") for c in b["claims"])


def _benefit_expl(bank, b):
    """What the article credits (or only implies), the mechanism's status, and why: the summary
    of the article's claim behind it that has the same status."""
    claims = bank.by_id("claim")
    why = next((claims[c]["summary"] for c in b["claims"] if claims[c]["status"] == b["status"]), "")
    said = (f"The article does not state it, but implies that massage brings {b['benefit']} "
            f"through {b['mechanism']}." if _implied(bank, b)
            else f"The article credits {b['mechanism']} for {b['benefit']}.")
    return f"{said} Evidence status of that mechanism: {b['status']}. {why}".rstrip()


def _mechanism_slots(bank):
    """Every benefit; with the bank's foils (1.3.0 on), not those the article only implies."""
    foils = bank.tables.get("mechanism_foil")
    return [(b["id"],) for b in bank["benefit"] if not (foils and _implied(bank, b))]


def _benefit_mechanism(bank, slot):
    """Which mechanism the article claims for a benefit. With the bank's foils (mechanisms the
    article never names), the wrong options are foils only: every mechanism of the article is
    tied to pain, stiffness or tension somewhere in it, so none is safely wrong for another
    benefit; and a benefit the article only implies is not asked as "does it claim"."""
    b = bank.by_id("benefit")[slot[0]]
    foils = bank.tables.get("mechanism_foil") or []
    if foils and _implied(bank, b):
        return None
    pool = [b, *foils] if foils else bank["benefit"]
    return choice("benefit-mechanism", "benefits", b, pool,
                  lambda x: x["mechanism"] == b["mechanism"], lambda x: x["mechanism"],
                  f"The article says massage brings {b['benefit']}. Which mechanism does it claim?",
                  _benefit_expl(bank, b), b["section"], b["cite"], slot=slot)


def _benefit_status(bank, slot):
    b = bank.by_id("benefit")[slot[0]]
    idea = ("the idea, implied by the article but not stated in it," if _implied(bank, b)
            else "the article's idea")
    return choice("benefit-status", "benefits", b["status"], STATUSES,
                  lambda s: s == b["status"], str,
                  f"What is the evidence status of {idea} that massage works through {b['mechanism']}?",
                  _benefit_expl(bank, b), b["section"], b["cite"], n_options=5, slot=slot,
                  ordered=True)


def _mechanism_stated(bank, slot, ref):
    b = bank.by_id("benefit")[slot[0]]
    return b["section"], phrases(b, "mechanism")


def _benefit_status_stated(bank, slot, ref):
    b = bank.by_id("benefit")[slot[0]]
    return b["section"], [*phrases(b, "mechanism"), b["status"]]


def _claim_expl(c):
    return f"Evidence status: {c['status']}. {c['summary']}"


def _claim_status(bank, slot):
    c = bank.by_id("claim")[slot[0]]
    stem = (f"The article implies, without stating it, that {c['claim']}. What is the evidence "
            "status of this idea?" if c.get("implied")
            else f"The article claims that {c['claim']}. What is the evidence status of this claim?")
    return choice("claim-status", "claims", c["status"], STATUSES, lambda s: s == c["status"],
                  str, stem, _claim_expl(c), c["section"], c["cite"], n_options=5, slot=slot,
                  ordered=True)


def _claim_tf_slots(bank):
    # Only clear-cut claims: "partly supported" and "mixed" are neither true nor false.
    return [(c["id"],) for c in bank["claim"]
            if c["status"] in ("supported", "not supported", "outdated")]


def _claim_tf(bank, slot):
    c = bank.by_id("claim")[slot[0]]
    what = "the idea, implied by the article," if c.get("implied") else "the article's claim"
    return true_false("claim-tf", "claims", c["status"] == "supported",
                      f"True or false: the evidence supports {what} that {c['claim']}.",
                      _claim_expl(c), c["section"], c["cite"], slot)


def _claim_stated(bank, slot, ref):
    c = bank.by_id("claim")[slot[0]]
    return c["section"], [c["status"], *c.get("answer_text", {}).get("claim", [])]


TEMPLATES = (
    Template("benefit-mechanism", "benefits", _mechanism_slots, _benefit_mechanism,
             _mechanism_stated),
    Template("benefit-status", "benefits", each("benefit"), _benefit_status,
             _benefit_status_stated),
    Template("claim-status", "claims", each("claim"), _claim_status, _claim_stated),
    Template("claim-tf", "claims", _claim_tf_slots, _claim_tf, _claim_stated),
)
