"""Whole-bank checks for `python -m quiz check`: every question re-verified, every fact covered.

This recomputes what it can from the bank rather than trusting the generator's own checks.
"""

from __future__ import annotations

from quiz.generate import all_questions
from quiz.model import TOPICS, split_question_id

MIN_QUESTIONS = 200
#: every entry of these tables must be the subject of at least one question
COVERED = ("technique", "stroke", "benefit", "claim", "red_flag", "contraindication", "after_effect", "term")


def problems(bank, seeds=(0, 1, 2)) -> tuple[list[str], str]:
    """(problems, summary line). An empty problem list means the bank is sound."""
    found: list[str] = []
    ids: set[str] = set()
    claims = bank.by_id("claim")
    for seed in seeds:
        for q in all_questions(bank, seed):
            ids.add(q.id)
            if len(set(q.options)) != len(q.options):
                found.append(f"{q.id}: repeated option")
            if q.kind == "matching":
                if sorted(q.answer) != list(range(len(q.options))) or len(q.prompts) != len(q.answer) \
                        or len(set(q.prompts)) != len(q.prompts):
                    found.append(f"{q.id}: not a one-to-one matching")
            elif q.kind == "multiple":
                if len(q.answer) == len(q.options):
                    found.append(f"{q.id}: every option keyed")
            elif len(q.answer) != 1:
                found.append(f"{q.id}: {len(q.answer)} keyed options")
            if not q.explanation or not q.section.doc or not q.section.label:
                found.append(f"{q.id}: no explanation or section")
            if q.template == "claim-tf" and q.answer == (0,):
                status = claims[split_question_id(q.id)[1][0]]["status"]
                if status != "supported":
                    found.append(f"{q.id}: keys a {status} claim as true")
    if len(ids) < MIN_QUESTIONS:
        found.append(f"only {len(ids)} distinct questions (need {MIN_QUESTIONS})")
    tested = {fact for qid in ids for fact in split_question_id(qid)[1]}
    for table in COVERED:
        for entry in bank[table]:
            if entry["id"] not in tested:
                found.append(f"{table} '{entry['id']}': no question tests it")
    summary = f"bank OK: {len(ids)} distinct questions over {len(TOPICS)} topics"
    return found, summary


def cite_problems(bank, docs_dir: str) -> tuple[list[str], str]:
    """(problems, note): a citation key of the bank that is no entry of the book's bibliography
    in docs_dir is a problem; without that bibliography nothing is checked and the note says so."""
    from quiz import bibkeys

    paths = bibkeys.bib_files(docs_dir)
    if not paths:
        return [], (f"note: no bibliography in {docs_dir} (references.bib, bib/*.bib): "
                    "citation keys not checked")
    try:
        known = bibkeys.keys(paths)
    except OSError as exc:
        return [], f"note: {exc.filename}: cannot read it ({exc.strerror}): citation keys not checked"
    return [f"{table} '{entry['id']}': cite key '{key}' is in no .bib file of the book ({docs_dir})"
            for table, entries in bank.tables.items() for entry in entries
            for key in entry.get("cite", ()) if key not in known], ""
