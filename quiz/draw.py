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

On that generator, the kinds' draws (quiz.generate.kinds: `Choice.draw`, `SelectAll.draw`,
`Matching.draw`) and the quiz-level draw (quiz.generate.drawing: `make_quiz`, `_draw`, `_spread`)
run unchanged; what the browser needs from the templates is, per slot, the data that each kind's
`recipe()` returns: the options it chooses among and which of them fit. A template cannot draw
outside its kind: its `build` is given no generator.
`_spread` leaves an ordered scale where it is: a question whose options equal one of the data's
`scales`, or whose template is one of its `scale_templates` (quiz.generate.SCALE_TEMPLATES).
"""

from __future__ import annotations

from quiz.generate import slots
from quiz.generate.kinds import KINDS
from quiz.model import TOPICS

DRAW = "python-random/1"
#: the draw of an edition record that names none (every record written before "draw" was kept)
UNRECORDED = "python-random/1"


def recipe(template, bank, slot) -> dict | None:
    """The draw of one slot as data, or None when the template makes no question there (the
    browser then skips the slot, as generate does, using no random number)."""
    shape = template.build(bank, slot)
    if shape is None:
        return None
    if not isinstance(shape, KINDS):
        raise TypeError(f"template {template.id} built a {type(shape).__name__}, not a kind of "
                        "quiz.generate.kinds, so the practice page could not replay its draw")
    return shape.recipe()


def recipes(bank) -> list[tuple[str, dict | None]]:
    """(topic, recipe or None) for every slot the bank offers, in generate's order."""
    return [(t.topic, recipe(t, bank, s)) for t, s in slots(bank, TOPICS)]
