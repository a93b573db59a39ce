"""What the starting noise does to a video made frame by frame with an image model, and what does give motion.

The image model is ``exact_denoiser``'s exact sampler (deterministic DDIM) over a square at every position of a
16x16 wrap-around canvas (a 1-pixel grid), so a frame is a fixed function of its starting noise. A video of F
frames is F noise tensors:

- independent:  eps_f ~ N(0, I) for each frame                              -> independent frames
- shared:       one eps for all frames                                       -> F identical frames
- mixed (PYoCo, arXiv:2305.10474):  eps_f = (a*eps_shared + eps_ind_f)/sqrt(1+a^2),  rho = a^2/(1+a^2)
- progressive (PYoCo, AR(1)):      eps_f = rho eps_{f-1} + sqrt(1-rho^2) delta_f
- warped:       eps_f = eps_0 shifted by f*v pixels (v: a known motion of one pixel per frame); a shift of an
                i.i.d. Gaussian field is again i.i.d. Gaussian, so every frame's noise is still N(0, I)

In mixed and progressive noise, rho is the correlation between the noise of adjacent frames. Against these,
a *video* model: the exact denoiser over whole clips of a moving square, sampled with independent noise.

Metrics per pair of adjacent frames (``pair_metrics``): flicker = mean |frame_f+1 - frame_f| (as VBench's
temporal flickering, arXiv:2311.17982); frozen = the two frames are identical; changed = they are not; and,
for the pairs that change, the displacement of the square (px, on the wrap-around canvas) and whether it is a
jump (more than 1.5 px: one step of the grid is 1 px, so a 1-px move is possible and is not a jump).

>>> round(flicker_formula(0.0), 3), round(sign_flip_formula(0.9), 3)
(1.128, 0.144)
"""

from __future__ import annotations

import numpy as np

from snippets._figure import mosaic, new_figure
from snippets._registry import Compute, Figure, Value
from snippets.diffusion_process import alpha_bar
from snippets.exact_denoiser import SIZE, VELOCITIES, sampler, square_clips, square_images

MODES = ("independent", "shared", "mixed", "progressive")
SCHEMES = MODES + ("warped", "video_model")  # rows of the strips figure and of the table
RHOS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
JUMP = 1.5  # px: a move larger than one grid step in x and y at once


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


def warped_noise(frames: int, velocity, rng: np.random.Generator, shape=(SIZE, SIZE)) -> np.ndarray:
    """One noise field carried along a known motion: frame f is the first frame's noise shifted by f * velocity
    (dy, dx) pixels, wrapping around. A permutation of i.i.d. Gaussians, so each frame is still N(0, I)."""
    eps = rng.standard_normal(shape)
    return np.stack([np.roll(eps, (f * velocity[0], f * velocity[1]), axis=(0, 1)) for f in range(frames)])


# --8<-- [end:noise]


# --8<-- [start:metrics]
def positions(frames: np.ndarray) -> np.ndarray:
    """(y, x) of the bright square in each frame (frames, h, w) -> (frames, 2): the circular mean of the
    bright pixels' coordinates, which is exact for a square that wraps around the edges."""
    w = np.clip(frames, 0, None)
    w = w / np.maximum(w.sum(axis=(1, 2), keepdims=True), 1e-9)
    out = []
    for axis, n in ((1, frames.shape[1]), (2, frames.shape[2])):
        angle = 2 * np.pi * np.arange(n) / n
        profile = w.sum(axis=3 - axis)  # (frames, n)
        out.append(np.angle(profile @ np.exp(1j * angle)) * n / (2 * np.pi) % n)
    return np.stack(out, axis=1)


def displacement(frames: np.ndarray) -> np.ndarray:
    """How far the square moves between adjacent frames (px), the short way round the wrap-around canvas."""
    n = np.array(frames.shape[1:])
    d = np.diff(positions(frames), axis=0)
    return np.linalg.norm((d + n / 2) % n - n / 2, axis=1)


def pair_metrics(frames: np.ndarray) -> dict:
    """Per pair of adjacent frames: flicker, frozen (identical), and the displacement of the square."""
    diffs = np.abs(np.diff(frames, axis=0)).reshape(len(frames) - 1, -1)
    frozen = diffs.max(axis=1) < 1e-6
    return {"flicker": diffs.mean(axis=1), "frozen": frozen, "move": np.where(frozen, 0.0, displacement(frames))}


