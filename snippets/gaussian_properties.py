"""Why Gaussian noise, and what happens between two latents.

1. Closure under addition. A diffusion model adds a little noise at every step; with Gaussian noise the sum
   of t steps is again Gaussian, which is what gives the one-step form q(x_t | x_0) (Ho et al. 2020, Eq. 4).
   Excess kurtosis measures departure from the Gaussian shape: for a sum of n iid variables it is kappa/n.
   Gaussian: 0 for every n. Laplace: 3, then 1.5 for a sum of two — the sum is no longer Laplace, so a
   Laplace-noise chain has no such closed form (non-Gaussian diffusion needs other machinery: Gamma,
   arXiv:2110.05948; heavy-tailed, arXiv:2410.14171; Cold Diffusion, arXiv:2208.09392).
2. Latent interpolation. Two N(0, I_d) samples both have norm about sqrt(d); the straight line between them
   (lerp) passes through vectors of norm about sqrt(d/2) — atypical for the model — while spherical
   interpolation (slerp) keeps the norm (White 2016, arXiv:1609.04468).

>>> round(excess_kurtosis(np.random.default_rng(0).standard_normal(200_000)), 1)
0.0
"""

from __future__ import annotations

import numpy as np

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value

FAMILIES = ("gaussian", "laplace", "student_t5")
KAPPA = {"gaussian": 0.0, "laplace": 3.0, "student_t5": 6.0}  # excess kurtosis of one variable (t with 5 dof: 6/(5-4))


def draw_samples(family: str, size, rng) -> np.ndarray:
    """Unit-variance samples of a noise family."""
    if family == "gaussian":
        return rng.standard_normal(size)
    if family == "laplace":
        return rng.laplace(0.0, 1.0 / np.sqrt(2.0), size)
    if family == "student_t5":
        return rng.standard_t(5, size) / np.sqrt(5.0 / 3.0)
    raise ValueError(f"unknown family {family!r}")


def excess_kurtosis(x: np.ndarray) -> float:
    x = x - x.mean()
    return float((x**4).mean() / (x**2).mean() ** 2 - 3.0)


