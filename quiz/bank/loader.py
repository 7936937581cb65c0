"""Read quiz/bank/*.toml with tomllib and validate it strictly.

Every problem becomes one line naming the file, the entry and the field, for example
`claims.toml: claim 'c07': field 'status': 'maybe' is not one of supported, partly supported, ...`.
All problems are collected and raised together as one BankError.
"""

from __future__ import annotations

import os
import re
import tomllib

from quiz.bank.schema import (
    BOOL,
    CLAIMREFS,
    ENUMS,
    LIST_ENUMS,
    PHRASES,
    QUIZ,
    QUIZ_FIELDS,
    SECTION,
    SHORT,
    STR,
    STRLIST,
    TABLES,
    WORDS,
)
from quiz.errors import BankError
from quiz.regular import open_regular

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$", re.ASCII)
SECTION_RE = re.compile(r"^[a-z0-9][a-z0-9/_-]*#[a-z0-9][a-z0-9-]*$", re.ASCII)
WORD_RE = re.compile(r"^[a-z][a-z0-9 -]*[a-z0-9]$", re.ASCII)  # a tool: part of question ids
#: a citation key, as it may go into the book's {cite:p} role (quiz.sphinxext.facts.CITE_KEY)
CITE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.+-]*$", re.ASCII)
#: control characters, and the format characters that reorder or hide text (bidi, zero width)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                      "\u2066-\u2069\ufeff]")


