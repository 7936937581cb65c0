"""`python -m quiz handout`: printable quiz variants, each a student sheet and an answer key (PDF).

Variant v (1..N) is `make_quiz(bank, seed, count, topics, variant=v)`: every variant has the same
number of questions per topic, drawn and shuffled apart, with the correct letters spread evenly.
Each sheet prints its own replay code (`...-vN`), so `--code` rebuilds exactly that sheet and key
a year later. Keys give the book section and page of each answer when a book PDF build is there
(quiz.booklocate), else the section title and HTML path. Everything is checked (targets free,
LaTeX installed) before any work; the PDFs are typeset in a scratch folder and then each is moved
into place atomically (quiz.fileio).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import namedtuple

from quiz import booklocate, replay
from quiz.errors import ExportError
from quiz.fileio import check_target, write_atomic
from quiz.generate import make_quiz
from quiz.render import latex

Paper = namedtuple("Paper", "variant code questions")


def file_names(variant: int) -> tuple[str, str]:
    """The sheet's and the key's file names for a variant."""
    return f"sheet-v{variant}.pdf", f"key-v{variant}.pdf"


def make_answer_sheets(bank, chosen: list[Paper], version: str, paper: str) -> dict[str, bytes]:
    """{file name: PDF} of the machine-read answer sheet of each variant (quiz.instructor.sheet)."""
    from quiz.instructor import sheet

    return {sheet.file_name(p.variant): sheet.sheet_pdf(p.questions, p.code, version, p.variant,
                                                        paper) for p in chosen}


def papers(bank, seed: int, count: int, topics, variants) -> list[Paper]:
    """The questions and replay code of each variant."""
    return [Paper(v, replay.make(bank.version, bank.fingerprint, seed, count, topics, v),
                  make_quiz(bank, seed, count, topics, variant=v)) for v in variants]


def emergency_signs(bank) -> list[str]:
    return [f["sign"] for f in bank["red_flag"] if f["level"] == "emergency"]


def pages_note(release: str, aux_path: str | None) -> str:
    if release:
        which = "" if release == "unknown" else f", version {release}"
        return f"Page numbers refer to the PDF of the book{which} (make pdf)."
    where = aux_path or "the book's LaTeX build"
    return (f"No book PDF build was found ({where}), so each answer gives the section title "
            "and its page in the HTML book instead of a page number: run make pdf first for pages.")


def locations(bank, chosen: list[Paper], aux_path: str | None, docs_dir: str | None):
    """({section ref: booklocate.Location}, book version of the PDF build or '')."""
    sections = [q.section for p in chosen for q in p.questions]
    return booklocate.locate(sections, aux_path, docs_dir, [t["term"] for t in bank["term"]])


def sources(bank, chosen: list[Paper], version: str, where: dict, note: str) -> dict[str, str]:
    """{file stem: LaTeX source} for every sheet and key: pure, and fast (no typesetting)."""
    signs = emergency_signs(bank)
    out = {}
    for p in chosen:
        sheet_name, key_name = (n.removesuffix(".pdf") for n in file_names(p.variant))
        out[sheet_name] = latex.sheet(p.questions, p.variant, p.code, version, signs)
        out[key_name] = latex.key(p.questions, p.variant, p.code, version,
                                  [where[q.section.ref].text() for q in p.questions], note)
    return out


def run(bank, seed: int, count: int, topics, outdir: str, *, variants, version: str,
        force: bool = False, aux_path: str | None = booklocate.DEFAULT_AUX,
        docs_dir: str | None = booklocate.DEFAULT_DOCS, note=None, paper: str = "a4",
        answer_sheets: bool = True) -> str:
    """Write a sheet and a key per variant into `outdir`, and (`answer_sheets`) the answer sheet
    that `python -m quiz grade` reads; return a one-line summary."""
    from quiz import typeset

    note = note or (lambda line: print(line, file=sys.stderr))
    if os.path.exists(outdir) and not os.path.isdir(outdir):
        raise ExportError(f"{outdir} is not a folder")
    targets = [os.path.join(outdir, name) for v in variants for name in file_names(v)]
    if answer_sheets:
        from quiz.instructor.sheet import file_name, require

        require()
        targets += [os.path.join(outdir, file_name(v)) for v in variants]
    if os.path.isdir(outdir):
        for path in targets:
            check_target(path, force)  # fail before any work
    typeset.require()
    chosen = papers(bank, seed, count, topics, variants)
    if len(chosen[0].questions) < count:
        note(f"note: these topics offer {len(chosen[0].questions)} questions, not {count}.")
    where, release = locations(bank, chosen, aux_path, docs_dir)
    if not release:
        note(f"note: no book PDF build at {aux_path}: the keys give section titles and HTML "
             "paths, not pages (run make pdf first).")
    elif release not in ("unknown", version):
        note(f"note: the book PDF build at {aux_path} is version {release}, not {version}: "
             "its page numbers may not match this bank.")
    docs = sources(bank, chosen, version, where, pages_note(release, aux_path))
    if paper == "letter":
        docs = {k: v.replace("[a4paper,", "[letterpaper,", 1) for k, v in docs.items()}
    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create {outdir}: {exc.strerror}") from None
    with tempfile.TemporaryDirectory(prefix="quiz-handout-") as scratch:
        pdfs = typeset.typeset(docs, scratch)
    for stem, data in pdfs.items():
        write_atomic(os.path.join(outdir, stem + ".pdf"), data, force=force)
    sheets = make_answer_sheets(bank, chosen, version, paper) if answer_sheets else {}
    for name, data in sheets.items():
        write_atomic(os.path.join(outdir, name), data, force=force)
    first, last = variants[0], variants[-1]
    span = f"variant {first}" if len(variants) == 1 else f"variants {first}-{last}"
    base = replay.make(bank.version, bank.fingerprint, seed, count, topics)
    extra = f", {len(sheets)} answer sheet(s) ({paper})" if sheets else ""
    return (f"wrote {len(variants)} sheet(s){extra} and {len(variants)} key(s) ({span} of {base}) "
            f"to {outdir}")
