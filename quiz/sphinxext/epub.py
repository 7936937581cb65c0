"""The e-book (`make epub`): a valid EPUB 3 of the same chapters, static where the web book is not.

An e-reader runs no script and many parse each chapter as strict XML, so before the pages are
written (a post-transform that runs for the `epub` builder only) the interactive parts become
plain content:

- a self-check becomes its printed questions, and its answers (the answer key's own words, each
  with a link to the section that states it) go to the end of the chapter, under "Answers to the
  self-check";
- sphinx-design tab sets become one labelled part after another, and dropdowns are shown open
  (their HTML forms write `<input>` without closing it, and an inline SVG chevron);
- the practice page's widget becomes its note (it needs a browser);
- a figure is its picture alone, not a link to the SVG (a link must lead to a page of the book).

The builder (`BookEpubBuilder`, registered as `epub`) adds what a catalogue needs: the version in
the package document (`ibooks:version` is the full release, not Sphinx's short X.Y), and a cover
drawn by quiz.figures.cover with the title and version, marked as the cover image. conf.py sets
the identifier, a UUID made from the package name, the same for every build.
"""

from __future__ import annotations

import os
import posixpath
import re
from html import escape
from typing import Any

from docutils import nodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from quiz.model import Question
from quiz.sphinxext import figures
from quiz.sphinxext.practice import practice_node
from quiz.sphinxext.selfcheck import key_entry, quiz_node

logger = logging.getLogger(__name__)

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates", "epub")
ANSWERS_TITLE = "Answers to the self-check"


def _question(d: dict) -> Question:
    """A question back from the dict the self-check node keeps (only what the key needs)."""
    return Question(d["id"], d["topic"], d["template"], d["stem"], tuple(d["options"]),
                    tuple(d["answer"]), d["explanation"], None, tuple(d.get("cite", ())), (),
                    tuple(d.get("prompts", ())))


class StaticForEbook(SphinxPostTransform):
    """The interactive parts of a page as static content, for the e-book only."""

    default_priority = 150  # before sphinx-design's HTML forms of tabs and dropdowns (199, 200)
    builders = ("epub",)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(_component("tab-set"))):
            node.replace_self(_tabs(node))
        for node in list(self.document.findall(_component("dropdown"))):
            node.replace_self(_dropdown(node))
        for node in list(self.document.findall(practice_node)):
            node.replace_self(node.children)
        for node in list(self.document.findall(figures.bank_figure)):
            node.replace_self(self._picture(node))
        quizzes = list(self.document.findall(quiz_node))
        answers = [self._self_check(node, n, len(quizzes)) for n, node in enumerate(quizzes, 1)]
        if answers:
            chapter = next(iter(self.document.findall(nodes.section)), self.document)
            section = nodes.section(ids=["self-check-answers"], classes=["self-check-answers"])
            title = ANSWERS_TITLE + ("s" if len(answers) > 1 else "")
            section += nodes.title(title, title)
            for part in answers:
                section.extend(part)
            chapter += section

    def _url(self, ref: str) -> str:
        doc, _, label = ref.partition("#")
        return self.app.builder.get_relative_uri(self.env.docname, doc) + "#" + label

    def _self_check(self, node: quiz_node, n: int, total: int) -> list[nodes.Node]:
        """Replace the node by its printed questions; return its answers for the chapter's end."""
        static = node["static"]
        count = f"{len(static)} question{'' if len(static) == 1 else 's'}"
        heading = nodes.rubric("", f"Self-check: {count} (", classes=["quiz-printed-heading"])
        heading += nodes.reference("", "answers at the end of this chapter",
                                   refid="self-check-answers", internal=True)
        heading += nodes.Text(")")
        printed = nodes.container(classes=["quiz-printed"], ids=list(node["ids"]))
        printed += heading
        printed.extend(child for child in node.children if not isinstance(child, nodes.rubric))
        node.replace_self(printed)
        items = nodes.enumerated_list(enumtype="arabic", classes=["self-check-key"])
        for q in static:
            text = key_entry(_question(q))
            para = nodes.paragraph("", text + " ")
            para += nodes.reference("", "Read the section", refuri=self._url(q["section"]),
                                    internal=True)
            para += nodes.Text(".")
            items += nodes.list_item("", para)
        if total == 1:
            return [items]
        label = f"Self-check {n}"
        return [nodes.paragraph(label, label, classes=["self-check-key-title"]), items]

    def _picture(self, node) -> nodes.raw:
        builder = self.app.builder
        path = figures._write_svg(builder, node)[1]
        folder = relative_uri(builder.get_target_uri(self.env.docname), builder.imagedir)
        src = posixpath.join(folder, os.path.basename(path))
        return nodes.raw("", f'<img class="bank-figure" src="{escape(src)}" '
                             f'alt="{escape(node["alt"])}" data-figure="{escape(node["figure"])}" />',
                         format="html")


