"""On a release built by `make versions`: a banner on every page pointing to the latest version.

`make versions` (poly.py) builds each version with the environment variable BOOK_VERSIONS, which
conf.py reads into the `book_versions` config value (and into the theme's version switcher):
{"name": "1.0.0", "latest": "latest", "json_url": "../switcher.json"}. Every version is built
into a sibling folder (_build/versions/<name>/), so the latest is reached by a relative link that
works on any host, or from the file system. A plain build (`make html`) has no book_versions and
shows neither switcher nor banner.
"""

from __future__ import annotations

from html import escape
from typing import Any


def banner(name: str, latest_href: str) -> str:
    """The announcement shown on every page of an earlier release."""
    return (f"You are reading version {escape(name)} of this book, kept unchanged for reference. "
            f'<a href="{escape(latest_href)}">Read the latest version</a>.')


def latest_href(pagename: str, latest: str) -> str:
    """Relative link from a page of one version to the front page of the latest version."""
    return "../" * (pagename.count("/") + 1) + f"{latest}/index.html"


def add_banner(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    versions = app.config.book_versions
    if not versions or versions["name"] == versions["latest"]:
        return
    context["theme_announcement"] = banner(versions["name"],
                                           latest_href(pagename, versions["latest"]))


def add_css(app: Any) -> None:
    """The switcher's place in the article header (HTML builds of `make versions` only)."""
    if app.config.book_versions and app.builder.format == "html":
        app.add_css_file("versions.css")


def setup(app: Any) -> None:
    app.add_config_value("book_versions", None, "html", types=(dict, type(None)))
    app.connect("builder-inited", add_css)
    app.connect("html-page-context", add_banner)
