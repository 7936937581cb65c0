"""Incremental builds of the book are correct and quiet (issue 15).

- Dependencies: a change to any module of the quiz package that computes a page (the directive's
  own code through its imports, a figure's module and what it imports, the chapter banner's)
  makes Sphinx read that page again, and only the pages that use it. Each module is touched in
  turn and Sphinx's own check (BuildEnvironment.get_outdated_files) says which pages are out of
  date, on the test book and on the real book. Which modules a page uses is worked out from its
  source (its directives, their classes, the figures it names) and the import graph
  (quiz.sphinxext.deps); that the graph misses nothing is checked against the modules a real
  build loads (a fresh interpreter's sys.modules) and the ones each figure loads.
- No configuration churn: a second build of an unchanged book reads nothing and does not say
  "The configuration has changed" (the theme changes values after Sphinx compares them).
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from test_sphinxext import copy_root
from test_sphinxext import rebuild as _build

from quiz import figures
from quiz.generate import all_questions
from quiz.sphinxext import deps
from quiz.sphinxext.bank import BankDirective

EXTENSION = REPO_ROOT / "quiz" / "sphinxext"
QUIZ = REPO_ROOT / "quiz"
DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{([\w-]+)\}[ \t]*(\S*)", re.M)
# Modules no page is computed by: the CLI and a renderer (the extension must not reach into
# renderers: a contract of ARCHITECTURE.md).
UNUSED = ("quiz/cli.py", "quiz/render/common.py", "quiz/render/gift.py")
# The file that makes every question of the bank (quiz.generate, a module or a package).
GENERATOR = os.path.normpath(inspect.getsourcefile(all_questions))


# --------------------------------------------------------------------------- what a page uses


def directive_classes() -> dict[str, type]:
    """Directive name -> its class, from every `app.add_directive("name", Class)` of the extension."""
    out = {}
    for path in sorted(EXTENSION.glob("*.py")):
        found = re.findall(r"add_directive\(\s*[\"']([\w-]+)[\"'],\s*(\w+)", path.read_text("utf-8"))
        if found:
            module = importlib.import_module(f"quiz.sphinxext.{path.stem}")
            out.update({name: getattr(module, cls) for name, cls in found})
    return out


def page_code(source: str) -> set[str]:
    """The modules whose code computes a page, from its source: the chapter banner's (a page with
    a review date), each bank directive's module, and each figure's module."""
    classes = directive_classes()
    modules = {"quiz.sphinxext.chapter"} if re.search(r"^last_reviewed:", source, re.M) else set()
    for name, argument in DIRECTIVE.findall(source):
        cls = classes.get(name)
        if cls is not None and issubclass(cls, BankDirective):
            modules.add(cls.__module__)
        if name == "bank-figure":
            modules.add(f"quiz.figures.{figures.FIGURES[argument][0]}")
    return modules


def expected_pages(srcdir: Path, docnames, path: str) -> set[str]:
    """The pages whose code includes the file `path`."""
    out = set()
    for doc in docnames:
        source = (srcdir / f"{doc}.md").read_text(encoding="utf-8")
        if path in deps.code_files(*sorted(page_code(source))):
            out.add(doc)
    return out


@contextlib.contextmanager
def touched(path: str):
    """The file's modification time a minute ahead (as an edit would make it), then restored."""
    before = os.stat(path)
    later = time.time_ns() + 60 * 10**9
    os.utime(path, ns=(before.st_atime_ns, later))
    try:
        yield
    finally:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def outdated_by_each_module(env, modules) -> dict[str, set[str]]:
    """Module path -> the pages Sphinx finds out of date once that file alone is touched."""
    assert env.get_outdated_files(False)[1] == set(), "the build is not up to date to begin with"
    out = {}
    for path in modules:
        with touched(path):
            out[path] = set(env.get_outdated_files(False)[1])
    return out


def all_code_files(env) -> set[str]:
    """Every file of the quiz package that some page notes as a dependency."""
    return {os.path.normpath(str(d)) for doc in env.found_docs
            for d in env.dependencies.get(doc, ()) if str(d).endswith(".py")}


def check_touches(env, srcdir: Path) -> dict[str, set[str]]:
    noted = all_code_files(env)
    assert not any("sphinxext" in p for p in noted), "env_version covers the extension's own code"
    modules = sorted(noted | {str(REPO_ROOT / p) for p in UNUSED})
    got = outdated_by_each_module(env, modules)
    for path in modules:
        assert got[path] == expected_pages(srcdir, env.found_docs, path), path
    for path in UNUSED:
        assert got[str(REPO_ROOT / path)] == set(), path
    return got


# --------------------------------------------------------------------------- the test book




