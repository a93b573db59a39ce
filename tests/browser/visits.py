"""Every page of the built site visited once per browser profile (desktop: a few pages at a time), recording what the
per-page tests assert on (tests/test_browser.py, tests/test_reader.py): one load serves every check of its profile.

- desktop (1280 x 900, one context per worker, requests leaving 127.0.0.1 aborted): response status, console
  errors, failed requests, foreign requests, axe-core's violations on the page as loaded, then every image scrolled
  into view (figures load lazily) and rendered;
- phone (Lighthouse's mobile preset on a slow network, shaped by the server; a new context per page, so an empty
  cache): the bytes the server sent for this page's first view, search requests, layout shift.

The server (tests/counting_server.py) logs each request with the ``x-va-visit`` header its context sends, so
concurrent phone visits each count only their own bytes. Visits run in Playwright's async API in a thread of their
own (the sync API the other browser tests use keeps its own event loop)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

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
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# A mid-range phone on a mobile network, as Lighthouse's mobile preset simulates it: fonts and images that arrive
# after the first paint would move text, which a fast local load would hide.
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
# Its network (Lighthouse's: 150 ms round trip, 1.6 Mbit/s down) is shaped by the server (tests/counting_server.py),
# per visit, for the requests that carry this header.
NETWORK_HEADER = "x-va-network"  # = counting_server.NETWORK_HEADER: "LATENCY_MS BYTES_PER_S"
SLOW_NETWORK = f"150 {1.6e6 / 8:.0f}"
VISIT_HEADER = "x-va-visit"  # = counting_server.HEADER
# Layout shifts, summed as they are reported; flush() adds the entries not yet delivered to the callback
# (takeRecords), so reading the sum after the last rendered frame needs no waiting.
SHIFTS = """(() => { window.__shift = 0; window.__shifted = [];
  const tag = n => n ? n.nodeName.toLowerCase() + (n.id ? "#" + n.id : "") +
    (typeof n.className === "string" && n.className ? "." + n.className.trim().split(/\\s+/).join(".") : "") : "?";
  const name = n => n && n.nodeType === 3 ?
    `text "${n.textContent.trim().slice(0, 24)}" in ${tag(n.parentElement)}` : tag(n);
  const box = r => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
  const add = entries => { for (const e of entries) if (!e.hadRecentInput) {
    window.__shift += e.value;
    window.__shifted.push(e.value.toFixed(3) + " at " + Math.round(e.startTime) + " ms: " + (e.sources || [])
      .map(s => `${name(s.node)} (${box(s.previousRect)} -> ${box(s.currentRect)})`).join(", ")); } };
  const observer = new PerformanceObserver(list => add(list.getEntries()));
  observer.observe({type: "layout-shift", buffered: true});
  window.__flushShifts = () => add(observer.takeRecords()); })();"""
# After the network has been idle for 500 ms (so every font and image of the first view has arrived): fonts ready,
# two frames rendered (so a shift they cause has been laid out and reported), then the shifts not yet delivered.
SETTLED_SHIFT = """async () => {
  await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  window.__flushShifts();
  return [window.__shift, window.__shifted]; }"""
AXE_SERIOUS = (
    "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    ".filter(v => ['serious', 'critical'].includes(v.impact))"
    ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
)


@dataclass
class Visit:
    """What one load of one page showed. ``failure`` is the exception that ended the visit early, as text."""

    path: str  # "" for the home page, "en/note" …
    url: str
    status: int | None = None
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # images that did not render
    checked_images: int = 0
    axe: list[str] | None = None  # serious or critical violations (None: axe did not run)
    sent: list[tuple[str, int]] = field(default_factory=list)  # (request path, bytes sent) for this visit
    shift: float | None = None
    shifted: list[str] = field(default_factory=list)  # each layout shift: its value, time and the moved elements
    failure: str | None = None

    @property
    def name(self) -> str:
        return "/" + self.path


def all_pages(site: Path) -> list[str]:
    """Every built page, as a path under the site ("" for the home page), Pagefind's files excepted."""
    return sorted(
        str(p.parent.relative_to(site)).replace(".", "")
        for p in site.rglob("index.html")
        if p.parent.relative_to(site).parts[:1] != ("pagefind",)
    )


def url_of(server: str, path: str) -> str:
    return server + (path + "/" if path else "")


