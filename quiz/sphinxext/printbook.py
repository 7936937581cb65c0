"""The printed book's structure (LaTeX only): parts, and one sorted bibliography in its appendix.

- Parts: each captioned toctree of the root document ("Start here", "Techniques" ...) opens a part
  of the PDF. Before the part's first chapter goes `\\mbspart{caption}` and one
  `\\mbspartchapter{label}` per chapter (macros of conf.py's LaTeX preamble): a part page that
  lists its chapters with their numbers and pages. The HTML keeps the captions in its sidebar.
- Bibliography: Sphinx gathers every citation at the end of the LaTeX document in the order the
  references page shows them (grouped by kind, each group alphabetical, so several alphabetical
  runs). Here they become one list sorted by label, as the reader looks a citation up
  ("Furlan et al. 2015"), moved into the References appendix, whose text introduces it; conf.py's
  preamble prints it there without a chapter of its own. No empty appendix, one bibliography.

The HTML and other builders are not touched (a post-transform for the latex format only).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

REFERENCES_DOC = "reference/references"


def sort_key(label: str) -> str:
    """A label as a reader alphabetises it: accents and case ignored ("Fernández" as "fernandez")."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _label(docname: str) -> str:
    return rf"\detokenize{{{docname}::doc}}"


class PrintedBook(SphinxPostTransform):
    """After Sphinx's BibliographyTransform (750): parts, and the one sorted bibliography."""

    default_priority = 760
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        files = {sof["docname"]: sof for sof in self.document.findall(addnodes.start_of_file)}
        if not files:  # not the assembled book
            return
        self._parts(files)
        self._bibliography(files)

    def _parts(self, files: dict) -> None:
        root = self.env.get_doctree(self.config.root_doc)
        for toctree in root.findall(addnodes.toctree):
            docs = [doc for _, doc in toctree["entries"] if doc in files]
            if not toctree.get("caption") or not docs:
                continue
            latex = rf"\mbspart{{{escape(toctree['caption'])}}}" + "\n"
            latex += "".join(rf"\mbspartchapter{{{_label(doc)}}}" + "\n" for doc in docs)
            first = files[docs[0]]
            first.parent.insert(first.parent.index(first), nodes.raw("", latex, format="latex"))

    def _bibliography(self, files: dict) -> None:
        from sphinx.builders.latex.nodes import thebibliography

        found = list(self.document.findall(thebibliography))
        if not found or REFERENCES_DOC not in files:
            return
        (bib,) = found
        citations = sorted(bib.children, key=lambda c: sort_key(c[0].astext()))
        bib.children = []
        bib.extend(citations)
        bib.parent.remove(bib)
        sections = [s for s in files[REFERENCES_DOC].children if isinstance(s, nodes.section)]
        sections[0].append(bib)


def setup(app: Any) -> dict[str, Any]:
    app.add_post_transform(PrintedBook)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
