"""Regenerate the page's screenshots in docs/ from the example articles.

    .venv/bin/python scripts/screenshots.py            # ingests examples/ into a temporary database
    .venv/bin/python scripts/screenshots.py --db eventwire.db --out docs/

Writes docs/screenshot-map.png (the map fitted to the data, clustered), docs/screenshot-article.png
(an article with every item highlighted) and docs/screenshot-figures.png (a claim series with its
conflict, the evidence of the conflicting day opened).  Serves the page on 127.0.0.1 and drives
Debian's chromium (/usr/bin/chromium, or $EVENTWIRE_CHROMIUM) with Playwright; no network.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("EVENTWIRE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
ARTICLE = "01-kharkiv-shelling"          # the example article shown in the article view


def build_database(path: Path) -> None:
    import eventwire

    with eventwire.open(path) as db:
        report = db.ingest([str(ROOT / "examples")])
        print(report.summary(str(path)), file=sys.stderr)


def serve(db: str):
    """uvicorn in a thread over ``db``: (base URL, stop function)."""
    import uvicorn

    from eventwire.api import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    if not server.started:
        raise SystemExit("the server did not start")

    def stop():
        server.should_exit = True
        thread.join(10)
    return f"http://127.0.0.1:{port}", stop


def take(base: str, out: Path, article_id: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    shots = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.goto(base + "/")
        page.wait_for_selector("body[data-ready='1']", timeout=30000)
        page.wait_for_function("document.getElementById('stats').textContent.length > 0")
        page.wait_for_timeout(800)                   # outlines and cluster icons drawn
        shots.append(out / "screenshot-map.png")
        page.screenshot(path=str(shots[-1]))

        page.goto(f"{base}/#/article/{article_id}")
        page.wait_for_selector("#article-text mark.hl")
        shots.append(out / "screenshot-article.png")
        page.screenshot(path=str(shots[-1]))

        page.goto(f"{base}/#/figures?metric=killed&source=General+Staff")
        page.wait_for_selector("#claims-charts circle.point")
        point = page.locator("#claims-charts circle.point.conflicting").last
        (point if point.count() else page.locator("#claims-charts circle.point").first).click()
        page.wait_for_selector("#claim-evidence-list li.claim-evidence")
        shots.append(out / "screenshot-figures.png")
        page.screenshot(path=str(shots[-1]))
        browser.close()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing database (default: examples/ ingested into a temporary one)")
    parser.add_argument("--out", default=str(ROOT / "docs"), help="output folder (default: docs/)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = str(Path(tmp) / "examples.db")
            build_database(Path(db))
        import eventwire

        with eventwire.open(db) as d:
            article_id = next(a["id"] for a in d.articles(limit=None) if (a["origin"] or "").endswith(ARTICLE + ".txt"))
        base, stop = serve(db)
        try:
            for path in take(base, out, article_id):
                print(f"wrote {path}", file=sys.stderr)
        finally:
            stop()


if __name__ == "__main__":
    main()
