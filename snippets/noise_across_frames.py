"""Ways to choose the starting noise of a video of F frames (lines of ``line_world``), every frame's noise
marginally N(0, I):

- independent:  eps_f ~ N(0, I) for each frame
- shared:       one eps for all frames
- mixed (PYoCo, arXiv:2305.10474):  eps_f = (a*eps_shared + eps_ind_f)/sqrt(1+a^2),  rho = a^2/(1+a^2)
- progressive (PYoCo, AR(1)):      eps_f = rho eps_{f-1} + sqrt(1-rho^2) delta_f
- slerp:        eps_f = cos(w f) a + sin(w f) b, with cos(w) = rho: a smooth path round a circle through the space of
                noises, which is what spherical interpolation between two starting noises a and b walks along
- warped:       the first frame's noise shifted by v px per frame, a known motion supplied from outside. On the
                ring the shift is a permutation of i.i.d. Gaussians, so each frame is still N(0, I), and a set
                closed under shifts makes the warped sample shift exactly (true by construction). On a line with
                ends, fresh noise enters where the shift uncovers the line: the control where edges break it.

rho is the correlation between the noise of adjacent frames. ``noise_study`` and ``video_diffusion`` feed these
to image and video models.

>>> eps = warped_noise(3, 1, np.random.default_rng(0), periodic=False)
>>> bool(np.allclose(eps[1, 1:], eps[0, :-1])), bool(np.allclose(eps[1, :1], eps[0, -1:]))
(True, False)
"""

from __future__ import annotations

import numpy as np

from snippets.line_world import WIDTH

MODES = ("independent", "shared", "mixed", "progressive", "slerp")
RHOS = (0.5, 0.9, 0.99)  # correlations of adjacent frames' noise studied for mixed and progressive noise


# --8<-- [start:noise]
def video_noise(mode: str, frames: int, rho: float, rng: np.random.Generator, shape=(WIDTH,)) -> np.ndarray:
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
    if mode == "slerp":
        a, b, w = rng.standard_normal(shape), rng.standard_normal(shape), np.arccos(rho)
        return np.stack([np.cos(w * f) * a + np.sin(w * f) * b for f in range(frames)])
    raise ValueError(f"unknown mode {mode!r}; expected one of {MODES}")


def warped_noise(frames: int, velocity: int, rng: np.random.Generator, width: int = WIDTH, periodic: bool = True):
    """One noise line carried along a known motion of ``velocity`` whole pixels per frame: frame f is the first
    frame's noise shifted by f * velocity. On a ring (periodic) the shift wraps around; on a line with ends the
    pixels it uncovers get fresh noise. Either way each frame's noise is N(0, I)."""
    if periodic:
        eps = rng.standard_normal(width)
        return np.stack([np.roll(eps, f * velocity) for f in range(frames)])
    reach = abs(velocity) * (frames - 1)
    long = rng.standard_normal(width + reach)  # the noise the line shows over the whole video
    start = reach if velocity > 0 else 0  # frame 0's window; later frames look further back (or on)
    return np.stack([long[start - f * velocity : start - f * velocity + width] for f in range(frames)])


# --8<-- [end:noise]


def jobs(rhos=RHOS) -> list[tuple[str, float]]:
    """The (scheme, rho) settings of a noise study, in the order of its tables."""
    correlated = [(m, r) for m in ("mixed", "progressive", "slerp") for r in rhos]
    return [("independent", 0.0), ("shared", 1.0), *correlated, ("warped", 0.0)]


def scheme_noise(setting, frames: int, videos: int, rng: np.random.Generator) -> np.ndarray:
    """Starting noise of ``videos`` videos for one (scheme, rho) setting of ``jobs`` (warped: 1 px per frame,
    random direction, on the ring)."""
    mode, rho = setting
    if mode == "warped":
        return np.stack([warped_noise(frames, int(rng.choice([-1, 1])), rng) for _ in range(videos)])
    return np.stack([video_noise(mode, frames, rho, rng) for _ in range(videos)])
