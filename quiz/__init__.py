"""Massage for Back Spasms: the quiz kit behind `python -m quiz` and the book's self-checks.

The version here is the single source: pyproject.toml reads it for the package metadata, and
conf.py reads it for the book.
"""

__version__ = "2.0.0"

__all__ = ["__version__"]