#: (schema.org property, value) pairs of the package's accessibility metadata
ACCESS = (
    ("accessMode", "textual"),
    ("accessMode", "visual"),
    ("accessModeSufficient", "textual,visual"),
    ("accessibilityFeature", "structuralNavigation"),
    ("accessibilityFeature", "tableOfContents"),
    ("accessibilityFeature", "readingOrder"),
    ("accessibilityFeature", "alternativeText"),
    ("accessibilityHazard", "none"),
    ("accessibilitySummary", ("Text with headings in reading order, a table of contents, and a "
     "text alternative for every picture. The self-checks are numbered questions with their "
     "answers at the end of each chapter, so they need no scripting. No flashing, motion or "
     "sound.")),
)


def _component(name: str):
    return lambda node: isinstance(node, nodes.Element) and node.get("design_component") == name


def _tabs(tab_set: nodes.Element) -> nodes.container:
    """A tab set as its tabs one after the other: each label as a heading, then its content."""
    out = nodes.container(classes=["ebook-tab-set"], ids=list(tab_set["ids"]))
    for item in tab_set.children:
        if item.get("design_component") != "tab-item":
            out += item  # a target a reference points to
            continue
        label, content = item.children
        out += nodes.rubric(label.rawsource, "", *label.children, ids=list(label["ids"]),
                            classes=["ebook-tab-label"])
        out += nodes.container("", *content.children, classes=["ebook-tab-content"])
    return out


def _dropdown(dropdown: nodes.Element) -> nodes.container:
    """A dropdown shown open: its title (if any) as a heading, then its content."""
    out = nodes.container(classes=["ebook-dropdown"], ids=list(dropdown["ids"]))
    children = list(dropdown.children)
    if dropdown.get("has_title") and children:
        title = children.pop(0)
        out += nodes.rubric(title.rawsource, "", *title.children, ids=list(title["ids"]),
                            classes=["ebook-dropdown-title"])
    out.extend(children)
    return out


class BookEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with the release as the version and a drawn cover."""

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        metadata["version"] = escape(self.config.release)
        return metadata

    def toc_metadata(self, level: int, navpoints: list) -> dict[str, Any]:
        """toc.ncx names the book by its identifier, as content.opf does (Sphinx writes the
        identifier's XML id there, which epubcheck reports as a mismatch)."""
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = escape(self.config.epub_identifier)
        return metadata

    def build_content(self) -> None:
        if self.config.epub_cover:
            self._draw_cover(self.config.epub_cover[0])
        super().build_content()
        if self.config.epub_cover:
            self._mark_cover(self.config.epub_cover[0])
        self._describe_access()

    def _describe_access(self) -> None:
        """The package's accessibility metadata (schema.org terms, as EPUB Accessibility 1.1
        asks), so that a reading system or a store can tell a reader what the book offers. Only
        what the build itself guarantees is claimed: every picture has a text alternative
        (tests/test_epub.py checks it); no conformance claim, which needs a human evaluation."""
        opf = os.path.join(self.outdir, "content.opf")
        with open(opf, encoding="utf-8") as fh:
            text = fh.read()
        metas = "".join(f'\n    <meta property="schema:{name}">{escape(value)}</meta>'
                        for name, value in ACCESS)
        text = text.replace("\n  </metadata>", metas + "\n  </metadata>", 1)
        with open(opf, "w", encoding="utf-8") as fh:
            fh.write(text)

    def _draw_cover(self, image: str) -> None:
        """Draw the cover at `image` (relative to the output), unless html_static_path gave one."""
        from quiz.figures.cover import cover

        path = os.path.join(self.outdir, image)
        if not image.endswith(".svg") or os.path.exists(path):
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(cover(self.config.project, self.config.release))

    def _mark_cover(self, image: str) -> None:
        """EPUB 3 names the cover image with a property of its manifest item (Sphinx writes only
        EPUB 2's <meta name="cover">, which readers still use too)."""
        opf = os.path.join(self.outdir, "content.opf")
        with open(opf, encoding="utf-8") as fh:
            text = fh.read()
        ident = re.escape(escape(self.make_id(image.replace(os.sep, "/"))))
        item = re.compile(rf'(<item id="{ident}" href="[^"]*" media-type="[^"]*")')
        text, found = item.subn(r'\1 properties="cover-image"', text)
        if found != 1:
            logger.warning("epub: the cover image %s is not in the manifest of content.opf", image)
            return
        with open(opf, "w", encoding="utf-8") as fh:
            fh.write(text)


def _templates(app: Any, config: Any) -> None:
    # a new list: without templates_path in conf.py this is the default's, shared by every app
    if TEMPLATES not in config.templates_path:
        config.templates_path = [*config.templates_path, TEMPLATES]


def _add_css(app: Any) -> None:
    if app.builder.name == "epub":
        app.add_css_file("ebook.css")  # from the extension's static folder (__init__._add_static)


def setup(app: Any) -> None:
    app.add_builder(BookEpubBuilder, override=True)
    app.add_post_transform(StaticForEbook)
    app.connect("config-inited", _templates)
    app.connect("builder-inited", _add_css)