def summary(videos: list[dict]) -> dict:
    """Pool the pairs of many videos: flicker, % frozen, % changed, mean displacement of the pairs that change
    (px), % of those changes that are jumps (> 1.5 px). NaN where no pair changes."""
    flicker = np.concatenate([v["flicker"] for v in videos])
    frozen = np.concatenate([v["frozen"] for v in videos])
    moves = np.concatenate([v["move"][~v["frozen"]] for v in videos])
    return {
        "flicker": float(flicker.mean()),
        "frozen": 100 * float(frozen.mean()),
        "changed": 100 * float(1 - frozen.mean()),
        "move": float(moves.mean()) if len(moves) else float("nan"),
        "jump_share": 100 * float((moves > JUMP).mean()) if len(moves) else float("nan"),
    }


# --8<-- [end:metrics]


METRICS = ("flicker", "frozen", "changed", "move", "jump_share")


def bootstrap(videos: list[dict], rng: np.random.Generator, draws: int = 200) -> np.ndarray:
    """95% percentile interval of each metric over videos resampled with replacement: (2, len(METRICS))."""
    stats = [
        [summary([videos[i] for i in rng.integers(0, len(videos), len(videos))])[m] for m in METRICS]
        for _ in range(draws)
    ]
    return np.nanpercentile(np.array(stats), [2.5, 97.5], axis=0)


def noise_study(frames: int = 16, videos: int = 40, steps: int = 25, seed: int = 0, strip_rho: float = 0.9) -> dict:
    """Every scheme on the same toy, with the same metrics: the four noise modes and warped noise with the image
    model, and independent noise with the video (clip) model. Mixed and progressive against rho. All frames of
    all videos go through the sampler in one batch."""
    rng = np.random.default_rng(seed)
    ab = alpha_bar("cosine", 1000)
    jobs = [(m, 0.0) for m in ("independent", "shared")] + [(m, r) for m in ("mixed", "progressive") for r in RHOS]
    noise = [video_noise(m, frames, r, rng) for m, r in jobs for _ in range(videos)]
    motions = [VELOCITIES[i] for i in rng.integers(0, len(VELOCITIES), videos)]
    noise += [warped_noise(frames, v, rng) for v in motions]
    image_videos = sampler(square_images(), ab, steps)(np.concatenate(noise)).reshape(-1, videos, frames, SIZE, SIZE)
    clip_videos = sampler(square_clips(frames), ab, steps)(rng.standard_normal((videos, frames, SIZE, SIZE)))

    per_video = {job: [pair_metrics(v) for v in vids] for job, vids in zip(jobs + [("warped", 0.0)], image_videos)}
    per_video[("video_model", 0.0)] = [pair_metrics(v) for v in clip_videos]
    boot = np.random.default_rng(seed + 1)
    out = {"rhos": np.array(RHOS), "frames": frames, "videos": videos, "metrics": list(METRICS), "strip_rho": strip_rho}
    for mode in ("mixed", "progressive"):
        out[f"{mode}_curve"] = np.array([[summary(per_video[(mode, r)])[m] for m in METRICS] for r in RHOS])
        out[f"{mode}_band"] = np.array([bootstrap(per_video[(mode, r)], boot) for r in RHOS])  # (rho, 2, metric)
    for scheme, key in [(s, (s, 0.0)) for s in ("independent", "shared", "warped", "video_model")] + [
        (f"{m}_09", (m, 0.9)) for m in ("mixed", "progressive")
    ]:
        for m, v in summary(per_video[key]).items():
            out[f"{scheme}_{m}"] = v
    # the strips: the first video of each scheme (rho = strip_rho for the correlated ones)
    index = {job: i for i, job in enumerate(jobs + [("warped", 0.0)])}
    for scheme in SCHEMES:
        out[f"strip_{scheme}"] = (
            clip_videos[0]
            if scheme == "video_model"
            else image_videos[index[(scheme, strip_rho if scheme in ("mixed", "progressive") else 0.0)], 0]
        )
    out["warped_velocity"] = np.array(motions)
    out["video_model_expected_move"] = 1.0  # every clip of the set moves 1 px per frame
    return out


