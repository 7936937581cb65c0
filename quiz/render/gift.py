"""GIFT rendering (Moodle's plain-text question format) of one or more generated quizzes.

Each question is titled with its stable id (`::claim-tf:c21::`), so a re-import is recognisable.
A single-answer question marks the key with `=` and each distractor with `~`; a true/false
question uses GIFT's own form, `{TRUE#...#...}` or `{FALSE#...#...}`. Every option carries `#`
feedback built from the explanation, and the general feedback (`####`) links the book section.
A matching question uses GIFT's matching form, one `=prompt -> option` line per pair; GIFT has no
per-answer feedback there, so its general feedback holds the explanation and the book link.
Text is written as `[html]` (so `<` and `&` are safe, and since `>` becomes `&gt;` no text can
hold the `->` Moodle splits a pair on) and GIFT's special characters `~ = # { } :` and the
backslash are escaped with a backslash, as Moodle's importer expects. Each quiz (or variant) goes
into its own `$CATEGORY`, named after its replay code.
"""

from __future__ import annotations

import html

from quiz.model import Question
from quiz.render.common import TITLE, general_feedback, option_feedback, variant_label

SPECIAL = "~=#{}:"


def escape(text: str) -> str:
    """GIFT-escape plain text: a backslash before each special character; newlines as `\\n`."""
    text = text.replace("\\", "\\\\")
    for ch in SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r", "").replace("\n", "\\n")


def _html(text: str) -> str:
    """Text as HTML, then GIFT-escaped. A leading `%` would read as a GIFT answer weight; `>` is
    `&gt;`, so the text never holds a `->` that would split a matching pair."""
    out = html.escape(text, quote=False)
    if out.startswith("%"):
        out = "&#37;" + out[1:]
    return escape(out)


def question(q: Question, book_url: str | None = None) -> str:
    """One question in GIFT, from its `::title::` to its closing brace."""
    head = f"::{escape(q.id)}::[html]{_html(q.stem)} {{"
    general = "\t####" + _html(general_feedback(q, book_url))
    if q.kind == "matching":
        general = "\t####" + _html(f"{q.explanation} {general_feedback(q, book_url)}")
        lines = [f"\t={_html(prompt)} -> {_html(option)}" for prompt, option in q.pairs]
    elif q.kind == "truefalse":
        truth = q.options[q.answer[0]] == "True"
        wrong = 1 - q.answer[0]
        lines = [f"\t{'TRUE' if truth else 'FALSE'}#{_html(option_feedback(q, wrong))}"
                 f"#{_html(option_feedback(q, q.answer[0]))}"]
    else:
        lines = [f"\t{'=' if i in q.answer else '~'}{_html(opt)}#{_html(option_feedback(q, i))}"
                 for i, opt in enumerate(q.options)]
    return "\n".join([head, *lines, general, "}"])


def render(quizzes: list[list[Question]], code: str, version: str,
           book_url: str | None = None) -> str:
    """A GIFT file: a header comment, then each quiz under its own category."""
    parts = [f"// {TITLE}: questions from bank {version}, replay code {code}.\n"
             "// Moodle: Question bank > Import > GIFT format; tick \"Get category from file\"."]
    for variant, quiz in enumerate(quizzes):
        category = f"{TITLE}/{code}" + (f"/variant {variant}" if len(quizzes) > 1 else "")
        parts.append(f"// {variant_label(code, variant)}: {len(quiz)} questions\n"
                     f"$CATEGORY: {category}")
        parts.extend(question(q, book_url) for q in quiz)
    return "\n\n".join(parts) + "\n"
