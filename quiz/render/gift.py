"""GIFT rendering (Moodle's plain-text question format) of one or more generated quizzes.

Each question is titled with its stable id as an identifier of `[A-Za-z0-9_-]` only
(`::claim-tf_c21::`, see `common.ident`), so a re-import is recognisable.
A single-answer question marks the key with `=` and each distractor with `~`; a true/false
question uses GIFT's own form, `{TRUE#...#...}` or `{FALSE#...#...}`. Every option carries `#`
feedback built from the explanation, naming the key by its words, never a letter (Moodle
shuffles a question's answers by default, so a letter would point at the wrong one), and the general feedback (`####`) names the book section:
with `--book-url`, as a link (`<a href="...">`) a learner can follow.
A matching question uses GIFT's matching form, one `=prompt -> option` line per pair; GIFT has no
per-answer feedback there, so its general feedback holds the explanation and the book link.
A select-all question uses Moodle's multiple-answer form (checkboxes): no `=` at all, each keyed
option `~%50%` (or `~%33.33333%` for three: Moodle keeps five decimals, and its importer checks
each weight against its list of grades, 1/3 = 0.3333333 among them), the keyed weights adding
up to 100, and each wrong option `~%-100%`, as in Moodle's GIFT documentation, so that ticking
any wrong option loses the whole mark (Moodle never gives less than 0).
Text is written as `[html]` (so `<` and `&` are safe, and since `>` becomes `&gt;` no text can
hold the `->` Moodle splits a pair on) and GIFT's special characters `~ = # { } :` and the
backslash are escaped with a backslash, as Moodle's importer expects. Each quiz (or variant) goes
into its own `$CATEGORY`, named after its replay code.
"""

from __future__ import annotations

import html

from quiz.model import Question
from quiz.render.common import (
    TITLE,
    general_feedback,
    ident,
    option_feedback,
    section_url,
    variant_label,
)
from quiz.render.formats import Rendered

SPECIAL = "~=#{}:"
WRONG_WEIGHT = -100  # a wrong option ticked in a select-all question cancels the mark


def key_weight(n_keys: int) -> str:
    """The percentage each of `n_keys` keyed options is worth: `50`, `33.33333`: five decimals,
    the precision Moodle's GIFT documentation asks for, so the weights add up to 100."""
    return f"{100 / n_keys:.5f}".rstrip("0").rstrip(".")


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


def _general(q: Question, book_url: str | None, lead: str = "") -> str:
    """The general feedback as GIFT-escaped HTML: `lead`, then the book section, a link when
    the book's address is known."""
    if not book_url:
        return _html(lead + general_feedback(q, book_url))
    url = html.escape(section_url(q, book_url))
    return escape(f'{html.escape(lead, quote=False)}Read more in the book: '
                  f'<a href="{url}">{url}</a>')


def question(q: Question, book_url: str | None = None) -> str:
    """One question in GIFT, from its `::title::` to its closing brace."""
    head = f"::{ident(q.id)}::[html]{_html(q.stem)} {{"
    general = "\t####" + _general(q, book_url)
    if q.kind == "matching":
        general = "\t####" + _general(q, book_url, f"{q.explanation} ")
        lines = [f"\t={_html(prompt)} -> {_html(option)}" for prompt, option in q.pairs]
    elif q.kind == "truefalse":
        truth = q.options[q.answer[0]] == "True"
        wrong = 1 - q.answer[0]
        to_wrong = _html(option_feedback(q, wrong, letters=False))  # GIFT: wrong answer first
        to_right = _html(option_feedback(q, q.answer[0], letters=False))
        lines = [f"\t{'TRUE' if truth else 'FALSE'}#{to_wrong}#{to_right}"]
    elif q.kind == "multiple":
        right, wrong = f"~%{key_weight(len(q.answer))}%", f"~%{WRONG_WEIGHT}%"
        lines = [f"\t{right if i in q.answer else wrong}{_html(opt)}"
                 f"#{_html(option_feedback(q, i, letters=False))}" for i, opt in enumerate(q.options)]
    else:
        lines = [f"\t{'=' if i in q.answer else '~'}{_html(opt)}#{_html(option_feedback(q, i, letters=False))}"
                 for i, opt in enumerate(q.options)]
    return "\n".join([head, *lines, general, "}"])


def render(quizzes: list[list[Question]], code: str, version: str,
           book_url: str | None = None) -> str:
    """A GIFT file: a header comment, then each quiz under its own category."""
    parts = [(f"// {TITLE}: questions from bank {version}, replay code {code}.\n"
             "// Moodle: Question bank > Import > GIFT format; tick \"Get category from file\".")]
    for variant, quiz in enumerate(quizzes):
        category = f"{TITLE}/{code}" + (f"/variant {variant}" if len(quizzes) > 1 else "")
        parts.append(f"// {variant_label(code, variant)}: {len(quiz)} questions\n"
                     f"$CATEGORY: {category}")
        parts.extend(question(q, book_url) for q in quiz)
    return "\n\n".join(parts) + "\n"


def export(quizzes: list[list[Question]], job) -> Rendered:
    return Rendered(render(quizzes, job.code, job.version, job.book_url), sum(map(len, quizzes)), 0)