def kurtosis_of_sums(ns=(1, 2, 4, 8, 16), samples: int = 400_000, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    out = {"ns": np.array(ns)}
    for fam in FAMILIES:
        sim = [excess_kurtosis(draw_samples(fam, (n, samples), rng).sum(axis=0)) for n in ns]
        out[f"{fam}_sim"], out[f"{fam}_theory"] = np.array(sim), np.array([KAPPA[fam] / n for n in ns])
    out["laplace_1"], out["laplace_2"] = float(out["laplace_sim"][0]), float(out["laplace_sim"][1])
    out["gaussian_2"] = float(out["gaussian_sim"][1])
    return out


def chain_vs_closed_form(t: int = 300, samples: int = 200_000, seed: int = 0) -> dict:
    """Noise x0 = 1 in t small Gaussian steps (linear DDPM betas); compare with one draw from q(x_t | x_0)."""
    from snippets.diffusion_process import alpha_bar, betas

    rng = np.random.default_rng(seed)
    b = betas("linear", 1000)[:t]
    x = np.ones(samples)
    for beta in b:
        x = np.sqrt(1.0 - beta) * x + np.sqrt(beta) * rng.standard_normal(samples)
    ab = alpha_bar("linear", 1000)[t - 1]
    return {
        "chain_mean": float(x.mean()),
        "chain_var": float(x.var()),
        "closed_mean": float(np.sqrt(ab)),
        "closed_var": float(1.0 - ab),
        "chain_kurtosis": excess_kurtosis(x),
    }


def lerp(a, b, s):
    return (1.0 - s) * a + s * b


def slerp(a, b, s):
    omega = np.arccos(np.clip(np.dot(a / np.linalg.norm(a), b / np.linalg.norm(b)), -1.0, 1.0))
    return (np.sin((1.0 - s) * omega) * a + np.sin(s * omega) * b) / np.sin(omega)


def interpolation_norms(d: int = 512, pairs: int = 200, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    s = np.linspace(0, 1, 21)
    lin, sph = np.zeros((pairs, len(s))), np.zeros((pairs, len(s)))
    for i in range(pairs):
        a, b = rng.standard_normal(d), rng.standard_normal(d)
        lin[i] = [np.linalg.norm(lerp(a, b, v)) for v in s]
        sph[i] = [np.linalg.norm(slerp(a, b, v)) for v in s]
    root = np.sqrt(d)
    return {
        "s": s,
        "lerp": lin.mean(0) / root,
        "slerp": sph.mean(0) / root,
        "sqrt_d": float(root),
        "d": d,
        "lerp_mid": float(lin[:, 10].mean() / root),
        "slerp_mid": float(sph[:, 10].mean() / root),
    }


def draw_kurtosis(data, tr):
    fig, ax = new_figure(4.8, 3.0)
    for i, fam in enumerate(FAMILIES):
        ax.plot(data["ns"], data[f"{fam}_sim"], "o", color=f"C{i}", label=tr(fam))
        ax.plot(data["ns"], data[f"{fam}_theory"], "-", color=f"C{i}", lw=1)
    ax.set_xscale("log", base=2)
    ax.set(xlabel=tr("n_summed"), ylabel=tr("kurtosis"), title=tr("kurtosis_title"))
    ax.legend(fontsize=8)
    return fig


def draw_interpolation(data, tr):
    fig, ax = new_figure(4.8, 3.0)
    ax.plot(data["s"], data["lerp"], "-o", ms=3, label=tr("lerp"))
    ax.plot(data["s"], data["slerp"], "-s", ms=3, label=tr("slerp"))
    ax.axhline(1.0, color="grey", ls=":")
    ax.set(xlabel=tr("s_axis"), ylabel=tr("norm_axis"), ylim=(0.5, 1.1), title=tr("interp_title", d=data["d"]))
    ax.legend(fontsize=8)
    return fig


LABELS = {
    "gaussian": {"en": "Gaussian", "hi": "गाउसियन"},
    "laplace": {"en": "Laplace", "hi": "लाप्लास"},
    "student_t5": {"en": "Student-t (ν = 5)", "hi": "स्टूडेंट-t (ν = 5)"},
    "n_summed": {"en": "number of noise steps added (n)", "hi": "जोड़े गए नॉइज़ स्टेप की संख्या (n)"},
    "kurtosis": {"en": "excess kurtosis of the sum", "hi": "योग का अतिरिक्त कर्टोसिस"},
    "kurtosis_title": {"en": "dots: simulation, lines: κ/n", "hi": "बिंदु: सिमुलेशन, रेखा: κ/n"},
    "lerp": {"en": "linear (lerp)", "hi": "रैखिक (lerp)"},
    "slerp": {"en": "spherical (slerp)", "hi": "स्फ़ेरिकल (slerp)"},
    "s_axis": {"en": "position between the two latents", "hi": "दो लेटेंट के बीच स्थिति"},
    "norm_axis": {"en": "norm / √d", "hi": "नॉर्म / √d"},
    "interp_title": {"en": "norm along the path, d = {d}", "hi": "रास्ते पर नॉर्म, d = {d}"},
}

_KURT = Compute(kurtosis_of_sums)
_CHAIN = Compute(chain_vs_closed_form)
_INTERP = Compute(interpolation_norms)
FIGURES = {"kurtosis": Figure(_KURT, draw_kurtosis), "interpolation": Figure(_INTERP, draw_interpolation)}
VALUES = {
    "laplace_1": Value(_KURT, "laplace_1", ".2f"),
    "laplace_2": Value(_KURT, "laplace_2", ".2f"),
    "gaussian_2": Value(_KURT, "gaussian_2", ".2f"),
    "chain_mean": Value(_CHAIN, "chain_mean", ".3f"),
    "closed_mean": Value(_CHAIN, "closed_mean", ".3f"),
    "chain_var": Value(_CHAIN, "chain_var", ".3f"),
    "closed_var": Value(_CHAIN, "closed_var", ".3f"),
    "lerp_mid": Value(_INTERP, "lerp_mid", ".3f"),
    "slerp_mid": Value(_INTERP, "slerp_mid", ".3f"),
    "sqrt_d": Value(_INTERP, "sqrt_d", ".1f"),
}
