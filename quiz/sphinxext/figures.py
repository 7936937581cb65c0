"""The `{bank-figure}` directive: a figure from quiz.figures, with a caption, alt text and a label.

    ```{bank-figure} evidence-chart
    :name: fig-evidence-chart

    The caption, in Markdown (the first paragraph; more paragraphs become the legend).
    ```

The picture is computed when the page is read, so figures drawn from the bank change when the bank
changes: the bank's files, the module that draws the figure and every module it imports
(quiz.sphinxext.deps) are page dependencies. Every figure
needs a caption and a `:name:` (its label), so every figure can be referenced from the text.

Output: HTML gets `<img class="bank-figure" src="....svg" alt="...">` (the alt text is computed from
the same data as the picture), linked to the SVG itself so that it opens full size: the HTML build
needs no system tool. LaTeX gets a vector PDF, converted from the SVG with `rsvg-convert` (Debian:
librsvg2-bin), which only the PDF needs, like LaTeX itself. Text builders get the alt text.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import shutil
import subprocess
from collections.abc import Callable
from html import escape
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging

from quiz import figures
from quiz.fileio import replace_file
from quiz.sphinxext import deps
from quiz.sphinxext.bank import BankDirective

logger = logging.getLogger(__name__)


class bank_figure(nodes.General, nodes.Inline, nodes.Element):
    """The picture of a figure: attributes `figure` (name), `kind`, `source`, `print_source`,
    `alt`, `docname`."""


class BankFigure(BankDirective):
    """`{bank-figure} NAME` with a required `:name:` label and a required caption."""

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "name": directives.unchanged_required, "class": directives.class_option}

    def run(self):
        name = self.arguments[0]
        if name not in figures.FIGURES:
            raise self.error(f"bank-figure: no figure {name!r} "
                             f"(known: {', '.join(figures.FIGURES)})")
        if not self.options.get("name"):
            raise self.error(f"bank-figure {name}: add a :name: label, so the text can refer to it")
        if not self.content:
            raise self.error(f"bank-figure {name}: add a caption as the directive's content")
        fig = figures.build(name, self.bank())
        # the figure's module and every module it imports (the directive's own: BankDirective)
        deps.note_code(self.env, f"{figures.__name__}.{figures.FIGURES[name][0]}")
        pic = bank_figure("", figure=name, kind=fig.kind, source=fig.source, alt=fig.alt,
                          print_source=fig.print_source or fig.source, docname=self.env.docname)
        figure = nodes.figure("", pic, classes=["bank-figure", *self.options.get("class", [])])
        self.set_source_info(figure)
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        first = body[0] if len(body) else None
        if not isinstance(first, nodes.paragraph):
            raise self.error(f"bank-figure {name}: the caption must be a paragraph")
        caption = nodes.caption(first.rawsource, "", *first.children)
        caption.source, caption.line = first.source, first.line
        figure += caption
        if len(body) > 1:
            figure += nodes.legend("", *body[1:])
        self.add_name(figure)
        return [figure]


def _file_name(node: bank_figure, source: str, ext: str) -> str:
    digest = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()[:12]
    return f"bank-figure-{node['figure']}-{digest}.{ext}"


def _write_svg(builder, node: bank_figure, key: str = "source") -> tuple[str, str]:
    """Write the SVG (node[key]: the screen's, or print_source for LaTeX) next to the builder's
    images; (path relative to the page, absolute path)."""
    fname = _file_name(node, node[key], "svg")
    outdir = os.path.join(str(builder.outdir), builder.imagedir)
    out = os.path.join(outdir, fname)
    if not os.path.isfile(out):
        os.makedirs(outdir, exist_ok=True)
        replace_file(out, node[key])
    return posixpath.join(builder.imgpath, fname), out


def visit_html(self, node: bank_figure) -> None:
    src = _write_svg(self.builder, node)[0]
    # the link opens the picture at full size, for small screens (as Sphinx does for scaled images)
    self.body.append(f'<a class="bank-figure-link" href="{escape(src)}">'
                     f'<img class="bank-figure" src="{escape(src)}" alt="{escape(node["alt"])}" '
                     f'data-figure="{escape(node["figure"])}" /></a>')
    raise nodes.SkipNode


def _svg_to_pdf(self, node: bank_figure) -> str | None:
    # the version drawn for print, when the figure has one (the wider care chart fits a page)
    _rel, svg_path = _write_svg(self.builder, node, "print_source")
    pdf_path = svg_path[:-4] + ".pdf"
    if not os.path.isfile(pdf_path):
        tool = shutil.which("rsvg-convert")
        if tool is None:
            logger.warning("bank-figure %s: rsvg-convert not found (Debian package librsvg2-bin); "
                           "it turns the figure's SVG into PDF for LaTeX", node["figure"],
                           location=node)
            return None
        proc = subprocess.run([tool, "--format=pdf", f"--output={pdf_path}", svg_path],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not os.path.isfile(pdf_path):
            logger.warning("bank-figure %s: rsvg-convert failed: %s", node["figure"],
                           proc.stderr.strip(), location=node)
            return None
    return posixpath.join(self.builder.imgpath, os.path.basename(pdf_path))


def visit_latex(self, node: bank_figure) -> None:
    rel = _svg_to_pdf(self, node)
    if rel is None:
        self.body.append(self.encode(f"[Figure: {node['alt']}]"))
    else:
        self.body.append(f"\n\\sphinxincludegraphics{{{rel}}}\n")
    raise nodes.SkipNode


def visit_text(self, node: bank_figure) -> None:
    self.add_text(f"[Figure: {node['alt']}]")
    raise nodes.SkipNode


def visit_plain(self, node: bank_figure) -> None:
    self.body.append(f"[Figure: {node['alt']}]")
    raise nodes.SkipNode


def setup(app) -> None:
    app.add_node(bank_figure, html=(visit_html, None), latex=(visit_latex, None),
                 text=(visit_text, None), man=(visit_plain, None), texinfo=(visit_plain, None))
    app.add_directive("bank-figure", BankFigure)
