"""The HTML templates compiled once, not in every build.

Jinja compiles every template (the theme's layout, its many components, the search and index
pages) from source in each `sphinx-build` run: about a quarter of a rebuild in which one page, or
none, changed. Here Sphinx's own Jinja environment keeps the compiled templates in a folder of the
doctree directory (Jinja's FileSystemBytecodeCache, which compiles a template again whenever its
source changes). A clean build, with an empty doctree directory, compiles as before.
"""

from __future__ import annotations

import os
from typing import Any

from jinja2 import FileSystemBytecodeCache

FOLDER = "jinja-bytecode"


def use_cache(app: Any) -> None:
    """builder-inited: the builder's template environment, when it has one, keeps its bytecode."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return
    folder = os.path.join(str(app.doctreedir), FOLDER)
    os.makedirs(folder, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(folder)


def setup(app: Any) -> None:
    app.connect("builder-inited", use_cache)