def draw_strips(data, tr):
    """One image: a row of frames per scheme, frames separated by grey gaps (kept light as one bitmap)."""
    import matplotlib

    gap, frames = 2, data[f"strip_{SCHEMES[0]}"]
    image = mosaic([data[f"strip_{scheme}"] for scheme in SCHEMES], gap, row_gap=2 * gap)
    cmap = matplotlib.colormaps["gray"].copy()
    cmap.set_bad("#8fa8c8")  # the gaps: neither the square's white nor the canvas's black
    fig, ax = new_figure(7.2, 3.3)
    ax.imshow(image, cmap=cmap, vmin=-1, vmax=1, interpolation="none")  # unresampled: crisp, small
    ax.set_xticks(
        [(SIZE + gap) * j + SIZE / 2 for j in range(0, len(frames), 3)],
        [str(j + 1) for j in range(0, len(frames), 3)],
        fontsize=7,
    )
    ax.set_yticks(
        [(SIZE + 2 * gap) * i + SIZE / 2 for i in range(len(SCHEMES))],
        [tr(s + "_strip" if s in ("mixed", "progressive") else s) for s in SCHEMES],
        fontsize=8,
    )
    ax.set_xlabel(tr("frame"), fontsize=8)
    ax.grid(False)
    return fig


def draw_metrics(data, tr):
    """Against rho: % frozen pairs, and displacement when the square moves, with 95% bootstrap bands;
    the other schemes as reference lines."""
    fig, axes = new_figure(7.2, 3.0, ncols=2)
    for ax, metric in zip(axes, ("frozen", "move")):
        k = data["metrics"].index(metric)
        for mode, style in (("mixed", "-"), ("progressive", "--")):
            (line,) = ax.plot(data["rhos"], data[f"{mode}_curve"][:, k], style, label=tr(mode))
            ax.fill_between(
                data["rhos"],
                data[f"{mode}_band"][:, 0, k],
                data[f"{mode}_band"][:, 1, k],
                color=line.get_color(),
                alpha=0.2,
                lw=0,
            )
        for scheme, color, style in (
            ("independent", "C3", ":"),
            ("shared", "C4", "-."),
            ("warped", "C2", (0, (1, 1))),
            ("video_model", "C5", (0, (5, 1))),
        ):
            value = data[f"{scheme}_{metric}"]
            if np.isfinite(value):
                ax.axhline(value, color=color, ls=style, lw=1.2, label=tr(scheme))
        ax.set(xlabel="ρ", title=tr(metric + "_title"))
    axes[1].set_ylim(bottom=0)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=7)
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
    "independent": {"en": "independent", "hi": "अलग-अलग"},
    "shared": {"en": "shared", "hi": "साझा"},
    "mixed": {"en": "mixed", "hi": "मिक्स्ड"},
    "progressive": {"en": "progressive", "hi": "प्रोग्रेसिव"},
    "warped": {"en": "warped", "hi": "वार्प्ड"},
    "video_model": {"en": "video model", "hi": "वीडियो मॉडल"},
    "mixed_strip": {"en": "mixed ρ=0.9", "hi": "मिक्स्ड ρ=0.9"},
    "progressive_strip": {"en": "progressive ρ=0.9", "hi": "प्रोग्रेसिव ρ=0.9"},
    "frame": {"en": "frame", "hi": "फ़्रेम"},
    "frozen_title": {"en": "frozen pairs (%)", "hi": "जमे हुए जोड़े (%)"},
    "move_title": {"en": "displacement when it moves (px)", "hi": "हिलने पर विस्थापन (px)"},
}

_STUDY = Compute(noise_study)
_TOY = Compute(toy_check)
FIGURES = {"strips": Figure(_STUDY, draw_strips), "metrics": Figure(_STUDY, draw_metrics)}
VALUES = {"videos": Value(_STUDY, "videos", "d"), "frames": Value(_STUDY, "frames", "d")}
for _scheme in ("independent", "shared", "warped", "video_model", "mixed_09", "progressive_09"):
    for _metric, _fmt in (("frozen", ".0f"), ("changed", ".0f"), ("move", ".2f"), ("jump_share", ".0f")):
        if _scheme != "shared" or _metric in ("frozen", "changed"):  # a frozen video has no moves to measure
            VALUES[f"{_scheme}_{_metric}"] = Value(_STUDY, f"{_scheme}_{_metric}", _fmt)
VALUES.update(
    {
        "formula_flicker_00": Value(_TOY, "formula_flicker_00", ".3f"),
        "sim_flicker_00": Value(_TOY, "sim_flicker_00", ".3f"),
        "formula_flicker_09": Value(_TOY, "formula_flicker_09", ".3f"),
        "sim_flicker_09": Value(_TOY, "sim_flicker_09", ".3f"),
        "formula_flip_09": Value(_TOY, "formula_flip_09", ".1f"),
        "sim_flip_09": Value(_TOY, "sim_flip_09", ".1f"),
    }
)
