"""Machines need temporal consistency too: tracking a moving target from noisy measurements.

A target moves at constant velocity; a sensor reports its position with Gaussian noise (std 1) every step.
Per-step estimation (take each measurement as it comes, no model of time: what a per-frame model does) is
compared with a Kalman filter (R. E. Kalman, "A New Approach to Linear Filtering and Prediction Problems",
Journal of Basic Engineering 82(1):35-45, 1960, doi:10.1115/1.3662552), whose constant-velocity model says
the state x = (position, velocity) changes smoothly:

    predict:  x = F x,            P = F P F^T + Q          F = [[1, dt], [0, 1]]
    update:   K = P H^T (H P H^T + R)^-1,  x = x + K (z - H x),  P = (I - K H) P      H = [1, 0]

with Q = q [[dt^3/3, dt^2/2], [dt^2/2, dt]] (white-noise acceleration) and R = r (the measurement variance).
The filter is causal: its estimate at step k uses measurements up to k, as a robot or a car must. The
Rauch-Tung-Striebel smoother (Rauch, Tung & Striebel, "Maximum Likelihood Estimates of Linear Dynamic Systems",
AIAA Journal 3(8):1445-1450, 1965, doi:10.2514/3.3166) also uses later measurements, going backwards over the
filter's results (a non-causal estimate, like a video model that sees the whole clip at once):

    C_k = P_k F^T (P_{k+1|k})^-1,   x_k^s = x_k + C_k (x_{k+1}^s - x_{k+1|k}),
    P_k^s = P_k + C_k (P_{k+1}^s - P_{k+1|k}) C_k^T

>>> truth, z = simulate(seed=0)
>>> rmse(kalman_filter(z), truth) < rmse(z, truth)
True
>>> bool(np.allclose(kalman_filter(z, r=1e-9), z, atol=1e-4))   # trusting the sensor returns the measurements
True
"""

from __future__ import annotations

import numpy as np

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value

METHODS = ("per_step", "kalman")
TURN_AT, TURN_Q = 30, 0.1


# --8<-- [start:kalman]
def kalman_steps(z: np.ndarray, dt: float = 1.0, q: float = 1e-3, r: float = 1.0, p0: float = 10.0):
    """A constant-velocity Kalman filter over measurements z (steps,); yields, per step, the predicted state and
    covariance and the filtered ones. State = (position, velocity)."""
    F = np.array([[1.0, dt], [0.0, 1.0]])
    H = np.array([[1.0, 0.0]])
    Q = q * np.array([[dt**3 / 3, dt**2 / 2], [dt**2 / 2, dt]])
    x, P = np.array([z[0], 0.0]), np.eye(2) * p0
    for zk in z:
        x, P = F @ x, F @ P @ F.T + Q  # predict: the state moves smoothly
        predicted = (x, P)
        K = P @ H.T / (H @ P @ H.T + r)  # how much to trust the new measurement
        x = x + (K * (zk - H @ x)).ravel()
        P = (np.eye(2) - K @ H) @ P
        yield predicted, (x, P)


def kalman_filter(z: np.ndarray, **model) -> np.ndarray:
    """Position estimates from measurements z, each using the measurements up to that step."""
    return np.array([x[0] for _, (x, _) in kalman_steps(z, **model)])


# --8<-- [end:kalman]


# --8<-- [start:smoother]
def rts_smoother(z: np.ndarray, dt: float = 1.0, **model) -> np.ndarray:
    """Position estimates using all of z: the same Kalman filter forwards, then the RTS pass backwards."""
    F = np.array([[1.0, dt], [0.0, 1.0]])
    steps = list(kalman_steps(z, dt=dt, **model))
    (xs, Ps), out = steps[-1][1], [steps[-1][1][0][0]]  # the last step: filter and smoother agree
    for k in range(len(z) - 2, -1, -1):
        (xf, Pf), (xp, Pp) = steps[k][1], steps[k + 1][0]
        C = Pf @ F.T @ np.linalg.inv(Pp)
        xs, Ps = xf + C @ (xs - xp), Pf + C @ (Ps - Pp) @ C.T
        out.append(xs[0])
    return np.array(out[::-1])


# --8<-- [end:smoother]


def simulate(steps: int = 60, speed: float = 0.5, noise: float = 1.0, seed: int = 0, turn_at: int | None = None):
    """(truth, measurements): positions 2 + speed * k for k = 0..steps-1, and the same plus N(0, noise^2).
    With ``turn_at``, the target reverses at that step (a manoeuvre the constant-velocity model does not expect).

    >>> truth, z = simulate(steps=3, noise=0.0)
    >>> truth.tolist(), z.tolist()
    ([2.0, 2.5, 3.0], [2.0, 2.5, 3.0])
    >>> simulate(steps=5, noise=0.0, turn_at=2)[0].tolist()
    [2.0, 2.5, 3.0, 2.5, 2.0]
    """
    rng = np.random.default_rng(seed)
    k = np.arange(steps)
    if turn_at is not None:
        k = np.where(k <= turn_at, k, 2 * turn_at - k)
    truth = 2.0 + speed * k
    return truth, truth + noise * rng.standard_normal(steps)


def rmse(a, b) -> float:
    """Root-mean-square difference.

    >>> rmse(np.array([0.0, 0.0]), np.array([3.0, 4.0]))  # sqrt((9 + 16) / 2)
    3.5355339059327378
    """
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def jitter(est, truth) -> float:
    """Mean |step-to-step change of the estimate - that of the truth|: how jumpy the track is.

    >>> jitter(np.array([0.0, 2.0, 2.0]), np.array([0.0, 1.0, 2.0]))  # steps 2, 0 instead of 1, 1
    1.0
    """
    return float(np.abs(np.diff(est) - np.diff(truth)).mean())


