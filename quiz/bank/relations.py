"""Checks across entries of the bank: what a single field cannot say about itself.

- Each red-flag sign belongs to exactly one level. Two signs at different levels may not be the
  same sign: not the same words, neither may contain a key phrase (`answer_text`) of the other,
  they may not share an `about` (what the sign concerns), and they may not share two or more
  content words once qualifiers ("new", "severe", "getting worse"...) are set aside. The 1.2.0
  bank had weakness in a leg at both levels ("numbness or weakness ... either leg ... severe or
  worsening" and "weakness, numbness ... in one leg ... getting worse"): that is refused.
- The `[[level]]` table, when present, names each level of LEVELS once, and every level a red flag
  uses.
- With the rule level-stem-in-third-person, every red flag has a `case` (its level question's
  words for the sign).
- A contraindication's `also` names other contraindications (whose advice also holds for it), its
  `flag` a red flag (the same condition together with back pain), and `caution` is given for every
  contraindication or for none.

Every problem is one line naming the file, the entry and the field, as the loader's are.
"""

from __future__ import annotations

from quiz.bank.schema import LEVELS


def _norm(text: str) -> str:
    from quiz.wording import normalise

    return normalise(text)


#: words that qualify a sign rather than name it (and the commonest function words)
_QUALIFIERS = frozenset((
    "a", "an", "and", "any", "are", "as", "at", "back", "be", "by", "for", "few", "from",
    "getting", "has", "have", "in", "is", "it", "its", "like", "new", "not", "of", "on", "or",
    "over", "pain", "severe", "such", "that", "the", "time", "to", "weeks", "who", "with",
    "worse", "worsening", "you", "your", "someone", "after",
))


def _stem(word: str) -> str:
    for suffix in ("ening", "ing", "ness", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def content_words(sign: str) -> set[str]:
    """What a sign is about, as word stems: 'weakness in either leg' -> {'weak', 'either', 'leg'}."""
    import re

    return {_stem(w) for w in re.findall(r"[a-z]+", sign.lower()) if w not in _QUALIFIERS}


def _where(entry: dict, table: str, field: str) -> str:
    return f"{entry['_file']}: {table} '{entry['id']}': field '{field}'"


def two_levels(flags: list[dict]) -> list[str]:
    """A sign at two levels: the same words, a key phrase of one inside the other's sign, or a
    shared `about` (what the sign concerns, e.g. "leg weakness")."""
    problems = []
    for i, a in enumerate(flags):
        for b in flags[i + 1:]:
            if a["level"] == b["level"]:
                continue
            sa, sb = _norm(a["sign"]), _norm(b["sign"])
            shared = sa == sb or any(
                _norm(p) in other
                for x, other in ((a, sb), (b, sa))
                for p in x.get("answer_text", {}).get("sign", []))
            shared = shared or bool({_norm(t) for t in a.get("about", [])}
                                    & {_norm(t) for t in b.get("about", [])})
            shared = shared or len(content_words(a["sign"]) & content_words(b["sign"])) >= 2
            if shared:
                problems.append(
                    f"{_where(b, 'red_flag', 'level')}: the same sign is at level '{a['level']}' "
                    f"(red_flag '{a['id']}') and '{b['level']}': a sign belongs to exactly one level")
    return problems


def _level_problems(tables: dict[str, list[dict]]) -> list[str]:
    """The [[level]] table names known levels, and every red flag's level and `about`."""
    levels = tables.get("level") or []
    if not levels:
        return []
    problems = [f"{e['_file']}: level '{e['id']}': field 'id': not one of {', '.join(LEVELS)}"
                for e in levels if e["id"] not in LEVELS]
    ids = [e["id"] for e in levels]
    for f in tables["red_flag"]:
        if f["level"] not in ids:
            problems.append(f"{_where(f, 'red_flag', 'level')}: no [[level]] '{f['level']}'")
        if not f.get("about"):
            problems.append(f"{_where(f, 'red_flag', 'about')}: required with a [[level]] "
                            "table (what the sign concerns, so that no sign is at two levels)")
    return problems


def _case_problems(tables: dict[str, list[dict]]) -> list[str]:
    """Under the rule level-stem-in-third-person, every red flag has a `case`."""
    if not any(r["id"] == "level-stem-in-third-person" for r in tables.get("rule") or ()):
        return []
    return [f"{_where(f, 'red_flag', 'case')}: required by the rule level-stem-in-third-person "
            "(the sign in the third person, for its level question)"
            for f in tables["red_flag"] if "case" not in f]


def _contra_problems(tables: dict[str, list[dict]], contra_ids: set[str] | None,
                     flag_ids: set[str] | None) -> list[str]:
    """A contraindication's `also` and `flag` name existing entries; `caution` for all or none."""
    problems = []
    contras = tables["contraindication"]
    known = contra_ids if contra_ids is not None else {c["id"] for c in contras}
    flags = flag_ids if flag_ids is not None else {f["id"] for f in tables["red_flag"]}
    for c in contras:
        for other in c.get("also", []):
            if other not in known or other == c["id"]:
                problems.append(f"{_where(c, 'contraindication', 'also')}: no other "
                                f"contraindication with id '{other}'")
        if "flag" in c and c["flag"] not in flags:
            problems.append(f"{_where(c, 'contraindication', 'flag')}: no red flag with id "
                            f"'{c['flag']}'")
    if any("caution" in c for c in contras):
        problems += [f"{_where(c, 'contraindication', 'caution')}: required once any "
                     "contraindication has one" for c in contras if "caution" not in c]
    return problems


def relation_problems(tables: dict[str, list[dict]], contra_ids: set[str] | None = None,
                      flag_ids: set[str] | None = None) -> list[str]:
    """Problems across entries; `contra_ids` and `flag_ids` are every contraindication and red
    flag id the files name, valid or not (so that one broken entry is reported once, not again
    as a dangling `also` or `flag`)."""
    return (two_levels(tables["red_flag"]) + _level_problems(tables) + _case_problems(tables)
            + _contra_problems(tables, contra_ids, flag_ids))
