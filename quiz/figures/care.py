""""When to seek care": a decision chart drawn from the bank's red flags, in plain SVG.

Read from the top. A box per red-flag level (emergency, then same day, then routine when the bank
has routine signs) lists that level's signs; "yes" leads to that level's action, "no" runs down the
left-hand rail to the next level and, past the last one, to self-care. On screen it is one column,
each action under its question, so the text stays large when a phone scales the picture down; in
print (`Figure.print_source`) the actions stand right of their questions, so that the chart and
its caption fit one page. The signs are the bank's
[[red_flag]] entries, so the chart, the safety chapter and the quiz list the same ones. Each action
is told apart by its words (its tag and title) and by its border (thick solid, dashed, dotted,
thin), never by colour alone. The alt text is written from the same data as the picture.
"""

from __future__ import annotations

from collections import namedtuple

from quiz.figures import Figure, svg

#: one level: its question, the action's tag, title and advice, and how the action is drawn
Step = namedtuple("Step", "question tag title advice tint edge fill ink border dash")
STEPS = {
    "emergency": Step("Any of these emergency signs?", "EMERGENCY", "Go to an emergency department now",
                      "Or call your local emergency number. Do not wait; no massage.",
                      "#fdecec", "#5c0a0d", "#a4161a", "#ffffff", 4.5, ""),
    "urgent": Step("Any of these urgent signs?", "SAME DAY", "See a doctor the same day",
                   "No massage until you have been assessed.",
                   "#fff6dc", "#7a5000", "#ffe08a", svg.INK, 3, "10 6"),
    "routine": Step("Any of these routine signs?", "ROUTINE", "See a doctor soon",
                    "Book a routine appointment with a doctor.",
                    "#e8f1fa", "#1f4e79", "#d3e4f5", svg.INK, 3, "0.5 6"),
}
SELF_CARE = Step("", "NO RED FLAG", "Self-care",
                 "Keep moving and try heat. Before a massage, check the contraindications. See a "
                 "doctor if the pain is not improving after a few weeks, or at once if an emergency or "
                 "same-day sign appears.", "", "#1e7b34", "#e3f4e6", svg.INK, 1.5, "")
ORDER = tuple(STEPS)

# Sizes in px. On screen the picture is WIDTH wide and shown at most that wide: in the book's 312 px
# column on a 360 px phone, body text reads at 11.7 px and the smallest (SMALL) at 10.9 px. In
# print it is PRINT_WIDTH wide, the questions PRINT_COLUMN, so that it fits a page with a caption.
WIDTH, MARGIN, PAD = 400, 8, 12
PRINT_WIDTH, PRINT_COLUMN = 820, 550
RAIL = MARGIN + 22  # x of the "no" rail
ACTION_X = 62  # left edge of the action boxes, right of the rail
ARROW = 40  # length of an arrow between two boxes
HEAD, BODY, SMALL = 16.5, 15, 14
LEAD = 1.3


def care_levels(bank) -> dict[str, list[str]]:
    """Level -> the signs of that level, in bank order: every level of the bank's [[level]] table
    (emergency, urgent, routine), so each sign is at its one level. The chart draws a step for
    each level that has signs."""
    tables = getattr(bank, "tables", {})  # a plain {"red_flag": [...]} will do too
    out: dict[str, list[str]] = {lv["id"]: [] for lv in tables.get("level") or ()}
    out.setdefault("emergency", [])
    out.setdefault("urgent", [])
    for flag in bank["red_flag"]:
        out.setdefault(flag["level"], []).append(flag["sign"])
    return out


def steps(bank) -> list[tuple[str, list[str]]]:
    """The chart's questions, top to bottom: (level, signs) for each level that has signs."""
    levels = care_levels(bank)
    unknown = set(levels) - set(ORDER)
    if unknown:
        raise ValueError(f"care chart: no step for red-flag level(s) {sorted(unknown)}")
    return [(level, levels[level]) for level in ORDER if levels.get(level)]


def describe(shown: list[tuple[str, list[str]]]) -> str:
    """The alt text: every question with its signs and where yes leads, then self-care."""
    parts = ["Decision chart for back pain, read from the top."]
    for i, (level, signs) in enumerate(shown):
        step = STEPS[level]
        lead = "If" if i == 0 else "If not, but"
        parts.append(f"{lead} any {level} sign is present ({'; '.join(signs)}), then: "
                     f"{step.title[0].lower() + step.title[1:]}. {step.advice}")
    parts.append(f"If none of them: {SELF_CARE.title.lower()}. {SELF_CARE.advice}")
    return " ".join(parts)


class _Lines:
    """Text laid out line by line from a top edge; `y` is the top of the next line."""

    def __init__(self, y: float):
        self.y = y
        self.out: list[str] = []

    def add(self, x: float, rows: list[str], size: float, **kw) -> None:
        for row in rows:
            self.out.append(svg.text(x, round(self.y + 0.8 * size, 1), row, size, **kw))
            self.y += size * LEAD

    def bottom(self, size: float) -> float:
        """The box edge below the last line (its descent, then the padding)."""
        return round(self.y - (LEAD - 1) * size + PAD, 1)


def _box(x: float, y: float, w: float, h: float, fill: str, edge: str, width: float,
         dash: str) -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    if dash.startswith("0"):
        extra += ' stroke-linecap="round"'  # zero-length dashes drawn as round dots
    inset = width / 2  # keep the whole border inside the box's outline
    return svg.rect(x + inset, y + inset, w - width, h - width, fill, edge, width, 10, extra)


