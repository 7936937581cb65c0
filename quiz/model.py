"""Small immutable records shared by the loader, the generator and every renderer.

Named tuples rather than dataclasses: `python -m quiz` must start fast, and the dataclasses
module pulls in `inspect`, which costs more than the whole standard-library floor allows.
"""

from __future__ import annotations

from collections import namedtuple

STATUSES = ("supported", "partly supported", "mixed", "not supported", "outdated")
TOPICS = ("techniques", "benefits", "claims", "safety", "terms")
LETTERS = "ABCDEFGH"


def question_id(template_id: str, slot: tuple[str, ...] | list[str]) -> str:
    """A question's stable id: its template and the facts it is about (its slot), e.g.
    `tech-attr:swedish+origin`. `split_question_id` reads it back; nothing else builds or
    parses one."""
    return f"{template_id}:{'+'.join(slot)}"


def split_question_id(qid: str) -> tuple[str, tuple[str, ...]]:
    """`tech-attr:swedish+origin` -> ("tech-attr", ("swedish", "origin")); no slot -> ()."""
    template_id, _, rest = qid.partition(":")
    return template_id, tuple(rest.split("+")) if rest else ()


class Section(namedtuple("Section", "doc label")):
    """A place in the book: a document and a label, e.g. techniques/swedish#swedish-direction."""

    __slots__ = ()

    @classmethod
    def parse(cls, ref: str) -> Section:
        doc, _, label = ref.partition("#")
        return cls(doc, label)

    @property
    def ref(self) -> str:
        return f"{self.doc}#{self.label}"

    @property
    def html(self) -> str:
        """Path of the HTML page and its anchor, relative to the book's root."""
        return f"{self.doc}.html#{self.label}"


_QuestionBase = namedtuple(
    "_QuestionBase", "id topic template stem options answer explanation section cite facts prompts",
    defaults=((),),
)


class Question(_QuestionBase):
    """One generated question: everything a renderer needs, nothing it must recompute.

    - id: stable, made of the template id and fact ids, never a position;
    - options: the choices shown; answer: the indices of the keyed options (two or more in a
      "select all that apply" question, kind "multiple");
    - facts: for each option, the id of the fact it came from (for checking and exports);
    - prompts: empty, except in a matching question, where the learner pairs each prompt with one
      option and `answer[i]` is the index of the option that belongs to `prompts[i]`.
    """

    __slots__ = ()

    @property
    def kind(self) -> str:
        if self.prompts:
            return "matching"
        if len(self.answer) > 1:
            return "multiple"  # select all that apply
        return "truefalse" if self.options == ("True", "False") else "single"

    @property
    def letters(self) -> str:
        """The key as letters: `C`, or for a matching question `1C 2A 3B` (prompt, option)."""
        if self.prompts:
            return " ".join(f"{n}{LETTERS[i]}" for n, i in enumerate(self.answer, 1))
        return "".join(LETTERS[i] for i in self.answer)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """(prompt, its option) for each prompt of a matching question; () for the others."""
        return tuple((p, self.options[i]) for p, i in zip(self.prompts, self.answer))

    def is_right(self, choice) -> bool:
        """Whether a learner's choice is the key: an option index; for a matching question a
        tuple holding an option index for each prompt; for a select-all question the set of
        option indices picked, which must be exactly the keyed ones."""
        if self.prompts:
            return tuple(choice) == tuple(self.answer)
        if len(self.answer) > 1:
            return set(choice) == set(self.answer)
        return choice in self.answer

    def as_dict(self) -> dict:
        return {
            "id": self.id, "topic": self.topic, "template": self.template, "kind": self.kind,
            "stem": self.stem, "options": list(self.options), "answer": list(self.answer),
            "answer_letters": self.letters, "explanation": self.explanation,
            "section": self.section.ref, "url": self.section.html, "cite": list(self.cite),
            **({"prompts": list(self.prompts)} if self.prompts else {}),
        }
