"""Machines need temporal consistency too: tracking a moving target from noisy measurements.

A target moves at constant velocity; a sensor reports its position with Gaussian noise every step.
Per-step estimation (take each measurement as it comes, no model of time) is compared with a Kalman filter
(Kalman 1960, doi:10.1115/1.3662552), whose constant-velocity model says the state changes smoothly:

    predict:  x = F x,            P = F P F^T + Q          F = [[1, dt], [0, 1]]
    update:   K = P H^T (H P H^T + R)^-1,  x = x + K (z - H x),  P = (I - K H) P      H = [1, 0]

>>> d = track()
>>> d["kalman_rmse"] < d["raw_rmse"]
True
"""
from __future__ import annotations

import numpy as np

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value


# --8<-- [start:kalman]
def kalman_filter(z: np.ndarray, dt: float = 1.0, q: float = 1e-3, r: float = 1.0) -> np.ndarray:
    """Position estimates from measurements z (steps,) with a constant-velocity Kalman filter."""
    F = np.array([[1.0, dt], [0.0, 1.0]])
    H = np.array([[1.0, 0.0]])
    Q = q * np.array([[dt ** 3 / 3, dt ** 2 / 2], [dt ** 2 / 2, dt]])
    x, P = np.array([z[0], 0.0]), np.eye(2) * 10.0
    out = []
    for zk in z:
        x, P = F @ x, F @ P @ F.T + Q                       # predict: the state moves smoothly
        K = P @ H.T / (H @ P @ H.T + r)                     # how much to trust the new measurement
        x = x + (K * (zk - H @ x)).ravel()
        P = (np.eye(2) - K @ H) @ P
        out.append(x[0])
    return np.array(out)
# --8<-- [end:kalman]


def simulate(steps: int = 60, speed: float = 0.5, noise: float = 1.0, seed: int = 0):
    rng = np.random.default_rng(seed)
    truth = 2.0 + speed * np.arange(steps)
    return truth, truth + noise * rng.standard_normal(steps)


def rmse(a, b) -> float:
    return float(np.sqrt(np.mean((a - b) ** 2)))


def jitter(est, truth) -> float:
    """Mean |step-to-step change of the estimate - that of the truth|: how jumpy the track is."""
    return float(np.abs(np.diff(est) - np.diff(truth)).mean())


def track(seed: int = 0, seeds: int = 20) -> dict:
    truth, z = simulate(seed=seed)
    est = kalman_filter(z)
    raw_r, kal_r, raw_j, kal_j = [], [], [], []
    for s in range(seeds):  # averages over several noise draws, so one lucky draw cannot decide
        t, m = simulate(seed=100 + s)
        k = kalman_filter(m)
        raw_r.append(rmse(m, t)), kal_r.append(rmse(k, t)), raw_j.append(jitter(m, t)), kal_j.append(jitter(k, t))
    return {"truth": truth, "z": z, "kalman": est, "raw_rmse": float(np.mean(raw_r)), "kalman_rmse": float(np.mean(kal_r)),
            "rmse_ratio": float(np.mean(raw_r) / np.mean(kal_r)), "jitter_ratio": float(np.mean(raw_j) / np.mean(kal_j))}


def draw_track(data, tr):
    fig, ax = new_figure(6.0, 3.0)
    steps = np.arange(len(data["truth"]))
    ax.plot(steps, data["truth"], "k-", lw=1.5, label=tr("truth"))
    ax.plot(steps, data["z"], ".", color="C1", ms=5, label=tr("per_step"))
    ax.plot(steps, data["kalman"], "-", color="C0", lw=1.5, label=tr("kalman"))
    ax.set(xlabel=tr("step"), ylabel=tr("position"), title=tr("title"))
    ax.legend(fontsize=8)
    return fig


LABELS = {
    "truth": {"en": "true position", "hi": "असली पोज़िशन"},
    "per_step": {"en": "per-step estimate (the measurement)", "hi": "हर स्टेप का अलग अनुमान (मेज़रमेंट)"},
    "kalman": {"en": "Kalman filter (constant velocity)", "hi": "कालमैन फ़िल्टर (स्थिर वेग)"},
    "step": {"en": "time step", "hi": "टाइम स्टेप"},
    "position": {"en": "position", "hi": "पोज़िशन"},
    "title": {"en": "tracking a moving target", "hi": "चलते लक्ष्य की ट्रैकिंग"},
}

_TRACK = Compute(track)
FIGURES = {"track": Figure(_TRACK, draw_track)}
VALUES = {
    "raw_rmse": Value(_TRACK, "raw_rmse", ".2f"),
    "kalman_rmse": Value(_TRACK, "kalman_rmse", ".2f"),
    "rmse_ratio": Value(_TRACK, "rmse_ratio", ".1f"),
    "jitter_ratio": Value(_TRACK, "jitter_ratio", ".1f"),
}
