"""Probes that fail: an exception, a hang, and a figure too heavy to serve."""

import time

import numpy as np

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value


def compute_boom():
    values = [1, 2, 3]
    return {"v": values[10]}  # IndexError, on purpose


def compute_hang():
    time.sleep(600)
    return {"v": 1}


def compute_heavy():
    return {"xy": np.random.default_rng(0).normal(size=(2, 5000))}


def draw_heavy(data, tr):
    fig, ax = new_figure()
    ax.scatter(*data["xy"], s=1)
    return fig


VALUES = {"boom": Value(Compute(compute_boom), "v", "d"), "hang": Value(Compute(compute_hang, timeout=3), "v", "d")}
FIGURES = {"heavy": Figure(Compute(compute_heavy), draw_heavy)}
