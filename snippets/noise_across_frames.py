"""What Gaussian noise does to a video made frame by frame with an image model, and what correlation changes.

The image model is ``denoising``'s exact sampler (deterministic DDIM), so a frame is a fixed function of its
starting noise. A video of F frames is F noise tensors:

- independent:  eps_f ~ N(0, I) for each frame                              -> independent frames
- shared:       one eps for all frames                                       -> F identical frames
- mixed (PYoCo, arXiv:2305.10474):  eps_f = (a*eps_shared + eps_ind_f)/sqrt(1+a^2),  rho = a^2/(1+a^2)
- progressive (PYoCo, AR(1)):       eps_f = rho eps_{f-1} + sqrt(1-rho^2) delta_f

In both, rho is the correlation between the noise of adjacent frames.

Metrics per video: flicker = mean |frame_f+1 - frame_f| (as VBench's temporal flickering, arXiv:2311.17982);
jumps = share of adjacent frames whose square's position moves by more than 1.5 pixels (a teleport, not
motion); frozen = share of adjacent frames that are identical.

>>> round(flicker_formula(0.0), 3), round(sign_flip_formula(0.9), 3)
(1.128, 0.144)
"""
from __future__ import annotations

import numpy as np

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value
from snippets.exact_denoiser import SIZE, sampler, square_images
from snippets.diffusion_process import alpha_bar

MODES = ("independent", "shared", "mixed", "progressive")
RHOS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)


# --8<-- [start:noise]
def video_noise(mode: str, frames: int, rho: float, rng: np.random.Generator, shape=(SIZE, SIZE)) -> np.ndarray:
    """Starting noise for each frame, (frames, *shape); every frame's noise is marginally N(0, I)."""
    if mode == "independent":
        return rng.standard_normal((frames, *shape))
    if mode == "shared":
        return np.repeat(rng.standard_normal((1, *shape)), frames, axis=0)
    if mode == "mixed":
        a = np.sqrt(rho / (1.0 - rho)) if rho < 1 else np.inf
        return (a * rng.standard_normal((1, *shape)) + rng.standard_normal((frames, *shape))) / np.sqrt(1 + a * a)
    if mode == "progressive":
        eps = [rng.standard_normal(shape)]
        for _ in range(frames - 1):
            eps.append(rho * eps[-1] + np.sqrt(1.0 - rho * rho) * rng.standard_normal(shape))
        return np.stack(eps)
    raise ValueError(f"unknown mode {mode!r}; expected one of {MODES}")
# --8<-- [end:noise]


# --8<-- [start:metrics]
def centroid(frames: np.ndarray) -> np.ndarray:
    """(x, y) of the bright square in each frame (frames, h, w) -> (frames, 2)."""
    w = np.clip(frames, 0, None)
    w = w / np.maximum(w.sum(axis=(1, 2), keepdims=True), 1e-9)
    ys, xs = np.mgrid[: frames.shape[1], : frames.shape[2]]
    return np.stack([(w * xs).sum(axis=(1, 2)), (w * ys).sum(axis=(1, 2))], axis=1)


def video_metrics(frames: np.ndarray, jump: float = 1.5) -> dict:
    diffs = np.abs(np.diff(frames, axis=0))
    moves = np.linalg.norm(np.diff(centroid(frames), axis=0), axis=1)
    return {"flicker": float(diffs.mean()), "jumps": float((moves > jump).mean()),
            "frozen": float((diffs.reshape(len(diffs), -1).max(axis=1) < 1e-6).mean())}
# --8<-- [end:metrics]


def make_video(mode: str, rho: float, frames: int, rng, sample) -> np.ndarray:
    return sample(video_noise(mode, frames, rho, rng))