def mean_rmse(estimate, seeds: int, turn_at: int | None = None) -> float:
    """RMSE of ``estimate(measurements)`` averaged over ``seeds`` noise draws, so one lucky draw cannot decide."""
    return float(
        np.mean(
            [rmse(estimate(z), truth) for truth, z in (simulate(seed=100 + s, turn_at=turn_at) for s in range(seeds))]
        )
    )


def track(seed: int = 0, seeds: int = 20) -> dict:
    """One example track (``seed``) for the figures, and RMSE and jitter averaged over ``seeds`` other noise draws."""
    truth, z = simulate(seed=seed)
    out = {"truth": truth, "z": z, "kalman": kalman_filter(z), "seeds": seeds}
    estimators = dict(zip(METHODS, (lambda m: m, kalman_filter)))
    for name, estimate in estimators.items():
        out[f"{name}_rmse"] = mean_rmse(estimate, seeds)
        out[f"{name}_jitter"] = float(
            np.mean([jitter(estimate(m), t) for t, m in (simulate(seed=100 + s) for s in range(seeds))])
        )
    out["raw_rmse"] = out["per_step_rmse"]  # names the pages use
    out["rmse_ratio"] = out["per_step_rmse"] / out["kalman_rmse"]
    out["jitter_ratio"] = out["per_step_jitter"] / out["kalman_jitter"]
    # the price of a looser model on the steady target
    out["kalman_q_rmse"] = mean_rmse(lambda m: kalman_filter(m, q=TURN_Q), seeds)
    # When the model's assumption breaks: the target reverses at step 30. A filter tuned for a steady target
    # (q = 1e-3) overshoots and lags; one that allows for acceleration (q = TURN_Q) follows the turn.
    truth_t, z_t = simulate(seed=seed, turn_at=TURN_AT)
    out.update(
        turn_truth=truth_t, turn_z=z_t, turn_kalman=kalman_filter(z_t), turn_kalman_q=kalman_filter(z_t, q=TURN_Q)
    )
    for name, estimate in (
        ("per_step", lambda m: m),
        ("kalman", kalman_filter),
        ("kalman_q", lambda m: kalman_filter(m, q=TURN_Q)),
    ):
        out[f"turn_{name}_rmse"] = mean_rmse(estimate, seeds, turn_at=TURN_AT)
    return out


def draw_track(data, tr):
    fig, ax = new_figure(6.0, 3.0)
    steps = np.arange(len(data["truth"]))
    ax.plot(steps, data["truth"], "k-", lw=1.5, label=tr("truth"))
    ax.plot(steps, data["z"], ".", color="C1", ms=5, label=tr("per_step"))
    ax.plot(steps, data["kalman"], "-", color="C0", lw=1.5, label=tr("kalman"))
    ax.set(xlabel=tr("step"), ylabel=tr("position"), title=tr("title"))
    ax.legend(fontsize=8)
    return fig


def draw_turn(data, tr):
    fig, ax = new_figure(6.0, 3.0)
    steps = np.arange(len(data["turn_truth"]))
    ax.plot(steps, data["turn_truth"], "k-", lw=1.5, label=tr("truth"))
    ax.plot(steps, data["turn_z"], ".", color="C1", ms=5, label=tr("per_step_short"))
    ax.plot(steps, data["turn_kalman"], "-", color="C0", lw=1.5, label=tr("kalman_q", q="0.001"))
    ax.plot(steps, data["turn_kalman_q"], "--", color="C3", lw=1.5, label=tr("kalman_q", q=f"{TURN_Q:g}"))
    ax.set(xlabel=tr("step"), ylabel=tr("position"), title=tr("turn_title", at=TURN_AT))
    ax.legend(fontsize=8, loc="lower center")
    return fig


LABELS = {
    "truth": {"en": "true position", "hi": "असली स्थिति"},
    "per_step": {"en": "per-step estimate (the measurement)", "hi": "हर स्टेप का अलग अनुमान (माप)"},
    "kalman": {"en": "Kalman filter (constant velocity)", "hi": "कालमैन फ़िल्टर (एक-सा वेग)"},
    "step": {"en": "time step", "hi": "टाइम स्टेप"},
    "position": {"en": "position", "hi": "स्थिति"},
    "title": {"en": "tracking a moving target", "hi": "चलते लक्ष्य की ट्रैकिंग"},
    "per_step_short": {"en": "per step", "hi": "हर स्टेप अलग"},
    "kalman_q": {"en": "Kalman filter, q = {q}", "hi": "कालमैन फ़िल्टर, q = {q}"},
    "turn_title": {"en": "the target turns back at step {at}", "hi": "लक्ष्य स्टेप {at} पर वापस मुड़ता है"},
}

_TRACK = Compute(track)
FIGURES = {"track": Figure(_TRACK, draw_track), "turn": Figure(_TRACK, draw_turn)}
VALUES = {
    "raw_rmse": Value(_TRACK, fmt=".2f"),
    "kalman_rmse": Value(_TRACK, fmt=".2f"),
    "rmse_ratio": Value(_TRACK, fmt=".1f"),
    "jitter_ratio": Value(_TRACK, fmt=".1f"),
    "kalman_q_rmse": Value(_TRACK, fmt=".2f"),
    "turn_raw_rmse": Value(_TRACK, "turn_per_step_rmse", ".2f"),
    "turn_kalman_rmse": Value(_TRACK, "turn_kalman_rmse", ".2f"),
    "turn_kalman_q_rmse": Value(_TRACK, "turn_kalman_q_rmse", ".2f"),
}
