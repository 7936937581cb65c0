"""The article's claims grouped by evidence status: counts from the bank, and the chart drawn
from them.

One row per status, in the order of quiz.model.STATUSES; one box per claim, labelled with its
number (C1 to C28), so the length of a row is its count and every claim can be found. Colours
are the book's one status palette (quiz.palette), shared with the badges; the status is also
written out, so colour is never the only cue.
"""

from __future__ import annotations

from quiz.figures import Figure, svg
from quiz.model import STATUSES
from quiz.palette import STATUS_COLOURS

#: status -> (box fill, text colour on it): the book's one evidence palette (quiz.palette)
COLOURS = STATUS_COLOURS
PER_LINE = 10  # boxes on one line before a row wraps


def claim_label(claim_id: str) -> str:
    """'c07' -> 'C7', the numbering the book uses."""
    return f"C{int(claim_id[1:])}" if claim_id[1:].isdigit() else claim_id.upper()


def claims_by_status(bank) -> dict[str, list[str]]:
    """Every status (book order, empty ones included) -> its claims' labels (bank order)."""
    out: dict[str, list[str]] = {status: [] for status in STATUSES}
    for claim in bank["claim"]:
        out[claim["status"]].append(claim_label(claim["id"]))
    return out


def counts(bank) -> dict[str, int]:
    """Status -> number of the article's claims with that status."""
    return {status: len(ids) for status, ids in claims_by_status(bank).items()}


def describe(groups: dict[str, list[str]]) -> str:
    total = sum(len(ids) for ids in groups.values())
    parts = [f"{len(ids)} {status}" + (f" ({', '.join(ids)})" if ids else "")
             for status, ids in groups.items()]
    return (f"Chart of the article's {total} claims grouped by evidence status, one box per claim: "
            + "; ".join(parts) + ".")


def evidence_chart(bank) -> Figure:
    groups = claims_by_status(bank)
    total = sum(len(ids) for ids in groups.values())
    box_w, box_h, gap, left, top = 44, 30, 6, 172, 58
    width = left + PER_LINE * (box_w + gap) + 48
    body = [svg.text(20, 30, f"The article's {total} claims, by evidence status", 17, bold=True),
            svg.text(20, 48, "One box per claim; the number at the end of a row is its count.",
                     12.5, fill=svg.MUTED)]
    y = top
    for status in STATUSES:
        ids = groups[status]
        fill, ink = COLOURS[status]
        n_lines = max(1, -(-len(ids) // PER_LINE))
        row_h = n_lines * (box_h + gap) - gap
        body.append(f'<g class="status-row" data-status="{svg.esc(status)}" '
                    f'data-count="{len(ids)}">')
        body.append(svg.text(left - 14, y + 20, status, 14.5, anchor="end", bold=True))
        for i, label in enumerate(ids):
            x = left + (i % PER_LINE) * (box_w + gap)
            by = y + (i // PER_LINE) * (box_h + gap)
            body.append(f'<g class="claim" data-claim="{svg.esc(label)}">'
                        + svg.rect(x, by, box_w, box_h, fill, rx=4)
                        + svg.text(x + box_w / 2, by + 20, label, 13, anchor="middle", bold=True,
                                   fill=ink) + "</g>")
        if not ids:
            body.append(svg.rect(left, y, box_w, box_h, "none", "#767676", 1.2, 4,
                                 ' stroke-dasharray="4 3"'))
        last = (len(ids) - 1) % PER_LINE + 1 if ids else 1
        cx = left + last * (box_w + gap) + 4
        body.append(svg.text(cx, y + row_h - 9, str(len(ids)), 16, bold=True, cls="count"))
        body.append("</g>")
        y += row_h + 14
    height = y + 8
    return Figure("svg", svg.document(width, height, "The article's claims by evidence status",
                                      describe(groups), body, "evidence-chart"), describe(groups))
