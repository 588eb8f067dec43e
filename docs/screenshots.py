"""Make the README's screenshots: the home page, the article reader and the overview graph.

Run: .venv/bin/python docs/screenshots.py [--out docs]

It ingests the seed articles (spaCy, as `kg ingest` does) into a temporary store, builds a
500-article synthetic corpus for the overview (bench/view_build.py), serves each with the
real app on 127.0.0.1, and photographs the pages with headless Chromium (Playwright, as the
browser tests do). Nothing is fetched from outside 127.0.0.1.
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import uvicorn  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from api.app import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from kg.ingest import ingest  # noqa: E402
from kg.store import Store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
READY = "() => window.claimgraph && claimgraph.ready && claimgraph.stabilized"


def serve(store: Store) -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(store, settings=Settings()), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files")
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("view_build", ROOT / "bench" / "view_build.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        seeds = Store(str(Path(tmp) / "seeds"))
        assert ingest(sorted((ROOT / "seeds").glob("*.txt")), seeds).ok
        corpus = bench.corpus_store(Path(tmp) / "corpus", 500)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1280, "height": 820})
        server, url = serve(seeds)
        tab.goto(f"{url}/")
        tab.screenshot(path=str(args.out / "home.png"))
        article = seeds.article_ids()[0]
        tab.goto(f"{url}/articles/{article}#claim-{article}-1")
        tab.wait_for_function("() => window.claimgraphReader && claimgraphReader.ready")
        tab.screenshot(path=str(args.out / "reader.png"))
        server.should_exit = True
        server, url = serve(corpus)
        tab.goto(f"{url}/view?mode=overview&limit=60")
        tab.wait_for_function(READY)
        tab.screenshot(path=str(args.out / "overview.png"))
        server.should_exit = True
        browser.close()
        seeds.close()
        corpus.close()
    for name in ("home", "reader", "overview"):
        print(args.out / f"{name}.png")


if __name__ == "__main__":
    main()
