"""Text as pdfLaTeX source: every LaTeX special character escaped, every Unicode character mapped.

Used by the handouts (quiz.render.latex) and by conf.py for the book, so that the book PDF and the
handouts accept exactly the same characters. pdfLaTeX (with `inputenc` utf8 and T1 fonts) prints
Latin-1, Latin Extended-A and the usual typographic punctuation itself; the few other characters
the book needs (the minus sign, less-or-equal...) are declared here. Anything else is reported by
`unsupported()`, which the tests run over the whole bank and every chapter, so a new character is
caught with a clear message instead of a LaTeX error at print time.
"""

from __future__ import annotations

#: LaTeX's ten special characters, plus the ones that misbehave in T1 fonts (<, >, " and ligatures)
SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", '"': r"\textquotedbl{}", "|": r"\textbar{}",
    "-": "-{}", "'": "'{}", "`": r"\textasciigrave{}", "[": "{[}", "]": "{]}",
}

#: characters pdfLaTeX cannot print by itself, and what to print instead (also declared for Sphinx)
DECLARED = {
    "\u2212": r"\ensuremath{-}",       # − minus sign
    "\u2264": r"\ensuremath{\leq}",    # ≤
    "\u2265": r"\ensuremath{\geq}",    # ≥
    "\u2248": r"\ensuremath{\approx}",  # ≈
    "\u2260": r"\ensuremath{\neq}",    # ≠
    "\u223c": r"\ensuremath{\sim}",    # ∼
    "\u2032": r"\ensuremath{'}",       # ′ prime
    "\u2011": "-",                     # non-breaking hyphen
    "\u2009": r"\,",                   # thin space
    "\u202f": r"\,",                   # narrow no-break space
    "\u200b": "{}",                    # zero-width space
}

#: beyond Latin-1 and Latin Extended-A, the characters LaTeX's utf8 support prints as they are
NATIVE = set("\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030"
             "\u2039\u203a\u20ac\u2122\u2190\u2191\u2192\u2193\u00b7")


def printable(ch: str) -> bool:
    """Whether pdfLaTeX can print this character (after `escape`)."""
    code = ord(ch)
    return (32 <= code < 127 or ch in "\n\t" or 0xA0 <= code <= 0x17F or ch in NATIVE
            or ch in DECLARED)


def unsupported(text: str) -> list[str]:
    """The characters of `text` that neither LaTeX nor DECLARED can print, as 'U+2203 ∃'."""
    return sorted({f"U+{ord(ch):04X} {ch}" for ch in text if not printable(ch)})


_TABLE = {ord(k): v for k, v in {**SPECIAL, **DECLARED}.items()}


def escape(text: str) -> str:
    """`text` as LaTeX that prints exactly as written (whitespace runs become one space)."""
    return " ".join(text.split()).translate(_TABLE)


def unicode_declarations() -> str:
    r"""`\DeclareUnicodeCharacter` lines for DECLARED, for the book's LaTeX preamble."""
    return "".join(f"\\DeclareUnicodeCharacter{{{ord(ch):04X}}}{{{tex}}}\n"
                   for ch, tex in DECLARED.items())
