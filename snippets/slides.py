"""Slides vs film, measured: how much a slideshow's frames change, and whether motion explains the change.

Three synthetic grayscale clips (48 frames of 32x32 pixels, nominally 12 fps, i.e. 4 s), values in [0, 1]:

- ``slides``: four "slides" (a title bar and text lines), each held still for 12 frames, joined by hard cuts;
- ``slides_fade``: the same slides joined by 4-frame linear cross-fades (each fade frame is (1-w) A + w B);
- ``film``: a film-like shot: a random texture panning one pixel per frame (a camera pan) while a bright square
  moves across it at its own speed (an object with its own motion).

Metrics per adjacent pair of frames:

- change: mean |frame_f+1 - frame_f| (the flicker measure of VBench, arXiv:2311.17982);
- warping error: the change left after the best global integer shift of the previous frame, compared on the
  overlap (a one-parameter stand-in for the optical-flow warping error of Lai et al. 2018, arXiv:1808.00449).
  Motion explains a film's change (small residual); nothing explains a cut or a fade (the residual stays as
  large as the change: the shift (0, 0) is always a candidate, so residual <= change).

A phase-correlation estimate of the shift (Kuglin & Hines, "The phase correlation image alignment method", 1975;
numpy FFT) is an independent check of the exhaustive search.

>>> clip = slideshow()
>>> d = frame_changes(clip)
>>> int((d == 0).sum()), int((d > 0).sum())      # frames held still, then 3 cuts
(44, 3)
>>> [int(i) for i in np.nonzero(d)[0]]           # pair i compares frames i and i + 1: cuts after frames 11, 23, 35
[11, 23, 35]
"""

from __future__ import annotations

import numpy as np

from snippets._clip import Clip
from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value

FRAMES, SIZE, SLIDES, FPS = 48, 32, 4, 12
HOLD = FRAMES // SLIDES  # frames per slide
FADE = 4  # frames of cross-fade in ``slides_fade``
NAMES = ("slides", "slides_fade", "film")  # the three clips, in the order figures show them


def _slide(rng: np.random.Generator) -> np.ndarray:
    """A 'slide': a title bar and five text lines of random length, on the same layout for every slide."""
    img = np.zeros((SIZE, SIZE))
    img[2:6, 3 : 3 + rng.integers(12, 26)] = 1.0
    for row in range(10, 30, 4):
        img[row : row + 2, 3 : 3 + rng.integers(6, 27)] = 0.7
    return img


# --8<-- [start:clips]
def slideshow(fade: int = 0, seed: int = 0) -> np.ndarray:
    """(FRAMES, SIZE, SIZE): SLIDES slides held for HOLD frames each; optional cross-fade of ``fade`` frames.

    The fade replaces the last ``fade`` frames of each slide by blends, so cuts stay at the same places.

    >>> clip = slideshow(fade=1)
    >>> bool(np.allclose(clip[HOLD - 1], (clip[HOLD - 2] + clip[HOLD]) / 2))   # the one fade frame: halfway
    True
    """
    rng = np.random.default_rng(seed)
    slides = [_slide(rng) for _ in range(SLIDES)]
    clip = np.concatenate([np.repeat(s[None], HOLD, axis=0) for s in slides])
    for k in range(1, SLIDES):
        for j in range(fade):
            w = (j + 1) / (fade + 1)
            clip[k * HOLD - fade + j] = (1 - w) * slides[k - 1] + w * slides[k]
    return clip


def film(seed: int = 0) -> np.ndarray:
    """A textured scene panning one pixel per frame, with a bright 6x6 object moving half a pixel per frame in the
    picture (so 1.5 pixels per frame against the scene)."""
    rng = np.random.default_rng(seed)
    scene = rng.random((SIZE, SIZE + FRAMES)) * 0.6
    clip = np.empty((FRAMES, SIZE, SIZE))
    for f in range(FRAMES):
        clip[f] = scene[:, f : f + SIZE]
        x = int(2 + f * 0.5) % (SIZE - 6)
        clip[f, 12:18, x : x + 6] = 1.0
    return clip


# --8<-- [end:clips]


# --8<-- [start:metrics]
def frame_changes(clip: np.ndarray) -> np.ndarray:
    """Mean absolute difference of each adjacent pair of frames, shape (frames - 1,).

    >>> frame_changes(np.stack([np.zeros((2, 2)), np.ones((2, 2)), np.ones((2, 2))])).tolist()
    [1.0, 0.0]
    """
    return np.abs(np.diff(clip, axis=0)).mean(axis=(1, 2))


