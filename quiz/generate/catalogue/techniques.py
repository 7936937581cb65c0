"""Templates about the techniques: their tools and attributes, and the Swedish strokes."""

from __future__ import annotations

from quiz.generate.kinds import choice, matching, select_all, true_false
from quiz.generate.template import Template, cites, each, phrases

ATTRS = {"origin": "origin", "setting": "usual setting", "pressure": "kind of pressure",
         "target": "main target"}
SELECT = " Select all that apply."


def tools(bank) -> list[str]:
    """Every tool any technique uses, sorted."""
    return sorted({u for t in bank["technique"] for u in t["uses"]})


def _listing(items):
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def _uses_expl(t):
    return f"The book lists these for {t['name']}: {_listing(t['uses'])}."


def _uses_stated(bank, slot, ref):
    tech = bank.by_id("technique")[slot[0]]
    return tech["uses_section"], phrases(tech, "uses")


def _attr_stated(bank, slot, ref):
    tech, attr = bank.by_id("technique")[slot[0]], slot[1]
    return tech[attr + "_section"], phrases(tech, attr)


def tech_uses_slots(bank):
    """A tool only one technique uses (a tool two share makes no "which technique" question)."""
    return [(tool,) for tool in tools(bank)
            if sum(tool in t["uses"] for t in bank["technique"]) == 1]


def _tech_uses(bank, slot):
    (tool,) = slot
    techs = bank["technique"]
    key = next(t for t in techs if tool in t["uses"])
    return choice("tech-uses", "techniques", key, techs, lambda t: tool in t["uses"],
                  lambda t: t["name"], f"Which technique does this book describe as using the {tool}?",
                  _uses_expl(key), key["uses_section"], key["cite"], slot=slot)


def _tech_uses_stated(bank, slot, ref):
    tech = next(x for x in bank["technique"] if slot[0] in x["uses"])
    return tech["uses_section"], [slot[0]]


def _tech_not_uses_slots(bank):
    return [(t["id"], tool) for t in bank["technique"] for tool in tools(bank)
            if tool not in t["uses"]]


def _tech_not_uses(bank, slot):
    tech = bank.by_id("technique")[slot[0]]
    return choice("tech-not-uses", "techniques", slot[1], tools(bank),
                  lambda tool: tool not in tech["uses"], str,
                  f"Which of these is NOT among the tools this book lists for {tech['name']}?",
                  _uses_expl(tech), tech["uses_section"], tech["cite"], slot=slot)


def _tech_tools_tf_slots(bank):
    return [(t["id"], tool) for t in bank["technique"] for tool in tools(bank)]


def _tech_tools_tf(bank, slot):
    tech = bank.by_id("technique")[slot[0]]
    tool = slot[1]
    return true_false("tech-tools-tf", "techniques", tool in tech["uses"],
                      f"True or false: this book lists the {tool} among the tools of {tech['name']}.",
                      _uses_expl(tech), tech["uses_section"], tech["cite"], slot)


def _tech_attr_slots(bank):
    return [(t["id"], a) for t in bank["technique"] for a in ATTRS]


def _attr_expl(bank, tech, attr):
    """The technique's value of `attr`, then the other techniques' values, to compare."""
    others = "; ".join(f"{t['name']}: {t[attr]}" for t in bank["technique"] if t is not tech)
    return (f"The {ATTRS[attr]} of {tech['name']}: {tech[attr]}. "
            f"Compare {others}.")


def _tech_attr(bank, slot):
    tech = bank.by_id("technique")[slot[0]]
    attr = slot[1]
    return choice("tech-attr", "techniques", tech, bank["technique"],
                  lambda t: t[attr] == tech[attr], lambda t: t[attr],
                  f"Which best describes the {ATTRS[attr]} of {tech['name']}?",
                  _attr_expl(bank, tech, attr), tech[attr + "_section"], tech["cite"], slot=slot)


def _tech_which_attr(bank, slot):
    tech = bank.by_id("technique")[slot[0]]
    attr = slot[1]
    return choice("tech-which-attr", "techniques", tech, bank["technique"],
                  lambda t: t[attr] == tech[attr], lambda t: t["name"],
                  f"Which technique has this {ATTRS[attr]}: {tech[attr]}?",
                  _attr_expl(bank, tech, attr), tech[attr + "_section"], tech["cite"], slot=slot)


def _tech_tools_all(bank, slot):
    tech = bank.by_id("technique")[slot[0]]
    return select_all("tech-tools-all", "techniques", tech["uses"],
                      [t for t in tools(bank) if t not in tech["uses"]], str,
                      f"Which of these does this book list among the tools of {tech['name']}?" + SELECT,
                      _uses_expl(tech), tech["uses_section"], tech["cite"], slot)


def _stroke_expl(s):
    return f"{s['name'].capitalize()} is {s['description']}."


def _stroke_stated(bank, slot, ref):
    s = bank.by_id("stroke")[slot[0]]
    return s["section"], [s["name"], *phrases(s, "description")]


def _stroke_name(bank, slot):
    s = bank.by_id("stroke")[slot[0]]
    return choice("stroke-name", "techniques", s, bank["stroke"],
                  lambda x: x["description"] == s["description"], lambda x: x["name"],
                  f"Which Swedish stroke family is {s['description']}?",
                  _stroke_expl(s), s["section"], s["cite"], slot=slot)


def _stroke_desc(bank, slot):
    s = bank.by_id("stroke")[slot[0]]
    return choice("stroke-desc", "techniques", s, bank["stroke"],
                  lambda x: x["name"] == s["name"], lambda x: x["description"],
                  f"In Swedish massage, what is {s['name']}?",
                  _stroke_expl(s), s["section"], s["cite"], slot=slot)


def _stroke_match(bank, slot):
    strokes = [bank.by_id("stroke")[i] for i in slot]
    return matching("stroke-match", "techniques", strokes, lambda s: s["name"],
                    lambda s: s["description"],
                    "Match each Swedish stroke family to what it is.",
                    " ".join(_stroke_expl(s) for s in strokes),
                    "techniques/swedish#swedish-strokes", cites(strokes))


def _stroke_match_stated(bank, slot, ref):
    strokes = [bank.by_id("stroke")[f] for f in slot]
    return ref, [p for s in strokes for p in [s["name"], *phrases(s, "description")]]


TEMPLATES = (
    Template("tech-uses", "techniques", tech_uses_slots, _tech_uses, _tech_uses_stated),
    Template("tech-not-uses", "techniques", _tech_not_uses_slots, _tech_not_uses, _uses_stated),
    Template("tech-tools-tf", "techniques", _tech_tools_tf_slots, _tech_tools_tf, _uses_stated),
    Template("tech-attr", "techniques", _tech_attr_slots, _tech_attr, _attr_stated),
    Template("tech-which-attr", "techniques", _tech_attr_slots, _tech_which_attr, _attr_stated),
    Template("stroke-name", "techniques", each("stroke"), _stroke_name, _stroke_stated),
    Template("stroke-desc", "techniques", each("stroke"), _stroke_desc, _stroke_stated),
    Template("stroke-match", "techniques", lambda bank: [tuple(s["id"] for s in bank["stroke"])],
             _stroke_match, _stroke_match_stated),
    Template("tech-tools-all", "techniques", each("technique"), _tech_tools_all, _uses_stated,
             since="1.1.0"),
)
