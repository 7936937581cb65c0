"""Malformed banks, by kind: each kind breaks one field of one entry of the real bank in one way,
and says which line the loader must answer with.

`KINDS` is a list of Kind(name, file, table, entry id, field, mutate, expect): `mutate(entry)`
changes the parsed entry in place (or `mutate_doc(doc)` the whole file), and the loader must
raise a BankError of exactly one line starting with `file: table 'id': field 'field': ` (or, for
the kinds that break a whole entry or file, the start given as `expect`). The kinds are applied
to the parsed TOML (fast, for the property tests) or written back as TOML (tests/hostile.dump)
for the subprocess harness.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections import namedtuple
from pathlib import Path

BANK = Path(__file__).resolve().parents[1] / "quiz" / "bank"

Kind = namedtuple("Kind", "name file table id field mutate expect", defaults=(None,))


def parsed() -> dict[str, dict]:
    """The real bank's files, parsed: {file name: document}."""
    out = {}
    for path in sorted(BANK.glob("*.toml")):
        with open(path, "rb") as fh:
            out[path.name] = tomllib.load(fh)
    return out


def _set(field, value):
    def mutate(entry):
        entry[field] = copy.deepcopy(value)
        answer = entry.get("answer_text")
        if isinstance(answer, dict) and field != "answer_text":
            answer.pop(field, None)  # its phrases would no longer be part of it
            if not answer:
                entry.pop("answer_text")
    return mutate


def _drop(field):
    def mutate(entry):
        entry.pop(field)
        if isinstance(entry.get("answer_text"), dict):
            entry["answer_text"].pop(field, None)
            if not entry["answer_text"]:
                entry.pop("answer_text")
    return mutate


WHERE = {  # (file, table, id) of an entry to break, per table
    "technique": ("techniques.toml", "technique", "shiatsu"),
    "stroke": ("techniques.toml", "stroke", "friction"),
    "claim": ("claims.toml", "claim", "c07"),
    "benefit": ("benefits.toml", "benefit", "blood-flow"),
    "red_flag": ("safety.toml", "red_flag", "bladder"),
    "contraindication": ("safety.toml", "contraindication", "dvt"),
    "after_effect": ("safety.toml", "after_effect", "skin-redness"),
    "term": ("terms.toml", "term", "anma"),
}

BAD_TEXT = {
    "an int": 7, "a float": 1.5, "a bool": True, "a list": ["x"], "a table": {"a": 1},
    "a date": dt.date(2026, 1, 1), "empty": "", "blank": "   \t ",
    "zero-width only": "\u200b\u200b",
    "invisible only": "\u2063", "an escape sequence": "a\x1b[2Jb", "a NUL": "a\x00b",
    "punctuation only": "...", "a bidi override": "\u202eevil", "DEL": "a\x7fb",
    "a C1 control": "a\x9bb", "a BOM": "\ufeffword",
}
BAD_LIST = {
    "an empty list": [], "a string": "word", "a number in it": ["a", 1], "a repeat": ["a", "a"],
    "an empty item": [""], "a nested list": [["x"]], "an invisible item": ["\u200b"],
}
BAD_CITE = {"a key with a space": ["a b"], "a key with a backtick": ["x`}{"],
            "a key with a brace": ["{{x}}"], "a key starting with a dash": ["-x"]}
BAD_WORDS = {"capitals": ["Fingers"], "a plus": ["a+b"], "a colon": ["x:y"],
             "non-ASCII": ["\u00e9lan"], "a trailing space": ["palm "]}
BAD_SECTION = {"no label": "nohash", "an empty label": "doc#", "a parent folder": "../etc#x",
               "capitals": "Doc#Label", "a number": 5}
BAD_ENUM = {"status": ("claim", ["maybe", "", ["mixed"], 3]),
            "level": ("red_flag", ["soon", "EMERGENCY"]),
            "motion": ("technique", ["flying"]),
            "evidence": ("technique", ["strong"])}
