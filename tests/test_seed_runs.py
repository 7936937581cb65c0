"""The book never carries the seed article's wording: no run of six words of the article appears
in the docs or in the bank's text (which the book renders) outside quotation marks.

The article itself is not in the repository: tests/data/seed_article.json holds only short hashes
of each of its six-word runs and of each of its words (see `refresh` below), so the check runs on
a fresh clone.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data", "seed_article.json")
RUN = 6
QUOTED = re.compile(r'"[^"\n]*"|\u201c[^\u201d]*\u201d')


def words(text: str) -> list[str]:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def runs(text: str) -> list[str]:
    """Every run of six words of `text` outside quotation marks."""
    out = []
    for part in QUOTED.split(text):
        w = words(part)
        out += [" ".join(w[i:i + RUN]) for i in range(len(w) - RUN + 1)]
    return out


def refresh(article_path: str) -> None:
    """Rewrite tests/data/seed_article.json from the article (run by hand if it ever changes)."""
    with open(article_path, encoding="utf-8") as fh:
        w = words(fh.read())
    data = {"about": "sha256[:16] of every run of 6 words of the seed article and of each of its "
                     "words, as tests/test_seed_runs.py splits them",
            "runs6": sorted({digest(" ".join(w[i:i + RUN])) for i in range(len(w) - RUN + 1)}),
            "words": sorted({digest(x) for x in w})}
    with open(DATA, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=0)


def _article_runs() -> set[str]:
    with open(DATA, encoding="utf-8") as fh:
        return set(json.load(fh)["runs6"])


def _found(text: str, article: set[str]) -> list[str]:
    return [r for r in runs(text) if digest(r) in article]


def test_the_check_finds_a_run_and_respects_quotes():
    article = _article_runs()
    assert _found("Massage: it will be painful at first, they say.", article)
    assert not _found('The article warns that "it will be painful at first".', article)
    assert not _found("it will hurt at first", article)


def test_no_six_word_run_of_the_article_in_the_docs():
    article = _article_runs()
    hits = []
    for path in sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True)):
        with open(path, encoding="utf-8") as fh:
            hits += [f"{os.path.relpath(path, ROOT)}: {r}" for r in _found(fh.read(), article)]
    assert not hits, "the seed article's words, unquoted:\n" + "\n".join(hits)


def test_no_six_word_run_of_the_article_in_the_bank():
    article = _article_runs()
    hits = []
    for path in sorted(glob.glob(os.path.join(ROOT, "quiz", "bank", "*.toml"))):
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
        for table, entries in doc.items():
            for entry in entries:
                for field, value in entry.items():
                    for text in value if isinstance(value, list) else [value]:
                        if isinstance(text, str):
                            hits += [f"{os.path.basename(path)}: {table} '{entry.get('id')}' "
                                     f"{field}: {r}" for r in _found(text, article)]
    assert not hits, "the seed article's words, unquoted:\n" + "\n".join(hits)


def test_the_foils_are_words_the_article_never_uses():
    """benefit-mechanism's wrong options are mechanisms the article never names."""
    with open(DATA, encoding="utf-8") as fh:
        vocabulary = set(json.load(fh)["words"])
    with open(os.path.join(ROOT, "quiz", "bank", "benefits.toml"), "rb") as fh:
        foils = tomllib.load(fh)["mechanism_foil"]
    assert len(foils) >= 3
    for foil in foils:
        key = {"lymph": "lymph", "alignment": "realigning", "nerves": "nerves",
               "scar-tissue": "scar"}.get(foil["id"])
        assert key and key in words(foil["mechanism"]), foil["id"]
        assert digest(key) not in vocabulary, foil["id"]
