"""The attention page as built: the values it shows support what it says."""

import json
import re

import numpy as np
import pytest


def shown_on(site, page: str) -> dict:
    """The computed values a built page shows: {"module.name": float}."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return {
        ref: float(text.replace(",", ""))
        for ref, text in re.findall(r'<span class="va-value" data-value="([^"]+)">([\d.,]+)</span>', html)
    }


@pytest.mark.parametrize("page", ["en/topics/attention", "topics/attention"])
def test_the_pages_numbers_support_what_the_page_says(site, page):
    """The values the attention page shows (from the three-seed runs of the build) support its sentences."""
    v = {k.removeprefix("attention_experiment."): x for k, x in shown_on(site, page).items()}
    assert v["direction_chance"] == 50, "the test sets are balanced"
    for task in ("direction", "motion"):
        assert v[f"{task}_bound"] <= 52 and v[f"{task}_probe_max"] <= 60, f"{task}: no single frame tells the class"
        assert v[f"{task}_fusion_solved"] == 3, f"{task}: late fusion is said to solve it on every seed"
        for i in range(3):
            assert v[f"{task}_fusion_s{i}"] >= 95 and v[f"{task}_probe_s{i}"] <= 60
    for i in range(3):
        assert 40 <= v[f"direction_sum_s{i}"] <= 60, "Task 1: the summed read-out is said to stay at chance"
        assert v[f"direction_divided_time_s{i}"] >= 95 and v[f"motion_divided_s{i}"] >= 95
        assert v[f"motion_sum_s{i}"] < 95, "Task 2: the summed read-out is said never to solve it"
    assert v["direction_divided_time_solved"] == 3 and v["motion_divided_solved"] == 3
    assert v["direction_divided_time_by"] < v["direction_steps"], "every solving seed passed 95 % within the budget"
    assert v["leaky_bound"] >= 85 and v["direction_leaky_probe_min"] >= 80, "the old version leaked"
    assert v["direction_leaky_sum_solved"] == 3, "a time embedding alone suffices on the leaky version"
    assert v["direction_divided_time_002_solved"] < 3 and v["direction_fusion_1_solved"] < 3, "swapped scales stall"
    assert v["fusion_fixed_sign_1"] > 50 > v["fusion_fixed_sign_002"], "at 1.0 most fusion units start always on/off"
    data = json.loads((site / "assets/data/attention_experiment.tasks.json").read_text(encoding="utf-8"))
    sums = np.array(data["data"]["motion_sum_curve"])
    assert sums.min() < 50 < sums.max(), "Task 2: the summed read-out is said to swing on both sides of chance"
