"""Shared test vectors of the portable draw (quiz/draw.py), computed with Python's own `random`.

tests/data/draw-vectors.json holds them; test_practice.py checks that Python still computes exactly
that file, and test_practice_browser.py that quizdraw.js computes it in Chromium. Regenerate with
`.venv/bin/python tests/drawvectors.py` only if the draw itself is meant to change (it is not: a
new draw gets a new name in quiz.draw.DRAW).
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

PATH = Path(__file__).resolve().parent / "data" / "draw-vectors.json"
SEEDS = [0, 1, 42, 4821, 65535, 999999999, 2**32 + 5, "4821/2", "0/1", "999999999/100",
         "tech-attr:swedish+origin", "\u00fcn\u00efcode/7", ""]


def compute() -> dict:
    seeds = []
    for seed in SEEDS:
        rng = random.Random(seed)
        seeds.append({
            "seed": seed,
            "uint32": [rng.getrandbits(32) for _ in range(5)],
            "bits": [rng.getrandbits(k) for k in (1, 7, 16, 31)],
            "randbelow": [rng._randbelow(n) for n in (1, 2, 3, 5, 7, 10, 100, 1000, 10**6)],
            "shuffle": _shuffled(rng, 10),
            "choice": rng.choice(["a", "b", "c", "d", "e"]),
            "sample_small": rng.sample(range(10), 3),
            "sample_large": rng.sample(range(40), 4),  # more than 21: the set method
            "sample_six": rng.sample(range(100), 6),
            "after_700": [rng.getrandbits(32) for _ in range(700)][-3:],  # past a twist
        })
    texts = ["", "abc", "4821/2", "x" * 111, "y" * 112, "z" * 200, "\u00e9t\u00e9"]
    return {"seeds": seeds,
            "sha512": [[t, hashlib.sha512(t.encode()).hexdigest()] for t in texts]}


def _shuffled(rng: random.Random, n: int) -> list[int]:
    items = list(range(n))
    rng.shuffle(items)
    return items


def text() -> str:
    return json.dumps(compute(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    PATH.write_text(text(), encoding="utf-8")
    print(f"wrote {PATH}")
