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

FAMILIES = ("gaussian", "laplace", "student_t10")
# excess kurtosis of one variable; Student-t with 10 dof: 6/(10-4) (below 8 dof a sample's kurtosis has no variance)
KAPPA = {"gaussian": 0.0, "laplace": 3.0, "student_t10": 1.0}


def draw_samples(family: str, size, rng) -> np.ndarray:
    """Unit-variance samples of a noise family."""
    if family == "gaussian":
        return rng.standard_normal(size)
    if family == "laplace":
        return rng.laplace(0.0, 1.0 / np.sqrt(2.0), size)
    if family == "student_t10":
        return rng.standard_t(10, size) / np.sqrt(10.0 / 8.0)
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
    return out


def chain_weights(schedule: str, t: int) -> np.ndarray:
    """DDPM's forward chain x_s = sqrt(1 - beta_s) x_{s-1} + sqrt(beta_s) z_s from x_0 = 0 gives x_t = sum_s w_s z_s:
    the weights w_1..w_t of the steps' noise in x_t."""
    from snippets.diffusion_process import betas

    b = betas(schedule, 1000)[:t]
    return np.sqrt(b) * np.sqrt(np.cumprod((1.0 - b)[::-1]))[::-1] / np.sqrt(1.0 - b)


def chain_kurtosis_theory(schedule: str, kappa: float = 3.0) -> np.ndarray:
    """Excess kurtosis of x_t for t = 1..1000 when every step's noise has excess kurtosis kappa (Laplace: 3):
    kappa * sum w^4 / (sum w^2)^2, a weighted central limit theorem."""
    return np.array(
        [kappa * (w**4).sum() / (w**2).sum() ** 2 for w in (chain_weights(schedule, t) for t in range(1, 1001))]
    )


def chain_kurtosis(t: int = 300, samples: int = 200_000, seed: int = 0) -> dict:
    """Run DDPM's forward chain (linear betas) for t steps from x_0 = 0, once with Gaussian increments and once with
    Laplace increments of the same variance, and measure the excess kurtosis of x_t. Its mean and variance are the
    same for any unit-variance increments, so they say nothing about the shape; kurtosis does. Beside it, the
    theory for every t and both schedules: with the cosine schedule the last step (beta clipped at 0.999) replaces
    almost all of x, so the chain ends as Laplace as it started."""
    rng = np.random.default_rng(seed)
    out = {"t": t, "ts": np.arange(1, 1001)}
    for schedule in ("linear", "cosine"):
        out[f"{schedule}_theory"] = chain_kurtosis_theory(schedule)
    out["laplace_chain_theory"] = float(out["linear_theory"][t - 1])
    out["cosine_end_theory"] = float(out["cosine_theory"][-1])
    out["linear_min_theory"] = float(out["linear_theory"].min())
    from snippets.diffusion_process import betas

    for fam in ("gaussian", "laplace"):
        x = np.zeros(samples)
        for beta in betas("linear", 1000)[:t]:
            x = np.sqrt(1.0 - beta) * x + np.sqrt(beta) * draw_samples(fam, samples, rng)
        out[f"{fam}_chain_kurtosis"] = excess_kurtosis(x)
        out[f"{fam}_chain_var"] = float(x.var())
    out["kurtosis_se"] = float(np.sqrt(24.0 / samples))  # standard error of a sample's excess kurtosis
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


def draw_chain(data, tr):
    fig, ax = new_figure(4.8, 3.0)
    for schedule, style in (("linear", "-"), ("cosine", "--")):
        ax.plot(data["ts"], data[f"{schedule}_theory"], style, label=tr(f"chain_{schedule}"))
    ax.plot([data["t"]], [data["laplace_chain_kurtosis"]], "o", color="C0", label=tr("chain_sim"))
    ax.set_yscale("symlog", linthresh=0.01)  # log above 0.01, linear below: a sampled value may be negative
    ax.set(xlabel=tr("chain_t"), ylabel=tr("kurtosis_xt"), title=tr("chain_title"))
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
    "student_t10": {"en": "Student-t (ν = 10)", "hi": "स्टूडेंट-t (ν = 10)"},
    "chain_linear": {"en": "linear schedule (DDPM)", "hi": "रैखिक शेड्यूल (DDPM)"},
    "chain_cosine": {"en": "cosine schedule", "hi": "कोसाइन शेड्यूल"},
    "chain_sim": {"en": "simulated, t = 300", "hi": "सिमुलेशन, t = 300"},
    "chain_t": {"en": "forward step t", "hi": "नॉइज़ डालने का स्टेप t"},
    "kurtosis_xt": {"en": "excess kurtosis of x_t", "hi": "x_t का अतिरिक्त कर्टोसिस"},
    "chain_title": {"en": "Laplace noise steps, theory", "hi": "लाप्लास नॉइज़ के स्टेप, सिद्धांत"},
    "n_summed": {"en": "number of noise steps added (n)", "hi": "जोड़े गए नॉइज़ स्टेपों की संख्या (n)"},
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
FIGURES = {
    "kurtosis": Figure(_KURT, draw_kurtosis),
    "chain": Figure(_CHAIN, draw_chain),
    "interpolation": Figure(_INTERP, draw_interpolation),
}
VALUES = {
    "laplace_1": Value(_KURT, "laplace_1", ".2f"),
    "laplace_2": Value(_KURT, "laplace_2", ".2f"),
    "laplace_1_theory": Value(_KURT, "laplace_1_theory", "g"),
    "laplace_2_theory": Value(_KURT, "laplace_2_theory", "g"),
    "chain_t": Value(_CHAIN, "t", "d"),
    "laplace_chain_kurtosis": Value(_CHAIN, "laplace_chain_kurtosis", ".2f"),
    "laplace_chain_theory": Value(_CHAIN, "laplace_chain_theory", ".3f"),
    "laplace_chain_var": Value(_CHAIN, "laplace_chain_var", ".3f"),
    "gaussian_chain_var": Value(_CHAIN, "gaussian_chain_var", ".3f"),
    "cosine_end_theory": Value(_CHAIN, "cosine_end_theory", ".2f"),
    "kurtosis_se": Value(_CHAIN, "kurtosis_se", ".2f"),
    "lerp_mid": Value(_INTERP, "lerp_mid", ".3f"),
    "slerp_mid": Value(_INTERP, "slerp_mid", ".3f"),
    "sqrt_d": Value(_INTERP, "sqrt_d", ".1f"),
}
