"""The interactive quiz loop. Input, output and colour are injected so that tests drive it.

It never raises for anything a learner types: unknown answers prompt again (a matching answer
with a line saying what was wrong with it), end of input stops with the partial score, and Ctrl-C
(KeyboardInterrupt) is left to the caller, which prints the partial score and the replay code.
What an answer means is read by quiz.answers, which the grade command's typed answers share.
"""

from __future__ import annotations

from quiz.answers import answer_hint, read_answer
from quiz.model import Question
from quiz.render.text import Style, feedback, question_block


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
        hint = answer_hint(q)
        self.write(question_block(q, number, len(self.questions), self.style))
        while True:
            self.write(f"Your answer ({hint}): ", end="")
            raw = self.read()
            choice = read_answer(raw, q)
            if choice is not None and not isinstance(choice, str):
                break
            if raw.strip():
                why = f"{choice[0].upper()}{choice[1:]}. " if choice else ""
                self.write(f"\n{why}Please answer with {hint}.")
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