def _q(value: object, limit: int = 60) -> str:
    """A value quoted for an error line: one line, control characters escaped, cut at `limit`."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 4] + "...'"


def _entry_name(table: str, index: int, entry: object) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return f"{table} {_q(entry['id'])}"
    return f"{table}[{index + 1}]"


def _text_problem(value: str) -> str | None:
    """Why a string cannot be shown as bank text, or None: empty, invisible, or with controls."""
    if not value.strip():
        return "must not be empty"
    bad = _CONTROL.search(value.replace("\n", " ").replace("\t", " "))
    if bad:
        return f"holds the control or invisible character U+{ord(bad.group()):04X}"
    if not any(ch.isalnum() for ch in value):
        return "must hold a letter or a digit (it would print as nothing readable)"
    return None


def _did_you_mean(key: str, candidates: list[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(key, candidates, n=1, cutoff=0.75)


def _check_phrases(entry: dict, spec: dict, broken=()) -> str | None:
    """answer_text: {field: [phrases]}; each phrase must be part of that field's own value
    (unless that value is itself broken, which is reported on its own line)."""
    from quiz.wording import normalise

    value = entry["answer_text"]
    if not isinstance(value, dict):
        return "expected a table of field = [phrases]"
    for field, phrases in value.items():
        if field not in spec or spec[field][0] not in (STR, STRLIST):
            return f"{_q(field)} is not a text field of this entry"
        if not isinstance(phrases, list) or not phrases or not all(isinstance(x, str) and x.strip() for x in phrases):
            return f"{_q(field)} needs a list of non-empty phrases"
        fact = entry.get(field)
        if fact is None or field in broken:
            continue  # reported as a missing or malformed field
        text = normalise(" | ".join(fact) if isinstance(fact, list) else str(fact))
        for phrase in phrases:
            if normalise(phrase) not in text:
                return f"phrase {_q(phrase)} is not part of the fact's {field}"
    return None


def _check_short(entry: dict, spec: dict, broken=(), key: str = SHORT) -> str | None:
    """short (or quiz): {field: "text"}; each a text field of this entry, a short text shorter
    than its value, a quiz text other than it."""
    value = entry[key]
    if not isinstance(value, dict) or not value:
        return ('expected a table of field = "shorter text"' if key == SHORT
                else 'expected a table of field = "the text as questions show it"')
    for field, text in value.items():
        if field not in spec or spec[field][0] != STR:
            return f"{_q(field)} is not a text field of this entry"
        if key == QUIZ and field not in QUIZ_FIELDS:
            return f"{_q(field)} has no quiz form (only {', '.join(QUIZ_FIELDS)} has: no question shows another)"
        if not isinstance(text, str) or not text.strip():
            return f"{_q(field)} needs a non-empty text"
        bad = _text_problem(text)
        if bad:
            return f"the {key} {_q(field)} {bad}"
        fact = entry.get(field)
        if isinstance(fact, str) and field not in broken:
            if key == SHORT and len(text) >= len(fact):
                return f"the short '{field}' is not shorter than the field itself"
            if key == QUIZ and text == fact:
                return f"the quiz '{field}' is the field itself (leave it out)"
    return None


def _may_be_uncited(table: str, entry: dict) -> bool:
    """Whether an entry may have `cite = []`: only a precaution that sends the reader to a
    clinician first ("ask first"), which the evidence sheet allows without a source (recent
    surgery). Every other fact needs one: an empty list is a problem."""
    return table == "contraindication" and entry.get("caution") == "ask first"


def _check_text(kind: str, value: object) -> str | None:
    """A text, a section reference (doc/path#label) or one value of an enumeration."""
    if not isinstance(value, str):
        return f"expected a string, got {type(value).__name__}"
    if not value.strip():
        return "must not be empty"
    if kind == SECTION and not SECTION_RE.match(value):
        return f"{_q(value)} is not a section of the form doc/path#label"
    if kind in ENUMS and value not in ENUMS[kind]:
        return f"{_q(value)} is not one of {', '.join(ENUMS[kind])}"
    return _text_problem(value) if kind == STR else None


def _check_item(kind: str, item: str, key: str) -> str | None:
    """One value of a list: a word of question ids, a citation key, or a text."""
    if kind == WORDS and not WORD_RE.match(item):
        return (f"{_q(item)} is not a name of lower-case letters, digits, spaces and "
                "'-' (it is part of question ids)")
    if key == "cite" and not CITE_RE.match(item):
        return f"{_q(item)} is not a citation key (letters, digits and _:.+-)"
    if kind == STRLIST and key != "cite":
        bad = _text_problem(item)
        if bad:
            return f"{_q(item)} {bad}"
    return None


def _check_list(kind: str, value: object, key: str) -> str | None:
    """A non-empty list of distinct, non-empty strings, each checked as its kind asks."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        return "expected a list of non-empty strings"
    if not value:
        return "must not be an empty list (leave the field out if it is optional)"
    if len(set(value)) != len(value):
        return "has a repeated value"
    for item in value:
        bad = _check_item(kind, item, key)
        if bad:
            return bad
    return None


def _check_value(kind: str, value: object, key: str = "") -> str | None:
    """Return a problem description, or None when the value has the right shape."""
    if kind == BOOL:
        return None if isinstance(value, bool) else "expected true or false"
    if kind in (STR, SECTION) or kind in ENUMS:
        return _check_text(kind, value)
    if kind in LIST_ENUMS:
        bad = _check_list(STRLIST, value, "")
        if bad is None and isinstance(value, list):  # a list of strings, checked just above
            unknown = [v for v in value if v not in LIST_ENUMS[kind]]
            if unknown:
                return f"{_q(unknown[0])} is not one of {', '.join(LIST_ENUMS[kind])}"
        return bad
    if kind in (STRLIST, CLAIMREFS, WORDS):
        return _check_list(kind, value, key)
    raise AssertionError(kind)


def _id_problem(table: str, eid: object, where: dict[tuple[str, str], str]) -> str | None:
    """What is wrong with an entry's id: missing, malformed, or already used in its table."""
    if eid is None:
        return "field 'id': required"
    if not isinstance(eid, str) or not ID_RE.match(eid):
        return "field 'id': must be lower-case letters, digits and '-'"
    if (table, eid) in where:
        return f"field 'id': duplicate id (also in {where[table, eid]})"
    return None


def _unknown_fields(entry: dict, spec: dict) -> tuple[list[str], set[str]]:
    """Problems for the fields the table does not have, and the known fields they may be
    misspellings of (those are not reported missing as well)."""
    problems: list[str] = []
    misspelt: set[str] = set()
    for key in entry:
        if key != "id" and key not in spec:
            hint = _did_you_mean(key, [k for k in spec if k not in entry])
            misspelt.update(hint)
            extra = f" (did you mean '{hint[0]}'?)" if hint else ""
            problems.append(f"field {_q(key)}: unknown field{extra}")
    return problems, misspelt


def _field_problems(table: str, entry: dict, spec: dict, misspelt: set[str]) -> list[str]:
    """Problems of the table's fields in an entry: missing when required, or a wrong value. The
    phrase and short-form fields come last: they are checked against the fields they name."""
    problems: list[str] = []
    broken: set[str] = set()
    for key, (kind, required) in sorted(spec.items(),
                                        key=lambda f: f[1][0] in (PHRASES, SHORT, QUIZ)):
        if key not in entry:
            if required and key not in misspelt:
                problems.append(f"field '{key}': required")
            continue
        bad = (_check_phrases(entry, spec, broken) if kind == PHRASES
               else _check_short(entry, spec, broken, kind) if kind in (SHORT, QUIZ)
               else _check_value(kind, entry[key], key))
        if bad and key == "cite" and entry[key] == [] and _may_be_uncited(table, entry):
            bad = None
        if bad:
            problems.append(f"field '{key}': {bad}")
            broken.add(key)
    return problems


def _table_problems(fname: str, table: str, entries: object, tables: dict[str, list[dict]],
                    where: dict[tuple[str, str], str]) -> list[str]:
    """Check one file's array of one table; its valid entries are added to `tables` and every
    id it names to `where` (known even if broken: no cascade of dangling references)."""
    if table not in TABLES:
        return [f"{fname}: unknown table {_q(table)} (known: {', '.join(TABLES)})"]
    if not isinstance(entries, list):
        return [f"{fname}: '{table}' must be an array of tables ([[{table}]])"]
    spec = TABLES[table]
    problems: list[str] = []
    for i, entry in enumerate(entries):
        name = _entry_name(table, i, entry)
        if not isinstance(entry, dict):
            problems.append(f"{fname}: {name}: expected a table ([[{table}]] with its fields), "
                            f"got {type(entry).__name__}")
            continue
        eid = entry.get("id")
        bad_id = _id_problem(table, eid, where)
        unknown, misspelt = _unknown_fields(entry, spec)
        found = ([bad_id] if bad_id else []) + unknown + _field_problems(table, entry, spec,
                                                                          misspelt)
        problems += [f"{fname}: {name}: {p}" for p in found]
        if isinstance(eid, str) and (table, eid) not in where:
            where[table, eid] = fname
        if not found:
            tables[table].append(dict(entry, _file=fname))
    return problems


def _claim_ref_problems(tables: dict[str, list[dict]], claim_ids: set[str]) -> list[str]:
    """A reference to a claim (a benefit's `claims`) that names no claim."""
    problems = []
    for table, spec in TABLES.items():
        for entry in tables[table]:
            for key, (kind, _) in spec.items():
                if kind == CLAIMREFS:
                    problems += [f"{entry['_file']}: {table} '{entry['id']}': field '{key}': "
                                 f"no claim with id '{ref}'"
                                 for ref in entry.get(key, []) if ref not in claim_ids]
    return problems


def validate(raw: dict[str, dict], docs_dir: str | None = None) -> dict[str, list[dict]]:
    """Validate parsed TOML (file name -> document); return table name -> entries."""
    problems: list[str] = []
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    where: dict[tuple[str, str], str] = {}  # (table, id) -> file
    for fname, doc in raw.items():
        for table, entries in doc.items():
            problems += _table_problems(fname, table, entries, tables, where)

    def ids(table: str) -> set[str]:
        return {eid for t, eid in where if t == table}

    problems += _claim_ref_problems(tables, ids("claim"))
    from quiz.bank.relations import relation_problems

    problems += relation_problems(tables, ids("contraindication"), ids("red_flag"))
    from quiz.bank.giveaway import problems as giveaways

    problems += giveaways(tables)
    if not problems:
        from quiz.bank.crosscheck import contradictions

        problems += contradictions(tables)
    if docs_dir is not None:
        problems += _missing_sections(tables, docs_dir)
    for table in ("technique", "claim", "red_flag", "term"):
        if not tables[table] and not problems:
            problems.append(f"bank: no [[{table}]] entries at all")
    if problems:
        raise BankError("\n".join(problems))
    for entries in tables.values():
        for entry in entries:
            del entry["_file"]
    return tables


def _labels_in(docs_dir: str, doc: str, cache: dict[str, set[str] | None]) -> set[str] | None:
    if doc not in cache:
        path = os.path.join(docs_dir, doc + ".md")
        try:
            with open_regular(path) as fh:
                text = fh.read().decode("utf-8", errors="replace")
        except OSError:
            cache[doc] = None
        else:
            labels = set(re.findall(r"^\(([a-z0-9-]+)\)=\s*$", text, re.MULTILINE))
            if "{bank-glossary}" in text:  # the glossary is rendered from the bank's terms
                labels.add("{bank-glossary}")
            cache[doc] = labels
    return cache[doc]


def _missing_sections(tables: dict[str, list[dict]], docs_dir: str) -> list[str]:
    problems = []
    cache: dict[str, set[str] | None] = {}
    term_slugs = {re.sub(r"[^a-z0-9]+", "-", e["term"].lower()).strip("-") for e in tables["term"]}
    for table, spec in TABLES.items():
        for entry in tables[table]:
            for key, (kind, _) in spec.items():
                if kind != SECTION or key not in entry:
                    continue
                doc, _, label = entry[key].partition("#")
                labels = _labels_in(docs_dir, doc, cache)
                where = f"{entry['_file']}: {table} '{entry['id']}': field '{key}'"
                if labels is None:
                    problems.append(f"{where}: no document docs/{doc}.md")
                elif label.startswith("term-") and "{bank-glossary}" in labels:
                    if label[5:] not in term_slugs:
                        problems.append(f"{where}: the glossary has no term with the id '{label[5:]}'")
                elif label not in labels:
                    problems.append(f"{where}: docs/{doc}.md has no label '{label}'")
    if cache and not any(found is not None for found in cache.values()):
        return [(f"{docs_dir}: none of the bank's {len(cache)} documents is here "
                "(is this the book's docs folder?)")]
    return problems


def parse_files(paths: list[str]) -> dict[str, dict]:
    """Parse each TOML file; a syntax error is reported with the file name and position."""
    raw: dict[str, dict] = {}
    problems = []
    for path in paths:
        fname = os.path.basename(path)
        try:
            with open_regular(path) as fh:
                raw[fname] = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            problems.append(f"{fname}: invalid TOML: {exc}")
        except UnicodeDecodeError:
            problems.append(f"{fname}: invalid TOML: not UTF-8 text")
        except RecursionError:
            problems.append(f"{fname}: invalid TOML: arrays or tables nested too deeply")
        except OSError as exc:
            problems.append(f"{fname}: cannot read ({exc.strerror})")
    if problems:
        raise BankError("\n".join(problems))
    return raw
