"""What the site used of Material's JavaScript bundle, now that the bundle is not loaded (issue 17): the light/dark
switch (overrides/partials/javascripts/palette.html), code copy buttons, header title, table of contents, back to
top, drawer, details and n/p keys (docs/assets/js/theme.js, copy.js), tables' scroll boxes (hooks/tables.py)."""

import json
import re
import sys

import pytest

from conftest import ROOT
from visits import all_pages

sys.path.insert(0, str(ROOT / "hooks"))
from tables import wrap_tables  # noqa: E402

WRAP = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'


def test_wrap_tables_wraps_plain_tables_once_and_leaves_classed_and_nested_ones():
    plain = "<p>a</p><table><tr><td>1</td></tr></table>"
    assert wrap_tables(plain) == f"<p>a</p>{WRAP}<table><tr><td>1</td></tr></table></div></div>"
    assert wrap_tables('<table class="dataframe"><tr><td>1</td></tr></table>') == (
        '<table class="dataframe"><tr><td>1</td></tr></table>'
    )
    nested = "<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table><table></table>"
    out = wrap_tables(nested)
    assert out.count(WRAP) == 2 and out.count("</div></div>") == 2
    assert out.startswith(WRAP + "<table><tr><td><table>") and out.endswith(f"{WRAP}<table></table></div></div>")


def test_pages_load_no_theme_bundle_and_every_table_has_its_scroll_box(site):
    tables = 0
    for rel in all_pages(site):
        html = (site / rel / "index.html").read_text(encoding="utf-8")
        scripts = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', html)
        assert scripts and all(re.match(r"(\.\./)*assets/js/", s) for s in scripts), (rel, scripts)
        content = html.split('data-md-component="content"', 1)[1]
        for m in re.finditer(r"<table>", content):
            tables += 1
            assert content[: m.start()].endswith(WRAP), f"{rel}: a table without Material's scroll box"
    assert tables > 0


@pytest.mark.browser
@pytest.mark.parametrize("path, lang", [("topics/attention/", "hi"), ("en/topics/attention/", "en")])
def test_code_copy_button_copies_the_code_and_says_so_in_the_page_language(server, browser, path, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = context.new_page()
    try:
        page.goto(server + path)
        config = json.loads(page.locator("#__config").text_content())
        button = page.locator(".md-content pre > .md-code__nav > button.md-code__button[data-md-type=copy]").first
        assert button.get_attribute("title") == config["translations"]["clipboard.copy"]
        code = page.locator(".md-content pre > code").first
        button.click()
        message = config["translations"]["clipboard.copied"]
        page.wait_for_selector(".md-dialog.md-dialog--active")
        assert page.locator(".md-dialog__inner").inner_text() == message
        page.wait_for_function("m => document.getElementById('va-live').textContent === m", arg=message)
        assert page.evaluate("navigator.clipboard.readText()") == code.inner_text().rstrip()
        assert (lang == "hi") == bool(re.search("[\u0900-\u097f]", message)), message
        page.wait_for_selector(".md-dialog.md-dialog--active", state="detached", timeout=4000)
    finally:
        context.close()


@pytest.mark.browser
def test_scrolling_marks_the_section_shows_the_title_and_back_to_top(server, page):
    page.goto(server + "en/topics/attention/")
    assert page.locator("[data-md-component=toc] .md-nav__link--active").count() == 0
    top = page.locator("[data-md-component=top]")  # Material's CSS fades a [hidden] button out (opacity 0)
    assert top.get_attribute("hidden") is not None
    section = "#order-and-cross-frame-attention-are-two-different-needs"
    target = page.locator(section)
    page.evaluate("y => window.scrollTo(0, y)", target.evaluate("h => h.getBoundingClientRect().top + scrollY + 200"))
    page.wait_for_function("document.querySelector('.md-sidebar--secondary .md-nav__link--active')")
    active = page.locator(".md-sidebar--secondary .md-nav__link--active")
    assert active.count() == 1 and active.get_attribute("href") == section
    passed = page.locator(".md-sidebar--secondary .md-nav__link--passed").evaluate_all("ls => ls.map(l => l.hash)")
    assert passed[-1] == section and len(passed) >= 3, passed
    page.wait_for_selector(".md-header__title--active")
    assert top.get_attribute("hidden") is not None  # scrolling down: no button
    page.mouse.wheel(0, -300)
    page.wait_for_selector("[data-md-component=top]:not([hidden])")
    page.click("[data-md-component=top]")
    page.wait_for_function("scrollY === 0")
    page.wait_for_selector(".md-header__title--active", state="detached")
    assert page.errors == []


@pytest.mark.browser
def test_light_dark_choice_follows_the_system_then_the_reader_across_pages(server, browser):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(server + "en/")
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"  # the system's choice, at load
        visible = page.locator(".md-header__option label:visible")
        assert visible.count() == 1 and visible.get_attribute("for") == "__palette_0"
        visible.click()
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        page.goto(server + "note/")  # another page, the other language: the reader's choice holds
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        assert page.locator(".md-header__option label:visible").get_attribute("for") == "__palette_1"
        page.focus("#__palette_0")
        page.keyboard.press("Enter")
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    finally:
        context.close()


@pytest.mark.browser
def test_drawer_closes_when_a_section_link_in_it_is_followed(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(server + "en/topics/attention/")
        page.click(".md-header label[for=__drawer]")
        assert page.is_checked("#__drawer")
        page.click(".md-sidebar--primary label[for=__toc]")  # this page's sections, inside the drawer
        page.locator(".md-sidebar--primary .md-nav--secondary a[href='#what-it-costs']").click()
        page.wait_for_function("!document.getElementById('__drawer').checked")
        assert page.url.endswith("#what-it-costs")
    finally:
        context.close()


@pytest.mark.browser
def test_print_opens_every_details_and_restores_them_and_n_goes_to_the_next_page(server, page):
    page.goto(server + "en/topics/attention/")
    closed = "document.querySelectorAll('details:not([open])').length"
    before = page.evaluate(closed)
    assert before > 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(closed) == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(closed) == before
    next_page = page.evaluate("document.querySelector('link[rel=next]').href")
    assert next_page.endswith("/en/topics/gaussian-noise/")
    page.keyboard.press("n")
    page.wait_for_url(next_page)
    assert page.errors == []
