"""`{downloads}`: the ready-made files an instructor can take from the published site, linked where
this build has them.

`make site` builds the PDF book, the e-book and the default handout set, copies them into the HTML
output's `downloads/` folder under the fixed names of FILES, then builds the HTML: the list links
each file it finds there, with its size. A plain `make html` (no LaTeX needed) has none of them,
and the list names each file with the command that adds it: no link ever points to a missing file,
so the strict (-n) build never depends on them. When the files in `downloads/` change, the pages
holding the list are written again. Builders other than HTML (the PDF, the e-book) list the files
without links, as what the web edition offers.

Loadable on its own (`extensions = ["quiz.sphinxext.downloads"]`) as well as through quiz.sphinxext.
"""

from __future__ import annotations

import os
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

FOLDER = "downloads"  # in the HTML output
#: file name in FOLDER -> what it is (the Makefile's `site` target writes exactly these names)
FILES = {
    "massage-for-back-spasms.pdf": "The book as a PDF (A4, ready to print)",
    "massage-for-back-spasms.epub": "The e-book (EPUB 3, for e-readers and phones)",
    "handouts.zip": ("Quiz handouts, the default set: for each variant a question sheet, its "
                     "answer key and a scannable answer sheet (PDF files, zipped)"),
}
MISSING = "not offered with this copy of the book (`make site` builds it)"


class downloads_node(nodes.General, nodes.Element):
    """Where the list goes; filled in for each builder once the page is resolved."""


class Downloads(SphinxDirective):
    """`{downloads}`: the list of FILES, linked where the HTML output has them."""

    def run(self):
        _docs(self.env).add(self.env.docname)
        return [downloads_node()]


def _docs(env: Any) -> set[str]:
    return env.__dict__.setdefault("book_download_docs", set())


def _is_site(builder: Any) -> bool:
    """An HTML build of the web site (not the e-book, which is HTML inside)."""
    return builder.format == "html" and builder.name != "epub"


def present(outdir: str) -> dict[str, int]:
    """The files of FILES found in `outdir`/downloads, with their sizes in bytes."""
    folder = os.path.join(outdir, FOLDER)
    return {name: os.path.getsize(os.path.join(folder, name)) for name in FILES
            if os.path.isfile(os.path.join(folder, name))}


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{max(1, round(n / 1000))} kB"


def resolve(app: Any, doctree: nodes.document, docname: str) -> None:
    found = present(str(app.outdir)) if _is_site(app.builder) else {}
    for node in list(doctree.findall(downloads_node)):
        items = nodes.bullet_list(classes=["book-downloads"])
        for name, title in FILES.items():
            para = nodes.paragraph()
            if name in found:
                uri = relative_uri(app.builder.get_target_uri(docname), f"{FOLDER}/{name}")
                para += nodes.reference("", title, refuri=uri, classes=["download"])
                para += nodes.Text(f" ({name}, {_size(found[name])})")
            else:
                para += nodes.Text(f"{title}: ")
                para += nodes.literal(name, name)
                if _is_site(app.builder):
                    para += nodes.Text(f", {MISSING}")
            items += nodes.list_item("", para)
        node.replace_self(items)


def outdated(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """env-get-outdated: the pages with a list, when the files in downloads/ differ from the
    last build's (they are seen here, before the environment is saved)."""
    if not _is_site(app.builder):
        return []
    now = present(str(app.outdir))
    before = env.__dict__.get("book_downloads_seen", {})
    env.book_downloads_seen = now
    if before == now:
        return []
    return sorted(_docs(env) & set(env.found_docs))


def purge(app: Any, env: Any, docname: str) -> None:
    _docs(env).discard(docname)


def merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    _docs(env).update(_docs(other) & set(docnames))


def setup(app: Any) -> dict[str, Any]:
    app.add_node(downloads_node)
    app.add_directive("downloads", Downloads)
    app.connect("doctree-resolved", resolve)
    app.connect("env-get-outdated", outdated)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
