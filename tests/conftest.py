"""Shared fixtures: the built site, throw-away copies of the project, and the hooks on sys.path."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
collect_ignore = ["probes", "fixtures"]  # probe snippets are copied into throw-away projects, not imported here
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(Path(__file__).parent))
MKDOCS = [sys.executable, "-m", "mkdocs"]
CACHE = (
    ROOT / "test-results" / "cache"
)  # the tests' own compute cache (never the developer's .cache), kept between runs
EPOCH = "1795000000"  # builds in tests are dated, reproducibly, by SOURCE_DATE_EPOCH
MINI = Path(__file__).parent / "fixtures" / "mini"


def build(project: Path, site: Path, **env) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site``; returns the finished process (check returncode).

    No PYTHONPATH: the hooks themselves make a project build with its own snippets/ (hooks/_site.py)."""
    full_env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "VA_CACHE_DIR": str(CACHE),
        "SOURCE_DATE_EPOCH": EPOCH,
        **{k: str(v) for k, v in env.items()},
    }
    full_env.pop("PYTHONPATH", None)
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "-d", str(site)],
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def evidence_modules(directory, names):
    """The site's evidence modules in snippets/ (not ``_*.py``, the machinery): a small project has its own."""
    return [n for n in names if n == "__pycache__" or (n.endswith(".py") and not n.startswith("_"))]


def mini_project(dest: Path) -> Path:
    """A small project with the site's real hooks, snippet machinery (snippets/_*.py) and config but one page pair
    and one claim (tests/fixtures/mini), and none of the site's evidence modules (which import torch): it builds
    in seconds, for the pipeline tests, which add their probe snippets."""
    shutil.copytree(ROOT / "snippets", dest / "snippets", ignore=evidence_modules)
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(MINI, dest, dirs_exist_ok=True)
    shutil.copy2(ROOT / "data" / "ui.yml", dest / "data" / "ui.yml")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(config.split("\nnav:", 1)[0] + "\nnav:\n  - index.md\n", encoding="utf-8")
    return dest


def copy_project(dest: Path) -> Path:
    """A copy of the site's sources (docs, hooks, data, snippets, overrides, mkdocs.yml) to break on purpose."""
    for name in ("docs", "hooks", "data", "snippets", "overrides", "mkdocs.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> tuple[Path, str]:
    """The real site, built once per test session with ``mkdocs build --strict``: (site folder, build log)."""
    out = tmp_path_factory.mktemp("site")
    done = build(ROOT, out)
    assert done.returncode == 0, f"strict build failed:\n{done.stdout}\n{done.stderr}"
    return out, done.stderr


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    return site_build[0]


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path, port: int = 0):
    """Serve ``directory`` on 127.0.0.1 in a thread; returns (server, base URL)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="session")
def server(site):
    httpd, url = serve(site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
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
