"""The README's screenshots (screenshots/*.png) of the test site (`make test-site` builds it): `make screenshots`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
WWW = ROOT / "test-results" / "www"
SHOTS = {"": "home.hi.png", "en/": "home.en.png", "note/": "note.hi.png", "en/note/": "note.en.png"}


def main() -> None:
    from playwright.sync_api import sync_playwright

    url = (WWW / "site_url").read_text(encoding="utf-8").strip()
    host = [sys.executable, str(ROOT / "scripts" / "static_host.py"), str(WWW), str(urlparse(url).port)]
    server = subprocess.Popen(host, stdout=subprocess.PIPE, text=True)
    try:
        server.stdout.readline()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for path, name in SHOTS.items():
                page.goto(url + path, wait_until="networkidle")
                page.evaluate("document.fonts.ready")
                page.screenshot(path=str(ROOT / "screenshots" / name))
                print(f"screenshots/{name}")
            browser.close()
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