BAD_PHRASES = {"not a table": "text", "an unknown field": {"colour": ["x"]},
               "a phrase not in the field": {"name": ["nowhere in it"]},
               "an empty list": {"name": []}, "numbers": {"name": [1]},
               "a non-text field": {"section": ["x"]}}


def _field_kinds() -> list[Kind]:
    kinds: list[Kind] = []
    text_fields = {"technique": ["name", "origin", "setting", "pressure", "target", "timing"],
                   "stroke": ["name", "description"], "claim": ["claim", "summary"],
                   "benefit": ["benefit", "mechanism"], "red_flag": ["sign"],
                   "contraindication": ["condition", "advice"], "after_effect": ["effect"],
                   "term": ["term", "definition", "group"]}
    n = 0
    for table, fields in text_fields.items():
        file, _, eid = WHERE[table]
        for field in fields:
            for what, value in BAD_TEXT.items():
                n += 1
                if n % 3 and what not in ("zero-width only", "an escape sequence", "an int"):
                    continue  # every kind of bad text, spread over every text field
                kinds.append(Kind(f"{table}.{field} is {what}", file, table, eid, field,
                                  _set(field, value)))
    for what, value in BAD_LIST.items():
        kinds.append(Kind(f"technique.aka is {what}", *WHERE["technique"], "aka",
                          _set("aka", value)))
        kinds.append(Kind(f"claim.cite is {what}", *WHERE["claim"], "cite", _set("cite", value)))
    for what, value in BAD_CITE.items():
        kinds.append(Kind(f"stroke.cite has {what}", *WHERE["stroke"], "cite", _set("cite", value)))
    for what, value in BAD_WORDS.items():
        kinds.append(Kind(f"technique.uses has {what}", *WHERE["technique"], "uses",
                          _set("uses", value)))
    kinds.append(Kind("technique.uses is an empty list", *WHERE["technique"], "uses",
                      _set("uses", [])))
    for what, value in BAD_SECTION.items():
        kinds.append(Kind(f"red_flag.section is {what}", *WHERE["red_flag"], "section",
                          _set("section", value)))
    for field, (table, values) in BAD_ENUM.items():
        for value in values:
            kinds.append(Kind(f"{table}.{field} = {value!r}", *WHERE[table], field,
                              _set(field, value)))
    kinds.append(Kind("technique.pressure_levels has an unknown level", *WHERE["technique"],
                      "pressure_levels", _set("pressure_levels", ["heavy"])))
    kinds.append(Kind("technique.pressure_levels is a string", *WHERE["technique"],
                      "pressure_levels", _set("pressure_levels", "light")))
    for what, value in (("an unknown claim", ["c99"]), ("no claim", []), ("a number", [1])):
        kinds.append(Kind(f"benefit.claims has {what}", *WHERE["benefit"], "claims",
                          _set("claims", value)))
    for what, value in BAD_PHRASES.items():
        kinds.append(Kind(f"stroke.answer_text is {what}", *WHERE["stroke"], "answer_text",
                          _set("answer_text", value)))
    for table in ("technique", "claim", "red_flag", "term"):
        required = {"technique": "origin", "claim": "status", "red_flag": "level",
                    "term": "definition"}[table]
        kinds.append(Kind(f"{table}.{required} is missing", *WHERE[table], required,
                          _drop(required)))
    kinds.append(Kind("claim has an unknown field", *WHERE["claim"], "colour",
                      _set("colour", "red")))
    kinds.append(Kind("claim has a misspelt field", *WHERE["claim"], "sumary",
                      lambda e: e.__setitem__("sumary", e.pop("summary"))))
    return kinds