def _watch(page, visit_of):
    """Record console errors, page errors, failed responses and (aborting them) requests leaving 127.0.0.1 into
    the visit under way on ``page``."""

    page.on("console", lambda m: m.type == "error" and visit_of().errors.append(m.text))
    page.on("pageerror", lambda e: visit_of().errors.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and visit_of().errors.append(f"HTTP {r.status}: {r.url}"))

    async def guard(route):
        request_url = route.request.url
        if request_url.startswith(("data:", "blob:")) or urlparse(request_url).hostname == "127.0.0.1":
            return await route.continue_()
        visit_of().foreign.append(request_url)
        return await route.abort()

    return page.route("**/*", guard)


async def _desktop(browser, jobs: asyncio.Queue, axe: Path):
    context = await browser.new_context(**DESKTOP)
    page = await context.new_page()
    current: list[Visit] = []
    await _watch(page, lambda: current[-1])
    try:
        while not jobs.empty():
            visit = jobs.get_nowait()
            current.append(visit)
            try:
                response = await page.goto(visit.url, wait_until="networkidle")
                visit.status = response.status if response else None
                await page.add_script_tag(path=str(axe))
                visit.axe = await page.evaluate(AXE_SERIOUS)
                for img in await page.query_selector_all("img"):
                    await img.scroll_into_view_if_needed()  # figures load lazily, as a reader scrolls
                    await page.wait_for_function("i => i.complete", arg=img, timeout=10000)
                    if not await img.evaluate("i => i.naturalWidth > 0 && i.getBoundingClientRect().width > 0"):
                        visit.images.append(f"image {await img.get_attribute('src')} did not render")
                    visit.checked_images += 1
            except Exception as e:  # the page is named in the test's message, with what went wrong
                visit.failure = f"{type(e).__name__}: {e}"
    finally:
        await context.close()


async def _phone(browser, jobs: asyncio.Queue, log: list, network: str):
    while not jobs.empty():
        visit = jobs.get_nowait()
        tag = uuid.uuid4().hex  # this visit's requests in the server's log
        context = await browser.new_context(**PHONE, extra_http_headers={VISIT_HEADER: tag, NETWORK_HEADER: network})
        try:
            page = await context.new_page()
            pending: set = set()
            page.on("request", lambda r: pending.add(r.url))
            page.on("requestfinished", lambda r: pending.discard(r.url))
            page.on("requestfailed", lambda r: pending.discard(r.url))
            await page.add_init_script(SHIFTS)
            response = await page.goto(visit.url, wait_until="networkidle", timeout=60_000)
            visit.status = response.status if response else None
            visit.shift, visit.shifted = await page.evaluate(SETTLED_SHIFT)
            visit.sent = [(path, size) for t, path, size in log() if t == tag]
        except Exception as e:
            visit.failure = f"{type(e).__name__}: {e} (requests not finished: {sorted(pending)})"
        finally:
            await context.close()


async def _run(kind: str, visits: list[Visit], workers: int, **kw):
    """``workers`` visits at a time, each worker with a browser of its own."""
    from playwright.async_api import async_playwright

    jobs: asyncio.Queue = asyncio.Queue()
    for v in visits:
        jobs.put_nowait(v)
    async with async_playwright() as p:

        async def worker():
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                if kind == "desktop":
                    await _desktop(browser, jobs, kw["axe"])
                else:
                    await _phone(browser, jobs, kw["log"], kw.get("network", SLOW_NETWORK))
            finally:
                await browser.close()

        await asyncio.gather(*(worker() for _ in range(workers)))


def visit_all(kind: str, site: Path, server: str, workers: int, paths=None, **kw) -> dict[str, Visit]:
    """Visit every page of ``site`` (or those of ``paths``), served at ``server``, with the ``kind`` profile
    ("desktop" or "phone"; ``network=`` another "LATENCY_MS BYTES_PER_S" for the phone), ``workers`` pages at a time;
    returns {path: Visit} for every page."""
    visits = [Visit(path, url_of(server, path)) for path in (all_pages(site) if paths is None else paths)]
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # an event loop of its own, whatever the caller runs
        pool.submit(asyncio.run, _run(kind, visits, workers, **kw)).result()
    return {v.path: v for v in visits}
