"""Seeds 0-99 give the same quizzes as the generator did before it was split into kinds,
catalogue and drawing: tests/data/seeds_0_99.json was recorded from that code (tests/seedrecord.py
says what it holds and how to record it again when a change of questions is meant)."""

import json

import seedrecord


def test_seeds_0_to_99_give_the_recorded_quizzes():
    with open(seedrecord.RECORD, encoding="utf-8") as fh:
        recorded = json.load(fh)
    now = seedrecord.record()
    assert sorted(now, key=int) == [str(s) for s in seedrecord.SEEDS] == sorted(recorded, key=int)
    moved = [(seed, case, recorded[seed][case]["ids"], now[seed][case]["ids"])
             for seed in recorded for case in recorded[seed]
             if now[seed][case] != recorded[seed][case]]
    assert not moved, f"{len(moved)} quizzes differ; first: seed {moved[0][0]} {moved[0][1]}: " \
                      f"was {moved[0][2]!r}, now {moved[0][3]!r}"
