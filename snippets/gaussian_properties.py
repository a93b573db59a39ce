"""Why Gaussian noise, and what happens between two latents.

1. The Gaussian is where small steps end up. Excess kurtosis measures departure from the Gaussian shape; for a
   sum of n iid variables it is kappa/n. Gaussian: 0 for every n, which is closure under addition and gives
   DDPM's one-step form q(x_t | x_0) (Ho et al. 2020, Eq. 4). Laplace: 3, then 1.5 for a sum of two, and about
   0.02 after 300 of DDPM's small steps (``chain_kurtosis``): the central limit theorem makes any small-step
   chain Gaussian, so non-Gaussian diffusion that stays non-Gaussian defines its marginals directly (Gamma,
   arXiv:2110.05948; heavy-tailed Student-t, arXiv:2410.14171) or drops noise (Cold Diffusion, arXiv:2208.09392).
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
    out["laplace_1_theory"], out["laplace_2_theory"] = KAPPA["laplace"] / ns[0], KAPPA["laplace"] / ns[1]
    out["gaussian_2"] = float(out["gaussian_sim"][1])
    return out


def chain_kurtosis(t: int = 300, samples: int = 200_000, seed: int = 0) -> dict:
    """Run DDPM's forward chain x_s = sqrt(1 - beta_s) x_{s-1} + sqrt(beta_s) z_s (linear betas) for t steps from
    x_0 = 0, once with Gaussian increments z and once with Laplace increments of the same variance, and measure
    the excess kurtosis of x_t. Its mean and variance are the same for any unit-variance increments, so they say
    nothing about the shape; kurtosis does. Theory: x_t = sum_s w_s z_s, so the excess kurtosis is
    kappa * sum w^4 / (sum w^2)^2, with kappa = 3 for Laplace and 0 for Gaussian."""
    from snippets.diffusion_process import betas

    rng = np.random.default_rng(seed)
    b = betas("linear", 1000)[:t]
    w = np.sqrt(b) * np.sqrt(np.cumprod((1.0 - b)[::-1]))[::-1] / np.sqrt(1.0 - b)  # weight of z_s in x_t
    out = {"t": t, "share_theory": float((w**4).sum() / (w**2).sum() ** 2)}
    for fam in ("gaussian", "laplace"):
        x = np.zeros(samples)
        for beta in b:
            x = np.sqrt(1.0 - beta) * x + np.sqrt(beta) * draw_samples(fam, samples, rng)
        out[f"{fam}_chain_kurtosis"] = excess_kurtosis(x)
        out[f"{fam}_chain_var"] = float(x.var())
        out[f"{fam}_chain_theory"] = KAPPA[fam] * out["share_theory"]
    return out


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
_CHAIN = Compute(chain_kurtosis)
_INTERP = Compute(interpolation_norms)
FIGURES = {"kurtosis": Figure(_KURT, draw_kurtosis), "interpolation": Figure(_INTERP, draw_interpolation)}
VALUES = {
    "laplace_1": Value(_KURT, "laplace_1", ".2f"),
    "laplace_2": Value(_KURT, "laplace_2", ".2f"),
    "laplace_1_theory": Value(_KURT, "laplace_1_theory", "g"),
    "laplace_2_theory": Value(_KURT, "laplace_2_theory", "g"),
    "chain_t": Value(_CHAIN, "t", "d"),
    "laplace_chain_kurtosis": Value(_CHAIN, "laplace_chain_kurtosis", ".3f"),
    "laplace_chain_theory": Value(_CHAIN, "laplace_chain_theory", ".3f"),
    "laplace_chain_var": Value(_CHAIN, "laplace_chain_var", ".3f"),
    "gaussian_chain_var": Value(_CHAIN, "gaussian_chain_var", ".3f"),
    "lerp_mid": Value(_INTERP, "lerp_mid", ".3f"),
    "slerp_mid": Value(_INTERP, "slerp_mid", ".3f"),
    "sqrt_d": Value(_INTERP, "sqrt_d", ".1f"),
}