@pytest.mark.slow  # three builds and a Sphinx check per module of the package
def test_touching_a_module_reads_again_exactly_the_pages_it_computes(make_app, tmp_path):
    src = copy_root(tmp_path)
    first, rec = _build(make_app, src)
    assert set(rec.read) == set(first.env.found_docs)
    got = check_touches(first.env, src)

    # the modules the issue names: the answer key's wording and the generator, on every page
    # that renders the bank; the generator is imported by the key facts' code too
    wording, generate = str(QUIZ / "wording.py"), GENERATOR
    bank_pages = {"techniques", "benefits", "safety", "reference/glossary"}
    assert bank_pages <= got[wording] and bank_pages <= got[generate]

    # and a real rebuild after touching one agrees with the check
    with touched(wording):
        _app, rec = _build(make_app, src)
    assert set(rec.read) == got[wording]


@pytest.mark.testbook
def test_the_import_graph_holds_every_module_a_build_loads(tmp_path):
    """The graph misses no import: every module of the quiz package that a build of the test book
    loads, in a fresh interpreter, is in the graph of the extension's modules (what
    quiz.sphinxext.deps can note); the extension's own are left out (env_version covers them)."""
    src = copy_root(tmp_path)
    out = tmp_path / "loaded.json"
    script = (
        "import json, sys\n"
        "from sphinx.cmd.build import build_main\n"
        f"rc = build_main(['-q', '-b', 'html', {str(src)!r}, {str(tmp_path / 'out')!r}])\n"
        "loaded = sorted(m.__file__ for n, m in list(sys.modules.items())\n"
        "                if (n == 'quiz' or n.startswith('quiz.')) and getattr(m, '__file__', None))\n"
        f"open({str(out)!r}, 'w').write(json.dumps(loaded))\n"
        "sys.exit(rc)\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    loaded = {os.path.normpath(p) for p in json.loads(out.read_text()) if "sphinxext" not in p}
    assert GENERATOR in loaded and str(QUIZ / "wording.py") in loaded
    graph = deps.code_files(*(f"quiz.sphinxext.{p.stem}" for p in EXTENSION.glob("*.py")
                              if p.stem != "__init__"))
    assert loaded - set(graph) == set()


def test_a_figure_notes_every_module_it_loads():
    """quiz.figures.build imports a figure's module by name (importlib): the graph from that
    module holds every module drawing the figure loads, in a fresh interpreter."""
    script = (
        "import json, sys\n"
        "from quiz import bank, figures\n"
        "b = bank.load(use_cache=False)\n"
        "out = {}\n"
        "for name in figures.FIGURES:\n"
        "    before = set(sys.modules)\n"
        "    figures.build(name, b)\n"
        "    out[name] = sorted(sys.modules[m].__file__ for m in set(sys.modules) - before\n"
        "                       if m.startswith('quiz.') and getattr(sys.modules[m], '__file__', 0))\n"
        "print(json.dumps(out))\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=300, check=True)
    loaded = json.loads(proc.stdout)
    assert set(loaded) == set(figures.FIGURES)
    for name, (module, _func) in figures.FIGURES.items():
        code = set(deps.code_files(f"quiz.figures.{module}"))
        assert {os.path.normpath(p) for p in loaded[name]} <= code, name
    comparison = deps.code_files("quiz.figures.techniques")
    assert str(QUIZ / "figures" / "evidence.py") in comparison  # the example


def sphinx_build(src: Path, out: Path, *extra: str) -> str:
    """One `sphinx-build -b html -n` run in its own process, as `make html` runs it; its output."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-n", "--no-color", "-d",
           str(out / "doctrees"), *extra, str(src), str(out / "html")]
    proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WARNING" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


@pytest.mark.testbook
def test_a_second_build_of_an_unchanged_book_reads_nothing_and_keeps_its_configuration(tmp_path):
    """With the book's theme, which changes configuration values when the builder starts (so
    before the fix, Sphinx said "The configuration has changed (6 options ...)" on every build):
    the environment on disk holds the configuration as conf.py gives it."""
    import pickle

    src, out = copy_root(tmp_path), tmp_path / "out"
    theme = ("-D", "html_theme=sphinx_book_theme")
    first = sphinx_build(src, out, *theme)
    assert "reading sources" in first
    second = sphinx_build(src, out, *theme)
    assert "0 added, 0 changed, 0 removed" in second, second
    assert "reading sources... [" not in second, second
    assert "configuration has changed" not in second, second
    with open(out / "doctrees" / "environment.pickle", "rb") as fh:
        saved = pickle.load(fh).config
    assert list(saved.html_static_path) == []  # sphinx-design's and ours are added later
    assert "show_toc_level" not in saved.html_theme_options  # a default the theme adds


# --------------------------------------------------------------------------- the real book


@pytest.mark.book
def test_touching_a_module_reads_again_exactly_the_pages_of_the_book_it_computes(built_book):
    """The same check on the real book, whose pages use every directive and figure."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    assert built_book.returncode == 0, built_book.output[-2000:]
    docs = REPO_ROOT / "docs"
    with docutils_namespace():  # its nodes and directives unregistered after, as sphinx-build does
        app = Sphinx(str(docs), str(REPO_ROOT), str(built_book.html), str(built_book.doctrees),
                     "html", status=None, warning=None)
        got = check_touches(app.env, docs)
    # the examples: a figure's imports, the answer key's wording, the practice data
    assert "techniques/comparison" in got[str(QUIZ / "figures" / "evidence.py")]
    assert "practice" in got[str(QUIZ / "practicedata.py")]
    from quiz import editions

    changelog = got[os.path.normpath(inspect.getsourcefile(editions.release_changes))]
    assert "reference/changelog" in changelog and "techniques/swedish" not in changelog


# --------------------------------------------------------------------------- the bibliography


def test_a_rebuild_takes_the_bibliography_from_the_cache_and_writes_the_same_page(
        make_app, tmp_path, monkeypatch):
    """quiz.sphinxext.bibcache: a rebuild formats no entry again unless the entry changed, and
    the page it writes (with the templates compiled in the first build) is the same, byte for
    byte."""
    from quiz.sphinxext import bibstyle

    bibstyle.register()  # as the book's conf.py does
    src = copy_root(tmp_path)
    style = {"bibtex_default_style": "authoryear", "bibtex_reference_style": "author_year"}
    first, _rec = _build(make_app, src, confoverrides=style)
    page = (Path(first.outdir) / "references.html").read_text(encoding="utf-8")
    assert "Goats 1994" in page  # the book's author-year labels: its own style formatted it

    formatted: list[str] = []
    original = bibstyle.AuthorYearStyle.format_entry

    def counting(self, label, entry, bib_data=None):
        formatted.append(entry.key)
        return original(self, label, entry, bib_data=bib_data)

    monkeypatch.setattr(bibstyle.AuthorYearStyle, "format_entry", counting)
    os.utime(src / "references.md")  # read and written again
    app, rec = _build(make_app, src, confoverrides=style)
    assert "references" in rec.read and "references" in rec.written
    assert formatted == []
    # the same page, written with templates compiled by the first build (templatecache.py)
    assert any((Path(app.doctreedir) / "jinja-bytecode").iterdir())
    assert (Path(app.outdir) / "references.html").read_text(encoding="utf-8") == page

    # an entry edited: that entry alone is formatted again, and the page shows the edit
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    key, title = re.search(r"@\w+\{([^,]+),.*?title\s*=\s*\{([^}]*)\}", text, re.S).groups()
    bib.write_text(text.replace(title, title + " (edited)", 1), encoding="utf-8")
    app, rec = _build(make_app, src, confoverrides=style)
    assert set(formatted) == {key}
    assert "(edited)" in (Path(app.outdir) / "references.html").read_text(encoding="utf-8")


def test_a_rebuild_takes_in_text_citations_from_the_cache_and_an_edit_renews_them(
        make_app, tmp_path, monkeypatch):
    """quiz.sphinxext.bibcache: a page written again shows its in-text citations ("Goats [1994]",
    linked) as kept by the last build, byte for byte, without formatting them again; an edited
    entry's citations are formatted anew; an unknown key warns in every build (never kept)."""
    from sphinxcontrib.bibtex.domain import BibtexDomain

    from quiz.sphinxext import bibcache, bibstyle

    bibstyle.register()  # as the book's conf.py does
    src = copy_root(tmp_path)
    page = src / "plain.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAs {cite:t}`goats1994massage` put it, "
                    "and others agree {cite:p}`goats1994massage,hinds2004effects`.\n",
                    encoding="utf-8")
    style = {"bibtex_default_style": "authoryear", "bibtex_reference_style": "author_year"}
    formatted: list[str] = []
    original = BibtexDomain.resolve_xref

    def counting(self, env, fromdocname, builder, typ, target, node, contnode):
        formatted.append(target)
        return original(self, env, fromdocname, builder, typ, target, node, contnode)

    monkeypatch.setattr(BibtexDomain, "resolve_xref", counting)
    first, _rec = _build(make_app, src, confoverrides=style)
    html = (Path(first.outdir) / "plain.html").read_text(encoding="utf-8")
    assert "Goats [<a" in html and ">1994</a>]" in html and "Hinds" in html
    assert "goats1994massage" in formatted
    assert (Path(first.doctreedir) / bibcache.CITATIONS).is_file()

    formatted.clear()
    os.utime(page)  # read and written again
    app, rec = _build(make_app, src, confoverrides=style)
    assert "plain" in rec.written and formatted == []
    assert (Path(app.outdir) / "plain.html").read_text(encoding="utf-8") == html

    # the entry's year edited: its citations are formatted again and show it
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(re.sub(r"(year\s*=\s*\{)1994\}", r"\g<1>1995}", text), encoding="utf-8")
    os.utime(page)
    app, rec = _build(make_app, src, confoverrides=style)
    assert "goats1994massage" in formatted
    assert ">1995</a>]" in (Path(app.outdir) / "plain.html").read_text(encoding="utf-8")

    # an unknown key: the warning comes again in the next build
    page.write_text(page.read_text(encoding="utf-8") + "\nSee {cite:p}`nosuchkey`.\n",
                    encoding="utf-8")
    for _build_again in range(2):
        os.utime(page)
        app = make_app("html", srcdir=src, confoverrides=style)
        try:
            app.build()
            assert 'could not find bibtex key "nosuchkey"' in app.warning.getvalue()
        finally:
            app.cleanup()
