"""The `{bank-figure}` directive: a figure from quiz.figures, with a caption, alt text and a label.

    ```{bank-figure} evidence-chart
    :name: fig-evidence-chart

    The caption, in Markdown (the first paragraph; more paragraphs become the legend).
    ```

The picture is computed when the page is read, so figures drawn from the bank change when the bank
changes: the bank's files and the module that draws the figure are page dependencies. Every figure
needs a caption and a `:name:` (its label), so every figure can be referenced from the text.

Output: HTML gets `<img class="bank-figure" src="....svg" alt="...">` (the alt text is computed from
the same data as the picture), linked to the SVG itself so that it opens full size. LaTeX gets a
vector PDF: SVG figures are converted with `rsvg-convert` (Debian: librsvg2-bin), Graphviz figures
are rendered by `dot -Tpdf` (Debian: graphviz) through sphinx.ext.graphviz. Text builders get the
alt text. (Not sphinx.ext.graphviz's own HTML output: it embeds SVG in an <object>, which has no
alt text for screen readers and axe.)
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import shutil
import subprocess
from html import escape

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging

from quiz import figures
from quiz.fileio import replace_file
from quiz.sphinxext.directives import BankDirective, note_code

logger = logging.getLogger(__name__)


class bank_figure(nodes.General, nodes.Inline, nodes.Element):
    """The picture of a figure: attributes `figure` (name), `kind`, `source`, `alt`, `docname`."""


class BankFigure(BankDirective):
    """`{bank-figure} NAME` with a required `:name:` label and a required caption."""

    required_arguments = 1
    has_content = True
    option_spec = {"name": directives.unchanged_required, "class": directives.class_option}

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
        note_code(self.env)  # the figure's module and every module it imports, now loaded
        pic = bank_figure("", figure=name, kind=fig.kind, source=fig.source, alt=fig.alt,
                          docname=self.env.docname)
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


def _file_name(node: bank_figure, ext: str) -> str:
    digest = hashlib.sha1(node["source"].encode(), usedforsecurity=False).hexdigest()[:12]
    return f"bank-figure-{node['figure']}-{digest}.{ext}"


def _write_svg(builder, node: bank_figure) -> tuple[str, str]:
    """Write the SVG next to the builder's images; (path relative to the page, absolute path)."""
    fname = _file_name(node, "svg")
    outdir = os.path.join(str(builder.outdir), builder.imagedir)
    out = os.path.join(outdir, fname)
    if not os.path.isfile(out):
        os.makedirs(outdir, exist_ok=True)
        replace_file(out, node["source"])
    return posixpath.join(builder.imgpath, fname), out


def _dot(self, node: bank_figure, fmt: str):
    """Render Graphviz source with sphinx.ext.graphviz (cached by content); SkipNode on failure."""
    from sphinx.ext.graphviz import GraphvizError, render_dot

    try:
        relfn, outfn = render_dot(self, node["source"], {"docname": node["docname"]}, fmt,
                                  prefix=f"bank-figure-{node['figure']}")
    except GraphvizError as exc:
        logger.warning("bank-figure %s: %s", node["figure"], exc, location=node)
        raise nodes.SkipNode from exc
    if relfn is None:  # dot could not be run; sphinx.ext.graphviz has already warned
        raise nodes.SkipNode
    return str(relfn).replace(os.sep, "/"), outfn


def _label_svg(path, alt: str) -> None:
    """Give dot's SVG the role and label that quiz.figures' own SVGs carry (once per file)."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if 'role="img"' not in text:
        text = text.replace("<svg ", f'<svg role="img" aria-label="{escape(alt)}" ', 1)
        replace_file(path, text)


def visit_html(self, node: bank_figure) -> None:
    if node["kind"] == "dot":
        src, out = _dot(self, node, "svg")
        _label_svg(out, node["alt"])
    else:
        src = _write_svg(self.builder, node)[0]
    # the link opens the picture at full size, for small screens (as Sphinx does for scaled images)
    self.body.append(f'<a class="bank-figure-link" href="{escape(src)}">'
                     f'<img class="bank-figure" src="{escape(src)}" alt="{escape(node["alt"])}" '
                     f'data-figure="{escape(node["figure"])}" /></a>')
    raise nodes.SkipNode


def _svg_to_pdf(self, node: bank_figure) -> str | None:
    _rel, svg_path = _write_svg(self.builder, node)
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
    rel = _dot(self, node, "pdf")[0] if node["kind"] == "dot" else _svg_to_pdf(self, node)
    if rel is None:
        self.body.append(self.encode(f"[Figure: {node['alt']}]"))
    else:
        self.body.append("\n\\sphinxincludegraphics{%s}\n" % rel)
    raise nodes.SkipNode


def visit_text(self, node: bank_figure) -> None:
    self.add_text(f"[Figure: {node['alt']}]")
    raise nodes.SkipNode


def visit_plain(self, node: bank_figure) -> None:
    self.body.append(f"[Figure: {node['alt']}]")
    raise nodes.SkipNode


def setup(app) -> None:
    app.setup_extension("sphinx.ext.graphviz")  # render_dot and its graphviz_dot setting
    app.add_node(bank_figure, html=(visit_html, None), latex=(visit_latex, None),
                 text=(visit_text, None), man=(visit_plain, None), texinfo=(visit_plain, None))
    app.add_directive("bank-figure", BankFigure)
