"""Reading a learner's answer: what option (or options, or pairs) a typed line means.

The terminal quiz (quiz.session) and the grade command's typed answers (quiz.instructor.marks)
read answers the same way. A single answer is a letter, a number, or true/false; a select-all
answer is every letter or number that applies (`AC`, `a, c`, `1 3`); a matching answer is one
letter per item in item order (`DBEAC`, `d b e a c`), or numbered pairs in any order
(`2B 1D 3E`, `1-d, 2-b`). Text is read after Unicode compatibility normalisation (NFKC), so
full-width letters and superscript digits read as their plain forms, and any decimal digit counts
as one.
"""

from __future__ import annotations

import re
import unicodedata

from quiz.model import LETTERS, Question

TF_WORDS = {"t": 0, "true": 0, "f": 1, "false": 1}
#: what may stand between a matching answer's pairs, and between a pair's number and letter
#: (any white space too)
SEPARATORS = ",;-.:)="
# compiled when first used: most quizzes never read a numbered answer
PAIR = r"(\d+)[\s" + re.escape(SEPARATORS) + r"]*([^\W\d_])"
GAP = r"[\s" + re.escape(SEPARATORS) + r"]*"


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
    raw = unicodedata.normalize("NFKC", raw)
    if q.prompts:
        return read_matching(raw, len(q.prompts), len(q.options))
    if q.kind == "multiple":
        return _select_all(raw, len(q.options))
    return _single(raw, q)


def numbered(text: str) -> bool:
    """Whether a matching answer gives item numbers (any decimal digit)."""
    return any(c.isdecimal() for c in text)


def read_matching(raw: str, prompts: int, n: int):
    """A tuple of option indices, one per prompt, or the reason there is none (a str).

    Bare letters are read in prompt order (`DBEAC`, `d b e a c`). With numbers, each pair is a
    prompt's number then its letter, in any order (`2B 1D 3E`, `1d,2b,3e`, `1-D 2-B`): every
    number from 1 to `prompts` once, and nothing else.
    """
    text = unicodedata.normalize("NFKC", raw).upper()
    if numbered(text):
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
    """{item number: its letter} from `1E 2F`-like text, or the reason it is not that. Pairs are
    read as typed: only separators may stand between them, so `3- 4C` (item 3 left blank) is not
    read as item 34."""
    got: dict[int, str] = {}
    end = 0
    for match in re.finditer(PAIR, text):
        if not re.fullmatch(GAP, text[end:match.start()]):
            break
        end = match.end()
        item = int(match[1])
        if not 1 <= item <= prompts:
            return f"there is no item {item}: the items are 1-{prompts}"
        if item in got:
            return f"item {item} is answered twice"
        got[item] = match[2]
    if not got or not re.fullmatch(GAP, text[end:]):
        return "write a number and a letter for every item (1E 2F ...), or only the letters in order"
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
