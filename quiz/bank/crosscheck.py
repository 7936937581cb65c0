"""Contradictions across the bank, which no single entry shows: the loader's last check.

- Two entries of one table with the same text (a claim, a sign, a term...): the generator would
  ask the same stem twice, or offer two equal options, and two claims with equal text but
  different statuses would key the same statement both ways.
- The same text in two safety tables: an after-effect that is also a red-flag sign tells the
  reader both "normal" and "see a doctor"; a contraindication that is a red flag or an
  after-effect is as confused.
Texts are compared as a reader sees them: case, width, whitespace and a final full stop aside.
Each problem is one line naming the file, the entry and the field, and the entry it clashes with.
"""

from __future__ import annotations

import unicodedata

#: table -> the field that is its text (what a stem or an option shows)
TEXT_FIELD = {"technique": "name", "stroke": "name", "claim": "claim", "benefit": "benefit",
              "red_flag": "sign", "contraindication": "condition", "after_effect": "effect",
              "term": "term"}
#: tables whose texts must differ from each other's: a sign is one of these, never two
SAFETY = ("red_flag", "contraindication", "after_effect")


def normal(text: str) -> str:
    """A text as compared: NFKC, case-folded, whitespace collapsed, a final full stop dropped."""
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return text.rstrip(". ")


def contradictions(tables: dict[str, list[dict]]) -> list[str]:
    """One line per clash, for validated tables whose entries still carry `_file`."""
    problems: list[str] = []
    first: dict[tuple[str, str], dict] = {}  # (group, normal text) -> the first entry with it
    for table, field in TEXT_FIELD.items():
        group = "safety" if table in SAFETY else table
        for entry in tables.get(table, []):
            key = (group, normal(entry[field]))
            other = first.setdefault(key, dict(entry, _table=table))
            if other["id"] == entry["id"] and other["_table"] == table:
                continue
            where = f"{entry['_file']}: {table} '{entry['id']}': field '{field}'"
            them = f"{other['_table']} '{other['id']}' ({other['_file']})"
            if other["_table"] != table:
                problems.append(f"{where}: same text as {them}: a sign cannot be both a "
                                f"{other['_table'].replace('_', ' ')} and a "
                                f"{table.replace('_', ' ')}")
            elif table == "claim" and other["status"] != entry["status"]:
                problems.append(f"{where}: same text as {them}, with another status "
                                f"({other['status']} there, {entry['status']} here)")
            else:
                problems.append(f"{where}: same text as {them}")
    return problems
