"""The bibliography's style: labels by author and year ("Furlan et al. 2015"), as the text cites
them, and titles kept as written.

The book cites author-year (`bibtex_reference_style = "author_year"`); pybtex's "plain" style
would still number the bibliography [1], [2] ..., labels that no citation in the text uses. This
registers "authoryear", the plain style with author-year labels (two entries with the same
label get 2015a, 2015b), for `bibtex_default_style` in conf.py. Used by Sphinx only.

Every entry carries its kind (the .bib field `kind`); KINDS names them in the order the references
page groups them, from the strongest kind of evidence to web pages and other sources.
"""

from __future__ import annotations

from collections import Counter
from importlib.metadata import entry_points

import pybtex.plugin
from pybtex.plugin import find_plugin, register_plugin
from pybtex.richtext import Tag, Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as Plain  # pybtex's "plain" style
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import field, optional, optional_field, sentence

from quiz.sphinxext.bibcache import Cached

KINDS = {
    "guideline": "Guidelines",
    "systematic-review": "Systematic reviews and meta-analyses",
    "trial": "Trials",
    "study": "Other research articles and reviews",
    "textbook": "Textbooks and reference works",
    "professional": "Professional and public health bodies",
    "web": "Web pages and other sources",
}


def _plain(latex: str) -> str:
    """BibTeX text as a reader sees it: `{Anatomy.app}` -> Anatomy.app, `b{\\o}` -> bø."""
    return Text.from_latex(latex).render_as("text")


def _names(entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    if not people:  # no person named: the organisation, else the title's first words
        org = entry.fields.get("organization") or entry.fields.get("publisher")
        if org:
            return _plain(org)
        words = entry.fields.get("title", entry.key).split()
        return _plain(" ".join(words[:3])) + ("\u2026" if len(words) > 3 else "")
    last = [_plain(" ".join(p.last_names)) for p in people]
    if last[-1] == "others":  # BibTeX's "and others"
        return f"{last[0]} et al."
    if len(last) == 1:
        return last[0]
    if len(last) == 2:
        return f"{last[0]} and {last[1]}"
    return f"{last[0]} et al."


class AuthorYearLabels(BaseLabelStyle):
    """"Surname 2015", "Surname and Other 2015", "Surname et al. 2015"; "n.d." without a year."""

    def format_labels(self, sorted_entries):
        labels = [f"{_names(e)} {e.fields.get('year', 'n.d.')}" for e in sorted_entries]
        count, seen = Counter(labels), Counter[str]()
        for label in labels:
            if count[label] == 1:
                yield label
            else:
                yield label + "abcdefghijklmnopqrstuvwxyz"[seen[label]]
                seen[label] += 1


KIND_MARKS = {
    "guideline": "Guideline",
    "systematic-review": "Systematic review",
    "trial": "Trial",
    "study": "Other research",
    "textbook": "Textbook or reference work",
    "professional": "Professional or public body",
    "web": "Web page or other",
}
# The kinds that are weak sources (practitioners' pages, magazines, Wikipedia ...): their mark
# begins with "Weak source", in bold, so that a reader sees at once what a citation rests on.
WEAK = {"web": "not peer-reviewed"}


class AuthorYearStyle(Plain):
    """Plain, labelled by author and year, with titles as the .bib file writes them: plain
    lower-cases every title after its first letter ("Per henrik ling and swedish massage").
    Each entry ends with its kind in brackets, "[Systematic review]", in the HTML and the PDF; a
    weak source's, "[**Weak source**: web page or other, not peer-reviewed]", says so first."""

    default_label_style = "authoryear"

    def format_entry(self, label, entry, bib_data=None):
        formatted = super().format_entry(label, entry, bib_data=bib_data)
        kind = entry.fields.get("kind", "")
        mark = KIND_MARKS.get(kind)
        if kind in WEAK:
            formatted.text = Text(formatted.text, " [", Tag("strong", "Weak source"), ": ",
                                  KIND_MARKS[kind].lower(), ", ", WEAK[kind], "]")
        elif mark:
            formatted.text = Text(formatted.text, " [", mark, "]")
        return formatted

    def get_misc_template(self, e):
        """Plain's, without the year at the end where `howpublished` already gives it ("Published
        30 November 2016; last updated ..."): plain printed "..., 2016, 2016"."""
        year = e.fields.get("year", "")
        if not year or year not in e.fields.get("howpublished", ""):
            return super().get_misc_template(e)
        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            sentence[field("howpublished")],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)
        return sentence[title] if as_sentence else title


# The plugins a build asks pybtex for again and again. pybtex looks a name up among every installed
# package's entry points on each call, and sphinxcontrib-bibtex asks for the "plaintext" backend
# once per citation: that was about half the time of every build, a no-change rebuild included.
# Registered at run time under their own names, the same classes are found at once.
LOOKED_UP = (("pybtex.backends", "plaintext"), ("pybtex.backends", "text"),
             ("pybtex.backends", "docutils"), ("pybtex.style.names", "last"),
             ("pybtex.style.names", "plain"), ("pybtex.style.formatting", "plain"),
             ("pybtex.style.sorting", "author_year_title"))


class CachedAuthorYearStyle(Cached, AuthorYearStyle):
    """The style Sphinx uses: its entries kept between builds (quiz.sphinxext.bibcache)."""


REFERENCING = "sphinxcontrib.bibtex.style.referencing"


def register() -> None:
    """Make the style known to pybtex (a second call, from another Sphinx app, changes nothing),
    and remember the plugins of LOOKED_UP. pybtex's register_plugin and find_plugin read every
    installed package's entry points on each call (about 50 ms each): they are read once here."""
    runtime = getattr(pybtex.plugin, "_RUNTIME_PLUGINS", None)
    if runtime is None:  # another pybtex: its public API, slower
        register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabels)
        register_plugin("pybtex.style.formatting", "authoryear", CachedAuthorYearStyle)
        for group, name in LOOKED_UP:
            register_plugin(group, name, find_plugin(group, name), force=True)
        return
    installed = entry_points()
    for group, name in LOOKED_UP:
        if name not in runtime.get(group, {}):
            # a name or an alias ("text" is the plaintext backend's)
            points = [*installed.select(group=group, name=name),
                      *installed.select(group=f"{group}.aliases", name=name)]
            runtime.setdefault(group, {})[name] = points[0].load()
    runtime.setdefault("pybtex.style.labels", {})["authoryear"] = AuthorYearLabels
    runtime.setdefault("pybtex.style.formatting", {})["authoryear"] = CachedAuthorYearStyle
    # sphinxcontrib-bibtex looks its reference styles up the same way, once per build
    from sphinxcontrib.bibtex import plugin as bibtex_plugin

    styles = getattr(bibtex_plugin, "_runtime_plugins", {}).get(REFERENCING)
    if styles is not None:
        for point in installed.select(group=REFERENCING):
            styles.setdefault(point.name, point.load())