def _id_kinds() -> list[Kind]:
    def set_id(value):
        return lambda e: e.__setitem__("id", value)

    def drop_id(e):
        e.pop("id")

    file, eid = "claims.toml", "c18"  # the 18th claim, which no benefit refers to
    return [Kind("claim id is a number", file, "claim", eid, "id", set_id(18),
                 "claims.toml: claim[18]: field 'id': "),
            Kind("claim id has capitals and a space", file, "claim", eid, "id", set_id("C 18"),
                 "claims.toml: claim 'C 18': field 'id': "),
            Kind("claim id has a newline", file, "claim", eid, "id", set_id("c\n18"),
                 "claims.toml: claim 'c\\n18': field 'id': "),
            Kind("claim id is a duplicate", file, "claim", eid, "id", set_id("c01"),
                 "claims.toml: claim 'c01': field 'id': duplicate id"),
            Kind("claim id is missing", file, "claim", eid, "id", drop_id,
                 "claims.toml: claim[18]: field 'id': required")]


def _entry_kinds() -> list[Kind]:
    """Kinds that break the bank across entries: the line names the later entry and its field."""
    def same_text_as(table, field, other_table, other_id, other_field):
        def mutate_doc(raw):
            source = next(e for d in raw.values() for e in d.get(other_table, [])
                          if e["id"] == other_id)
            file, _, eid = WHERE[table]
            entry = next(e for e in raw[file][table] if e["id"] == eid)
            _set(field, source[other_field].upper() + ".")(entry)
        return mutate_doc

    def whole(name, file, text, expect):
        return Kind(name, file, None, None, None, ("file", text), expect)

    return [
        Kind("two claims with one text and two statuses", "claims.toml", "claim", "c07", "claim",
             ("doc", same_text_as("claim", "claim", "claim", "c01", "claim"))),
        Kind("an after-effect that is a red-flag sign", "safety.toml", "after_effect",
             "skin-redness", "effect",
             ("doc", same_text_as("after_effect", "effect", "red_flag", "bladder", "sign"))),
        Kind("a contraindication that is a red-flag sign", "safety.toml", "contraindication",
             "dvt", "condition",
             ("doc", same_text_as("contraindication", "condition", "red_flag", "bowel", "sign"))),
        Kind("two terms with one name", "terms.toml", "term", "anma", "term",
             ("doc", same_text_as("term", "term", "term", "acupressure", "term"))),
        whole("an entry that is a number (claim = [1])", "extra.toml", "claim = [1]\n",
              "extra.toml: claim[1]: expected a table"),
        whole("an entry that is a string", "extra.toml", 'term = ["x"]\n',
              "extra.toml: term[1]: expected a table"),
        whole("an unknown table", "extra.toml", '[[claims]]\nid = "x"\n',
              "extra.toml: unknown table 'claims'"),
        whole("a table that is not an array", "extra.toml", '[claim]\nid = "x"\n',
              "extra.toml: 'claim' must be an array of tables"),
        whole("TOML syntax", "extra.toml", 'claim = "open\n', "extra.toml: invalid TOML: "),
        whole("deeply nested arrays", "extra.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n",
              "extra.toml: invalid TOML: arrays or tables nested too deeply"),
        whole("not UTF-8", "extra.toml", b'x = "\xff"\n', "extra.toml: invalid TOML: "),
    ]


KINDS: list[Kind] = _field_kinds() + _id_kinds() + _entry_kinds()


def apply(kind: Kind, raw: dict[str, dict]) -> dict[str, dict] | tuple[str, bytes]:
    """The bank (parsed) with this kind of damage; for a whole-file kind, (file, bytes) to add."""
    if isinstance(kind.mutate, tuple) and kind.mutate[0] == "file":
        text = kind.mutate[1]
        return kind.file, text if isinstance(text, bytes) else text.encode("utf-8")
    raw = copy.deepcopy(raw)
    if isinstance(kind.mutate, tuple):
        kind.mutate[1](raw)
        return raw
    entry = next(e for e in raw[kind.file][kind.table] if e["id"] == kind.id)
    kind.mutate(entry)
    return raw


def expected_start(kind: Kind) -> str:
    if kind.expect:
        return kind.expect
    return f"{kind.file}: {kind.table} '{kind.id}': field '{kind.field}': "