def noise_modes(frames: int = 16, videos: int = 12, seed: int = 0) -> dict:
    """Frame strips for each mode (rho = 0.9 for the correlated ones) and metrics against rho."""
    sample = sampler(square_images(), alpha_bar("cosine", 1000), steps=40)
    rng = np.random.default_rng(seed)
    out = {"rhos": np.array(RHOS), "frames": frames}
    for mode in MODES:
        out[f"strip_{mode}"] = make_video(mode, 0.9, frames, np.random.default_rng(seed + 1), sample)
    for mode in ("mixed", "progressive"):
        table = np.array([[list(video_metrics(make_video(mode, r, frames, rng, sample)).values())
                           for _ in range(videos)] for r in RHOS])             # (rho, video, metric)
        out[f"{mode}_metrics"] = table.mean(axis=1)
    for mode in ("independent", "shared"):
        m = np.array([list(video_metrics(make_video(mode, 0.0, frames, rng, sample)).values()) for _ in range(videos)])
        out[f"{mode}_metrics"] = m.mean(axis=0)
    out["independent_flicker"], out["independent_jumps"] = out["independent_metrics"][:2]
    out["shared_frozen"] = out["shared_metrics"][2]
    i9 = RHOS.index(0.9)
    out["progressive_09_flicker"], out["progressive_09_jumps"], out["progressive_09_frozen"] = out["progressive_metrics"][i9]
    out["mixed_09_jumps"], out["mixed_09_frozen"] = out["mixed_metrics"][i9][1:]
    # of the frame changes that remain at rho = 0.9, how many are teleports rather than small moves
    changes = 1.0 - out["progressive_09_frozen"]
    out["progressive_09_jump_share"] = out["progressive_09_jumps"] / changes if changes > 0 else 0.0
    for k in list(out):
        if k.endswith(("_flicker", "_jumps", "_frozen", "_share")):
            out[k] = float(out[k]) * (100 if not k.endswith("_flicker") else 1)
    return out


def draw_strips(data, tr):
    """One image: a row of frames per noise mode, frames separated by a 1-pixel gap (kept light as one bitmap)."""
    import matplotlib

    gap, rows = 2, []
    for mode in MODES:
        frames = data[f"strip_{mode}"]
        row = np.full((SIZE, len(frames) * (SIZE + gap)), np.nan)
        for j, frame in enumerate(frames):
            row[:, j * (SIZE + gap): j * (SIZE + gap) + SIZE] = frame
        rows += [row, np.full((gap * 2, row.shape[1]), np.nan)]
    mosaic = np.vstack(rows[:-1])
    cmap = matplotlib.colormaps["gray"].copy()
    cmap.set_bad("white")
    fig, ax = new_figure(7.2, 2.4)
    ax.imshow(mosaic, cmap=cmap, vmin=-1, vmax=1, interpolation="nearest")
    ax.set_xticks([(SIZE + gap) * j + SIZE / 2 for j in range(0, len(frames), 3)], [str(j + 1) for j in range(0, len(frames), 3)], fontsize=7)
    ax.set_yticks([(SIZE + 2 * gap) * i + SIZE / 2 for i in range(len(MODES))], [tr(m + "_short") for m in MODES], fontsize=8)
    ax.set_xlabel(tr("frame"), fontsize=8)
    ax.grid(False)
    return fig


def draw_metrics(data, tr):
    fig, axes = new_figure(7.2, 2.7, ncols=3)
    names = ("flicker", "jumps", "frozen")
    for k, ax in enumerate(axes):
        for mode, style in (("mixed", "-"), ("progressive", "--")):
            y = data[f"{mode}_metrics"][:, k] * (1 if k == 0 else 100)
            ax.plot(data["rhos"], y, style, label=tr(mode))
        ax.axhline(data["independent_metrics"][k] * (1 if k == 0 else 100), color="C3", ls=":", label=tr("independent"))
        ax.axhline(data["shared_metrics"][k] * (1 if k == 0 else 100), color="C4", ls="--", label=tr("shared"))
        ax.set(xlabel="ρ", title=tr(names[k]))
    axes[0].legend(fontsize=7)
    return fig


# ---------------------------------------------------------------- the toy formulas
def flicker_formula(rho: float) -> float:
    """E|x - y| for standard normals with correlation rho: x - y ~ N(0, 2(1 - rho)), so 2 sqrt(1-rho) / sqrt(pi)."""
    return float(2.0 * np.sqrt(1.0 - rho) / np.sqrt(np.pi))


def sign_flip_formula(rho: float) -> float:
    """P(sign(x) != sign(y)) for standard normals with correlation rho: arccos(rho) / pi (Sheppard's formula)."""
    return float(np.arccos(rho) / np.pi)


