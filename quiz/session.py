"""The interactive quiz loop. Input, output and colour are injected so that tests drive it.

It never raises for anything a learner types: unknown answers prompt again, end of input stops
with the partial score, and Ctrl-C (KeyboardInterrupt) is left to the caller after the partial
score has been printed.
"""

from __future__ import annotations

from quiz.model import LETTERS, Question
from quiz.render.text import Style, feedback, question_block

TF_WORDS = {"t": 0, "true": 0, "f": 1, "false": 1}


def parse_answer(raw: str, q: Question):
    """The option index a learner meant (letter, number, or true/false), or None.

    For a matching question: a tuple of option indices, one per prompt, from letters in prompt
    order (`DBEAC`, `D B E A C` or `1D 2B 3E 4A 5C`), or None unless there is one for each.
    For a select-all question: the sorted tuple of the options picked (`AC`, `a, c`, `1 3`).
    """
    n = len(q.options)
    if q.prompts:
        letters = [c for c in raw.upper() if c.isalpha()]
        if len(letters) != len(q.prompts) or any(c not in LETTERS[:n] for c in letters):
            return None
        return tuple(LETTERS.index(c) for c in letters)
    if q.kind == "multiple":  # letters or numbers, any separators: "AC", "a, c", "1 3"
        picked = set()
        for token in raw.upper().replace(",", " ").split():
            if token.isascii() and token.isdigit() and 1 <= int(token) <= n:
                picked.add(int(token) - 1)
            elif token.isalpha() and all(c in LETTERS[:n] for c in token):
                picked.update(LETTERS.index(c) for c in token)
            else:
                return None
        return tuple(sorted(picked)) or None
    text = raw.strip().lower().rstrip(").")
    if len(text) == 1 and text.upper() in LETTERS[:n]:
        return LETTERS.index(text.upper())
    if text.isascii() and text.isdigit() and 1 <= int(text) <= n:
        return int(text) - 1
    if q.kind == "truefalse" and text in TF_WORDS:
        return TF_WORDS[text]
    return None


class Session:
    """One run through a list of questions; `results` holds (question, correct) pairs."""

    def __init__(self, questions: list[Question], read, write, style: Style, on_answer=None):
        self.questions = questions
        self.read = read  # () -> str; raises EOFError at end of input
        self.write = write  # (str) -> None
        self.style = style
        self.on_answer = on_answer  # (question, correct) -> None, e.g. the history file
        self.results: list[tuple[Question, bool]] = []

    @property
    def score(self) -> str:
        right = sum(ok for _, ok in self.results)
        return f"{right}/{len(self.results)}"

    def ask(self, q: Question, number: int) -> None:
        n = len(q.options)
        hint = f"{LETTERS[0]}-{LETTERS[n - 1]} or 1-{n}" + (", or T/F" if q.kind == "truefalse" else "")
        if q.prompts:
            hint = (f"a letter {LETTERS[0]}-{LETTERS[n - 1]} for each of 1-{len(q.prompts)}, "
                    f"e.g. {LETTERS[:len(q.prompts)][::-1]}")
        elif q.kind == "multiple":
            hint = f"every letter that applies, {LETTERS[0]}-{LETTERS[n - 1]}, e.g. AC"
        self.write(question_block(q, number, len(self.questions), self.style))
        while True:
            self.write(f"Your answer ({hint}): ", end="")
            raw = self.read()
            choice = parse_answer(raw, q)
            if choice is not None:
                break
            if raw.strip():
                self.write(f"\nPlease answer with {hint}.")
            else:
                self.write("")
        self.write("")
        correct = q.is_right(choice)
        self.results.append((q, correct))
        if self.on_answer:
            self.on_answer(q, correct)
        self.write(feedback(q, choice, self.style) + "\n")

    def run(self) -> bool:
        """Ask every question; True if all were asked, False if input ended early."""
        for number, q in enumerate(self.questions, 1):
            try:
                self.ask(q, number)
            except EOFError:
                score = f"Score: {self.score}" if self.results else "No question answered."
                self.write(f"\nInput ended after {len(self.results)} of {len(self.questions)} "
                           f"questions. {score}")
                return False
        self.write(f"Score: {self.score}")
        return True
