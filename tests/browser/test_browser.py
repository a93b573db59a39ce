"""The reader's experience in a real browser: Debian's chromium driven by Playwright, the test site served on
127.0.0.1 under a sub-path, as a static host serves it. Every request must stay on this machine."""

import re
from urllib.parse import urlparse

import pytest

from conftest import SUB_PATH, built_pages


def search(page, word, how="paste"):
    """Open search and enter ``word`` as a reader does: pasted (one input event, no key event), committed by an
    IME (text inserted without key events), or typed key by key; return the result links."""
    page.click(".va-search-open")
    box = page.locator(".va-search input")
    box.wait_for()
    if how == "paste":
        box.fill(word)
    elif how == "ime":
        page.keyboard.insert_text(word)
    else:
        box.press_sequentially(word, delay=30)
    try:
        page.wait_for_selector(".va-search__results a", timeout=15000)
    except Exception:
        return []
    return page.eval_on_selector_all(".va-search__results a", "as => as.map(a => a.href)")


# Pasted queries on a page just loaded: the tests after this one (a query in each language).
@pytest.mark.parametrize("how", ["ime", "type"])
@pytest.mark.parametrize("lang, word, expect_en", [("hi", "सुसंगति", False), ("en", "coherence", True)])
def test_search_finds_the_page_in_its_language(server, page, lang, word, expect_en, how):
    page.goto(server + ("en/" if expect_en else ""), wait_until="networkidle")
    links = search(page, word, how)
    assert links, f"no results for {word!r} ({how})"
    # one index per language: every hit is a page in the language searched in
    assert all(("/en/" in link) == expect_en for link in links), links


@pytest.mark.parametrize("word", ["coherence", "कोहेरेंस", "सुसंगति"])
def test_hindi_readers_find_the_coherence_page_in_english_or_transliteration(server, page, word):
    """The glossary pairs सुसंगति with "coherence" (and its transliteration कोहेरेंस): on the Hindi site any of
    the three finds the Hindi page about coherence, and only Hindi pages."""
    page.goto(server, wait_until="networkidle")
    links = search(page, word)
    assert links and all("/en/" not in link for link in links), links
    assert server + "topics/frame-coherence/" in links[:3], links


@pytest.mark.parametrize("word", ["flicker", "Phenaki"])
def test_an_english_query_lists_english_pages_only(server, page, word):
    page.goto(server + "en/", wait_until="networkidle")
    links = search(page, word)
    assert links and all(link.startswith(server + "en/") for link in links), links


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


def switch_language(page, lang: str):
    page.hover("div.md-select")
    page.click(f'a.md-select__link[hreflang="{lang}"]')
    page.wait_for_load_state()


def test_site_works_under_a_sub_path(page, server):
    """Published under https://host/some/path/ (the test site is: tests/conftest.py): links, figures, search and
    the language switch (which keeps the page, both ways) work there; every other browser test loads the site there
    too."""
    url = server
    assert urlparse(url).path == "/" + SUB_PATH
    page.goto(url + "evidence/noise-schedules/", wait_until="networkidle")
    page.query_selector("figure img").scroll_into_view_if_needed()
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=10000)
    page.click("nav.md-nav--primary a[href$='note/']")
    page.wait_for_load_state()
    assert page.url == url + "note/"
    switch_language(page, "en")
    assert page.url == url + "en/note/"
    switch_language(page, "hi")
    assert page.url == url + "note/"
    switch_language(page, "en")
    links = search(page, "coherence")
    assert links and links[0].startswith(url + "en/"), links
    page.goto(url, wait_until="networkidle")
    assert page.errors == [] and page.foreign == []


def test_opening_search_loads_only_this_languages_index(server, page):
    """Search is downloaded when opened, and only the index of the page's language."""
    page.goto(server + "en/", wait_until="networkidle")
    sent = []
    page.on("requestfinished", lambda r: sent.append((None, urlparse(r.url).path, r.sizes()["responseBodySize"])))
    assert search(page, "attention")
    requested = [p for _, p, _ in sent]
    assert any("/pagefind/" in p for p in requested), requested
    assert any(re.search(r"pagefind\.en_[0-9a-f]+\.pf_meta", p) for p in requested), requested
    assert not any(re.search(r"\.hi_[0-9a-f]+\.|wasm\.hi\.", p) for p in requested), requested
    assert sum(n for _, _, n in sent) < 400_000, sent


def test_hreflang_alternates_are_absolute_with_x_default(site, server):  # noqa: C901
    """Every page names its twin in both languages and an x-default, as absolute URLs of pages that exist;
    the canonical URL is the page's own."""
    problems = []
    for path in built_pages(site):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        head = html[: html.find("</head>")]
        alts = dict(
            (lang, href) for href, lang in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">', head)
        )
        if set(alts) != {"hi", "en", "x-default"}:
            problems.append(f"/{path}: hreflang {sorted(alts)}")
            continue
        for lang, href in alts.items():
            if not href.startswith(server):
                problems.append(f"/{path}: {lang} alternate {href} is not an absolute URL of the site")
            elif not (site / href.removeprefix(server) / "index.html").exists():
                problems.append(f"/{path}: {lang} alternate {href} does not exist")
        if alts["x-default"] != alts["hi"]:
            problems.append(f"/{path}: x-default {alts['x-default']} is not the Hindi (default) page")
        own = server + (path + "/" if path else "")
        if alts["en" if path == "en" or path.startswith("en/") else "hi"] != own:
            problems.append(f"/{path}: its own alternate is {alts}")
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', head)
        if not canonical or canonical.group(1) != own:
            problems.append(f"/{path}: canonical {canonical and canonical.group(1)} != {own}")
    assert problems == [], "\n".join(problems)
