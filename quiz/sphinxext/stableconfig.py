"""No "The configuration has changed" on a rebuild of an unchanged book.

Sphinx keeps the configuration in the pickled environment and, on the next build, compares it with
the one conf.py gives, once every `config-inited` handler has run. The theme and some extensions
then change values in `builder-inited`, after that comparison: pydata-sphinx-theme sets
`html_permalinks_icon`, `html_sourcelink_suffix` and `html_theme_options` and adds to
`templates_path`; sphinx-design, sphinx-togglebutton and this extension add folders to
`html_static_path` and files to `html_css_files`. The environment holds the same Config object, so
it was pickled with those changes, and every later build reported six changed options (and would
read every page again if one of them were an "env" value).

Here a copy of the configuration is taken when it is complete (the last `config-inited` handler),
which is what the next build compares against. While the environment is pickled (after reading,
until writing starts) it holds that copy; then the live configuration again, so writers still see
the theme's additions. Values that cannot be pickled are left out of the copy as Sphinx leaves
them out of the pickle.
"""

from __future__ import annotations

import pickle
import weakref
from typing import Any

_SNAPSHOTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # app -> Config copy


def snapshot(app: Any, config: Any) -> None:
    """config-inited (last): the configuration as the next build will compare it."""
    _SNAPSHOTS[app] = pickle.loads(pickle.dumps(config, pickle.HIGHEST_PROTOCOL))


def before_pickle(app: Any, env: Any) -> list[str]:
    """env-updated (last): the environment is pickled next, with the copy."""
    copy = _SNAPSHOTS.get(app)
    if copy is not None:
        env.config = copy
    return []


def after_pickle(app: Any, builder: Any) -> None:
    """write-started: the live configuration again, with the theme's additions."""
    builder.env.config = app.config


def setup(app: Any) -> None:
    app.connect("config-inited", snapshot, priority=10_000)
    app.connect("env-updated", before_pickle, priority=10_000)
    app.connect("write-started", after_pickle, priority=0)
