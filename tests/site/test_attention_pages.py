"""The attention page as built: the values it shows support what it says."""

import re

import pytest


def shown_on(site, page: str) -> dict:
    """The computed values a built page shows: {"module.name": float}."""

    html = (site / page / "index.html").read_text(encoding="utf-8")
    return {
        ref: float(text)
        for ref, text in re.findall(r'<span class="va-value" data-value="([^"]+)">([\d.]+)</span>', html)
    }


@pytest.mark.parametrize("page", ["en/topics/attention", "topics/attention"])
def test_the_pages_numbers_support_what_the_page_says(site, page):
    """The values the attention page shows (from the three-seed runs of the build) support its sentences."""
    v = {k.removeprefix("attention_experiment."): x for k, x in shown_on(site, page).items()}
    for kind in ("space_time", "divided_time"):
        assert v[f"direction_{kind}_min"] >= 95, f"direction: {kind} is said to solve the task on every seed"
    for kind in ("space", "divided"):
        assert v[f"direction_{kind}_mean"] <= 60, f"direction: {kind} is said to stay at chance"
    assert v["small_init_mean"] <= 60, "the trap: std 0.02 stays at chance for the whole budget"
    assert v["motion_space_time_max"] <= 60, "still-or-moving: the per-frame model is said to stay at chance"
    for kind in ("divided", "divided_time"):
        assert v[f"motion_{kind}_min"] >= 95, f"still-or-moving: {kind} is said to solve it on every seed"
