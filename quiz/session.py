"""The interactive quiz loop. Input, output and colour are injected so that tests drive it.

It never raises for anything a learner types: unknown answers prompt again (a matching answer
with a line saying what was wrong with it), end of input stops with the partial score, and Ctrl-C
(KeyboardInterrupt) is left to the caller, which prints the partial score and the replay code.
Reading an answer (`parse_answer`) is here too: the grade command's typed answers use it.
"""

from __future__ import annotations

import re

from quiz.model import LETTERS, Question
from quiz.render.text import Style, feedback, question_block

TF_WORDS = {"t": 0, "true": 0, "f": 1, "false": 1}
DIGITS = "0123456789"
#: what may stand between a matching answer's pairs, and between a pair's number and letter
PAIR_SEPARATORS = frozenset(" \t,;-.:)=")
PAIRS = r"([0-9]+)([A-Z])"  # compiled when first used: most quizzes never read a numbered answer


def parse_answer(raw: str, q: Question):
    """The option index a learner meant (letter, number, or true/false), or None.

    For a matching question: a tuple of option indices, one per prompt (see `read_matching`).
    For a select-all question: the sorted tuple of the options picked (`AC`, `a, c`, `1 3`).
    """
    choice = read_answer(raw, q)
    return None if isinstance(choice, str) else choice


def read_answer(raw: str, q: Question):
    """As `parse_answer`, but an answer to a matching question that is not one is a str: the
    reason, a line for the learner (`item 1 is answered twice`)."""
    if q.prompts:
        return read_matching(raw, len(q.prompts), len(q.options))
    if q.kind == "multiple":
        return _select_all(raw, len(q.options))
    return _single(raw, q)


def read_matching(raw: str, prompts: int, n: int):
    """A tuple of option indices, one per prompt, or the reason there is none (a str).

    Bare letters are read in prompt order (`DBEAC`, `d b e a c`). With numbers, each pair is a
    prompt's number then its letter, in any order (`2B 1D 3E`, `1d,2b,3e`, `1-D 2-B`): every
    number from 1 to `prompts` once, and nothing else.
    """
    text = raw.upper()
    if any(c in DIGITS for c in text):
        return _numbered(text, prompts, n)
    letters = [c for c in text if c.isalpha()]
    if len(letters) != prompts:
        return f"give {prompts} letters, one for each item"
    return _options(letters, n) or tuple(LETTERS.index(c) for c in letters)


def _numbered(text: str, prompts: int, n: int):
    got = _pairs(text, prompts)
    if isinstance(got, str):
        return got
    missing = [str(k) for k in range(1, prompts + 1) if k not in got]
    if missing:
        return f"no letter for item{'s' if len(missing) > 1 else ''} {_and(missing)}"
    letters = [got[k] for k in range(1, prompts + 1)]
    return _options(letters, n) or tuple(LETTERS.index(c) for c in letters)


def _pairs(text: str, prompts: int) -> dict[int, str] | str:
    """{item number: its letter} from `1E 2F`-like text, or the reason it is not that."""
    compact = "".join(c for c in text if c not in PAIR_SEPARATORS)
    pairs = re.findall(PAIRS, compact)
    if "".join(number + letter for number, letter in pairs) != compact:
        return "write a number and a letter for every item (1E 2F ...), or only the letters in order"
    got: dict[int, str] = {}
    for number, letter in pairs:
        item = int(number)
        if not 1 <= item <= prompts:
            return f"there is no item {item}: the items are 1-{prompts}"
        if item in got:
            return f"item {item} is answered twice"
        got[item] = letter
    return got


def _options(letters: list[str], n: int) -> str:
    """The reason unless every letter names one of the n options; '' if they all do."""
    bad = next((c for c in letters if c not in LETTERS[:n]), None)
    return f"{bad} is not one of the options {LETTERS[0]}-{LETTERS[n - 1]}" if bad else ""


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _select_all(raw: str, n: int):
    """Letters or numbers, any separators: "AC", "a, c", "1 3"."""
    picked = set()
    for token in raw.upper().replace(",", " ").split():
        if token.isascii() and token.isdigit() and 1 <= int(token) <= n:
            picked.add(int(token) - 1)
        elif token.isalpha() and all(c in LETTERS[:n] for c in token):
            picked.update(LETTERS.index(c) for c in token)
        else:
            return None
    return tuple(sorted(picked)) or None


def _single(raw: str, q: Question):
    n = len(q.options)
    text = raw.strip().lower().rstrip(").")
    if len(text) == 1 and text.upper() in LETTERS[:n]:
        return LETTERS.index(text.upper())
    if text.isascii() and text.isdigit() and 1 <= int(text) <= n:
        return int(text) - 1
    if q.kind == "truefalse" and text in TF_WORDS:
        return TF_WORDS[text]
    return None


def answer_hint(q: Question) -> str:
    """What an answer to q looks like, for the prompt and for asking again."""
    n = len(q.options)
    if q.prompts:
        example = LETTERS[:len(q.prompts)][::-1]
        return (f"a letter {LETTERS[0]}-{LETTERS[n - 1]} for each of 1-{len(q.prompts)}, "
                f"e.g. {example} or {' '.join(f'{k}{c}' for k, c in enumerate(example, 1))}")
    if q.kind == "multiple":
        return f"every letter that applies, {LETTERS[0]}-{LETTERS[n - 1]}, e.g. AC"
    return f"{LETTERS[0]}-{LETTERS[n - 1]} or 1-{n}" + (", or T/F" if q.kind == "truefalse" else "")


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
