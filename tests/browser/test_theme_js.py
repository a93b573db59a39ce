"""What the site used of Material's JavaScript bundle, now that the bundle is not loaded: the light/dark switch
(overrides/partials/javascripts/palette.html), code copy buttons, header title, table of contents, back to top,
drawer, details and n/p keys (docs/assets/js/theme.js, copy.js)."""

import json
import re
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))

WRAP = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'


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
        page.clock.install()  # the 2-second message stays until the clock moves on
        button.click()
        message = config["translations"]["clipboard.copied"]
        page.wait_for_selector(".md-dialog.md-dialog--active")
        assert page.locator(".md-dialog__inner").inner_text() == message
        page.wait_for_function("m => document.getElementById('va-live').textContent === m", arg=message)
        assert page.evaluate("navigator.clipboard.readText()") == code.inner_text().rstrip()
        assert (lang == "hi") == bool(re.search("[\u0900-\u097f]", message)), message
        page.clock.run_for(4000)
        page.wait_for_selector(".md-dialog.md-dialog--active", state="detached")
    finally:
        context.close()


def test_scrolling_marks_the_section_shows_the_title_and_back_to_top(server, page):
    page.goto(server + "en/topics/attention/")
    assert page.locator("[data-md-component=toc] .md-nav__link--active").count() == 0
    top = page.locator("[data-md-component=top]")  # Material's CSS fades a [hidden] button out (opacity 0)
    assert top.get_attribute("hidden") is not None
    section = "#order-and-cross-frame-interaction-what-each-task-needs"
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
