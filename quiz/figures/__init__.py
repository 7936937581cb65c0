"""The book's figures, computed from source kept in this repository: pure functions, no Sphinx.

`build(name, bank)` returns a `Figure`: `kind` is "svg", `source` a complete SVG document written
by Python (quiz.figures.svg; no system tool draws it), and `alt` describes what the figure shows, in
words computed from the same data. Figures drawn from the bank
change when the bank changes. `python -m quiz` never imports this package.

| name                 | module     | drawn from                                     |
|----------------------|------------|------------------------------------------------|
| back-muscles         | anatomy    | code (a schematic, not an anatomical plate)    |
| swedish-direction    | swedish    | code                                           |
| stroke-families      | swedish    | the bank's [[stroke]] entries                  |
| care-chart           | care       | the bank's [[red_flag]] entries                |
| evidence-chart       | evidence   | the bank's [[claim]] statuses                  |
| technique-comparison | techniques | the bank's [[technique]] and [[claim]] entries |
| answer-sheet         | answersheet| quiz.instructor.sheet, for a quiz of the bank  |
"""

from __future__ import annotations

import importlib
from collections import namedtuple

#: `print_source`, when a figure has one, is the SVG drawn for a printed page (the PDF book)
Figure = namedtuple("Figure", "kind source alt print_source", defaults=(None,))

#: figure name -> (module in this package, function taking the bank)
FIGURES = {
    "back-muscles": ("anatomy", "back_muscles"),
    "swedish-direction": ("swedish", "direction"),
    "stroke-families": ("swedish", "stroke_families"),
    "care-chart": ("care", "care_chart"),
    "evidence-chart": ("evidence", "evidence_chart"),
    "technique-comparison": ("techniques", "technique_comparison"),
    "answer-sheet": ("answersheet", "answer_sheet"),
}


def build(name: str, bank) -> Figure:
    """The figure called `name`; KeyError if there is none."""
    module, func = FIGURES[name]
    return getattr(importlib.import_module(f"quiz.figures.{module}"), func)(bank)
