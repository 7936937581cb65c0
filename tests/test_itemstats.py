"""Item statistics: hand-computed values on a small fixed data set, and simulated students of
known ability (good items discriminate; planted bad items are flagged)."""

from __future__ import annotations

import math
import random

import pytest

from quiz.instructor import itemstats
from quiz.instructor.grade import Sheet
from quiz.model import Question, Section

SECTION = Section("start/safety", "red-flags")


def item(name: str, n_options: int = 4, key: int = 0) -> Question:
    options = tuple(f"{name}{k}" for k in range(n_options))
    return Question(f"tpl:{name}", "safety", "tpl", f"Stem {name}?", options, (key,), "Why.",
                    SECTION, (), tuple(f"fact-{name}{k}" for k in range(n_options)))


def sheet(code, questions, choices, problems=None) -> Sheet:
    return Sheet("s", "1", code, questions, list(choices), problems or {}, [])


# Five students, three one-answer items keyed 0. Right (1) or wrong (0):
#        A  B  C   total
#   s1   1  1  1   3
#   s2   1  1  0   2
#   s3   1  0  0   1
#   s4   0  1  0   1
#   s5   0  0  0   0
# Wrong answers pick option 1 or 2 (never 3).
FIXED = [(0, 0, 0), (0, 0, 1), (0, 1, 2), (1, 0, 1), (2, 2, 1)]


def fixed():
    qs = [item("A"), item("B"), item("C")]
    return qs, [sheet("form", qs, c) for c in FIXED]


def test_facility_discrimination_distractors_and_kr20_match_hand_computation():
    _, sheets = fixed()
    items, tests = itemstats.compute(sheets, min_n=5)
    by = {it.id: it for it in items}
    # facility: A 3/5, B 3/5, C 1/5
    assert by["tpl:A"].facility == pytest.approx(0.6)
    assert by["tpl:C"].facility == pytest.approx(0.2)
    # A against the rest (B+C)/2 = 1, .5, 0, .5, 0: sxy .30, sxx 1.2, syy .70 -> .30/sqrt(.84)
    assert by["tpl:A"].discrimination == pytest.approx(0.30 / math.sqrt(0.84))
    assert by["tpl:B"].discrimination == pytest.approx(0.327327, abs=1e-6)
    # C against (A+B)/2 = 1, 1, .5, .5, 0: sxy .40, sxx .8, syy .70 -> .4/sqrt(.56)
    assert by["tpl:C"].discrimination == pytest.approx(0.534522, abs=1e-6)
    # KR-20: totals 3,2,1,1,0, variance 1.04; sum pq = .24+.24+.16 -> 1.5 * (1 - .64/1.04)
    assert tests == [itemstats.Test("form", 5, 3, pytest.approx(0.576923, abs=1e-6))]
    # A: chosen 3x option 0 (keyed), once each 1 and 2, never 3
    assert by["tpl:A"].options == {"A0": [True, 5, 3], "A1": [False, 5, 1],
                                   "A2": [False, 5, 1], "A3": [False, 5, 0]}
    assert "nobody chose 'A3'" in by["tpl:A"].flags
    assert "too hard" in by["tpl:C"].flags and "too hard" not in by["tpl:A"].flags
    assert not any("negative" in f for it in items for f in it.flags)


def test_items_under_review_are_left_out_and_fewer_than_min_n_are_not_flagged():
    qs, sheets = fixed()
    sheets[4] = sheet("form", qs, (None, 2, 1), {0: "faint mark"})
    items, tests = itemstats.compute(sheets, min_n=5)
    by = {it.id: it for it in items}
    assert by["tpl:A"].n == 4 and by["tpl:A"].facility == pytest.approx(0.75)
    assert by["tpl:A"].flags == []  # 4 < min_n
    assert tests[0].n == 4  # KR-20 only over complete sheets
    # four complete sheets are fewer than min_n: no KR-20, which would swing wildly
    assert tests[0].kr20 is None
    assert "form n/a (n=4)" in itemstats.summary(items, tests)


def test_csv_has_an_item_row_per_question_and_a_test_row_per_code():
    _, sheets = fixed()
    items, tests = itemstats.compute(sheets, min_n=5)
    text = itemstats.to_csv(items, tests)
    lines = text.splitlines()
    assert lines[0].split(",") == itemstats.COLUMNS
    assert sum(line.startswith("item,") for line in lines) == 3
    assert lines[-1] == "test,form,,,5,,,,,,,0.577"
    assert "*A0 = 3/5; A1 = 1/5; A2 = 1/5; A3 = 0/5" in text


def simulate(seed=1, students=400):
    """Students of known ability answer 10 good items (2PL, discrimination 1.7), one item that
    the weaker students get right more often (planted bad), one that everybody gets right, and
    one whose wrong answers never pick option 3."""
    rng = random.Random(seed)
    difficulties = [-1.5 + 0.33 * i for i in range(10)]
    qs = [item(f"G{i}") for i in range(10)] + [item("BAD"), item("EASY"), item("DEAD")]
    sheets = []
    for _ in range(students):
        theta = rng.gauss(0, 1)
        p = [1 / (1 + math.exp(-1.7 * (theta - b))) for b in difficulties]
        p += [1 / (1 + math.exp(1.5 * theta)), 0.99, 1 / (1 + math.exp(-1.7 * theta))]
        choices = []
        for i, pr in enumerate(p):
            right = rng.random() < pr
            wrong_options = (1, 2) if qs[i].id == "tpl:DEAD" else (1, 2, 3)
            choices.append(0 if right else rng.choice(wrong_options))
        sheets.append(sheet("sim", qs, choices))
    return itemstats.compute(sheets)


def test_simulated_students_good_items_discriminate_and_planted_bad_items_are_flagged():
    items, tests = simulate()
    by = {it.id: it for it in items}
    for i in range(10):
        good = by[f"tpl:G{i}"]
        assert good.discrimination > 0.25, good
        assert not any(f in good.flags for f in ("negative discrimination", "too easy"))
    assert by["tpl:BAD"].discrimination < 0
    assert "negative discrimination" in by["tpl:BAD"].flags
    assert "too easy" in by["tpl:EASY"].flags
    assert "nobody chose 'DEAD3'" in by["tpl:DEAD"].flags
    # items ordered by difficulty: facility falls as difficulty rises
    facilities = [by[f"tpl:G{i}"].facility for i in range(10)]
    assert facilities[0] > facilities[4] > facilities[9]
    assert tests[0].kr20 > 0.6  # ten good items give a reliable test


def test_pearson_and_kr20_are_none_when_undefined():
    assert itemstats.pearson([1, 1, 1], [0.2, 0.5, 0.1]) is None
    assert itemstats.kr20([[1, 1], [1, 1]]) is None
    assert itemstats.kr20([[1, 0]]) is None