def best_shift_residual(a: np.ndarray, b: np.ndarray, max_shift: int = 3) -> tuple[float, tuple[int, int]]:
    """Smallest mean |b - shift(a)| over integer shifts |dy|, |dx| <= max_shift, compared on the overlap
    (pixels entering the picture are not counted): (warping error, (dy, dx)), with b[y, x] ~ a[y - dy, x - dx].

    >>> a = np.arange(25.0).reshape(5, 5)
    >>> best_shift_residual(a, np.roll(a, 1, axis=1))      # content moved one pixel to the right
    (0.0, (0, 1))
    """
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
    """The warping error (best-shift residual) of each adjacent pair of frames, shape (frames - 1,)."""
    return np.array([best_shift_residual(clip[f], clip[f + 1])[0] for f in range(len(clip) - 1)])


# --8<-- [end:metrics]


def clips() -> dict:
    """The three clips, by name (as the page plays them)."""
    return {"slides": slideshow(), "slides_fade": slideshow(fade=FADE), "film": film()}


def compare_clips() -> dict:
    """Every metric for the three clips, as plain numbers and arrays (percentages are 0-100)."""
    out = {}
    for name, clip in clips().items():
        change, warp = frame_changes(clip), warping_errors(clip)
        moving = change > 0
        out[f"{name}_change"], out[f"{name}_warp"] = change, warp
        out[f"{name}_still"] = float((~moving).mean() * 100)  # % of pairs exactly identical
        out[f"{name}_max"], out[f"{name}_mean"] = float(change.max()), float(change.mean())
        out[f"{name}_min"] = float(change.min())
        out[f"{name}_moving_change"] = float(change[moving].mean())  # mean over the pairs that change
        out[f"{name}_moving_warp"] = float(warp[moving].mean())
        out[f"{name}_warp_ratio"] = float(warp[moving].mean() / change[moving].mean()) * 100 if moving.any() else 0.0
    out["fade_peak_drop"] = out["slides_max"] / out["slides_fade_max"]
    return out


def draw_changes(data, tr):
    fig, (a1, a2) = new_figure(7.2, 3.0, ncols=2)
    for i, name in enumerate(NAMES):
        a1.plot(np.arange(1, FRAMES), data[f"{name}_change"], color=f"C{i}", lw=1.2, label=tr(name))
    a1.set(xlabel=tr("frame"), ylabel=tr("change"), title=tr("change_title"))
    a1.legend(fontsize=7)
    x = np.arange(len(NAMES))
    a2.bar(x - 0.2, [data[f"{n}_moving_change"] for n in NAMES], 0.4, label=tr("mean_change"))
    a2.bar(x + 0.2, [data[f"{n}_moving_warp"] for n in NAMES], 0.4, label=tr("warp"))
    a2.set_xticks(x, [tr(n + "_short") for n in NAMES], fontsize=8)
    a2.set(title=tr("warp_title"), ylabel=tr("change_short"))
    a2.legend(fontsize=7)
    return fig


def clip_tracks(data, tr):
    """The three clips side by side, played together at 12 frames per second."""
    return [("", np.stack([data[name] for name in NAMES]))]


LABELS = {
    "slides": {"en": "slideshow, hard cuts", "hi": "स्लाइडशो, सीधे कट"},
    "slides_fade": {"en": "slideshow, cross-fades", "hi": "स्लाइडशो, क्रॉस-फ़ेड"},
    "film": {"en": "film-like: pan + moving object", "hi": "फ़िल्म जैसा: पैन + चलती चीज़"},
    "slides_short": {"en": "cuts", "hi": "कट"},
    "slides_fade_short": {"en": "fades", "hi": "फ़ेड"},
    "film_short": {"en": "film-like", "hi": "फ़िल्म जैसा"},
    "frame": {"en": "frame", "hi": "फ़्रेम"},
    "change": {"en": "mean |Δ| to the previous frame", "hi": "पिछले फ़्रेम से औसत |Δ|"},
    "change_short": {"en": "mean |Δ|", "hi": "औसत |Δ|"},
    "change_title": {"en": "frame-to-frame change", "hi": "फ़्रेम-दर-फ़्रेम बदलाव"},
    "mean_change": {"en": "change (pairs that change)", "hi": "बदलाव (बदलने वाले जोड़े)"},
    "warp": {"en": "left after the best shift", "hi": "सबसे अच्छे शिफ़्ट के बाद बचा"},
    "warp_title": {"en": "does the change come from motion?", "hi": "क्या बदलाव मोशन से आता है?"},
}

_COMPARED = Compute(compare_clips)
FIGURES = {"changes": Figure(_COMPARED, draw_changes)}
CLIPS = {
    "clips": Clip(
        Compute(clips), clip_tracks, columns=lambda tr: [tr(n) for n in NAMES], fps=FPS, wrap=HOLD, vmin=0.0, vmax=1.0
    )
}
VALUES = {
    "slides_still": Value(_COMPARED, fmt=".0f"),
    "film_still": Value(_COMPARED, fmt=".0f"),
    "slides_warp_ratio": Value(_COMPARED, fmt=".0f"),
    "film_warp_ratio": Value(_COMPARED, fmt=".0f"),
    "fade_peak_drop": Value(_COMPARED, fmt=".1f"),
}
