"""Shared fixtures: the built site, throw-away copies of the project, and the hooks on sys.path."""

from __future__ import annotations

import concurrent.futures
import functools
import http.server
import json
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
from visits import ARGS, CHROMIUM, visit_all  # noqa: E402  (tests/ is on sys.path from here)

sys.path.insert(0, str(ROOT / "scripts"))
from _site import one_thread_per_process  # noqa: E402
from static_host import StaticHost  # noqa: E402

one_thread_per_process()  # the tests share the cores with the builds they start: one thread each, as a build does

MKDOCS = [sys.executable, "-m", "mkdocs"]
CACHE = (
    ROOT / "test-results" / "cache"
)  # the tests' own compute cache (never the developer's .cache), kept between runs
EPOCH = "1795000000"  # builds in tests are dated, reproducibly, by SOURCE_DATE_EPOCH
MINI = Path(__file__).parent / "fixtures" / "mini"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Pages loaded at once by the every-page browser checks: desktop visits 3 at a time, phone visits (mostly waiting
# on their slow network, each on a network of its own) 2 at a time. The desktop pass starts as soon as the session's
# build is done, the phone pass when the rebuild is done (Background._visit says why); both run beside the tests.
DESKTOP_WORKERS = int(os.environ.get("VA_DESKTOP_WORKERS", "3"))
PHONE_WORKERS = int(os.environ.get("VA_PHONE_WORKERS", "2"))


def build_env(**env) -> dict:
    """The environment of a test build: the tests' cache, a fixed date, no PYTHONPATH (the hooks themselves make a
    project build with its own snippets/, hooks/_site.py), and ``env`` on top."""
    full_env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "VA_CACHE_DIR": str(CACHE),
        "SOURCE_DATE_EPOCH": EPOCH,
        **{k: str(v) for k, v in env.items()},
    }
    full_env.pop("PYTHONPATH", None)
    return full_env


def shared_fonts(cache: Path) -> Path:
    """``cache`` (a test build's own cache folder), its font subsets kept in the tests' cache: the small project's
    builds each start from an empty cache to count what they compute and draw, but the fonts they embed are the
    same few subsets, made once (snippets/_figure.py: the slow part of drawing; cached by what they are made of)."""
    (CACHE / "fonts").mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / "fonts").exists():
        (cache / "fonts").symlink_to(CACHE / "fonts", target_is_directory=True)
    return cache


def build(project: Path, site: Path, **env) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site``; returns the finished process (check returncode)."""
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "-d", str(site)],
        cwd=project,
        env=build_env(**env),
        capture_output=True,
        text=True,
        timeout=900,
    )


def start_build(project: Path, site: Path, log: Path, **env) -> subprocess.Popen:
    """The same build, started in the background with its output in ``log``; ``wait()`` for it."""
    with open(log, "w") as out:
        return subprocess.Popen(
            [*MKDOCS, "build", "--strict", "-d", str(site)],
            cwd=project,
            env=build_env(**env),
            stdout=out,
            stderr=subprocess.STDOUT,
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
    """A copy of the site's sources (docs, hooks, data, snippets, overrides, mkdocs.yml): benchmarks/build.py builds
    it, as another checkout of the project."""
    for name in ("docs", "hooks", "data", "snippets", "overrides", "mkdocs.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def serve(directory: Path, port: int = 0):
    """Serve ``directory`` on 127.0.0.1 in a thread, as a static host does (scripts/static_host.py); returns
    (server, base URL)."""
    handler = functools.partial(StaticHost, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


class Requests:
    """The requests the session's server answered (tests/counting_server.py): (visit tag or None, path, bytes)."""

    def __init__(self, path: Path):
        self.path = path

    def __call__(self, tag: str | None = None) -> list[tuple[str | None, str, int]]:
        """Every request answered so far, or only those sent with the ``x-va-visit`` header ``tag`` (the pages
        of one test or one visit: other tests and the background visits load pages at the same time)."""
        lines = self.path.read_text(encoding="utf-8").splitlines()
        requests = [tuple(json.loads(line)) for line in lines if line.endswith("]")]
        return requests if tag is None else [r for r in requests if r[0] == tag]


