"""First-visit weight of the book's pages in Chromium, against the stock theme built in the same run.

Builds the book twice from the same sources into a temporary folder: as `make html` does, and with
`-D book_light_pages=0`, which leaves sphinx-book-theme as it ships (its Font Awesome script and
web font, source maps and search scripts on every page; quiz/sphinxext/lightpages.py). Each build
is served on 127.0.0.1 and every page named is opened in a fresh browser context (an empty cache:
a first visit) in Debian's Chromium. It prints, per page, the bytes downloaded by each build, the
ratio (target: 50% or less), and the requests that left 127.0.0.1 (target: none).

    .venv/bin/python benchmarks/page_weight.py [--page techniques/swedish ...]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["index", "techniques/swedish", "evidence/at-a-glance", "reference/glossary"]
TARGET = 0.5


def build(out: Path, *extra: str) -> Path:
    """`sphinx -b html` of docs/ into out/html (fails loudly on an error)."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(out / "doctrees"),
           "-c", str(ROOT), *extra, str(ROOT / "docs"), str(out / "html")]
    subprocess.run(cmd, cwd=ROOT, check=True)
    return out / "html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(html: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def weigh(browser, url: str) -> tuple[int, list[str]]:
    """(bytes of every response body, URLs requested outside 127.0.0.1) of a first visit to `url`,
    until the network is idle."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    done: list = []
    away: list[str] = []
    try:
        page = context.new_page()
        page.on("requestfinished", lambda request: done.append(request))
        page.on("requestfailed", lambda request: away.append(request.url))
        page.goto(url, wait_until="networkidle")
        away += [r.url for r in done if urlsplit(r.url).hostname != "127.0.0.1"]
        sizes = [len(response.body()) for response in (r.response() for r in done) if response]
    finally:
        context.close()
    return sum(sizes), away


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="append", help="a page to weigh (default: four pages)")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        print("page_weight: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        light = build(Path(tmp) / "light")
        stock = build(Path(tmp) / "stock", "-D", "book_light_pages=0")
        worst = 0.0
        print(f"{'page':28} {'stock theme':>12} {'this book':>12} {'ratio':>7}  external")
        with sync_playwright() as pw, serve(light) as light_url, serve(stock) as stock_url:
            browser = pw.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
            for doc in args.page or PAGES:
                ours, away = weigh(browser, f"{light_url}{doc}.html")
                theirs, _ = weigh(browser, f"{stock_url}{doc}.html")
                ratio = ours / theirs
                worst = max(worst, ratio)
                print(f"{doc:28} {theirs / 1e3:9.0f} kB {ours / 1e3:9.0f} kB {ratio:6.0%}  {len(away)}")
            browser.close()
    print(f"worst ratio {worst:.0%} (target: {TARGET:.0%} or less)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
