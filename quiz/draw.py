"""The portable draw: what a quiz's questions are as data, so that another language can draw them.

`python -m quiz --code CODE` draws with Python's `random.Random`. The book's practice page draws
the same quiz in the browser (quiz/sphinxext/static/practice.js) from data computed here at build
time: the browser never words a question, it only draws. Both sides run one algorithm, named by
DRAW and recorded in every edition record written from now on ("draw"); a record without the
field was made with UNRECORDED, this same draw.

The draw "python-random/1", step by step (practice.js implements it, tests/data/draw-vectors.json
holds shared test vectors, and tests check both languages against them):

- Generator: MT19937 exactly as CPython's `random.Random`. An integer seed n >= 0 is split into
  32-bit words, least significant first (n = 0 gives the one word 0), and fed to MT19937's
  `init_by_array`. A string seed s is first made the integer whose big-endian bytes are
  UTF-8(s) followed by SHA-512(UTF-8(s)), then seeded as an integer.
- getrandbits(k), 1 <= k <= 32: the next 32-bit output shifted right by 32 - k.
- randbelow(n), n >= 1: k = bit length of n; r = getrandbits(k) until r < n.
- shuffle(x): for i from len(x) - 1 down to 1: j = randbelow(i + 1); swap x[i] and x[j].
- choice(x): x[randbelow(len(x))]. randrange(n): randbelow(n).
- sample(x, k): with n = len(x) and setsize = 21 (+ 4 ** ceil(log4(3k)) when k > 5): if
  n <= setsize, a pool copy of x: for i < k, j = randbelow(n - i), take pool[j], then
  pool[j] = pool[n - i - 1]; otherwise draw j = randbelow(n) again while j was drawn before.

On that generator, quiz.generate's helpers and its quiz-level draw (`generate`, `_draw`,
`_spread`) run unchanged; what the browser needs from the templates is, per slot, the data that
`Recorder` takes down below: the options a helper chooses among and which of them fit.
`_spread` leaves an ordered scale where it is: a question whose options equal one of the data's
`scales`, or whose template is one of its `scale_templates` (quiz.generate.SCALE_TEMPLATES).
"""

from __future__ import annotations

from quiz.generate import slots
from quiz.model import TOPICS, Question, Section

DRAW = "python-random/1"
#: the draw of an edition record that names none (every record written before "draw" was kept)
UNRECORDED = "python-random/1"


class TemplateDrawsOutside(Exception):
    """A template drew from the generator itself instead of through a portable helper."""


class Recorder:
    """Stands in for the random generator: a helper of quiz.generate given a Recorder returns its
    question's draw as data (`record`) instead of drawing it. It has no random methods, so a
    template that draws outside the helpers fails here (and in the tests), never silently."""

    def record(self, kind: str, a: dict) -> list:
        if kind == "choice":
            pool, key, fits, text = list(a["pool"]), a["key"], a["fits"], a["text"]
            ordered = bool(a["ordered"])
            where = (lambda f: pool.index(f)) if ordered else (lambda f: 0)  # noqa: E731
            draw = ["c", [text(key), where(key)],
                    [[text(f), int(bool(fits(f))), where(f)] for f in a["pool"] if f is not key],
                    a["n_options"], a["min_options"], int(ordered)]
            qid = f"{a['tid']}:{'+'.join(a['slot'])}"
        elif kind == "select":
            draw, qid = ["a", sorted(a["right"]), sorted(a["bad"])], a["qid"]
        else:
            draw, qid = ["m", a["lefts"], a["rights"]], a["qid"]
        return _entry(qid, a["topic"], a["tid"], a["stem"], a["explanation"], a["section"],
                      a["cite"], draw)

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("define",):
            raise AttributeError(name)
        raise TemplateDrawsOutside(name)


def _entry(qid, topic, template, stem, explanation, section, cite, draw) -> dict:
    return {"id": qid, "topic": topic, "template": template, "stem": stem,
            "explanation": explanation, "section": Section.parse(section).ref
            if isinstance(section, str) else section.ref, "cite": list(cite), "d": draw}


def recipe(template, bank, slot) -> dict | None:
    """The draw of one slot as data, or None when the template makes no question there without
    drawing (the browser then skips the slot, as generate does, using no random number)."""
    try:
        made = template.build(bank, slot, Recorder())
    except TemplateDrawsOutside as exc:
        raise TypeError(f"template {template.id} calls rng.{exc} itself: draw through "
                        "quiz.generate's helpers (_choice, _select_all, _matching) so that the "
                        "practice page can replay it") from None
    if isinstance(made, Question):  # a question with fixed options (true or false)
        return _entry(made.id, made.topic, made.template, made.stem, made.explanation,
                      made.section, made.cite, ["f", list(made.options), list(made.answer)])
    return made


def recipes(bank) -> list[tuple[str, dict | None]]:
    """(topic, recipe or None) for every slot the bank offers, in generate's order."""
    return [(t.topic, recipe(t, bank, s)) for t, s in slots(bank, TOPICS)]
