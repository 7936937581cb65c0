"""Traceability: every question the bank can produce points to a section of the built book whose
prose states its answer. Generated boxes (key facts, self-checks) do not count as prose: they are
rendered from the bank, so they would agree with any bank."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from quiz import bank as bank_mod
from quiz import generate, trace

BANK = bank_mod.load()
QUESTIONS = generate.all_questions(BANK, 0)


def section_text(soup, label: str) -> str | None:
    node = soup.find(id=label)
    if node is None:
        return None
    if node.name == "dt":  # a glossary entry: the term and its definition
        return node.get_text(" ") + " " + node.find_next_sibling("dd").get_text(" ")
    if node.name != "section":
        node = node.find_parent("section") or node
    node = __import__("copy").copy(node)
    for generated in node.select("div.keyfacts, div.quiz, .chapter-meta"):
        generated.decompose()
    return node.get_text(" ")


def untraced(pages, bank, questions) -> list[str]:
    problems = []
    for q in questions:
        ref, phrases = trace.expectations(bank, q)
        doc, _, label = ref.partition("#")
        text = section_text(pages(doc), label)
        if text is None:
            problems.append(f"{q.id}: no section {ref} in the built book")
            continue
        text = trace.normalise(text)
        missing = [p for p in phrases if trace.normalise(p) not in text]  # only what is absent
        if missing:
            problems.append(f"{q.id}: {ref} does not state {missing}")
    return problems


def test_every_question_is_stated_in_its_section(built_book):
    problems = untraced(built_book.soup, BANK, QUESTIONS)
    assert not problems, "\n".join(problems)


def test_every_bank_section_label_exists_in_the_built_book(built_book):
    refs = {q.section.ref for q in QUESTIONS} | {trace.expectations(BANK, q)[0] for q in QUESTIONS}
    for table in BANK.tables.values():
        for entry in table:
            refs |= {v for k, v in entry.items() if k.endswith("section")}
    missing = [r for r in sorted(refs) if built_book.soup(r.split("#")[0]).find(id=r.split("#")[1]) is None]
    assert not missing


def test_every_page_with_facts_has_a_self_check(built_book):
    docs = {q.section.doc for q in QUESTIONS}
    without = [d for d in sorted(docs) if built_book.soup(d).select_one("div.quiz") is None]
    assert not without


@pytest.mark.parametrize("chapter", ["techniques/neuromuscular", "techniques/swedish",
                                     "techniques/shiatsu", "benefits/pain-and-mood",
                                     "benefits/circulation", "benefits/relaxation"])
def test_technique_and_benefit_chapters_end_with_a_self_check(built_book, chapter):
    article = built_book.soup(chapter).select_one("article")
    sections = article.select("section")
    assert sections[-1].select_one("div.quiz") is not None
    assert "Self-check" in sections[-1].find(["h2", "h3"]).get_text()


@pytest.mark.book
def test_a_fact_changed_in_the_bank_but_not_the_book_fails(tmp_path, repo_root):
    bank_dir = tmp_path / "bank"
    shutil.copytree(bank_mod.BANK_DIR, bank_dir, ignore=shutil.ignore_patterns("__pycache__"))
    toml = bank_dir / "techniques.toml"
    text = toml.read_text()
    old = 'origin = "Japan, from the older massage tradition anma"'
    assert old in text
    toml.write_text(text.replace(old, 'origin = "Korea, from the older massage tradition anma"')
                    .replace('origin = ["Japan", "anma"]', 'origin = ["Korea", "anma"]'))
    changed = bank_mod.load(str(bank_dir), use_cache=False)
    out = tmp_path / "html"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(tmp_path / "doctrees"),
         "-c", str(repo_root), "-D", f"quiz_bank_dir={bank_dir}", str(repo_root / "docs"), str(out)],
        capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    from bs4 import BeautifulSoup

    def pages(doc):
        return BeautifulSoup((out / f"{doc}.html").read_text(), "html.parser")

    # the key-facts box follows the bank, but the prose does not: traceability catches it
    assert "Korea" in pages("techniques/shiatsu").select_one("div.keyfacts").get_text()
    problems = untraced(pages, changed, generate.all_questions(changed, 0))
    assert problems == [
        "tech-attr:shiatsu+origin: techniques/shiatsu#shiatsu-history does not state ['Korea']",
        "tech-which-attr:shiatsu+origin: techniques/shiatsu#shiatsu-history does not state ['Korea']",
    ]
