"""Every export format's and handout's bytes for a fixed set of quizzes, for the byte-identity test.

The quizzes come from a released edition's own tables (quiz/bank/editions/1.2.0.json), which
never change, so the bytes depend only on the drawing and rendering code. The export formats go
through `quiz.export.render`, the one entry point the CLI uses; the handouts' LaTeX through
`quiz.render.latex` (no LaTeX needed). `tests/data/export_hashes.json` holds the SHA-256 of each
output as recorded before the renderers were reorganised (2026-12-03);
`python tests/exportbytes.py DIR` writes the outputs themselves into DIR, to compare with `cmp`
or `diff` when the test fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RECORD = os.path.join(HERE, os.pardir, "quiz", "bank", "editions", "1.2.0.json")
HASHES = os.path.join(HERE, "data", "export_hashes.json")

#: (seed, count, topics, variants)
CASES = ((0, 10, ("techniques", "benefits", "claims", "safety", "terms"), 1),
         (7, 25, ("techniques", "benefits", "claims", "safety", "terms"), 3),
         (2026, 12, ("safety", "terms"), 2))
#: (file-name part, format, options for quiz.export.render)
FORMATS = (("gift", "gift", {}),
           ("gift-url", "gift", {"book_url": "https://example.org/book/"}),
           ("qti12", "qti", {}),
           ("qti12-url", "qti", {"book_url": "https://example.org/book/"}),
           ("qti21", "qti", {"qti_version": "2.1"}),
           ("qti21-url", "qti", {"qti_version": "2.1", "book_url": "https://example.org/book/"}),
           ("anki", "anki", {}),
           ("anki-url", "anki", {"book_url": "https://example.org/book/"}),
           ("kahoot", "kahoot", {}),
           ("csv", "csv", {}),
           ("json", "json", {}))


def bank():
    from quiz.bank import Bank

    with open(RECORD, encoding="utf-8") as fh:
        record = json.load(fh)
    return Bank(record["tables"], record["version"], record["fingerprint"])


def outputs() -> dict[str, bytes]:
    """{name: bytes} for every case, format and handout."""
    from quiz import export, generate, replay
    from quiz.render import latex
    from quiz.render.short import forms

    b = bank()
    short = forms(b)
    signs = [f["sign"] for f in b["red_flag"] if f["level"] == "emergency"]
    out: dict[str, bytes] = {}
    for seed, count, topics, variants in CASES:
        case = f"s{seed}-n{count}-t{len(topics)}-v{variants}"
        code = replay.make(b.version, b.fingerprint, seed, count, topics)
        quizzes = export.select(b, seed, count, topics, variants)
        for name, fmt, options in FORMATS:
            data, _, _ = export.render(fmt, quizzes, code, b.version, short=short,
                                       note=lambda _line: None, **options)
            out[f"{case}.{name}"] = data.encode("utf-8") if isinstance(data, str) else data
        for v in range(1, variants + 1):
            qs = generate.make_quiz(b, seed, count, topics, variant=v)
            vcode = replay.make(b.version, b.fingerprint, seed, count, topics, v)
            where = [f"{q.section.ref}, page {n}" for n, q in enumerate(qs, 3)]
            out[f"{case}.sheet-v{v}.tex"] = latex.sheet(qs, v, vcode, b.version,
                                                        signs).encode("utf-8")
            out[f"{case}.key-v{v}.tex"] = latex.key(qs, v, vcode, b.version, where,
                                                    "Pages: the test's note.").encode("utf-8")
    return out


def hashes() -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(outputs().items())}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/exportbytes.py OUTPUT_FOLDER")
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, data in outputs().items():
        with open(os.path.join(sys.argv[1], name), "wb") as fh:
            fh.write(data)
