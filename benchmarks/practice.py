"""The practice page's budgets, in Debian's Chromium, against a chapter page in the same run.

The book is built (or `--html DIR` names a build) and served as static files on 127.0.0.1 by a
small server that compresses text with gzip, as static hosts do. Each visit is a first visit (a
new browser context: empty cache). Figures, each against the chapter page measured alongside:

1. bytes transferred (compressed, headers included, from Chromium's network events) on a first
   visit to the chapter and to the practice page; the difference, and the practice page's own
   files (those the chapter does not load), are what the practice page adds (target: 150 KB or
   less, both), and requests to any other host (target: 0);
2. the time from navigation to the first question of the practice page opened with a replay code
   (`practice.html#code=...`), against the chapter page's load event (target: 1.3x or less),
   medians of alternating runs;
3. offline once loaded: with the network cut, the loaded page still replays a code and scores it.

    .venv/bin/python benchmarks/practice.py [--runs 7] [--chapter techniques/swedish] [--html DIR]

Exit code 1 if a target is not met.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quiz import bank as bank_mod  # noqa: E402
from quiz import replay  # noqa: E402
from quiz.model import TOPICS  # noqa: E402

TEXT = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map")
ADDED_KB, SPEED = 150, 1.3
FIRST_QUESTION = "#practice-app .practice-questions fieldset"


class Gzip(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzip-compressed when the browser accepts it (as a static host does)."""

    cache: dict = {}

    def log_message(self, format, *args):  # noqa: A002
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        gz = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gz and path.is_file() and path.suffix in TEXT):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(html: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Gzip, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def visit(browser, url: str, wait_for: str | None = None) -> dict:
    """A first visit: {"bytes": transferred, "away": [urls to other hosts], "ms": load time (or
    time to `wait_for`), "urls": {url: bytes}}."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    if wait_for:  # the moment the element appears, in the page's own clock
        ctx.add_init_script(f"""new MutationObserver((m, o) => {{
          if (document.querySelector('{wait_for}')) {{ window.__shown = performance.now(); o.disconnect(); }}
        }}).observe(document, {{childList: true, subtree: true}});""")
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    urls, sizes = {}, {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="load")
    if wait_for:
        page.wait_for_function("() => window.__shown !== undefined")
        ms = page.evaluate("() => window.__shown")
    else:
        ms = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
    page.wait_for_load_state("networkidle")
    base = url.split("/", 3)[:3]
    out = {"bytes": sum(sizes.values()), "ms": ms,
           "away": [u for u in urls.values() if u.split("/", 3)[:3] != base and not u.startswith("data:")],
           "urls": {urls[r].split("?")[0]: n for r, n in sizes.items() if r in urls}}
    ctx.close()
    return out


def offline_ok(browser, url: str, code: str) -> bool:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(url, wait_until="networkidle")
    ctx.set_offline(True)
    page.fill("#practice-code", code)
    page.press("#practice-code", "Enter")
    ok = page.locator(FIRST_QUESTION).count() > 0
    page.get_by_role("button", name="See my score").click()
    ok = ok and page.locator("#practice-score-heading").count() == 1
    ctx.close()
    return ok


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--chapter", default="techniques/swedish")
    p.add_argument("--html", type=Path, help="a built book (default: build one in a temp folder)")
    args = p.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("benchmarks/practice.py: chromium is not installed (apt-get install chromium)",
              file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    bank = bank_mod.load()
    code = replay.make(bank.version, bank.fingerprint, 4821, 10, TOPICS)
    with tempfile.TemporaryDirectory(prefix="bench-practice-") as tmp:
        html = args.html
        if html is None:
            html = Path(tmp) / "html"
            subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d",
                            str(Path(tmp) / "doctrees"), "-c", str(ROOT), str(ROOT / "docs"),
                            str(html)], check=True, cwd=ROOT)
        server, base = serve(html)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium,
                                             args=["--headless", "--no-sandbox"])
                visit(browser, base + f"{args.chapter}.html")  # warm the server's gzip cache
                visit(browser, base + f"practice.html#code={code}", FIRST_QUESTION)
                chapter, practice = [], []
                for _ in range(args.runs):
                    chapter.append(visit(browser, base + f"{args.chapter}.html"))
                    practice.append(visit(browser, base + f"practice.html#code={code}",
                                          FIRST_QUESTION))
                offline = offline_ok(browser, base + "practice.html", code)
                browser.close()
        finally:
            server.shutdown()
    c_bytes, p_bytes = chapter[-1]["bytes"], practice[-1]["bytes"]
    added = (p_bytes - c_bytes) / 1000
    away = sorted({u for v in chapter + practice for u in v["away"]})
    c_ms = statistics.median(v["ms"] for v in chapter)
    p_ms = statistics.median(v["ms"] for v in practice)
    own = {u.rsplit("/", 1)[-1]: n for u, n in practice[-1]["urls"].items()
           if u.rsplit("/", 1)[-1] not in {x.rsplit("/", 1)[-1] for x in chapter[-1]["urls"]}}
    own_kb = sum(own.values()) / 1000
    results = [max(added, own_kb) <= ADDED_KB, not away, p_ms / c_ms <= SPEED, offline]
    print(f"first visit, {args.chapter} (baseline)  {c_bytes / 1000:8.1f} KB transferred (gzip)")
    print(f"first visit, practice page            {p_bytes / 1000:8.1f} KB transferred   "
          f"added: {added:.1f} KB (target: {ADDED_KB} KB or less: "
          f"{'met' if results[0] else 'NOT met'})")
    for name, n in sorted(own.items()):
        print(f"    only the practice page loads {name:<22} {n / 1000:7.1f} KB")
    print(f"    the practice page's own files, in all      {own_kb:7.1f} KB (the same target)")
    print(f"requests to other hosts               {len(away)} (target: 0: "
          f"{'met' if results[1] else 'NOT met'}) {' '.join(away[:5])}")
    print(f"{args.chapter} load event (baseline)  {c_ms:8.0f} ms (median of {args.runs})")
    print(f"practice page, first question shown   {p_ms:8.0f} ms   = {p_ms / c_ms:.2f}x "
          f"(target: {SPEED}x or less: {'met' if results[2] else 'NOT met'})")
    print(f"offline once loaded: a code replayed and scored with the network cut: "
          f"{'yes' if offline else 'NO'}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