REBUILD_TEST = "test_a_rebuild_that_redraws_every_figure_and_reruns_every_lab_is_byte_identical"


SUB_PATH = "video/analysis/"  # where the session's site is published, as a project site on a static host is


class Background:
    """The session's build of the real site, served by tests/counting_server.py under a sub-path of its own address
    (``SUB_PATH``: every browser test then shows the site works there) and built for it (absolute URLs such as
    hreflang alternates point at it), started when collection ends. As soon as it is
    done, and only for the tests selected: a second build (``rebuild``, for the reproducibility test) and the
    every-page browser passes (``visits``: "desktop" and "phone", tests/visits.py) start beside the other tests
    (the phone pass once the rebuild is done); the fixtures that need them wait for them."""

    def __init__(self, factory, rebuild: bool, visits: tuple[str, ...] = ()):
        www, self.tmp = factory.mktemp("www"), factory.mktemp("builds")
        self.site = www / SUB_PATH
        self.requests = Requests(self.tmp / "requests.jsonl")
        self.server = subprocess.Popen(
            [sys.executable, str(Path(__file__).parent / "counting_server.py"), str(www), str(self.requests.path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.url = f"http://127.0.0.1:{int(self.server.stdout.readline())}/{SUB_PATH}"
        self.build = start_build(ROOT, self.site, self.tmp / "build.log", SITE_URL=self.url)
        self.again, self.rebuild = self.tmp / "again", None
        self.passes = {kind: concurrent.futures.Future() for kind in visits}
        self.chain = threading.Thread(target=self._after_build, args=(rebuild,), daemon=True)
        self.chain.start()

    def _after_build(self, rebuild: bool):
        if self.build.wait() != 0:
            for future in self.passes.values():
                future.set_exception(RuntimeError("the session's build failed"))
            return
        if rebuild:
            self._rebuild()
        for kind, future in self.passes.items():
            threading.Thread(target=self._visit, args=(kind, future), daemon=True).start()

    def _visit(self, kind: str, future: concurrent.futures.Future):
        try:
            if kind == "phone" and self.rebuild is not None:
                # Layout shift depends on timing: beside the rebuild, the phone's renderers were starved of CPU and
                # fonts applied after the first layout moved text (0.18-0.21, now and then). It runs after the
                # rebuild, when only the serial browser tests share the machine (they leave a core free).
                self.rebuild.wait()
            future.set_result(visit_pass(kind, self.site, self.url, self.requests))
        except BaseException as e:
            future.set_exception(e)

    def visits(self, kind: str) -> dict:
        """The ``kind`` pass over every page: the one started after the build, waited for, or one run now."""
        if kind not in self.passes:
            self.passes[kind] = concurrent.futures.Future()
            self._visit(kind, self.passes[kind])
        return self.passes[kind].result()

    def _rebuild(self):
        """Same sources, SITE_URL and SOURCE_DATE_EPOCH, keeping of the session's cache only the computed data, the
        time each compute took, the figures' font subsets and the share images (the slow parts of drawing; that
        another process makes the same bytes is tested in tests/test_figure_fonts.py and test_share_card.py):
        every SVG is drawn again and every lab executed again."""
        cache = self.tmp / "cache"
        (cache / "compute").mkdir(parents=True)
        for entry in (CACHE / "compute").iterdir():  # results and their compute times, not the drawn SVGs
            if entry.suffix in (".pkl", ".time"):
                shutil.copy2(entry, cache / "compute" / entry.name)
        for kept in ("fonts", "share"):
            if (CACHE / kept).is_dir():
                shutil.copytree(CACHE / kept, cache / kept)
        self.rebuild = start_build(ROOT, self.again, self.tmp / "again.log", VA_CACHE_DIR=cache, SITE_URL=self.url)

    def stop(self):
        for proc in (self.build, self.rebuild, self.server):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()


def visit_pass(kind: str, site: Path, url: str, requests: Requests) -> dict:
    """Every page loaded once with the ``kind`` profile: {path: visits.Visit}. Desktop (a few pages at a time):
    status, console errors, failed and foreign requests, axe-core's violations, images. Phone (a slow network,
    an empty cache): bytes of the first view, layout shift, search requests."""
    if kind == "desktop":
        assert AXE.exists(), "axe-core missing: `make test` installs it with npm ci"
        return visit_all("desktop", site, url, DESKTOP_WORKERS, axe=AXE)
    return visit_all("phone", site, url, PHONE_WORKERS, log=requests)


BACKGROUND = pytest.StashKey[Background]()


def needs_site(item) -> bool:
    return "served_build" in getattr(item, "fixturenames", ())


VISITS = {"desktop": "desktop_visits", "phone": "phone_visits"}  # pass -> the fixture that asks for it


def waits(item) -> int:
    """2 for a test that waits for work started in the background after the build (the browser passes, the
    rebuild): those run after the other tests of the built site, which keep the main thread busy meanwhile; else 1."""
    return 2 if {*VISITS.values(), "rebuild"} & set(getattr(item, "fixturenames", ())) else 1


def pytest_collection_modifyitems(session, config, items):
    """The site's build takes one or two cores for a minute and a half: it runs in the background while the tests
    that do not need it run first; then the tests that read or load the built site (the browser passes over
    every page and the rebuild run beside them), those that wait for that background work last; last of all, on a
    machine no build shares, the tests that measure elapsed time (marker ``timing``)."""
    items.sort(key=lambda item: 3 if item.get_closest_marker("timing") else waits(item) if needs_site(item) else 0)
    if any(needs_site(item) for item in items) and not config.option.collectonly:
        wanted = {name for item in items for name in getattr(item, "fixturenames", ())}
        config.stash[BACKGROUND] = Background(
            config._tmp_path_factory,
            rebuild=any(item.name == REBUILD_TEST for item in items),
            visits=tuple(kind for kind, fixture in VISITS.items() if fixture in wanted),
        )


def pytest_sessionfinish(session):
    if BACKGROUND in session.config.stash:
        session.config.stash[BACKGROUND].stop()


@pytest.fixture(scope="session")
def served_build(request):
    """The session's build (see Background), waited for: (site folder, base URL, build log, Requests)."""
    if BACKGROUND not in request.config.stash:  # asked for by name at run time, not by a collected test
        request.config.stash[BACKGROUND] = Background(request.config._tmp_path_factory, rebuild=False)
    bg = request.config.stash[BACKGROUND]
    code = bg.build.wait(timeout=900)
    log = (bg.tmp / "build.log").read_text(encoding="utf-8")
    assert code == 0, f"strict build failed:\n{log}"
    return bg.site, bg.url, log, bg.requests


@pytest.fixture(scope="session")
def site_build(served_build) -> tuple[Path, str]:
    """(site folder, build log) of the session's build."""
    return served_build[0], served_build[2]


@pytest.fixture(scope="session")
def site(served_build) -> Path:
    return served_build[0]


@pytest.fixture(scope="session")
def server(served_build) -> str:
    """The base URL the session's build is served at (and was built for)."""
    return served_build[1]


@pytest.fixture(scope="session")
def served_requests(served_build) -> Requests:
    """What the session's server answered, request by request."""
    return served_build[3]


@pytest.fixture(scope="session")
def rebuild(request, served_build):
    """The second build (Background._rebuild), waited for: (its site folder, its exit code, its log)."""
    bg = request.config.stash[BACKGROUND]
    bg.chain.join()
    if bg.rebuild is None:  # not selected at collection: asked for by name at run time
        bg._rebuild()
    code = bg.rebuild.wait(timeout=900)
    return bg.again, code, (bg.tmp / "again.log").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def desktop_visits(request, served_build) -> dict:
    """Every page loaded once in a desktop browser: {path: visits.Visit} (status, console errors, failed and
    foreign requests, axe-core's violations, images)."""
    return request.config.stash[BACKGROUND].visits("desktop")


@pytest.fixture(scope="session")
def phone_visits(request, served_build) -> dict:
    """Every page's first view on a phone on a slow network, empty cache: {path: visits.Visit} (bytes, shift)."""
    return request.config.stash[BACKGROUND].visits("phone")


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
