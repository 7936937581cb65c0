"""Anki rendering: an `.apkg` deck built with genanki, one note per question.

- The note model and the deck have fixed ids (MODEL_ID, DECK_ID), so every export lands in the
  same deck with the same note type.
- Each note's GUID is `genanki.guid_for(stable id)`: importing the deck of a later book version
  updates the cards a learner already has (and keeps their review history) instead of adding
  copies, even when a question's wording or explanation changed.
- The front shows the stem and the lettered options; the back the key, the explanation, the book
  section that states it and the citation keys. A matching question fits the same note type
  (its fields and templates never change, so decks already imported keep working): the Question
  field holds the stem and the numbered prompts, Options the lettered options, and Answer the
  pairs, one line each (`1. friction → E) firm rubbing...`). A select-all question's stem ends
  "Select all that apply.", and its Answer lists every keyed option, one line each (`A) ...`).
- Time stamps are fixed: the notes' modification time comes from the book version (a later version
  is later, so Anki's default "update if newer" takes the new text), or from SOURCE_DATE_EPOCH
  when that is set. With the zip dates fixed too, two runs give the same bytes.

genanki is imported only here, so `python -m quiz` never pays for it.
"""

from __future__ import annotations

import html
import os

from quiz.errors import ExportError
from quiz.model import LETTERS, Question
from quiz.render.common import TITLE, key_text, section_url

MODEL_ID = 1_731_960_441
DECK_ID = 2_061_375_118
MODEL_NAME = f"{TITLE} question"
EPOCH_2026 = 1_767_225_600  # 2026-01-01T00:00:00Z
CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; color: #111;
  background: #fff; max-width: 40em; margin: 0 auto; }
ol.options { padding-left: 1.6em; }
.key { font-weight: bold; }
.section, .sources { font-size: 0.8em; color: #555; }
"""
FRONT = '<div class="stem">{{Question}}</div>\n<ol class="options" type="A">{{Options}}</ol>'
BACK = ("{{FrontSide}}\n<hr id=\"answer\">\n<p class=\"key\">{{Answer}}</p>\n"
        "<p class=\"explanation\">{{Explanation}}</p>\n"
        "<p class=\"section\">Read more in the book: {{Section}}</p>\n"
        "{{#Sources}}<p class=\"sources\">Sources: {{Sources}}</p>{{/Sources}}")
FIELDS = ("Question", "Options", "Answer", "Explanation", "Section", "Sources", "Id")


def edition_time(version: str, env=os.environ) -> int:
    """The notes' fixed modification time: SOURCE_DATE_EPOCH, or one derived from the version.

    Version X.Y.Z maps to 2026-01-01 plus (X*10000 + Y*100 + Z) hours, which grows with every
    release (for minor and patch numbers under 100).
    """
    if env.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(env["SOURCE_DATE_EPOCH"])
    parts = [int(p) if p.isdigit() else 0 for p in (version.split(".") + ["0", "0"])[:3]]
    return EPOCH_2026 + (parts[0] * 10_000 + parts[1] * 100 + parts[2]) * 3600


def _h(text: str) -> str:
    return html.escape(text, quote=False)


def fields(q: Question, book_url: str | None = None) -> list[str]:
    """The note's fields, as HTML, in FIELDS order (a matching question's prompts go into the
    Question field and its pairs into Answer; a select-all question's keys go into Answer, one
    line each)."""
    url = html.escape(section_url(q, book_url))
    section = f'<a href="{url}">{url}</a>' if book_url else url
    options = "".join(f"<li>{_h(o)}</li>" for o in q.options)
    question, answer = _h(q.stem), _h(key_text(q))
    if q.kind == "multiple":
        answer = "<br>".join(f"{LETTERS[i]}) {_h(q.options[i])}" for i in q.answer)
    if q.prompts:
        prompts = "".join(f"<li>{_h(p)}</li>" for p in q.prompts)
        question += f'<ol class="options prompts" type="1">{prompts}</ol>'
        answer = "<br>".join(f"{n}. {_h(prompt)} → {LETTERS[i]}) {_h(q.options[i])}"
                             for n, (prompt, i) in enumerate(zip(q.prompts, q.answer), 1))
    return [question, options, answer, _h(q.explanation), section, _h(", ".join(q.cite)),
            _h(q.id)]


def _genanki():
    try:
        import genanki
    except ImportError:
        raise ExportError("the Anki export needs genanki: pip install 'genanki==0.13.1' "
                          "(or the project's [anki] extra)") from None
    return genanki


def model(genanki):
    return genanki.Model(
        MODEL_ID, MODEL_NAME, fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}], css=CSS)


def deck(questions: list[Question], book_url: str | None = None):
    """The genanki Deck: one note per question, GUID from the stable id, tagged by topic."""
    genanki = _genanki()
    note_model = model(genanki)
    d = genanki.Deck(DECK_ID, TITLE, description=f"Self-check questions from the book {TITLE}.")
    for q in questions:
        d.add_note(genanki.Note(
            model=note_model, fields=fields(q, book_url), guid=genanki.guid_for(q.id),
            tags=["massage-quiz", f"massage-quiz::{q.topic}", f"massage-quiz::{q.template}"]))
    return d


def render(questions: list[Question], version: str, book_url: str | None = None,
           timestamp: int | None = None) -> bytes:
    """The .apkg bytes for these questions (each once)."""
    import itertools
    import sqlite3

    from quiz.render.qti import zip_bytes

    genanki = _genanki()
    stamp = edition_time(version) if timestamp is None else timestamp
    conn = sqlite3.connect(":memory:")
    try:
        cursor = conn.cursor()
        genanki.Package(deck(questions, book_url)).write_to_db(
            cursor, stamp, itertools.count(stamp * 1000))
        conn.commit()
        data = conn.serialize()
    finally:
        conn.close()
    return zip_bytes({"collection.anki2": data, "media": b"{}"})
