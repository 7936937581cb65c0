""""When to seek care": a Graphviz decision chart drawn from the bank's red flags.

Emergency signs lead to the emergency department now; urgent signs lead to a doctor the same day;
with neither, self-care, and a doctor if the pain is not improving or a red flag appears. The signs
are the bank's [[red_flag]] entries, so the chart, the safety chapter and the quiz list the same
ones. Each action is told apart by its words and its border, not by colour alone.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from quiz.figures import Figure
from quiz.figures.svg import wrap_px

FONT = "DejaVu Sans"
ACTIONS = {
    "emergency": ("Emergency department now,", "or call your local", "emergency number.",
                  "Do not wait; no massage."),
    "urgent": ("See a doctor the same day.", "No massage until you", "have been assessed."),
    "none": ("No red flag: self-care.", "Keep moving and try heat.", "Before a massage, check",
             "the contraindications.", "See a doctor if the pain is not",
             "improving after a few weeks,", "or at once if a red flag appears."),
}
QUESTIONS = {"emergency": "Any of these emergency signs?", "urgent": "Any of these urgent signs?"}


def care_levels(bank) -> dict[str, list[str]]:
    """Level -> the signs of that level, in bank order: every level of the bank's [[level]] table
    (emergency, urgent, routine), so each sign is at its one level. The chart draws the emergency
    and urgent signs; its self-care box says when a routine appointment is due."""
    out: dict[str, list[str]] = {lv["id"]: [] for lv in bank.tables.get("level") or ()}
    out.setdefault("emergency", [])
    out.setdefault("urgent", [])
    for flag in bank["red_flag"]:
        out.setdefault(flag["level"], []).append(flag["sign"])
    return out


def _signs_label(question: str, signs: list[str], border: str, fill: str) -> str:
    # The empty right-hand cell is a margin: browsers draw text a little wider than dot measures it.
    pad = '<TD WIDTH="14"></TD>'
    rows = [f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{escape(question)}</B></TD>{pad}</TR>']
    for sign in signs:
        wrapped = "<BR/>".join(escape(s) for s in wrap_px(sign, 12, 250))
        rows.append(f'<TR><TD VALIGN="TOP">•</TD><TD ALIGN="LEFT" BALIGN="LEFT">{wrapped}</TD>'
                    f'{pad}</TR>')
    return (f'<<TABLE BORDER="2" COLOR="{border}" BGCOLOR="{fill}" CELLBORDER="0" CELLSPACING="0" '
            f'CELLPADDING="3" STYLE="ROUNDED">{"".join(rows)}</TABLE>>')


def _action_label(lines: tuple[str, ...]) -> str:
    first, *rest = (escape(x) for x in lines)
    return "<<B>" + first + "</B>" + "".join("<BR/>" + x for x in rest) + ">"


def care_chart(bank) -> Figure:
    levels = care_levels(bank)
    dot = [
        'digraph "When to seek care for back pain" {',  # the name becomes the SVG <title>
        f'  graph [rankdir=TB, bgcolor="white", nodesep=0.6, ranksep=0.45, pad=0.15, '
        f'fontname="{FONT}"];',
        f'  node [fontname="{FONT}", fontsize=12, fontcolor="#1a1a1a", shape=box, '
        f'style="rounded,filled", penwidth=2, margin="0.2,0.1"];',
        f'  edge [fontname="{FONT}", fontsize=12, fontcolor="#1a1a1a", color="#333333", '
        f'penwidth=1.6, arrowsize=0.9];',
        '  start [label=<<B>Back pain or a back spasm</B><BR/>Check for red flags first.>, '
        'color="#333333", fillcolor="#ffffff"];',
        "  emergency_q [shape=plain, label=" + _signs_label(
            QUESTIONS["emergency"], levels["emergency"], "#a4161a", "#fdecec") + "];",
        "  emergency_a [label=" + _action_label(ACTIONS["emergency"])
        + ', color="#5c0a0d", fillcolor="#a4161a", fontcolor="#ffffff", penwidth=3];',
        "  urgent_q [shape=plain, label=" + _signs_label(
            QUESTIONS["urgent"], levels["urgent"], "#8a5a00", "#fff6dc") + "];",
        "  urgent_a [label=" + _action_label(ACTIONS["urgent"])
        + ', color="#8a5a00", fillcolor="#ffe08a", style="rounded,filled,dashed"];',
        "  self_care [label=" + _action_label(ACTIONS["none"])
        + ', color="#1e7b34", fillcolor="#e3f4e6"];',
        "  start -> emergency_q;",
        '  emergency_q -> emergency_a [label=<  <B>yes</B>  >];',
        '  emergency_q -> urgent_q [label=<  <B>no</B>  >];',
        '  urgent_q -> urgent_a [label=<  <B>yes</B>  >];',
        '  urgent_q -> self_care [label=<  <B>no</B>  >];',
        "  { rank=same; emergency_q; emergency_a; }",
        "  { rank=same; urgent_q; urgent_a; }",
        "}",
    ]
    alt = ("Decision chart for back pain. If any emergency sign is present ("
           + "; ".join(levels["emergency"]) + "), go to an emergency department now. If not, but "
           "any urgent sign is present (" + "; ".join(levels["urgent"])
           + "), see a doctor the same day. "
           "If neither, self-care: keep moving and try heat, check the contraindications before a "
           "massage, and see a doctor if the pain is not improving after a few weeks, or at once "
           "if a red flag appears.")
    return Figure("dot", "\n".join(dot) + "\n", alt)
