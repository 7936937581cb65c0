"""The questions of seeds 0-99 with the current bank, recorded before the generator was split
(2026-12-03), for tests/test_seed_record.py.

For each seed: the default quiz (10 questions, every topic) and a 30-question quiz of each topic,
each as the SHA-256 of its questions' JSON (ids, stems, options, answers, explanations, sections,
citations, in order) and the list of ids (so a failure says which question moved).
`python tests/seedrecord.py` prints the record; `python tests/seedrecord.py --write` records it
again into tests/data/seeds_0_99.json (only when a change of questions is meant, saying why).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RECORD = os.path.join(HERE, "data", "seeds_0_99.json")
SEEDS = range(100)


def _digest(questions) -> str:
    data = json.dumps([q._asdict() for q in questions], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def record() -> dict:
    from quiz import bank as banks, generate
    from quiz.model import TOPICS

    bank = banks.load()
    out = {}
    for seed in SEEDS:
        cases = {"all": generate.make_quiz(bank, seed, 10, TOPICS)}
        for topic in TOPICS:
            cases[topic] = generate.make_quiz(bank, seed, 30, (topic,))
        out[str(seed)] = {name: {"sha256": _digest(qs), "ids": " ".join(q.id for q in qs)}
                          for name, qs in cases.items()}
    return out


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(HERE, os.pardir))
    data = json.dumps(record(), indent=1, sort_keys=True) + "\n"
    if sys.argv[1:] == ["--write"]:
        with open(RECORD, "w", encoding="utf-8") as fh:
            fh.write(data)
    else:
        sys.stdout.write(data)
