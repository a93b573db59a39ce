"""Sharing in the browser: the claim card's copy-link button (keyboard, both clipboard paths, announced) and print."""

import pytest


@pytest.mark.parametrize("clipboard_api", [True, False])
def test_copy_link_button_copies_by_keyboard_and_announces(server, browser, clipboard_api):
    """A claim card's copy-link button as the site renders it (the first card on the English attention page)."""
    url = server
    context = browser.new_context()
    try:
        if clipboard_api:
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
        else:  # an old browser: no async clipboard; the fallback must copy the selected text
            context.add_init_script("""
                Object.defineProperty(navigator, 'clipboard', {value: undefined});
                window.__copied = [];
                const exec = document.execCommand.bind(document);
                document.execCommand = (cmd, ...a) => { if (cmd === 'copy') window.__copied.push(
                    document.activeElement && document.activeElement.value); return exec(cmd, ...a); };
            """)
        page = context.new_page()
        page.clock.install()  # the button's 2-second "done" look stays until the clock moves on
        page.goto(url + "en/topics/attention/")
        button = page.locator("button.va-copy-link").first
        button.scroll_into_view_if_needed()
        button.focus()
        page.keyboard.press("Shift+Tab")  # away, and back by Tab, as a keyboard user reaches it
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('va-copy-link')"), "button not reachable by Tab"
        page.keyboard.press("Enter")
        page.wait_for_selector("button.va-copy-link.va-copy-link--done")
        page.clock.run_for(2500)
        page.wait_for_selector("button.va-copy-link.va-copy-link--done", state="detached")
        page.wait_for_function("document.getElementById('va-live') && document.getElementById('va-live').textContent")
        href = button.get_attribute("data-href")
        if clipboard_api:
            assert page.evaluate("navigator.clipboard.readText()") == href
        else:
            assert page.evaluate("window.__copied") == [href]
        live = page.locator("#va-live")
        assert live.text_content() == button.get_attribute("data-copied") == "Link copied"
        assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    finally:
        context.close()


def test_topic_page_prints_cleanly(server, page):
    page.goto(server + "en/topics/attention/", wait_until="networkidle")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # as the browser does before it prints
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
        '.md-search'].map(s => { const e = document.querySelector(s);
        return [s, !e || getComputedStyle(e).display === 'none']; })""")
    assert all(ok for _, ok in hidden), hidden
    assert page.evaluate("""() => [...document.querySelectorAll('.va-figure')].every(f =>
        getComputedStyle(f).display !== 'none' && getComputedStyle(f).breakInside === 'avoid')""")
    after = page.evaluate("""() => [...document.querySelectorAll('.md-content a[href]')].map(a =>
        [a.getAttribute('href'), getComputedStyle(a, '::after').content])""")
    outside = [(h, c) for h, c in after if h.startswith("http")]
    inside = [(h, c) for h, c in after if h.startswith("#")]
    assert outside and all(h in c for h, c in outside), outside[:3]
    assert inside and all(c in ("none", "normal") for _, c in inside), [
        x for x in inside if x[1] not in ("none", "normal")
    ][:3]
    badge = page.locator(".va-verdict").first
    assert badge.evaluate("b => getComputedStyle(b).color") == "rgb(0, 0, 0)"
    assert badge.evaluate("b => getComputedStyle(b).borderTopStyle") == "solid"
    assert badge.locator("svg").count() == 1 and badge.inner_text().strip()  # icon + word, not colour
