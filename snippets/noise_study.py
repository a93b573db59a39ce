"""What the starting noise does to a video made frame by frame: a lookup table, finer tables, learned models.

The world is ``line_world`` (a box on a ring of pixels; a video is a space-time picture), the noise schemes are
``noise_across_frames``'. The first image model is ``exact_denoiser``'s exact sampler (deterministic DDIM with the
exact posterior mean) over the box at every position of a grid: 1 px (32 images), 1/2 px (64) or 1/4 px (128).
Such a model can only output its own images, so a frame is a piecewise-constant function of its starting noise:
slowly changing noise *must* give frozen frames and hops between grid positions. Its rows are *existence
demonstrations*. The finer grids, and the learned image model of ``video_diffusion``, show what happens as the
model stops being a lookup table. Two more rows are exact by construction: warped noise on the ring (the image set
is closed under shifts, so the sample shifts with the noise) and the exact *clip* model (it can only output clips
of the box moving 1 px per frame). The control for the first: warped noise on a line with ends, where the shift
uncovers fresh noise and the box meets the edge.

>>> round(flicker_formula(0.0), 3), round(sign_flip_formula(0.9), 3)
(1.128, 0.144)
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from snippets._clip import Clip, Explorer
from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value
from snippets.diffusion_process import alpha_bar
from snippets.exact_denoiser import sampler
from snippets.learned_models import FORMATS
from snippets.line_world import BOX, FRAMES, METRICS, WIDTH, nanmean, per_video, positions, render, summary
from snippets.noise_across_frames import RHOS, jobs, scheme_noise, warped_noise
from snippets.video_diffusion import DATA, IMAGE, VIDEO

GRIDS = (1.0, 0.5, 0.25)  # px between the positions of the exact model's images


def exact_study(frames: int = FRAMES, videos: int = 128, steps: int = 25, seed: int = 0, keep: int = 2) -> dict:
    """Every noise scheme with the exact image model on each grid, the exact clip model with independent noise,
    and warped noise on a line with ends. Metrics per setting (means over videos, 95% bootstrap intervals),
    and ``keep`` sample videos of each."""
    rng, boot = np.random.default_rng(seed), np.random.default_rng(seed + 1)
    ab = alpha_bar("cosine", 1000)
    settings = jobs()
    noise = np.concatenate([scheme_noise(s, frames, videos, rng) for s in settings])  # same noise for every grid
    out = {"clip_frames": frames, "videos": videos, "metrics": list(METRICS), "grids": np.array(GRIDS)}
    out["rhos"] = np.array(RHOS)
    out.update({f"rho_{str(r).replace('.', '')}": r for r in RHOS})
    out["settings"] = [f"{m}:{r:g}" for m, r in settings]
    means, lows, highs, samples = [], [], [], []
    for grid in GRIDS:
        images = render(np.arange(0.0, WIDTH, grid))
        made = sampler(images, ab, steps)(noise.reshape(-1, WIDTH)).reshape(len(settings), videos, frames, WIDTH)
        rows = [summary(per_video(v), boot) for v in made]
        means.append([[r[k] for k in METRICS] for r in rows])
        lows.append([[r[k + "_ci"][0] for k in METRICS] for r in rows])
        highs.append([[r[k + "_ci"][1] for k in METRICS] for r in rows])
        samples.append(made[:, :keep])
    out["mean"], out["low"], out["high"] = np.array(means), np.array(lows), np.array(highs)  # (grid, setting, metric)
    out["samples"] = np.array(samples)  # (grid, setting, keep, frames, width)

    # the exact clip model: every clip of the box moving 1 px per frame, from every 1-px start
    starts = np.arange(WIDTH, dtype=np.float64)
    clips = np.concatenate([render(starts[:, None] + v * np.arange(frames)) for v in (-1.0, 1.0)])
    made = sampler(clips, ab, steps)(rng.standard_normal((videos, frames, WIDTH)))
    clip = summary(per_video(made), boot)
    out["clip_model"] = np.array([clip[k] for k in METRICS])
    out["clip_model_samples"] = made[:keep]

    # warped noise on a line with ends: the same image model (1-px grid, boxes that fit inside the line)
    inside = render(np.arange(0.0, WIDTH - BOX + 1))
    velocity, noise = [], []
    for _ in range(videos):
        velocity.append(int(rng.choice([-1, 1])))
        noise.append(warped_noise(frames, velocity[-1], rng, periodic=False))
    made = sampler(inside, ab, steps)(np.reshape(noise, (-1, WIDTH))).reshape(videos, frames, WIDTH)
    table = per_video(made, width=None)
    line = summary(table, boot)
    # two causes mixed in one number: a clip whose first box, carried by the warp, would leave the line cannot follow
    # it (the table has no box partly off the line); the others can
    end = positions(made[:, 0]) + np.array(velocity) * (frames - 1)
    stays = (end >= 0) & (end <= WIDTH - BOX)
    keeps = table[:, METRICS.index("one_direction")]
    out["line_boxes"] = len(inside)
    out.update({f"grid_images_g{str(g).replace('.', '')}": len(np.arange(0.0, WIDTH, g)) for g in GRIDS})
    out["warped_line_stays"] = 100.0 * float(stays.mean())
    out["warped_line_one_direction_stays"] = nanmean(keeps[stays])
    out["warped_line_one_direction_leaves"] = nanmean(keeps[~stays])
    out["warped_line"] = np.array([line[k] for k in METRICS])
    out["warped_line_samples"] = made[:keep]
    # any model that makes each frame from its own noise: with exchangeable noise (a shared part + an own part) its
    # positions are exchangeable; were they values on a line (no wrap-around, no ties), two successive moves would
    # agree in sign with probability 1/3 and all FRAMES - 1 moves with probability 2 / FRAMES!
    out["exchangeable_cosine"] = 1 / 3 - 2 / 3
    out["exchangeable_one_direction"] = 100 * 2 / math.factorial(frames)
    out["exchangeable_one_in"] = math.factorial(frames) // 2
    out["progressive_increment_corr"] = -(1 - RHOS[-1]) / 2  # AR(1) noise: corr of successive increments
    for i, (mode, rho) in enumerate(settings):  # the values prose quotes
        tag = mode if mode in ("independent", "shared", "warped") else f"{mode}_{str(rho).replace('.', '')}"
        for g, grid in enumerate(GRIDS):
            for j, metric in enumerate(METRICS):
                out[f"{tag}_{metric}_g{str(grid).replace('.', '')}"] = float(out["mean"][g, i, j])
    for j, metric in enumerate(METRICS):
        out[f"clip_model_{metric}"] = float(out["clip_model"][j])
        out[f"warped_line_{metric}"] = float(out["warped_line"][j])
    return out


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


# ---------------------------------------------------------------- figures and values
MODELS = ("exact_g10", "exact_g025", "image", "video")  # columns of the strips, lines of the scheme panels
SHOWN = ("independent:0", "mixed:0.99", "progressive:0.99", "slerp:0.99", "shared:1", "warped:0")


def _scheme_table(data, model: str) -> np.ndarray:
    """(setting, metric) means of one model: an exact grid or a learned model."""
    if model.startswith("exact_g"):
        grid = {"exact_g10": 1.0, "exact_g05": 0.5, "exact_g025": 0.25}[model]
        return data["mean"][list(data["grids"]).index(grid)]
    return data[f"{model}_scheme"]


def _scheme_samples(data, model: str) -> np.ndarray:
    if model.startswith("exact_g"):
        grid = {"exact_g10": 1.0, "exact_g05": 0.5, "exact_g025": 0.25}[model]
        return data["samples"][list(data["grids"]).index(grid)]
    return data[f"{model}_scheme_samples"]


def draw_schemes(data, tr):
    """Mixed, progressive and slerp noise (rows) against rho, independent noise at 0 and shared noise at 1 on the same
    axis (positions, not to scale): frozen moves, direction and distance from a straight path, for every model."""
    panels = ("frozen", "cosine", "straightness_rmse")
    modes = ("mixed", "progressive", "slerp")
    fig, axes = new_figure(7.2, 5.4, nrows=len(modes), ncols=len(panels), sharex=True)
    settings = list(data["settings"])
    ticks = ["0", *(f"{r:g}" for r in data["rhos"]), "1"]
    for row, mode in zip(axes, modes):
        order = ["independent:0", *(f"{mode}:{r:g}" for r in data["rhos"]), "shared:1"]
        rows = [settings.index(s) for s in order]
        for ax, metric in zip(row, panels):
            j = METRICS.index(metric)
            for model, style in zip(MODELS, ("-o", "-s", "--^", ":v")):
                ax.plot(range(len(order)), _scheme_table(data, model)[rows, j], style, ms=3, label=tr(model))
            ax.axhline(data[f"data_{metric}"], color="k", ls=":", lw=1, label=tr("data"))
            ax.set_title(f"{tr(mode)}: {tr(metric)}", fontsize=7.5)
            ax.set_xticks(range(len(order)), ticks, fontsize=7)
            ax.tick_params(labelsize=7)
    for ax in axes[-1]:
        ax.set_xlabel("ρ", fontsize=8)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=5, fontsize=7)
    return fig


def strip_tracks(data, tr):
    """One clip per noise setting (rows) and model (columns): the first sample of each, all played together."""
    settings = list(data["settings"])
    return [(tr(s), np.stack([_scheme_samples(data, m)[settings.index(s)][0] for m in MODELS])) for s in SHOWN]


def warped_tracks(data, tr):
    """Noise carried along a motion: on the ring and on a line with ends (lookup table, 1 px), with the learned
    image model; and the exact clip model from independent noise. Two clips each."""
    warped = list(data["settings"]).index("warped:0")
    return [
        (tr("warped_ring"), _scheme_samples(data, "exact_g10")[warped][:2]),
        (tr("warped_line"), data["warped_line_samples"][:2]),
        (tr("warped_image"), _scheme_samples(data, "image")[warped][:2]),
        (tr("clip_model"), data["clip_model_samples"][:2]),
    ]


COMPARED = (("video", "independent:0"), ("image", "independent:0"), ("image", "mixed:0.99"), ("image", "warped:0"))


def compared_tracks(data, tr):
    """The video model and the image model from independent noise, the image model from mixed and from warped
    noise: the three clips kept of each."""
    settings = list(data["settings"])
    return [(f"{tr(m)}: {tr(s)}", _scheme_samples(data, m)[settings.index(s)]) for m, s in COMPARED]


# The explorer: every noise setting of the study with every model, two clips and the metrics of each.
SCHEMES = ("independent", "shared", "mixed", "progressive", "slerp", "warped")
EXPLORED = ("image", "video", "exact_g10", "exact_g05", "exact_g025")
EXPLORED_METRICS = ("clean", "clean_clips", "speed", "frozen", "jump", "cosine", "net_over_path", "one_direction",
                    "straightness_rmse", "flicker")  # fmt: skip


def explorer_settings(data) -> list:
    """(choice, two clips, metrics) for every model and noise setting; warped noise has no correlation."""
    out = []
    for model in EXPLORED:
        table, samples = _scheme_table(data, model), _scheme_samples(data, model)
        for i, setting in enumerate(data["settings"]):
            scheme, rho = setting.split(":")
            choice = {"scheme": scheme, "model": model} | ({} if scheme == "warped" else {"rho": rho})
            out.append((choice, samples[i][:2], {m: float(table[i][METRICS.index(m)]) for m in EXPLORED_METRICS}))
    return out


def explorer_reference(data) -> dict:
    return {m: data[f"data_{m}"] for m in EXPLORED_METRICS}


LABELS = {
    # the explorer's choices, its alt text (filled in for each setting) and its reference column
    "scheme": {"en": "Noise across frames", "hi": "फ़्रेमों में नॉइज़"},
    "rho": {"en": "ρ, correlation of adjacent frames' noise", "hi": "ρ, पास-पास के फ़्रेमों के नॉइज़ का कोरिलेशन"},
    "model": {"en": "Model", "hi": "मॉडल"},
    "scheme=independent": {"en": "independent", "hi": "स्वतंत्र"},
    "scheme=shared": {"en": "shared", "hi": "साझा"},
    "scheme=mixed": {"en": "mixed", "hi": "मिक्स्ड"},
    "scheme=progressive": {"en": "progressive", "hi": "प्रोग्रेसिव"},
    "scheme=slerp": {"en": "slerp", "hi": "स्फ़ेरिकल इंटरपोलेशन"},
    "scheme=warped": {"en": "warped", "hi": "वार्प्ड"},
    "rho=0": {"en": "ρ = 0", "hi": "ρ = 0"},
    "rho=0.5": {"en": "ρ = 0.5", "hi": "ρ = 0.5"},
    "rho=0.9": {"en": "ρ = 0.9", "hi": "ρ = 0.9"},
    "rho=0.99": {"en": "ρ = 0.99", "hi": "ρ = 0.99"},
    "rho=1": {"en": "ρ = 1", "hi": "ρ = 1"},
    "describe": {
        "en": "{title}: the box moves {speed} px per frame; {frozen}% of its moves are frozen; direction kept "
        "(cosine) {cosine}; {one_direction}% of clips keep one direction.",
        "hi": "{title}: बॉक्स हर फ़्रेम में {speed} पिक्सेल चलता है; उसकी {frozen}% हरकतें जमी हुई हैं; दिशा की "
        "निरंतरता (कोसाइन) {cosine}; {one_direction}% क्लिप एक ही दिशा में चलते हैं।",
    },
    "reference": {"en": "Training data", "hi": "ट्रेनिंग डेटा"},
    "clean": {"en": "clean frames (%)", "hi": "साफ़ फ़्रेम (%)"},
    "clean_clips": {"en": "clean clips (%)", "hi": "साफ़ क्लिप (%)"},
    "jump": {"en": "jumps (% of moves)", "hi": "छलाँग (हरकतों का %)"},
    "net_over_path": {"en": "net ÷ path length", "hi": "विस्थापन ÷ पथ-लंबाई"},
    "one_direction": {"en": "clips in one direction (%)", "hi": "एक ही दिशा वाले क्लिप (%)"},
    # the clip of warped noise
    "warped_ring": {"en": "warped noise on the ring, lookup table", "hi": "छल्ले पर वार्प्ड नॉइज़, लुकअप टेबल"},
    "warped_line": {
        "en": "warped noise on a line with ends, lookup table",
        "hi": "सिरों वाली रेखा पर वार्प्ड नॉइज़, लुकअप टेबल",
    },
    "warped_image": {"en": "warped noise, learned image model", "hi": "वार्प्ड नॉइज़, सीखा हुआ इमेज मॉडल"},
    "clip_model": {"en": "independent noise, exact clip model", "hi": "स्वतंत्र नॉइज़, सटीक क्लिप मॉडल"},
    "exact_g10": {"en": "lookup table, 1 px", "hi": "लुकअप टेबल, 1 पिक्सेल"},
    "exact_g05": {"en": "lookup table, ½ px", "hi": "लुकअप टेबल, ½ पिक्सेल"},
    "exact_g025": {"en": "lookup table, ¼ px", "hi": "लुकअप टेबल, ¼ पिक्सेल"},
    "image": {"en": "learned image model", "hi": "सीखा हुआ इमेज मॉडल"},
    "video": {"en": "learned video model", "hi": "सीखा हुआ वीडियो मॉडल"},
    "data": {"en": "data", "hi": "डेटा"},
    "mixed": {"en": "mixed", "hi": "मिक्स्ड"},
    "progressive": {"en": "progressive", "hi": "प्रोग्रेसिव"},
    "frozen": {"en": "frozen moves (%)", "hi": "जमी हरकतें (%)"},
    "speed": {"en": "px per frame", "hi": "पिक्सेल प्रति फ़्रेम"},
    "cosine": {"en": "direction kept", "hi": "दिशा की निरंतरता"},
    "flicker": {"en": "flicker", "hi": "फ़्लिकर"},
    "independent:0": {"en": "independent", "hi": "स्वतंत्र"},
    "mixed:0.99": {"en": "mixed ρ=0.99", "hi": "मिक्स्ड ρ=0.99"},
    "progressive:0.99": {"en": "progressive ρ=0.99", "hi": "प्रोग्रेसिव ρ=0.99"},
    "slerp:0.99": {"en": "slerp ρ=0.99", "hi": "स्फ़ेरिकल इंटरपोलेशन ρ=0.99"},
    "slerp": {"en": "slerp", "hi": "स्फ़ेरिकल इंटरपोलेशन"},
    "straightness_rmse": {"en": "off a straight path (px)", "hi": "सीधे रास्ते से भटकाव (पिक्सेल)"},
    "shared:1": {"en": "shared", "hi": "साझा"},
    "warped:0": {"en": "warped", "hi": "वार्प्ड"},
}

_EXACT = Compute(exact_study)
_TOY = Compute(toy_check)
FIGURES = {"schemes": Figure((_EXACT, DATA, IMAGE, VIDEO), draw_schemes)}
CLIPS = {
    "strips": Clip((_EXACT, IMAGE, VIDEO), strip_tracks, columns=lambda tr: [tr(m) for m in MODELS]),
    "warped": Clip((_EXACT, IMAGE), warped_tracks),
    "compared": Clip((_EXACT, IMAGE, VIDEO), compared_tracks),
    "explorer": Explorer(
        (_EXACT, DATA, IMAGE, VIDEO),
        axes=(("scheme", SCHEMES), ("rho", ("0", "0.5", "0.9", "0.99", "1")), ("model", EXPLORED)),
        settings=explorer_settings,
        metrics=tuple((m, FORMATS[m]) for m in EXPLORED_METRICS),
        reference=explorer_reference,
        default={"scheme": "mixed", "rho": "0.99", "model": "image"},
    ),
}
VALUES = {"frames": Value(_EXACT, "clip_frames", "d")}
for _rho in RHOS:  # the correlations the prose names
    VALUES[f"rho_{str(_rho).replace('.', '')}"] = Value(_EXACT, f"rho_{str(_rho).replace('.', '')}", "g")
_THEORY = {"exchangeable_cosine": ".2f", "exchangeable_one_in": ",d", "progressive_increment_corr": ".3f"}
VALUES.update({name: Value(_EXACT, name, fmt) for name, fmt in _THEORY.items()})
_TABLE = ("frozen", "speed", "cosine", "net_over_path", "one_direction", "straightness_rmse", "flicker", "jump")
_SHOWN = {  # setting tag -> what the pages quote of it, per learned model
    "image": {t: _TABLE for t in ("independent", "mixed_099", "progressive_099", "slerp_099", "warped")}
    | {"shared": ("frozen", "speed", "straightness_rmse", "flicker")},
    "video": {"mixed_099": ("frozen", "speed")},
}
_EXACT_SHOWN = [("mixed_099", "frozen", g) for g in GRIDS] + [
    ("mixed_099", "cosine", 0.25),
    ("slerp_099", "cosine", 0.25),
]
for _tag, _metric, _grid in _EXACT_SHOWN + [("warped", "speed", 1.0), ("warped", "one_direction", 1.0)]:
    _g = str(_grid).replace(".", "")
    VALUES[f"exact_{_tag}_{_metric}_g{_g}"] = Value(_EXACT, f"{_tag}_{_metric}_g{_g}", FORMATS[_metric])
for _kind, _compute in (("image", IMAGE), ("video", VIDEO)):
    for _tag, _metrics in _SHOWN[_kind].items():
        for _metric in _metrics:
            VALUES[f"{_kind}_{_tag}_{_metric}"] = Value(_compute, f"{_kind}_{_tag}_{_metric}", FORMATS[_metric])
for _end in ("lo", "hi"):  # the interval the prose quotes
    VALUES[f"image_mixed_099_frozen_{_end}"] = Value(IMAGE, f"image_mixed_099_frozen_ci_{_end}", ".0f")
for _metric in ("one_direction", "jump"):
    VALUES[f"warped_line_{_metric}"] = Value(_EXACT, f"warped_line_{_metric}", FORMATS[_metric])
VALUES["clip_model_one_direction"] = Value(_EXACT, "clip_model_one_direction", FORMATS["one_direction"])
for _rho in ("00", "09"):
    VALUES[f"formula_flicker_{_rho}"] = Value(_TOY, f"formula_flicker_{_rho}", ".3f")
    VALUES[f"sim_flicker_{_rho}"] = Value(_TOY, f"sim_flicker_{_rho}", ".3f")
VALUES["formula_flip_09"] = Value(_TOY, "formula_flip_09", ".1f")
VALUES["sim_flip_09"] = Value(_TOY, "sim_flip_09", ".1f")

# the line control's two parts, the lookup tables' sizes and their back-and-forth under progressive noise
_PARTS = {"videos": "d", "line_boxes": "d", "warped_line_stays": ".0f", "warped_line_one_direction_stays": ".0f",
          "warped_line_one_direction_leaves": ".0f"}  # fmt: skip
VALUES.update({k: Value(_EXACT, k, fmt) for k, fmt in _PARTS.items()})
for _grid in GRIDS:
    _tag = str(_grid).replace(".", "")
    VALUES[f"grid_images_g{_tag}"] = Value(_EXACT, f"grid_images_g{_tag}", "d")
    VALUES[f"exact_progressive_099_cosine_g{_tag}"] = Value(_EXACT, f"progressive_099_cosine_g{_tag}", ".2f")
for _tag in ("independent", "slerp_09", "warped"):  # the video model's clips in one direction under other noise
    VALUES[f"video_{_tag}_one_direction"] = Value(VIDEO, f"video_{_tag}_one_direction", FORMATS["one_direction"])
for _tag, _end in itertools.product(("independent", "slerp_09"), ("lo", "hi")):
    VALUES[f"video_{_tag}_one_direction_{_end}"] = Value(VIDEO, f"video_{_tag}_one_direction_ci_{_end}", ".0f")
for _name in ("mixed_099_one_direction", "mixed_099_cosine", "mixed_05_speed", "mixed_09_speed"):
    VALUES[f"video_{_name}"] = Value(VIDEO, f"video_{_name}", FORMATS[_name.split("_", 2)[2]])
