"""The reader's experience in a real browser: Debian's chromium driven by Playwright, the strict build
served on 127.0.0.1. Every request must stay on this machine."""
import functools
import http.server
import threading
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
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


def all_pages(site):
    return sorted(str(p.parent.relative_to(site)).replace(".", "") for p in site.rglob("index.html"))


def test_every_page_loads_without_errors_or_foreign_requests(site, server, page):
    paths = all_pages(site)
    assert any(p.startswith("en") for p in paths) and any(not p.startswith("en") for p in paths)
    for path in paths:
        url = server + (path + "/" if path else "")
        response = page.goto(url, wait_until="networkidle")
        assert response.status == 200, url
        for img in page.query_selector_all("img"):
            assert img.evaluate("i => i.complete && i.naturalWidth > 0"), f"{url}: image {img.get_attribute('src')} did not render"
    assert page.errors == []
    assert page.foreign == []


def test_language_switch_keeps_the_page(server, page):
    page.goto(server + "note/")
    page.hover("div.md-select")
    page.click('a.md-select__link[hreflang="en"]')
    page.wait_for_load_state()
    assert page.url.endswith("/en/note/")
    page.hover("div.md-select")
    page.click('a.md-select__link[hreflang="hi"]')
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/note") and "/en/" not in page.url


@pytest.mark.parametrize("lang, word, expect_en", [("hi", "सुसंगति", False), ("en", "coherence", True)])
def test_search_finds_the_page_in_its_language(server, page, lang, word, expect_en):
    page.goto(server + ("en/" if expect_en else ""))
    page.click("label.md-search__icon, .md-search__input")
    page.fill("input.md-search__input", word)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")
    assert links, f"no results for {word!r}"
    assert all(("/en/" in link) == expect_en for link in links), links


def test_devanagari_is_shaped_in_the_page(server, page):
    """A conjunct (क्ष) renders narrower than its letters side by side: the text is shaped, not isolated letters."""
    page.goto(server)
    widths = page.evaluate("""() => {
        const m = t => { const s = document.createElement('span'); s.textContent = t; s.style.font = '20px "Noto Sans Devanagari"';
                          document.body.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w; };
        return [m('क्ष'), m('क') + m('्') + m('ष')];
    }""")
    page.wait_for_function("document.fonts.check('20px \"Noto Sans Devanagari\"')")
    assert widths[0] < widths[1] * 0.9, widths
    fonts = page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Devanagari" in f for f in fonts), fonts


def test_dark_mode_toggles(server, page):
    page.goto(server + "en/")
    before = page.get_attribute("body", "data-md-color-scheme")
    page.click("label.md-header__button[for^='__palette']:visible")
    after = page.get_attribute("body", "data-md-color-scheme")
    assert {before, after} == {"default", "slate"}
