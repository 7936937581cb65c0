"""Every export format and handout is byte-identical to what the code wrote before the renderers
were reorganised: tests/data/export_hashes.json holds the SHA-256 of each output, recorded from
that code (tests/exportbytes.py says which quizzes and options). A change of wording or layout
that is meant must record the file again, in the same commit, saying why."""

import json

import exportbytes


def test_every_export_and_handout_is_byte_identical_to_the_recorded_one():
    with open(exportbytes.HASHES, encoding="utf-8") as fh:
        recorded = json.load(fh)
    now = exportbytes.hashes()
    assert len(recorded) == 45 and sorted(now) == sorted(recorded)
    changed = [name for name in recorded if now[name] != recorded[name]]
    assert not changed, (f"these outputs' bytes changed: {changed} (python tests/exportbytes.py "
                         "DIR writes them, to compare with the old code's)")
