"""A probe snippet for the pipeline tests: records every execution of its compute in $VA_PROBE_DIR."""

import os
import time
import uuid

import numpy as np

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value
from snippets.probe_helper import offset


def record(name, text=""):
    d = os.environ.get("VA_PROBE_DIR")
    if d:
        with open(os.path.join(d, f"{name}-{uuid.uuid4().hex}"), "w") as f:
            f.write(text)


def compute_line(n):
    record("probe")
    rng = np.random.default_rng(0)
    return {"y": rng.normal(size=n) + offset(), "total": 12345678}


def compute_slow(seconds):
    started = time.time()
    time.sleep(seconds)
    record("slow", f"{started} {time.time()}")  # when it ran: the parallel test checks that two runs overlapped
    return {"done": 1}


def draw_line(data, tr):
    fig, ax = new_figure(4, 2)
    ax.plot(data["y"], label=tr("series"))
    ax.set_title(tr("title"))
    ax.legend()
    return fig


LABELS = {"series": {"en": "values", "hi": "मान"}, "title": {"en": "A probe", "hi": "एक जाँच"}}
_LINE = Compute(compute_line, {"n": 20})
FIGURES = {"line": Figure(_LINE, draw_line)}
VALUES = {"total": Value(_LINE, "total", ",d"), "slow": Value(Compute(compute_slow, {"seconds": 3}), "done", "d")}
