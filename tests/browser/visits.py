"""Every page of the test site loaded once, as a phone with an empty cache, recording what the per-page tests assert
on (tests/browser/test_visits.py): one load serves every check.

Each load is the worst case for layout shift, made deterministic (issue 26):
- the HTML arrives in pieces (TRICKLE: bytes, then a pause; scripts/static_host.py), so the browser would paint a
  page it has only partly parsed: each frame drawn before the end of the page (END) was parsed is recorded;
- every subresource other than the stylesheets (fonts, scripts, images) is held back until 1 s after the page first
  painted, and 1 s after its own request (Playwright routing): far past the block period of a
  ``font-display: optional`` face (100 ms), so each font file arrives after text was laid out and painted without it,
  and each script runs after that paint. (Measured: released at once after the first paint, a face sometimes landed
  inside its block period and moved the Hindi gaussian-noise page by 0.034; held 250 ms, with six pages loading at
  once, faces still moved claim pages by up to 0.031 in 2 of 248 loads, as a starved renderer runs the block
  period's timer late; held 1 s, in none of 248.) A stylesheet requested after the first paint is recorded: it
  would apply late;
- a face the page carries inline (a data: URL) cannot be held back; a frame drawn before it started loading is
  recorded (it would start only when text is laid out, with a stand-in face, which moves when the face is ready:
  Lighthouse measured 0.26).
Then: response status, console errors and failed requests, requests leaving 127.0.0.1 (aborted), the bytes of the
first view, search requests, layout shift (a PerformanceObserver, after the fonts are in and two frames drawn),
axe-core's serious and critical violations, and every image scrolled into view and rendered. Visits run in
Playwright's async API in a thread of their own (the sync API the other browser tests use keeps its own event loop),
started by the first browser test (tests/conftest.py: page_visits), so the other browser tests run while they wait.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from conftest import ARGS, CHROMIUM

PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
# Layout shifts, summed as they are reported; flush() adds the entries not yet delivered (takeRecords). Each entry
# names the moved elements and their boxes.
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
# Each frame drawn while the page loads (requestAnimationFrame runs before each): is the end of the page parsed, and
# has every face with a data: source started loading? (One that starts only when text needs it is still loading when
# that text is first laid out. Started early, it is loaded long before, but not always: its decoding can still finish
# after the first frame on a starved machine, measured once in 102 pages at load 27.) END is the last element of the
# visible page (Material's base.html: only scripts follow it; overrides/partials/va-first-paint.html blocks rendering
# until it is parsed).
END = "__config"
FRAMES = """(() => { window.__early = []; const end = "@END@";
  const inline = () => { const out = [];
    for (const sheet of document.styleSheets) { let rules; try { rules = sheet.cssRules; } catch (e) { continue; }
      for (const r of rules) if (r instanceof CSSFontFaceRule && r.style.getPropertyValue("src").includes("data:"))
        out.push([r.style.getPropertyValue("font-family").replace(/["']/g, ""), r.style.getPropertyValue("font-weight") || "400"]); }
    return out; };
  const frame = () => {
    if (document.body && document.body.firstElementChild) {
      const t = Math.round(performance.now());
      if (!document.getElementById(end)) window.__early.push(`frame at ${t} ms drawn before the end of the page was parsed`);
      for (const [family, weight] of inline()) for (const f of document.fonts)
        if (f.family.replace(/["']/g, "") === family && String(f.weight) === weight && f.status === "unloaded")
          window.__early.push(`frame at ${t} ms drawn before the inline face ${family} ${weight} started loading`);
    }
    if (document.readyState !== "complete") requestAnimationFrame(frame); };
  requestAnimationFrame(frame); })();""".replace("@END@", END)
KEEP, KEEP_PAGE = "__keep__", "<!doctype html><title>-</title>"  # a page of the site that holds its renderer
PAINTED = "performance.getEntriesByType('paint').length > 0"
HOLD_AFTER_PAINT_MS = 1000  # held subresources arrive this long after the first paint and after their request
TRICKLE = "4096 80"  # the HTML in pieces of 4 KB, 80 ms apart: time for a frame between them
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
    sent: list[tuple[str, int]] = field(default_factory=list)  # (request path, body bytes) of the first view
    held_fonts: int = 0  # font files held back until after the first paint
    early: list[str] = field(default_factory=list)  # frames drawn before the page or an inline face was ready
    late_styles: list[str] = field(default_factory=list)  # stylesheets requested after the first paint
    shift: float | None = None
    shifted: list[str] = field(default_factory=list)
    axe: list[str] | None = None  # serious or critical violations (None: axe did not run)
    images: list[str] = field(default_factory=list)  # images that did not render
    checked_images: int = 0
    failure: str | None = None

    @property
    def name(self) -> str:
        return "/" + self.path


async def _visit(context, visit: Visit, axe: Path) -> None:
    page = await context.new_page()
    try:
        drawn, painted, responses = asyncio.Event(), asyncio.Event(), []  # first paint; held subresources released
        loop = asyncio.get_running_loop()
        page.on("console", lambda m: m.type == "error" and visit.errors.append(m.text))
        page.on("pageerror", lambda e: visit.errors.append(str(e)))
        page.on("response", lambda r: responses.append(r))

        async def route(route):
            url = route.request.url
            if url.startswith(("data:", "blob:")):
                return await route.continue_()
            if urlparse(url).hostname != "127.0.0.1":
                visit.foreign.append(url)
                return await route.abort()
            kind = route.request.resource_type
            if kind == "document":  # in pieces: the browser may paint what it parsed so far
                return await route.continue_(headers={**route.request.headers, "x-trickle": TRICKLE})
            if kind == "stylesheet":
                if drawn.is_set():
                    visit.late_styles.append(url)
                return await route.continue_()
            visit.held_fonts += urlparse(url).path.endswith(".woff2")
            asked = loop.time()
            await painted.wait()  # after the first paint: the worst case for text that could move
            await asyncio.sleep(asked + HOLD_AFTER_PAINT_MS / 1000 - loop.time())  # a face asked for late, too
            return await route.continue_()

        await page.route("**/*", route)
        await page.add_init_script(SHIFTS)
        await page.add_init_script(FRAMES)
        goto = asyncio.ensure_future(page.goto(visit.url, wait_until="load", timeout=60_000))
        await page.wait_for_function(PAINTED, timeout=60_000)
        drawn.set()
        await page.wait_for_timeout(HOLD_AFTER_PAINT_MS)
        painted.set()
        response = await goto
        visit.status = response.status if response else None
        await page.wait_for_load_state("networkidle")
        visit.shift, visit.shifted = await page.evaluate(SETTLED_SHIFT)
        visit.early = await page.evaluate("window.__early")
        for r in responses:
            if r.status >= 400:
                visit.errors.append(f"HTTP {r.status}: {r.url}")
            elif not r.url.startswith("data:"):
                visit.sent.append((urlparse(r.url).path, len(await r.body())))
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
        await page.close()


async def _run(visits: list[Visit], server: str, workers: int, axe: Path) -> dict[str, Visit]:
    from playwright.async_api import async_playwright

    jobs: asyncio.Queue = asyncio.Queue()
    for v in visits:
        jobs.put_nowait(v)
    origin = "{0.scheme}://{0.netloc}".format(urlparse(server))
    async with async_playwright() as p:
        # One browser (a browser per worker cost 6 % more CPU) and one context per worker, whose renderer process
        # serves all its visits: a blank page of the site stays open in it (KEEP), so each visit's new page gets that
        # process, where starting one cost ~0.7 core-s, a third of a visit. Each visit is still a first one: a new
        # tab; the HTTP cache and Blink's memory cache are off while requests are routed (every page fetched the same
        # files and bytes, and held the same fonts, as with a context per page); and what a visit stored for the site
        # (cookies, local storage, IndexedDB, service workers) is cleared before the next.
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        async def worker():
            context = await browser.new_context(**PHONE)
            keeper = await context.new_page()
            await keeper.route(server + KEEP, lambda route: route.fulfill(body=KEEP_PAGE, content_type="text/html"))
            await keeper.goto(server + KEEP)
            storage = await context.new_cdp_session(keeper)
            while not jobs.empty():
                await _visit(context, jobs.get_nowait(), axe)
                await storage.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            await context.close()

        try:
            await asyncio.gather(*(worker() for _ in range(workers)))
        finally:
            await browser.close()
    return {v.path: v for v in visits}


def start(paths: list[str], server: str, workers: int, axe: Path) -> concurrent.futures.Future:
    """Start visiting every page of ``paths`` (under ``server``), ``workers`` pages at a time, in a thread of its
    own (an event loop of its own, whatever the caller runs): a future of {path: Visit}."""
    visits = [Visit(path, server + (path + "/" if path else "")) for path in paths]
    pool = concurrent.futures.ThreadPoolExecutor(1)
    done = pool.submit(asyncio.run, _run(visits, server, workers, axe))
    pool.shutdown(wait=False)
    return done