def _question(n: int, level: str, signs: list[str], x: float, y: float,
              w: float) -> tuple[str, float]:
    step = STEPS[level]
    text = _Lines(y + PAD)
    text.add(x + PAD, svg.wrap_px(f"{n}. {step.question}", HEAD, w - 2 * PAD, True), HEAD,
             bold=True)
    text.y += 4
    for sign in signs:
        mark = _Lines(text.y)
        mark.add(x + PAD, ["•"], BODY)
        rows = _Lines(text.y)
        rows.add(x + PAD + 16, svg.wrap_px(sign, BODY, w - 2 * PAD - 16), BODY)
        text.out.append(f'<g class="sign" data-sign="{svg.esc(sign)}">'
                        + "".join(mark.out + rows.out) + "</g>")
        text.y = rows.y + 5
    bottom = text.bottom(BODY) - 5
    return (f'<g class="step" data-level="{level}">'
            + _box(x, y, w, bottom - y, step.tint, step.edge, 2, "")
            + "".join(text.out) + "</g>"), bottom


def _action(level: str, step: Step, x: float, y: float, w: float) -> tuple[str, float]:
    text = _Lines(y + PAD + step.border / 2)
    left, room = x + PAD + step.border / 2, w - 2 * PAD - step.border
    text.add(left, [step.tag], SMALL, bold=True, fill=step.ink)
    text.add(left, svg.wrap_px(step.title, HEAD, room, True), HEAD, bold=True, fill=step.ink)
    text.add(left, svg.wrap_px(step.advice, BODY, room), BODY, fill=step.ink)
    bottom = text.bottom(BODY) + step.border / 2
    style = "dashed" if step.dash and not step.dash.startswith("0") else (
        "dotted" if step.dash else "solid")
    return (f'<g class="action" data-level="{level}" data-border="{style}" '
            f'data-border-width="{step.border:g}">'
            + _box(x, y, w, bottom - y, step.fill, step.edge, step.border, step.dash)
            + "".join(text.out) + "</g>"), bottom


def _arrow(x1: float, y1: float, x2: float, y2: float, source: str, target: str,
           label: str = "") -> str:
    """An arrow down or to the right, its label (yes or no) just past its start."""
    ink, down = "#333333", x1 == x2
    end = (x2, y2 - 8) if down else (x2 - 8, y2)
    out = [svg.line(x1, y1, *end, ink, 2), svg.arrow_head(x1, y1, x2, y2, 11, ink)]
    if label:
        out.append(svg.text(x1 + 7, y1 + 19, label, SMALL, bold=True) if down
                   else svg.text(x1 + 9, y1 - 7, label, SMALL, bold=True))
    return (f'<g class="edge" data-from="{source}" data-to="{target}" data-label="{label}">'
            + "".join(out) + "</g>")


def _draw(shown: list[tuple[str, list[str]]], wide: bool) -> tuple[list[str], int, int]:
    """The chart's elements, width and height. Narrow: one column, each action under its question
    (screens). Wide: the actions in a column right of the questions, so the chart fits a page."""
    width = PRINT_WIDTH if wide else WIDTH
    column = PRINT_COLUMN if wide else width - 2 * MARGIN  # the questions' width
    body = []
    start = _Lines(MARGIN + PAD)
    start.add(MARGIN + PAD, ["Back pain or a back spasm?"], HEAD, bold=True)
    start.add(MARGIN + PAD, ["Check for red flags first, from the top."], BODY)
    y = start.bottom(BODY)
    body.append('<g class="start">' + _box(MARGIN, MARGIN, column, y - MARGIN, "#ffffff",
                                            "#333333", 2, "") + "".join(start.out) + "</g>")
    body.append(_arrow(RAIL, y, RAIL, y + ARROW, "start", f"q-{shown[0][0]}"))
    y += ARROW
    for n, (level, signs) in enumerate(shown, 1):
        drawn, bottom = _question(n, level, signs, MARGIN, y, column)
        body.append(drawn)
        if wide:
            x = MARGIN + column + 60
            body.append(_arrow(MARGIN + column, y + 30, x, y + 30, f"q-{level}", f"a-{level}",
                               "yes"))
            drawn, below = _action(level, STEPS[level], x, y, width - MARGIN - x)
            y = max(bottom, below)
        else:
            body.append(_arrow(ACTION_X + 30, bottom, ACTION_X + 30, bottom + ARROW,
                               f"q-{level}", f"a-{level}", "yes"))
            drawn, y = _action(level, STEPS[level], ACTION_X, bottom + ARROW,
                               width - MARGIN - ACTION_X)
        body.append(drawn)
        # "no" runs down the rail, past the action, to the next question (or to self-care)
        target = f"q-{shown[n][0]}" if n < len(shown) else "a-none"
        y += ARROW
        body.append(_arrow(RAIL, bottom, RAIL, y, f"q-{level}", target, "no"))
    drawn, y = _action("none", SELF_CARE, MARGIN, y, column)
    body.append(drawn)
    return body, width, int(y + MARGIN + 1)


def care_chart(bank) -> Figure:
    shown = steps(bank)
    alt = describe(shown)
    pictures = []
    for wide in (False, True):
        body, width, height = _draw(shown, wide)
        pictures.append(svg.document(width, height, "When to seek care for back pain", alt, body,
                                     "care-chart"))
    return Figure("svg", pictures[0], alt, pictures[1])
