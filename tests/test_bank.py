"""The bank loader: the real bank is valid, and each kind of malformed bank gets its one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quiz import bank as bank_mod
from quiz.errors import BankError

BANK = Path(bank_mod.BANK_DIR)
DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_real_bank_is_valid_against_the_book_sources():
    bank = bank_mod.load(docs_dir=str(DOCS), use_cache=False)
    assert len(bank["claim"]) == 28
    assert {t["id"] for t in bank["technique"]} == {"neuromuscular", "swedish", "shiatsu"}


def _edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, count))


# (file, text to replace, replacement, the exact one-line message)
MALFORMED = [
    ("claims.toml", 'status = "mixed"', 'status = "maybe"',
     "claims.toml: claim 'c07': field 'status': 'maybe' is not one of supported, partly supported, mixed, not supported, outdated"),
    ("claims.toml", 'id = "c02"', 'id = "c01"',
     "claims.toml: claim 'c01': field 'id': duplicate id (also in claims.toml)"),
    ("claims.toml", 'id = "c03"\n', '',
     "claims.toml: claim[3]: field 'id': required"),
    ("claims.toml", 'id = "c03"', 'id = "C 3"',
     "claims.toml: claim 'C 3': field 'id': must be lower-case letters, digits and '-'"),
    ("claims.toml", 'id = "c03"', 'id = 3',
     "claims.toml: claim[3]: field 'id': must be lower-case letters, digits and '-'"),
    ("claims.toml", 'id = "c04"\n', 'id = "c04"\ncolour = "red"\n',
     "claims.toml: claim 'c04': field 'colour': unknown field"),
    ("claims.toml", 'summary = "Pain and depression', 'sumary = "Pain and depression',
     "claims.toml: claim 'c04': field 'sumary': unknown field (did you mean 'summary'?)"),
    ("techniques.toml", 'uses = ["fingers", "thumbs", "knuckles", "elbows"]', 'uses = "knuckles"',
     "techniques.toml: technique 'neuromuscular': field 'uses': expected a list of non-empty strings"),
    ("techniques.toml", 'uses = ["fingers", "thumbs", "knuckles", "elbows"]', 'uses = ["fingers", "fingers"]',
     "techniques.toml: technique 'neuromuscular': field 'uses': has a repeated value"),
    ("techniques.toml", 'uses = ["fingers", "thumbs", "knuckles", "elbows"]', 'uses = ["fingers", 3]',
     "techniques.toml: technique 'neuromuscular': field 'uses': expected a list of non-empty strings"),
    ("techniques.toml", 'name = "shiatsu"', 'name = 7',
     "techniques.toml: technique 'shiatsu': field 'name': expected a string, got int"),
    ("techniques.toml", 'name = "shiatsu"', 'name = "  "',
     "techniques.toml: technique 'shiatsu': field 'name': must not be empty"),
    ("techniques.toml", 'origin = "Japan, from the older massage tradition anma"\n', '',
     "techniques.toml: technique 'shiatsu': field 'origin': required"),
    ("techniques.toml", 'section = "techniques/shiatsu#shiatsu-what"', 'section = "shiatsu"',
     "techniques.toml: technique 'shiatsu': field 'section': 'shiatsu' is not a section of the form doc/path#label"),
    ("safety.toml", 'flag = "fever"', 'flag = "fevers"',
     "safety.toml: contraindication 'infection': field 'flag': no red flag with id 'fevers'"),
    ("benefits.toml", 'claims = ["c07"]', 'claims = ["c99"]',
     "benefits.toml: benefit 'stress-hormones': field 'claims': no claim with id 'c99'"),
    ("safety.toml", 'level = "emergency"', 'level = "soon"',
     "safety.toml: red_flag 'bladder': field 'level': 'soon' is not one of emergency, urgent, routine"),
    ("safety.toml", '[[after_effect]]\nid = "soreness"', '[[after_effects]]\nid = "soreness"',
     "safety.toml: unknown table 'after_effects' (known: technique, stroke, claim, benefit, level, red_flag, contraindication, after_effect, mechanism_foil, term, rule)"),
    ("terms.toml", '[[term]]\nid = "anma"', '[term]\nid = "anma"',
     None),  # TOML itself rejects a table after an array of the same name
    ("terms.toml", 'term = "anma"', 'term = "anma',
     None),
    ("safety.toml", 'cite = ["swedish_mayo", "ernst2003safety"]\n', 'cite = "swedish_mayo"\n',
     "safety.toml: contraindication 'anticoagulants': field 'cite': expected a list of non-empty strings"),
    ("claims.toml", 'cite = ["bair2003depression"]', 'cite = ["bair2003depression"]\nextra = 1',
     "claims.toml: claim 'c04': field 'extra': unknown field"),
    ("techniques.toml", 'origin = ["Japan", "anma"]', 'origin = ["Korea", "anma"]',
     "techniques.toml: technique 'shiatsu': field 'answer_text': phrase 'Korea' is not part of the fact's origin"),
    ("techniques.toml", 'origin = ["Japan", "anma"]', 'colour = ["Japan"]',
     "techniques.toml: technique 'shiatsu': field 'answer_text': 'colour' is not a text field of this entry"),
    ("claims.toml", 'status = "mixed"', 'status = ["mixed"]',
     "claims.toml: claim 'c07': field 'status': expected a string, got list"),
]


@pytest.mark.parametrize("name, old, new, message", MALFORMED,
                         ids=[f"{m[0]}-{i}" for i, m in enumerate(MALFORMED)])
def test_malformed_bank_gets_one_line(tmp_bank, name, old, new, message):
    _edit(tmp_bank, name, old, new)
    with pytest.raises(BankError) as info:
        bank_mod.load(str(tmp_bank), use_cache=False)
    lines = str(info.value).splitlines()
    assert len(lines) == 1, lines
    if message is None:  # a TOML syntax error: the parser's own position, behind our file name
        assert lines[0].startswith(f"{name}: invalid TOML: "), lines[0]
        assert "line" in lines[0]
    else:
        assert lines[0] == message


def test_missing_section_is_reported_against_the_docs(tmp_bank, tmp_path_factory):
    _edit(tmp_bank, "techniques.toml", '"techniques/shiatsu#shiatsu-tools"', '"techniques/shiatsu#shiatsu-toolz"')
    _edit(tmp_bank, "claims.toml", '"benefits/relaxation#benefit-sleep"', '"benefits/snooze#benefit-sleep"')
    with pytest.raises(BankError) as info:
        bank_mod.load(str(tmp_bank), docs_dir=str(DOCS), use_cache=False)
    assert str(info.value).splitlines() == [
        "techniques.toml: technique 'shiatsu': field 'uses_section': docs/techniques/shiatsu.md has no label 'shiatsu-toolz'",
        "claims.toml: claim 'c17': field 'section': no document docs/benefits/snooze.md",
    ] or sorted(str(info.value).splitlines()) == sorted([
        "techniques.toml: technique 'shiatsu': field 'uses_section': docs/techniques/shiatsu.md has no label 'shiatsu-toolz'",
        "claims.toml: claim 'c17': field 'section': no document docs/benefits/snooze.md",
    ])


def test_several_problems_are_all_reported(tmp_bank):
    _edit(tmp_bank, "claims.toml", 'status = "mixed"', 'status = "maybe"')
    _edit(tmp_bank, "safety.toml", 'level = "urgent"', 'level = "later"')
    with pytest.raises(BankError) as info:
        bank_mod.load(str(tmp_bank), use_cache=False)
    assert len(str(info.value).splitlines()) == 2


def test_empty_and_missing_bank_folders(tmp_path):
    with pytest.raises(BankError, match="no \\*.toml files"):
        bank_mod.load(str(tmp_path), use_cache=False)
    with pytest.raises(BankError, match="cannot read the bank folder"):
        bank_mod.load(str(tmp_path / "nope"), use_cache=False)


def test_cache_is_used_and_refreshed_when_a_file_changes(tmp_bank):
    first = bank_mod.load(str(tmp_bank))
    cache = tmp_bank / "__pycache__" / "bank.json"
    assert cache.exists()
    again = bank_mod.load(str(tmp_bank))
    assert again.tables == first.tables and again.fingerprint == first.fingerprint
    _edit(tmp_bank, "claims.toml", 'status = "mixed"', 'status = "outdated"')
    stat = os.stat(tmp_bank / "claims.toml")
    os.utime(tmp_bank / "claims.toml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    changed = bank_mod.load(str(tmp_bank))
    assert changed.by_id("claim")["c07"]["status"] == "outdated"
    assert changed.fingerprint != first.fingerprint


def test_a_malformed_edit_is_not_hidden_by_the_cache(tmp_bank):
    bank_mod.load(str(tmp_bank))
    _edit(tmp_bank, "claims.toml", 'status = "mixed"', 'status = "maybe"')
    stat = os.stat(tmp_bank / "claims.toml")
    os.utime(tmp_bank / "claims.toml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    with pytest.raises(BankError):
        bank_mod.load(str(tmp_bank))


def test_a_corrupt_cache_is_rebuilt(tmp_bank):
    bank_mod.load(str(tmp_bank))
    cache = tmp_bank / "__pycache__" / "bank.json"
    cache.write_text("{not json")
    assert len(bank_mod.load(str(tmp_bank))["claim"]) == 28


def test_bank_text_is_plain_text_not_markup():
    """Bank strings go to the terminal, handouts, LMS files and the book alike: no Markdown
    emphasis or code marks, which only the book would render."""
    import re

    found = []
    for table, entries in bank_mod.load().tables.items():
        for e in entries:
            for field, value in e.items():
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str) and re.search(r"(^|\W)[*_`][^*_`\s][^*_`]*[*_`](\W|$)", text):
                        found.append(f"{table} {e['id']} {field}: {text[:60]}")
    assert not found, found
