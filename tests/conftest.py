"""Fixtures shared by the tests. Tests are grouped by what they need (the Makefile runs each group when what it needs
is there; README: "Tests"):

tests/unit     builds nothing
tests/build    builds throw-away projects (tests/fixtures/mini and probe snippets) in seconds each
tests/site     reads the site `make test-site` built (test-results/www/video/analysis/, served under that sub-path,
               as a project site is published) and its rebuild (test-results/again/)
tests/browser  loads that site in Debian's chromium (Playwright), served as a static host serves it
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sitegen.common import one_thread_per_process

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "test-results"
SUB_PATH = "video/analysis/"  # where the test site is published, as a project site on a static host is
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
collect_ignore = ["probes", "fixtures"]  # probe snippets are copied into throw-away projects, not imported here

one_thread_per_process()  # the tests share the cores with the builds: one thread each, as a build's processes do


def _built(name: str) -> Path:
    path = Path(os.environ.get(f"VA_TEST_{name.upper()}", RESULTS / name))
    if not (path / "build.log").exists():
        pytest.fail(f"{path} is not built: `make test-site` builds it (tests/site and tests/browser read it)")
    return path


@pytest.fixture(scope="session")
def site() -> Path:
    """The test site's folder (the files under its sub-path)."""
    return _built("www") / SUB_PATH


@pytest.fixture(scope="session")
def site_log() -> str:
    """The test site's build log."""
    return (_built("www") / "build.log").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site_url() -> str:
    """The address the test site was built for and is served at (``SITE_URL``)."""
    return (_built("www") / "site_url").read_text(encoding="utf-8").strip()


@pytest.fixture(scope="session")
def rebuild() -> tuple[Path, str]:
    """The second build (`make test-site`): (its folder, its log)."""
    again = _built("again")
    return again / SUB_PATH, (again / "build.log").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def server(site_url):
    """The test site served at the address it was built for, as a static host serves it (scripts/static_host.py:
    gzip), in a process of its own (answers do not wait on the test process)."""
    www = _built("www")
    port = urlparse(site_url).port
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "static_host.py"), str(www), str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == str(port), "the test server could not listen"
    yield site_url
    proc.terminate()
    proc.wait()


@pytest.fixture(scope="session")
def page_visits(request, site, server):
    """Every page of both languages loaded once (tests/browser/visits.py), six at a time, in the background: a
    future of {path: Visit}, or None when no selected test reads them. The browser fixture starts it, so the other
    browser tests run while the loads wait (the HTML trickles in, subresources are held back);
    tests/browser/test_visits.py reads the result. The server stays up until the loads are done."""
    if not any("visits" in item.fixturenames for item in request.session.items):
        yield None
        return
    from visits import start

    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    assert axe.exists(), "axe-core missing: `make test` installs it with npm ci"
    # six: the loads mostly wait (the HTML trickles in, subresources are held), and four kept the two cores 80 % busy
    # when the loads ran alone, as they did at the end of `make test`; six, 93-95 % (and passed with both cores busy)
    future = start(built_pages(site), server, 6, axe)
    yield future
    future.exception()  # waits; a failure is the visits' tests' to report


@pytest.fixture(scope="session")
def browser(page_visits):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page that records console errors and aborts (and records) every request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors, pg.foreign = [], []
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("response", lambda r: r.status >= 400 and pg.errors.append(f"HTTP {r.status}: {r.url}"))

    def guard(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            return route.continue_()
        pg.foreign.append(route.request.url)
        return route.abort()

    pg.route("**/*", guard)
    yield pg
    context.close()


def built_pages(site: Path) -> list[str]:
    """Every built page, as a path under the site ("" for the home page), Pagefind's files excepted."""
    return sorted(
        p.parent.relative_to(site).as_posix().replace(".", "")
        for p in site.rglob("index.html")
        if p.parent.relative_to(site).parts[:1] != ("pagefind",)
    )


def og(html: str) -> dict[str, list[str]]:
    """Open Graph and Twitter properties as a real parser (extruct) reads them: {property: [values]}."""
    out: dict[str, list[str]] = {}
    import extruct

    for block in extruct.extract(html, syntaxes=["opengraph"], uniform=False)["opengraph"]:
        for key, value in block["properties"]:
            out.setdefault(key, []).append(value)
    for name, value in re.findall(r'<meta name="(twitter:[a-z:]+)" content="([^"]*)"', html):
        out.setdefault(name, []).append(value)
    return out


def shown_values(site: Path, page: str) -> dict[str, float]:
    """The computed values a built page shows, {"module.name": number}, as the reader sees them."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<span class="va-value" data-value="([^"]+)">(-?[\d.,]+)</span>', html)
    return {ref: float(text.replace(",", "")) for ref, text in found}
