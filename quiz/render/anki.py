"""Anki rendering: an `.apkg` deck built with genanki, one note per question.

- The note model and the deck have fixed ids (MODEL_ID, DECK_ID), so every export lands in the
  same deck with the same note type.
- Each note's GUID is `genanki.guid_for(stable id)`: importing the deck of a later book version
  updates the cards a learner already has (and keeps their review history) instead of adding
  copies, even when a question's wording or explanation changed.
- The front shows the stem and the lettered options; the back the key, the explanation, the book
  section that states it and the citation keys. The note type's fields and templates never
  change, so decks already imported keep working. The Question field, Anki's first field, holds
  the whole front: the stem, a matching question's numbered prompts, and the lettered options
  (so no two notes share their first field, which Anki would flag as duplicates: several
  questions share a stem and differ by their options). The Options field, which the front
  template still shows, stays empty. Answer holds the key; a matching question's pairs, one line
  each (`1. friction → E) firm rubbing...`); a select-all question's keyed options, one line
  each (`A) ...`).
- A note's modification time is derived from a hash of its content (fields, tags, note type),
  so it changes exactly when the note's content changes, and the same questions give the same
  bytes. Anki updates a note already in a collection when the imported one's modification time
  differs ("Update notes: Always") or is later ("If newer", the default). A hash is not a clock:
  after an edit the new time is later for about half of the notes, so the import instructions
  (docs/instructors/lms.md) ask for "Always", which updates exactly the notes that changed.

genanki is imported only here, so `python -m quiz` never pays for it.
"""

from __future__ import annotations

import hashlib
import html

from quiz.errors import ExportError
from quiz.model import LETTERS, Question
from quiz.render.common import TITLE, ident, key_text, section_url, unique
from quiz.render.formats import Rendered

MODEL_ID = 1_731_960_441
DECK_ID = 2_061_375_118
MODEL_NAME = f"{TITLE} question"
EPOCH_2026 = 1_767_225_600  # 2026-01-01T00:00:00Z
TIME_WINDOW = 2**28  # modification times fall in 2026-01-01 .. 2034-07 (about 8.5 years)
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


def content_time(*parts: object) -> int:
    """A modification time (Unix seconds) that is a function of `parts`: a change to any part
    changes it (up to a hash collision, about 1 in 2**28), and nothing else does."""
    digest = hashlib.sha256(repr(parts).encode("utf-8")).digest()
    return EPOCH_2026 + int.from_bytes(digest[:8], "big") % TIME_WINDOW


def _h(text: str) -> str:
    return html.escape(text, quote=False)


def fields(q: Question, book_url: str | None = None) -> list[str]:
    """The note's fields, as HTML, in FIELDS order: Question holds the whole front (stem, a
    matching question's prompts, the lettered options), Options stays empty, Answer holds the
    key (a matching question's pairs, a select-all question's keys, one line each), Id the
    question's identifier."""
    url = html.escape(section_url(q, book_url))
    section = f'<a href="{url}">{url}</a>' if book_url else url
    question, answer = _h(q.stem), _h(key_text(q))
    if q.kind == "multiple":
        answer = "<br>".join(f"{LETTERS[i]}) {_h(q.options[i])}" for i in q.answer)
    if q.prompts:
        prompts = "".join(f"<li>{_h(p)}</li>" for p in q.prompts)
        question += f'<ol class="options prompts" type="1">{prompts}</ol>'
        answer = "<br>".join(f"{n}. {_h(prompt)} → {LETTERS[i]}) {_h(q.options[i])}"
                             for n, (prompt, i) in enumerate(zip(q.prompts, q.answer), 1))
    options = "".join(f"<li>{_h(o)}</li>" for o in q.options)
    question += f'<ol class="options" type="A">{options}</ol>'
    return [question, "", answer, _h(q.explanation), section, _h(", ".join(q.cite)),
            _h(ident(q.id))]


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


def tags(q: Question) -> list[str]:
    return ["massage-quiz", f"massage-quiz::{q.topic}", f"massage-quiz::{q.template}"]


def deck(questions: list[Question], book_url: str | None = None):
    """The genanki Deck: one note per question, GUID from the stable id, tagged by topic."""
    genanki = _genanki()
    note_model = model(genanki)
    d = genanki.Deck(DECK_ID, TITLE, description=f"Self-check questions from the book {TITLE}.")
    for q in questions:
        d.add_note(genanki.Note(model=note_model, fields=fields(q, book_url),
                                guid=genanki.guid_for(q.id), tags=tags(q)))
    return d


def note_times(d) -> dict[str, int]:
    """Each note's GUID -> its modification time, from its content (`content_time`)."""
    return {n.guid: content_time(MODEL_ID, list(n.fields), sorted(n.tags)) for n in d.notes}


def render(questions: list[Question], version: str, book_url: str | None = None) -> bytes:
    """The .apkg bytes for these questions (each once). The collection's own times (note and
    card ids, the note type's) are derived from the note type's definition, each note's
    modification time from its content: the same questions give the same bytes, whatever
    the bank's version."""
    import itertools
    import sqlite3

    from quiz.render.package import zip_bytes

    genanki = _genanki()
    stamp = content_time(MODEL_ID, MODEL_NAME, FIELDS, FRONT, BACK, CSS)
    the_deck = deck(questions, book_url)
    conn = sqlite3.connect(":memory:")
    try:
        cursor = conn.cursor()
        genanki.Package(the_deck).write_to_db(cursor, stamp, itertools.count(stamp * 1000))
        cursor.executemany("UPDATE notes SET mod = ? WHERE guid = ?",
                           [(mod, guid) for guid, mod in note_times(the_deck).items()])
        conn.commit()
        data = conn.serialize()
    finally:
        conn.close()
    return zip_bytes({"collection.anki2": data, "media": b"{}"})


def export(quizzes: list[list[Question]], job) -> Rendered:
    questions = unique(quizzes)
    return Rendered(render(questions, job.version, job.book_url), len(questions), 0)
