"""Plain-text rendering of questions, for the terminal quiz and `--format text`."""

from __future__ import annotations

from quiz.model import LETTERS, Question

GREEN, RED, BOLD, DIM, RESET = "\033[32m", "\033[31m", "\033[1m", "\033[2m", "\033[0m"


class Style:
    """ANSI styling that switches off entirely when colour is not wanted (NO_COLOR, not a TTY)."""

    def __init__(self, color: bool):
        self.color = color

    def __call__(self, code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if self.color else text


def question_block(q: Question, number: int, total: int, style: Style) -> str:
    lines = [style(BOLD, f"Question {number}/{total}") + f"  [{q.topic}]", q.stem]
    lines += [f"  {LETTERS[i]}) {opt}" for i, opt in enumerate(q.options)]
    return "\n".join(lines)


def feedback(q: Question, chosen: int, style: Style) -> str:
    right = chosen in q.answer
    key = q.answer[0]
    head = style(GREEN, "Correct.") if right else (
        style(RED, "Not quite.") + f" The answer is {LETTERS[key]}) {q.options[key]}")
    return "\n".join([head, q.explanation, style(DIM, f"Read more: {q.section.html}")])


def answer_line(q: Question) -> str:
    key = q.answer[0]
    return f"Answer: {LETTERS[key]}) {q.options[key]}"


def render(questions: list[Question], code: str) -> str:
    """A whole quiz with its answers, for printing or scripting."""
    style = Style(False)
    parts = [f"Replay code: {code}"]
    for n, q in enumerate(questions, 1):
        parts.append(question_block(q, n, len(questions), style))
        parts.append(answer_line(q) + "\n" + q.explanation + f"\nRead more: {q.section.html}")
    return "\n\n".join(parts) + "\n"
