"""Figure numbers from kept skeletons (quiz.sphinxext.fignumbers, issue 15).

The numbers must be exactly the ones Sphinx's own TocTreeCollector gives from the doctrees, after
a clean build, a rebuild with nothing changed, a page edited (its numbers move, and so do those
of the pages after it) and a page removed, in serial and parallel builds; and a rebuild loads
the doctree of no page it did not read again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO_ROOT
from sphinx.environment.collectors.toctree import TocTreeCollector
from test_sphinxext import copy_root, rebuild

from quiz.sphinxext import fignumbers

NUMFIG = {"numfig": True, "numfig_secnum_depth": 1}


def table(caption: str, name: str) -> str:
    return f"\n```{{list-table}} {caption}\n:name: {name}\n\n* - a\n  - b\n```\n"


def figure(caption: str, name: str) -> str:
    return f"\n```{{figure}} pic.svg\n:name: {name}\n\n{caption}\n```\n"


def numbered_book(tmp_path: Path) -> Path:
    """The test book with a numbered toctree, and captioned tables and figures on three pages,
    one of them inside a section."""
    src = copy_root(tmp_path)
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("```{toctree}\n",
                                                                "```{toctree}\n:numbered:\n"),
                     encoding="utf-8")
    (src / "pic.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
                                 encoding="utf-8")
    for page, extra in (("techniques", table("Strokes", "tab-strokes") + figure("A back", "fig-back")),
                        ("benefits", "\n## Later\n" + table("Evidence", "tab-evidence")),
                        ("plain", figure("Plain", "fig-plain") + table("Plain", "tab-plain"))):
        path = src / f"{page}.md"
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return src


def sphinx_numbers(env) -> tuple[dict, dict]:
    """(ours, Sphinx's) numbers for the same environment, each from an untouched copy."""
    ours = dict(env.toc_fignumbers)
    TocTreeCollector().assign_figure_numbers(env)
    theirs = env.toc_fignumbers
    env.toc_fignumbers = ours
    return ours, theirs


class Loads:
    """Counts the pages whose doctree the numbering loads."""

    def __init__(self, monkeypatch):
        self.pages: list[str] = []
        original = fignumbers.load_skeleton

        def counting(env, docname):
            self.pages.append(docname)
            return original(env, docname)

        monkeypatch.setattr(fignumbers, "load_skeleton", counting)


@pytest.mark.parametrize("parallel", [0, 2])
def test_numbers_are_sphinxs_own_and_a_rebuild_loads_only_what_it_read(
        make_app, tmp_path, monkeypatch, parallel):
    src = numbered_book(tmp_path)
    loads = Loads(monkeypatch)
    app, _rec = rebuild(make_app, src, confoverrides=NUMFIG, parallel=parallel)
    ours, theirs = sphinx_numbers(app.env)
    assert ours == theirs
    assert ours["techniques"] == {"table": {"tab-strokes": (1, 1)}, "figure": {"fig-back": (1, 1)}}
    assert ours["plain"]["figure"]["fig-plain"][0] == 4  # the fourth chapter of the toctree
    assert set(loads.pages) >= {"index", "techniques", "benefits", "plain"}

    loads.pages.clear()
    app, rec = rebuild(make_app, src, confoverrides=NUMFIG, parallel=parallel)
    assert rec.read == [] and loads.pages == []  # nothing read: no doctree loaded for numbers
    assert sphinx_numbers(app.env)[0] == ours

    # a table added before the others of chapter 1: its numbers move, chapter 2's do not
    page = src / "techniques.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n```{list-table} Strokes", table("First", "tab-first")
                                 + "\n```{list-table} Strokes", 1), encoding="utf-8")
    loads.pages.clear()
    app, rec = rebuild(make_app, src, confoverrides=NUMFIG, parallel=parallel)
    assert loads.pages == ["techniques"] == [d for d in rec.read if d == "techniques"]
    ours, theirs = sphinx_numbers(app.env)
    assert ours == theirs
    assert ours["techniques"]["table"] == {"tab-first": (1, 1), "tab-strokes": (1, 2)}
    html = (Path(app.outdir) / "techniques.html").read_text(encoding="utf-8")
    assert "Table 1.2" in html and "Table 1.1" in html

    # a page taken out of the toctree and deleted: its numbers go, the later chapters' move up
    (src / "benefits.md").unlink()
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("benefits\n", "", 1),
                     encoding="utf-8")
    app, _rec = rebuild(make_app, src, confoverrides=NUMFIG, parallel=parallel)
    ours, theirs = sphinx_numbers(app.env)
    assert ours == theirs and "benefits" not in ours
    assert "benefits" not in app.env.__dict__[fignumbers.ENV_KEY]
    assert ours["plain"]["figure"]["fig-plain"][0] == 3


def test_the_book_numbers_with_its_own_collector(make_app, tmp_path):
    """Sphinx's collector is replaced, not doubled: one handler numbers the figures."""
    app, _rec = rebuild(make_app, numbered_book(tmp_path), confoverrides=NUMFIG)
    handlers = [listener.handler.__self__ for listener in app.events.listeners["env-get-updated"]
                if isinstance(getattr(listener.handler, "__self__", None), TocTreeCollector)]
    assert [type(h) for h in handlers] == [fignumbers.FigureNumbers]


@pytest.mark.book
def test_the_real_books_numbers_are_sphinxs_own(built_book):
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    assert built_book.returncode == 0, built_book.output[-2000:]
    with docutils_namespace():
        app = Sphinx(str(REPO_ROOT / "docs"), str(REPO_ROOT), str(built_book.html),
                     str(built_book.doctrees), "html", status=None, warning=None)
        ours, theirs = sphinx_numbers(app.env)
    assert ours == theirs
    assert sum(len(ids) for kinds in ours.values() for ids in kinds.values()) >= 10