def toy_check(n: int = 400_000, seed: int = 0, rhos=(0.0, 0.5, 0.9, 0.99)) -> dict:
    rng = np.random.default_rng(seed)
    out = {"rhos": np.array(rhos)}
    sim_f, sim_s = [], []
    for rho in rhos:
        x = rng.standard_normal(n)
        y = rho * x + np.sqrt(1 - rho * rho) * rng.standard_normal(n)
        sim_f.append(np.abs(x - y).mean())
        sim_s.append((np.sign(x) != np.sign(y)).mean())
    out["sim_flicker"], out["sim_flip"] = np.array(sim_f), np.array(sim_s)
    out["formula_flicker"] = np.array([flicker_formula(r) for r in rhos])
    out["formula_flip"] = np.array([sign_flip_formula(r) for r in rhos])
    for i, r in enumerate(rhos):
        tag = str(r).replace(".", "")
        out[f"sim_flicker_{tag}"], out[f"formula_flicker_{tag}"] = float(sim_f[i]), float(out["formula_flicker"][i])
        out[f"sim_flip_{tag}"], out[f"formula_flip_{tag}"] = float(sim_s[i]) * 100, float(out["formula_flip"][i]) * 100
    return out


LABELS = {
    "independent": {"en": "independent noise", "hi": "अलग-अलग नॉइज़"},
    "shared": {"en": "one shared noise", "hi": "एक साझा नॉइज़"},
    "mixed": {"en": "mixed (PYoCo)", "hi": "मिक्स्ड (PYoCo)"},
    "progressive": {"en": "progressive (PYoCo)", "hi": "प्रोग्रेसिव (PYoCo)"},
    "independent_short": {"en": "independent", "hi": "अलग-अलग"},
    "shared_short": {"en": "shared", "hi": "साझा"},
    "mixed_short": {"en": "mixed ρ=0.9", "hi": "मिक्स्ड ρ=0.9"},
    "progressive_short": {"en": "progressive ρ=0.9", "hi": "प्रोग्रेसिव ρ=0.9"},
    "frame": {"en": "frame", "hi": "फ्रेम"},
    "flicker": {"en": "flicker (mean |Δ frame|)", "hi": "फ्लिकर (औसत |Δ फ्रेम|)"},
    "jumps": {"en": "jumps (% of frame pairs)", "hi": "छलाँग (फ्रेम जोड़ों का %)"},
    "frozen": {"en": "frozen (% of frame pairs)", "hi": "जमे हुए (फ्रेम जोड़ों का %)"},
}

_MODES = Compute(noise_modes)
_TOY = Compute(toy_check)
FIGURES = {"strips": Figure(_MODES, draw_strips), "metrics": Figure(_MODES, draw_metrics)}
VALUES = {
    "independent_flicker": Value(_MODES, "independent_flicker", ".2f"),
    "independent_jumps": Value(_MODES, "independent_jumps", ".0f"),
    "shared_frozen": Value(_MODES, "shared_frozen", ".0f"),
    "progressive_09_flicker": Value(_MODES, "progressive_09_flicker", ".2f"),
    "progressive_09_jumps": Value(_MODES, "progressive_09_jumps", ".0f"),
    "progressive_09_frozen": Value(_MODES, "progressive_09_frozen", ".0f"),
    "progressive_09_jump_share": Value(_MODES, "progressive_09_jump_share", ".0f"),
    "mixed_09_jumps": Value(_MODES, "mixed_09_jumps", ".0f"),
    "mixed_09_frozen": Value(_MODES, "mixed_09_frozen", ".0f"),
    "formula_flicker_00": Value(_TOY, "formula_flicker_00", ".3f"),
    "sim_flicker_00": Value(_TOY, "sim_flicker_00", ".3f"),
    "formula_flicker_09": Value(_TOY, "formula_flicker_09", ".3f"),
    "sim_flicker_09": Value(_TOY, "sim_flicker_09", ".3f"),
    "formula_flip_09": Value(_TOY, "formula_flip_09", ".1f"),
    "sim_flip_09": Value(_TOY, "sim_flip_09", ".1f"),
}
