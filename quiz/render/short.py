"""Short forms: a question in the bank's shorter wordings, for sheets with length limits (Kahoot).

A bank entry may give a text field a shorter wording with the same meaning
(`short = { definition = "..." }`); nothing else uses it. `forms` collects every such pair of
texts, and `shorten` returns a question with each long text replaced by its short form: an
option that is a long text becomes its short form, and a stem that holds a long text (a term's
definition in "Which term means: ...", a claim in a true/false stem) holds the short form in
its place. The question's kind, its key, its options' order and its id stay as they are; if two
options would read the same, the question is returned unchanged (it would not be fair).
"""

from __future__ import annotations

from quiz.model import Question


def forms(bank) -> dict[str, str]:
    """Every long text of the bank that has a short form -> that short form. A text's `quiz`
    form (the wording questions show instead of it) has the same short form."""
    out: dict[str, str] = {}
    for table in bank.tables.values():
        for entry in table:
            for field, text in entry.get("short", {}).items():
                out.setdefault(entry[field], text)
                if field in entry.get("quiz", {}):
                    out.setdefault(entry["quiz"][field], text)
    return out


def shorten(q: Question, short: dict[str, str]) -> Question:
    """The question in its short forms (the same question when nothing has one)."""
    if not short:
        return q
    stem = q.stem
    for long in sorted(short, key=len, reverse=True):
        if long in stem:
            stem = stem.replace(long, short[long])
    options = tuple(short.get(o, o) for o in q.options)
    if len(set(options)) < len(options):
        return q
    return q._replace(stem=stem, options=options)
