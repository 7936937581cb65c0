"""Light pages (issue 16): a first visit downloads at most half of what the stock theme's page does,
makes no request outside 127.0.0.1, loads no icon font, and still draws every icon.

The stock theme is the same book built with `-D book_light_pages=0` in this session
(quiz/sphinxext/lightpages.py); both are weighed in Debian's Chromium the way
benchmarks/page_weight.py does, which prints the same figures.
"""

from __future__ import annotations

import sys

import pytest
from conftest import REPO_ROOT
from test_browser import built_pages

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from page_weight import build, serve, weigh  # noqa: E402

PAGES = ["index", "techniques/swedish", "evidence/at-a-glance"]


@pytest.fixture(scope="session")
def stock_url(built_book, tmp_path_factory):
    """The same book with the stock theme's assets, served on 127.0.0.1."""
    html = build(tmp_path_factory.mktemp("stock"), "-D", "book_light_pages=0")
    assert (html / "_static" / "scripts" / "fontawesome.js").is_file()
    with serve(html) as url:
        yield url


@pytest.mark.parametrize("doc", PAGES)
def test_a_first_visit_weighs_at_most_half_the_stock_page_and_stays_local(browser, book_url,
                                                                         stock_url, doc):
    ours, away = weigh(browser, f"{book_url}{doc}.html")
    theirs, _ = weigh(browser, f"{stock_url}{doc}.html")
    assert not away, away
    assert ours <= 0.5 * theirs, f"{doc}: {ours} bytes, {ours / theirs:.0%} of the stock {theirs}"


def test_no_icon_font_or_missing_file_is_requested(browser, book_url):
    context = browser.new_context()
    fonts, failed = [], []
    try:
        page = context.new_page()
        page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        for doc in PAGES + ["search"]:
            page.goto(f"{book_url}{doc}.html", wait_until="networkidle")
    finally:
        context.close()
    assert not fonts and not failed, (fonts, failed)


def test_unused_theme_files_are_not_in_the_output(built_book):
    static = built_book.html / "_static"
    assert not (static / "scripts" / "fontawesome.js").exists()
    assert not (static / "vendor" / "fontawesome").exists()
    assert not list(static.rglob("*.map"))
    assert (static / "icons.css").is_file()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_icon_on_every_page_is_drawn(browser, book_url, built_book, mode):
    """Each Font Awesome class the theme writes, and each admonition title, shows an SVG icon of
    a non-zero size in the text colour (phone width, where the toolbar icons show)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    missing, seen = [], 0
    try:
        page = context.new_page()
        for rel in built_pages(built_book):
            page.goto(book_url + rel, wait_until="load")
            icons = page.evaluate("""() => {
              const out = [];
              const look = (el, pseudo, name) => {
                const s = getComputedStyle(el, pseudo), box = el.getBoundingClientRect();
                if (!box.width && !box.height) return;  // not shown at this width
                out.push({name, mask: s.maskImage || s.webkitMaskImage, content: s.content,
                          w: parseFloat(s.width), bg: s.backgroundColor});
              };
              document.querySelectorAll('[class*="fa-"]').forEach(e =>
                look(e, '::before', e.className));
              document.querySelectorAll('div.admonition > .admonition-title').forEach(e =>
                look(e, '::after', 'admonition ' + e.parentElement.className));
              return out;
            }""")
            seen += len(icons)
            missing += [f"{rel}: {i['name']} ({i['mask'][:30]}, content {i['content']})"
                        for i in icons if "data:image/svg+xml" not in i["mask"]
                        or i["content"] != '""' or not i["w"] > 0]
    finally:
        context.close()
    assert seen > 50, seen
    assert not missing, "\n".join(missing)
