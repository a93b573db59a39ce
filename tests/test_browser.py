"""The reader's experience in a real browser: Debian's chromium driven by Playwright, the strict build
served on 127.0.0.1. Every request must stay on this machine."""
import os
from pathlib import Path

import pytest

from conftest import ROOT, build, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def search(page, word):
    """Type ``word`` into Material's search, key by key as a reader does (Material reacts to key events),
    and return the result links; an empty list if none come."""
    page.click("label.md-search__icon, .md-search__input")
    page.type("input.md-search__input", word, delay=30)
    for _ in range(4):
        try:
            page.wait_for_selector(".md-search-result__item", timeout=5000)
            return page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")
        except Exception:  # typed before the search worker was ready: retype the last letter, as a reader would
            page.press("input.md-search__input", "Backspace")
            page.type("input.md-search__input", word[-1])
    return []


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
            img.scroll_into_view_if_needed()  # figures load lazily, as a reader scrolls
            page.wait_for_function("i => i.complete", arg=img, timeout=10000)
            assert img.evaluate("i => i.naturalWidth > 0 && i.getBoundingClientRect().width > 0"), \
                f"{url}: image {img.get_attribute('src')} did not render"
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
    page.goto(server + ("en/" if expect_en else ""), wait_until="networkidle")
    links = search(page, word)
    assert links, f"no results for {word!r}"
    # the glossary is bilingual by nature (each language's page lists the other's terms); every other hit,
    # and the first, must be a page in the language searched in
    assert ("/en/" in links[0]) == expect_en, links
    if not expect_en:  # a Hindi word finds only Hindi pages (the glossary lists both languages' terms)
        assert all("/en/" not in link for link in links if "/glossary/" not in link), links


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


@pytest.mark.parametrize("path, name", [("", "home.hi.png"), ("en/", "home.en.png"),
                                        ("note/", "note.hi.png"), ("en/note/", "note.en.png")])
def test_screenshots_for_the_readme(server, page, path, name):
    """Screenshots of real pages; `make screenshots` writes them to screenshots/ for the README."""
    out = Path(os.environ.get("VA_SCREENSHOT_DIR", ROOT / "test-results" / "screenshots"))
    out.mkdir(parents=True, exist_ok=True)
    page.goto(server + path, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(out / name))
    assert (out / name).stat().st_size > 20_000


def test_site_works_under_a_sub_path(tmp_path, page):
    """Published under https://host/some/path/: links, language switch, search and figures still work."""
    root = tmp_path / "www"
    httpd, base = serve(root)
    port = httpd.server_address[1]
    url = f"http://127.0.0.1:{port}/video/analysis/"
    done = build(ROOT, root / "video" / "analysis", SITE_URL=url)
    assert done.returncode == 0, done.stderr
    try:
        page.goto(url + "evidence/noise-schedules/", wait_until="networkidle")
        page.query_selector("figure img").scroll_into_view_if_needed()
        page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=10000)
        page.click("nav.md-nav--primary a[href$='note/']")
        page.wait_for_load_state()
        assert page.url == url + "note/"
        page.hover("div.md-select")
        page.click('a.md-select__link[hreflang="en"]')
        page.wait_for_load_state()
        assert page.url == url + "en/note/"
        links = search(page, "coherence")
        assert links and links[0].startswith(url + "en/"), links
        page.goto(url, wait_until="networkidle")
        assert page.errors == [] and page.foreign == []
    finally:
        httpd.shutdown()
