"""Slides vs film, measured: how much a slideshow's frames change, and whether motion explains the change.

Three synthetic clips (48 frames, 32x32): a slideshow with hard cuts, the same with cross-fades, and a film-like
clip (a textured scene panning while an object moves). Metrics per adjacent pair of frames:
- change: mean |frame_f+1 - frame_f| (flicker, as in VBench, arXiv:2311.17982);
- warping error: the change left after the best global shift of the previous frame (a one-parameter
  stand-in for the optical-flow warping error of Lai et al. 2018, arXiv:1808.00449). Motion explains a
  film's change (small residual); nothing explains a cut (the residual stays large).

>>> clip = slideshow()
>>> d = frame_changes(clip)
>>> int((d == 0).sum()), int((d > 0).sum())      # frames held still, then 3 cuts
(44, 3)
"""
from __future__ import annotations

import numpy as np

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value

FRAMES, SIZE, SLIDES = 48, 32, 4
CLIPS = ("slides", "slides_fade", "film")


def _slide(k: int, rng) -> np.ndarray:
    """A 'slide': a title bar and a few text lines of random length."""
    img = np.zeros((SIZE, SIZE))
    img[2:6, 3:3 + rng.integers(12, 26)] = 1.0
    for row in range(10, 30, 4):
        img[row:row + 2, 3:3 + rng.integers(6, 27)] = 0.7
    return img


def slideshow(fade: int = 0, seed: int = 0) -> np.ndarray:
    """(FRAMES, SIZE, SIZE): SLIDES slides held for FRAMES/SLIDES frames each; optional cross-fade of ``fade`` frames."""
    rng = np.random.default_rng(seed)
    slides = [_slide(k, rng) for k in range(SLIDES)]
    hold = FRAMES // SLIDES
    clip = np.concatenate([np.repeat(s[None], hold, axis=0) for s in slides])
    for k in range(1, SLIDES):
        for j in range(fade):
            w = (j + 1) / (fade + 1)
            clip[k * hold - fade + j] = (1 - w) * slides[k - 1] + w * slides[k]
    return clip


def film(seed: int = 0) -> np.ndarray:
    """A textured scene panning one pixel per frame, with a bright object moving faster across it."""
    rng = np.random.default_rng(seed)
    scene = rng.random((SIZE, SIZE + FRAMES)) * 0.6
    clip = np.empty((FRAMES, SIZE, SIZE))
    for f in range(FRAMES):
        clip[f] = scene[:, f:f + SIZE]
        x = int(2 + f * 0.5) % (SIZE - 6)
        clip[f, 12:18, x:x + 6] = 1.0
    return clip


def frame_changes(clip: np.ndarray) -> np.ndarray:
    return np.abs(np.diff(clip, axis=0)).mean(axis=(1, 2))


def best_shift_residual(a: np.ndarray, b: np.ndarray, max_shift: int = 3) -> tuple[float, tuple[int, int]]:
    """Smallest mean |b - shift(a)| over integer shifts (compared on the overlap): the warping error."""
    best = (np.inf, (0, 0))
    h, w = a.shape
    for dy in range(-max_shift, max_shift + 1):
        for dx in range(-max_shift, max_shift + 1):
            ys, xs = slice(max(dy, 0), h + min(dy, 0)), slice(max(dx, 0), w + min(dx, 0))
            ya, xa = slice(max(-dy, 0), h + min(-dy, 0)), slice(max(-dx, 0), w + min(-dx, 0))
            r = float(np.abs(b[ys, xs] - a[ya, xa]).mean())
            best = min(best, (r, (dy, dx)))
    return best


def warping_errors(clip: np.ndarray) -> np.ndarray:
    return np.array([best_shift_residual(clip[f], clip[f + 1])[0] for f in range(len(clip) - 1)])


def compare_clips() -> dict:
    clips = {"slides": slideshow(), "slides_fade": slideshow(fade=4), "film": film()}
    out = {}
    for name, clip in clips.items():
        change, warp = frame_changes(clip), warping_errors(clip)
        out[f"{name}_change"], out[f"{name}_warp"] = change, warp
        out[f"{name}_still"] = float((change == 0).mean() * 100)
        out[f"{name}_max"], out[f"{name}_mean"] = float(change.max()), float(change.mean())
        moving = change > 0
        out[f"{name}_warp_ratio"] = float(warp[moving].mean() / change[moving].mean()) * 100 if moving.any() else 0.0
        out[f"{name}_strip"] = clip[:: FRAMES // 8]
    out["fade_peak_drop"] = out["slides_max"] / out["slides_fade_max"]
    return out


def draw_changes(data, tr):
    fig, (a1, a2) = new_figure(7.2, 3.0, ncols=2)
    for i, name in enumerate(CLIPS):
        a1.plot(np.arange(1, FRAMES), data[f"{name}_change"], color=f"C{i}", lw=1.2, label=tr(name))
    a1.set(xlabel=tr("frame"), ylabel=tr("change"), title=tr("change_title"))
    a1.legend(fontsize=7)
    x = np.arange(len(CLIPS))
    a2.bar(x - 0.2, [data[f"{n}_mean"] for n in CLIPS], 0.4, label=tr("mean_change"))
    a2.bar(x + 0.2, [data[f"{n}_warp"][data[f"{n}_change"] > 0].mean() for n in CLIPS], 0.4, label=tr("warp"))
    a2.set_xticks(x, [tr(n + "_short") for n in CLIPS], fontsize=8)
    a2.set(title=tr("warp_title"))
    a2.legend(fontsize=7)
    return fig


LABELS = {
    "slides": {"en": "slideshow, hard cuts", "hi": "स्लाइडशो, सीधे कट"},
    "slides_fade": {"en": "slideshow, cross-fades", "hi": "स्लाइडशो, क्रॉस-फ़ेड"},
    "film": {"en": "film-like: pan + moving object", "hi": "फ़िल्म जैसा: पैन + चलती चीज़"},
    "slides_short": {"en": "cuts", "hi": "कट"},
    "slides_fade_short": {"en": "fades", "hi": "फ़ेड"},
    "film_short": {"en": "film-like", "hi": "फ़िल्म जैसा"},
    "frame": {"en": "frame", "hi": "फ्रेम"},
    "change": {"en": "mean |Δ| to the previous frame", "hi": "पिछले फ्रेम से औसत |Δ|"},
    "change_title": {"en": "frame-to-frame change", "hi": "फ्रेम-दर-फ्रेम बदलाव"},
    "mean_change": {"en": "mean change (all pairs)", "hi": "औसत बदलाव (सभी जोड़े)"},
    "warp": {"en": "left after best shift (changing pairs)", "hi": "बेहतरीन शिफ़्ट के बाद बचा (बदलते जोड़े)"},
    "warp_title": {"en": "does motion explain the change?", "hi": "क्या मोशन बदलाव को समझाती है?"},
}

_CLIPS = Compute(compare_clips)
FIGURES = {"changes": Figure(_CLIPS, draw_changes)}
VALUES = {
    "slides_still": Value(_CLIPS, "slides_still", ".0f"),
    "film_still": Value(_CLIPS, "film_still", ".0f"),
    "slides_warp_ratio": Value(_CLIPS, "slides_warp_ratio", ".0f"),
    "film_warp_ratio": Value(_CLIPS, "film_warp_ratio", ".0f"),
    "fade_peak_drop": Value(_CLIPS, "fade_peak_drop", ".1f"),
}
