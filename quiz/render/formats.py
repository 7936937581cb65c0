"""The export formats: one registry, one signature, each renderer imported only when asked for.

Each format is a module of this package with a function `export(quizzes, job) -> Rendered`:
`quizzes` is variant 0 (the quiz itself) to variant N-1, each a list of questions; `job` holds
the replay code, the bank's version and the options (`Job`); the result is the file's content
(text or bytes), how many questions it holds and how many were left out. `exporter(name)`
imports the module only then (as `quiz.figures.FIGURES` does), so `python -m quiz` never loads
zipfile, sqlite3, genanki or XlsxWriter. Adding a format: a module with `export`, a line here,
and its name in `quiz.export.FORMATS`.

| name   | module | binary | holds                                                 |
|--------|--------|--------|-------------------------------------------------------|
| gift   | gift   | no     | every variant (Moodle categories)                     |
| qti    | qti    | yes    | every variant (QTI 1.2 assessments, Canvas)           |
| qti21  | qti21  | yes    | every variant (QTI 2.1 tests)                         |
| json   | json   | no     | every variant                                         |
| anki   | anki   | yes    | a deck: every question once                           |
| kahoot | kahoot | yes    | a sheet: every question once, in Kahoot's limits      |
| csv    | csv    | no     | a sheet: every question once, in Kahoot's limits      |
"""

from __future__ import annotations

import importlib
from collections import namedtuple

#: what a renderer is given besides the quizzes: `short` maps the bank's long texts to their
#: short forms (quiz.render.short), `note` is told, one line each, what was left out and why
Job = namedtuple("Job", "code version book_url short note")
#: what a renderer returns
Rendered = namedtuple("Rendered", "data count left_out")
#: `deck`: holds every question of every variant once, not the variants apart
Format = namedtuple("Format", "module binary deck")

EXPORTS = {
    "gift": Format("gift", binary=False, deck=False),
    "qti": Format("qti", binary=True, deck=False),
    "qti21": Format("qti21", binary=True, deck=False),
    "json": Format("json", binary=False, deck=False),
    "anki": Format("anki", binary=True, deck=True),
    "kahoot": Format("kahoot", binary=True, deck=True),
    "csv": Format("csv", binary=False, deck=True),
}


def exporter(name: str):
    """The `export` function of the format called `name`; KeyError if there is none."""
    return importlib.import_module(f"quiz.render.{EXPORTS[name].module}").export
