"""`{practice}`: the book's practice page, a static page that asks any quiz `python -m quiz` asks.

The directive places a mount point; HTML gets practice.js and the draw (quizdraw.js) on that page
only, and `_static/practice-data.js`: every question the draw can make for the current bank and
each recorded edition (quiz.practicedata), written when the page is written. The page depends on
the bank's files, the edition records and the modules that make the data, so changing any of them
writes it again. Other builders print a short note: the practice page needs a browser.
"""

from __future__ import annotations

import json
import os

from docutils import nodes

from quiz import editions, practicedata
from quiz.fileio import replace_file
from quiz.sphinxext import bank as bank_ext
from quiz.sphinxext.bank import BankDirective

DATA_FILE = "practice-data.js"
NOTE = ("The practice page works in the HTML edition of this book, in any browser, with no "
        "server. In a terminal, python -m quiz asks the same quizzes.")


class practice_node(nodes.General, nodes.Element):
    """Where the practice page's widget is mounted; its child is the note other builders print."""


class Practice(BankDirective):
    """`{practice}`: the practice widget (topics and count, a replay code, review, history)."""

    def run(self):
        self.bank()  # notes the bank's files and this module's code (quiz.practicedata
        # and what they import) as dependencies, and fails clearly if the bank is broken
        for path in [os.path.join(editions.EDITIONS_DIR, f"{v}.json") for v in editions.known()]:
            self.env.note_dependency(path)
        note = nodes.paragraph(NOTE, NOTE)
        return [practice_node("", note)]


def visit_html(self, node) -> None:
    self.body.append(
        '<div class="practice" id="practice-app"><noscript><p class="practice-noscript">'
        "This page needs JavaScript: it draws the quiz in your browser, with nothing sent "
        "anywhere. Without it, answer each chapter's self-check, or run "
        "<code>python -m quiz</code>.</p></noscript></div>")
    raise nodes.SkipNode


def _through(self, node) -> None:
    """Other builders write the node's note as an ordinary paragraph."""


def write_data(app, outdir: str) -> str:
    """Write `_static/practice-data.js` (atomically) and return its path."""
    data = practicedata.build(bank_ext.load(app.config))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path = os.path.join(outdir, "_static", DATA_FILE)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    replace_file(path, f"window.QUIZ_PRACTICE_DATA={text};\n")
    return path


def page_context(app, pagename, templatename, context, doctree) -> None:
    """The practice page alone loads the data, the draw and the page's script."""
    if app.builder.format != "html" or doctree is None or not any(doctree.findall(practice_node)):
        return
    write_data(app, app.builder.outdir)
    for name in (DATA_FILE, "quizdraw.js", "practice.js"):
        app.add_js_file(name, defer="defer")
    app.add_css_file("practice.css")


def setup(app) -> None:
    app.add_node(practice_node, html=(visit_html, None), latex=(_through, _through),
                 text=(_through, _through), man=(_through, _through),
                 texinfo=(_through, _through))
    app.add_directive("practice", Practice)
    app.connect("html-page-context", page_context)
