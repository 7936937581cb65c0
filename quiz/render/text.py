"""Plain-text rendering of questions, for the terminal quiz and `--format text`."""

from __future__ import annotations

from quiz.model import LETTERS, Question
from quiz.render.common import key_text

GREEN, RED, BOLD, DIM, RESET = "\033[32m", "\033[31m", "\033[1m", "\033[2m", "\033[0m"


class Style:
    """ANSI styling that switches off entirely when colour is not wanted (NO_COLOR, not a TTY)."""

    def __init__(self, color: bool):
        self.color = color

    def __call__(self, code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if self.color else text


def question_block(q: Question, number: int, total: int, style: Style) -> str:
    lines = [style(BOLD, f"Question {number}/{total}") + f"  [{q.topic}]", q.stem]
    lines += [f"  {n}. {prompt}" for n, prompt in enumerate(q.prompts, 1)]
    if q.prompts:
        lines.append("with")
    lines += [f"  {LETTERS[i]}) {opt}" for i, opt in enumerate(q.options)]
    return "\n".join(lines)


def feedback(q: Question, chosen, style: Style) -> str:
    """Right or not, the key, the explanation and where the book says it."""
    if q.is_right(chosen):
        head = style(GREEN, "Correct.")
    else:
        head = style(RED, "Not quite.") + f" The answer is {key_text(q)}"
        if q.prompts:
            got = sum(c == k for c, k in zip(chosen, q.answer))
            head += f" ({got} of {len(q.answer)} pairs right)"
        elif q.kind == "multiple":
            hits, extra = len(set(chosen) & set(q.answer)), len(set(chosen) - set(q.answer))
            head += (f" (you picked {hits} of the {len(q.answer)} right ones"
                     + (f" and {extra} wrong)" if extra else ")"))
    return "\n".join([head, q.explanation, style(DIM, f"Read more: {q.section.html}")])


def answer_line(q: Question) -> str:
    return f"Answer: {key_text(q, letters=True)}"


def render(questions: list[Question], code: str) -> str:
    """A whole quiz with its answers, for printing or scripting."""
    style = Style(False)
    parts = [f"Replay code: {code}"]
    for n, q in enumerate(questions, 1):
        parts.append(question_block(q, n, len(questions), style))
        parts.append(answer_line(q) + "\n" + q.explanation + f"\nRead more: {q.section.html}")
    return "\n\n".join(parts) + "\n"
