"""The evidence statuses' colours: one palette for the book's badges (HTML), its charts and its PDF.

Each status has a fill and the text colour written on it; every pair has a contrast ratio of at
least 4.5:1, and the fill is the same in the light and the dark theme (a badge carries its own
background). The five hues differ plainly: green, blue, yellow, red and grey, so that "mixed"
(yellow) and "outdated" (grey) are never confused. The status is always written out as well, so
colour is never the only cue.
"""

from __future__ import annotations

#: status -> (fill, text colour on it)
STATUS_COLOURS = {
    "supported": ("#1e7b34", "#ffffff"),
    "partly supported": ("#0b6285", "#ffffff"),
    "mixed": ("#f2c230", "#1a1a1a"),
    "not supported": ("#b42318", "#ffffff"),
    "outdated": ("#5b6167", "#ffffff"),
}


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#rrggbb' colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
