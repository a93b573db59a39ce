"""Clips in the browser (docs/assets/js/clips.js): they play on screen and stop on the pause button (keyboard, its
label in the page's language), nothing plays by itself with reduced motion, print shows the static pictures, and the
noise explorer shows each chosen setting's clip and numbers, computed when the site was built; without JavaScript
the default setting and its table remain."""

import pytest

from sitegen.clips import exported, metric_text, setting_key
from snippets import _registry as reg

COHERENCE = {"en": "en/topics/frame-coherence/", "hi": "topics/frame-coherence/"}
NOISE = {"en": "en/evidence/noise-study/", "hi": "evidence/noise-study/"}
LABELS = {"en": ("Play", "Pause"), "hi": ("चलाएँ", "रोकें")}
STATE = "(f) => [f.querySelector('.va-clip__f').textContent, f.style.getPropertyValue('--fx'), f.style.getPropertyValue('--fy')]"

# Layout shifts of anything inside the figure from now on (the frame mark and counter must not move boxes).
WATCH_SHIFTS = """(f) => { f.shifts = []; new PerformanceObserver((list) => { for (const e of list.getEntries())
  for (const s of e.sources) if (s.node && f.contains(s.node)) f.shifts.push(e.value); }).observe({type: "layout-shift"}); }"""


def open_page(browser, url, **context):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    return ctx, page


def frames_seen(page, figure, ms=1200, every=100) -> set:
    """The (frame counter, --fx, --fy) states a figure shows over ``ms`` milliseconds."""
    seen = set()
    for _ in range(ms // every):
        seen.add(tuple(figure.evaluate(STATE)))
        page.wait_for_timeout(every)
    return seen


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_clips_play_on_screen_and_the_pause_button_stops_them(server, browser, lang):
    play, pause = LABELS[lang]
    ctx, page = open_page(browser, server + COHERENCE[lang])
    figure = page.locator("figure.va-clip").first
    figure.scroll_into_view_if_needed()
    button = figure.get_by_role("button", name=pause, exact=True)  # the name a screen reader says
    button.wait_for()
    figure.evaluate(WATCH_SHIFTS)
    assert len(frames_seen(page, figure)) > 2, "the clip does not play"
    assert figure.evaluate("f => f.shifts") == [], "playing moved boxes in the figure (layout shift)"
    button.focus()
    page.keyboard.press("Space")
    figure.get_by_role("button", name=play, exact=True).wait_for()
    page.wait_for_timeout(200)
    assert len(frames_seen(page, figure)) == 1, "the clip still moves after Pause"
    page.keyboard.press("Enter")
    figure.get_by_role("button", name=pause, exact=True).wait_for()
    assert len(frames_seen(page, figure)) > 2, "the clip does not play again"
    assert page.errors == []
    ctx.close()


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_with_reduced_motion_nothing_plays_and_print_shows_the_pictures(server, browser, lang):
    play, _ = LABELS[lang]
    ctx, page = open_page(browser, server + COHERENCE[lang], reduced_motion="reduce")
    figures = page.locator("figure.va-clip")
    figures.first.scroll_into_view_if_needed()
    figures.first.get_by_role("button", name=play, exact=True).wait_for()
    assert figures.count() >= 1
    for i in range(figures.count()):
        assert frames_seen(page, figures.nth(i), ms=600) == {("1", "0", "0")}
    assert page.evaluate("document.getAnimations().length") == 0
    assert figures.first.locator(".va-clip__whole").first.is_visible()
    page.emulate_media(media="print")
    assert not figures.first.locator(".va-clip__now").first.is_visible()
    assert not figures.first.locator(".va-clip__bar").is_visible()
    assert figures.first.locator(".va-clip__whole").first.is_visible()
    ctx.close()


def expected_settings(site, lang) -> dict:
    """setting key -> (its image's name, its metrics as the table shows them), from the data the site exports."""
    item = reg.find("CLIPS", "noise_study.explorer")
    data = exported(site / "assets" / "data" / "noise_study.explorer.json")
    return {
        setting_key(choice, item.axes): [metric_text(metrics[m], spec, lang) for m, spec in item.metrics]
        for choice, _, metrics in item.settings(data)
    }


def shown_setting(figure) -> tuple[str, list[str], set]:
    """The setting the explorer shows: its key, its table's numbers, the images its clips are cropped from."""
    key = figure.get_attribute("data-setting")
    numbers = figure.locator(".va-explorer__table td[data-metric]").all_inner_texts()
    images = set(figure.locator(".va-clip__grid img").evaluate_all("is => is.map(i => i.getAttribute('src'))"))
    return key, numbers, images


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_each_explorer_choice_shows_that_settings_clip_and_numbers(server, browser, site, lang):
    expected = expected_settings(site, lang)
    ctx, page = open_page(browser, server + NOISE[lang])
    figure = page.locator("figure.va-explorer")
    figure.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.va-explorer').dataset.setting !== undefined")

    def check(key):
        shown, numbers, images = shown_setting(figure)
        assert shown == key
        assert numbers == expected[key], key
        assert len(images) == 1 and next(iter(images)).endswith(f"/noise_study.explorer/{key}.png"), images
        page.wait_for_function(
            "[...document.querySelectorAll('figure.va-explorer .va-clip__grid img')]"
            ".every(i => i.complete && i.naturalWidth > 0)"
        )

    check("mixed-0.99-image")
    # by keyboard: the arrow keys move within a group of radio buttons, as a reader would
    figure.locator('input[name$="-model"][value="image"]').focus()
    page.keyboard.press("ArrowRight")
    check("mixed-0.99-video")
    figure.locator('input[name$="-rho"][value="0.9"]').check()
    check("mixed-0.9-video")
    figure.locator('input[name$="-scheme"][value="warped"]').check()
    check("warped-video")  # warped noise has no correlation: that choice is set aside
    assert all(r.is_disabled() for r in figure.locator('input[name$="-rho"]').all())
    figure.locator('input[name$="-model"][value="exact_g025"]').check()
    check("warped-exact_g025")
    figure.locator('input[name$="-scheme"][value="slerp"]').check()
    check("slerp-0.9-exact_g025")  # the correlation chosen before comes back
    assert not figure.locator('input[name$="-rho"][value="0"]').is_enabled()  # ρ = 0 is independent noise
    figure.locator('input[name$="-scheme"][value="independent"]').check()
    check("independent-0-exact_g025")
    label = figure.locator(".va-clip__grid").get_attribute("aria-label")
    assert expected["independent-0-exact_g025"][2] in label  # the alt text describes the setting shown
    assert page.errors == []
    ctx.close()


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_without_javascript_the_default_clip_and_its_table_remain(server, browser, site, lang):
    expected = expected_settings(site, lang)
    ctx, page = open_page(browser, server + NOISE[lang], java_script_enabled=False)
    figure = page.locator("figure.va-explorer")
    figure.scroll_into_view_if_needed()
    _, numbers, images = shown_setting(figure)
    assert numbers == expected["mixed-0.99-image"]
    assert [i.rsplit("/", 1)[1] for i in images] == ["mixed-0.99-image.png"]
    assert figure.locator(".va-explorer__nojs").is_visible()
    assert figure.locator(".va-clip__whole").first.is_visible()
    page.wait_for_function(
        "[...document.querySelectorAll('figure.va-explorer .va-clip__grid img')].every(i => i.naturalWidth > 0)"
    )
    ctx.close()
