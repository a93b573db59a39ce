"""Diffusion basics: noise schedules (DDPM linear, improved-DDPM cosine) and their signal-to-noise ratio.

Sources: Ho et al. 2020, "Denoising Diffusion Probabilistic Models", arXiv:2006.11239 (linear schedule,
beta from 1e-4 to 0.02, T = 1000); Nichol & Dhariwal 2021, "Improved DDPM", arXiv:2102.09672 (cosine
schedule, s = 0.008, beta clipped at 0.999).

>>> ab = alpha_bar("linear", 1000)
>>> ab.shape
(1000,)
>>> f"{ab[-1]:.3g}"      # alpha_bar_T: almost no signal left
'4.04e-05'
>>> first_below(ab, 0.5)  # first t (1-based) where alpha_bar_t < 0.5
260
"""

from __future__ import annotations

import numpy as np

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value

SCHEDULES = ("linear", "cosine")


# --8<-- [start:schedules]
def betas(schedule: str, T: int) -> np.ndarray:
    """beta_1..beta_T, float64, shape (T,)."""
    if schedule == "linear":
        return np.linspace(1e-4, 0.02, T, dtype=np.float64)
    if schedule == "cosine":
        s = 0.008
        t = np.arange(T + 1, dtype=np.float64) / T
        f = np.cos((t + s) / (1 + s) * np.pi / 2) ** 2
        return np.clip(1 - f[1:] / f[:-1], 0.0, 0.999)
    raise ValueError(f"unknown schedule {schedule!r}; expected one of {SCHEDULES}")


def alpha_bar(schedule: str, T: int) -> np.ndarray:
    """alpha_bar_t = prod_{s<=t} (1 - beta_s) for t = 1..T, shape (T,)."""
    return np.cumprod(1.0 - betas(schedule, T))


# --8<-- [end:schedules]


def snr(ab: np.ndarray) -> np.ndarray:
    """Signal-to-noise ratio alpha_bar / (1 - alpha_bar) of q(x_t | x_0)."""
    return ab / (1.0 - ab)


# --8<-- [start:sampling]
def q_sample(x0: np.ndarray, t: int, noise: np.ndarray, ab: np.ndarray) -> np.ndarray:
    """x_t ~ q(x_t | x_0) = N(sqrt(ab_t) x0, (1 - ab_t) I), written with the given standard-normal noise (t 1-based)."""
    return np.sqrt(ab[t - 1]) * x0 + np.sqrt(1.0 - ab[t - 1]) * noise


def ddim_sample(x0_model, x_T: np.ndarray, ab: np.ndarray, steps: int = 50, on_step=None) -> np.ndarray:
    """Deterministic DDIM (eta = 0, Song et al. 2021, Eq. 12): the same x_T always gives the same sample.

    ``x0_model(x_t, t)`` predicts the clean image from x_t. Works on a batch: x_T of shape (batch, ...).
    ``on_step(t, x_t, x0)``, if given, sees every step (to record a trajectory)."""
    ts = np.linspace(len(ab), 1, steps).round().astype(int)
    x = x_T
    for t, t_prev in zip(ts, list(ts[1:]) + [0]):
        x0 = x0_model(x, t)
        if on_step is not None:
            on_step(t, x, x0)
        eps = (x - np.sqrt(ab[t - 1]) * x0) / np.sqrt(1.0 - ab[t - 1])
        ab_prev = ab[t_prev - 1] if t_prev > 0 else 1.0
        x = np.sqrt(ab_prev) * x0 + np.sqrt(1.0 - ab_prev) * eps
    return x


def ddpm_sample(x0_model, x_T: np.ndarray, ab: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ancestral DDPM sampling (Ho et al. 2020, Eq. 6-7): fresh Gaussian noise is added at every step."""
    x = x_T
    for t in range(len(ab), 0, -1):
        ab_t, ab_prev = ab[t - 1], (ab[t - 2] if t > 1 else 1.0)
        beta = 1.0 - ab_t / ab_prev
        x0 = x0_model(x, t)
        mean = (np.sqrt(ab_prev) * beta * x0 + np.sqrt(1.0 - beta) * (1.0 - ab_prev) * x) / (1.0 - ab_t)
        var = beta * (1.0 - ab_prev) / (1.0 - ab_t)
        x = mean + (np.sqrt(var) * rng.standard_normal(x.shape) if t > 1 else 0.0)
    return x


# --8<-- [end:sampling]


def first_below(ab: np.ndarray, level: float) -> int:
    """The first (1-based) t with alpha_bar_t < level."""
    return int(np.argmax(ab < level)) + 1


def schedule_curves(T: int = 1000) -> dict:
    out = {"t": np.arange(1, T + 1)}
    for name in SCHEDULES:
        ab = alpha_bar(name, T)
        out[f"{name}_alpha_bar"] = ab
        out[f"{name}_log_snr"] = np.log(snr(ab))
        out[f"{name}_alpha_bar_T"] = float(ab[-1])
        out[f"{name}_alpha_bar_mid"] = float(ab[T // 2 - 1])
        out[f"{name}_first_below_half"] = first_below(ab, 0.5)
    return out


def draw_schedules(data: dict, tr):
    fig, (ax1, ax2) = new_figure(7.2, 3.2, ncols=2)
    t = data["t"]
    for name, style in zip(SCHEDULES, ("-", "--")):
        ax1.plot(t, data[f"{name}_alpha_bar"], style, label=tr(name))
        ax2.plot(t, data[f"{name}_log_snr"], style, label=tr(name))
    ax1.axhline(0.5, color="grey", lw=0.8, ls=":")
    ax1.set(xlabel=tr("step"), ylabel="ᾱ_t", title=tr("alpha_bar_title"))
    ax2.set(xlabel=tr("step"), ylabel="log SNR", title=tr("log_snr_title"))
    ax1.legend()
    return fig


LABELS = {
    "linear": {"en": "linear (DDPM)", "hi": "रैखिक (DDPM)"},
    "cosine": {"en": "cosine (Improved DDPM)", "hi": "कोसाइन (Improved DDPM)"},
    "step": {"en": "diffusion step t", "hi": "डिफ़्यूज़न स्टेप t"},
    "alpha_bar_title": {"en": "signal kept: ᾱ_t", "hi": "बचा हुआ सिग्नल: ᾱ_t"},
    "log_snr_title": {"en": "signal-to-noise ratio (log)", "hi": "सिग्नल-टू-नॉइज़ रेशियो (लॉग में)"},
}

_SCHEDULES = Compute(schedule_curves, {"T": 1000})

FIGURES = {"schedules": Figure(_SCHEDULES, draw_schedules)}

VALUES = {
    "linear_alpha_bar_T": Value(_SCHEDULES, "linear_alpha_bar_T", ".3g"),
    "linear_first_below_half": Value(_SCHEDULES, "linear_first_below_half", "d"),
    "linear_alpha_bar_mid": Value(_SCHEDULES, "linear_alpha_bar_mid", ".3f"),
    "cosine_alpha_bar_mid": Value(_SCHEDULES, "cosine_alpha_bar_mid", ".3f"),
}
