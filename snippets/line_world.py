"""A world small enough to train a video model in a minute: a line of pixels over time.

A frame is a line of ``WIDTH`` pixels that wraps around at the ends (a ring, so an object leaving on the right
comes back on the left and no position is special). On it sits one bright box, ``BOX`` pixels wide, at a
*continuous* position: a pixel's value is the share of it the box covers (anti-aliased), mapped to [-1, 1].
A video is the box moving at a constant velocity, drawn from ``SPEEDS`` px per frame in either direction, so
positions and velocities form a continuum and no finite set of pictures can memorise them.

A video drawn as a picture, frames top to bottom, is a *space-time picture*: steady motion is a straight line,
a frozen video a vertical line, flicker a scatter.

The metrics below say how far (px per frame), how often (frozen, jumps) and whether the direction persists
(cosine between successive moves, net displacement over path length, share of videos that keep one direction),
and how straight the path is (RMSE of a straight-line fit to the unwrapped position). They take positions of any
dimension, so hand-made paths check them:

>>> straight = np.array([[0.0], [1.0], [2.0], [3.0]])
>>> m = motion_metrics(straight, width=None)
>>> m["cosine"], m["net_over_path"], m["one_direction"], round(m["straightness_rmse"], 6)
(1.0, 1.0, True, 0.0)
>>> back_and_forth = np.array([[0.0], [1.0], [0.0], [1.0], [0.0]])
>>> m = motion_metrics(back_and_forth, width=None)
>>> m["cosine"], m["net_over_path"], m["one_direction"]
(-1.0, 0.0, False)
>>> frames = render(np.array([3.25, 4.25]))
>>> np.round(positions(frames), 6).tolist(), clean(frames).tolist()
([3.25, 4.25], [True, True])
"""

from __future__ import annotations

import numpy as np

WIDTH = 32  # pixels on the ring
FRAMES = 8  # frames per video
BOX = 4.0  # width of the box, px
SPEEDS = (0.5, 1.5)  # |velocity| in px per frame, uniform in this range, either direction
FROZEN = 0.1  # px: a move shorter than this is "frozen" (the data never moves less than SPEEDS[0])
JUMP = 2 * SPEEDS[1]  # px: a move longer than twice the fastest speed in the data is a "jump"
CLEAN = 0.1  # a frame is clean when it is within this RMS distance of a box drawn at its estimated position
# (chosen on the trained models' frames, so video_diffusion.study also measures motion at THRESHOLDS around it)


# --8<-- [start:world]
def render(pos: np.ndarray, width: int = WIDTH, box: float = BOX) -> np.ndarray:
    """Frames (..., width) in [-1, 1] of a box whose left edge is at ``pos`` (..., any real number, wrapped).
    Each pixel [i, i+1) shows the share of it that the box [pos, pos + box) covers."""
    pos = np.asarray(pos, dtype=np.float64) % width
    i = np.arange(width)
    cover = np.zeros(pos.shape + (width,))
    for wrap in (-width, 0, width):  # the box may straddle the ring's seam
        left = pos[..., None] + wrap
        cover += np.clip(np.minimum(i + 1, left + box) - np.maximum(i, left), 0.0, 1.0)
    return 2.0 * cover - 1.0


def moving_boxes(n: int, frames: int, rng: np.random.Generator, width: int = WIDTH) -> tuple[np.ndarray, np.ndarray]:
    """``n`` videos (n, frames, width) of a box at a uniform start moving at a constant velocity whose size is
    uniform in SPEEDS and whose sign is random; returns (videos, velocities in px per frame)."""
    start = rng.uniform(0.0, width, n)
    velocity = rng.uniform(*SPEEDS, n) * rng.choice([-1.0, 1.0], n)
    return render(start[:, None] + velocity[:, None] * np.arange(frames), width), velocity


# --8<-- [end:world]


# --8<-- [start:metrics]
def _centroid(frames: np.ndarray) -> np.ndarray:
    """Circular centroid (px) of the brightness of frames (..., width)."""
    width = frames.shape[-1]
    weight = (np.clip(frames, -1.0, 1.0) + 1.0) / 2.0
    angle = 2 * np.pi * (np.arange(width) + 0.5) / width
    return np.angle(weight @ np.exp(1j * angle)) * width / (2 * np.pi)


def positions(frames: np.ndarray, box: float = BOX) -> np.ndarray:
    """Left edge of the box in each frame (..., width) -> (...): where the frame's brightness is centred on the
    ring. Pixels average the box, which biases a plain centroid by up to 0.001 px; one correction step (the
    centroid of a box redrawn there) removes it, so a clean box gives its position to about 1e-6 px."""
    width = frames.shape[-1]
    seen = _centroid(frames)
    guess = (seen - box / 2) % width
    bias = (_centroid(render(guess, width, box)) - (guess + box / 2) + width / 2) % width - width / 2
    return (guess - bias) % width


def clean(frames: np.ndarray, tol: float = CLEAN) -> np.ndarray:
    """Whether each frame (..., width) is a box: within ``tol`` (RMS) of a box drawn at its estimated position."""
    redrawn = render(positions(frames), frames.shape[-1])
    return np.sqrt(((redrawn - frames) ** 2).mean(-1)) < tol


def moves(path: np.ndarray, width: int | None = WIDTH) -> np.ndarray:
    """Successive displacements of a path (frames,) or (frames, dims) -> (frames - 1, dims); on a ring of
    ``width`` pixels each move is taken the short way round (None: no wrapping)."""
    path = np.asarray(path, dtype=np.float64)
    path = path[:, None] if path.ndim == 1 else path
    d = np.diff(path, axis=0)
    return d if width is None else (d + width / 2) % width - width / 2


def motion_metrics(path: np.ndarray, width: int | None = WIDTH) -> dict:
    """How one path moves: speed (median |move|, px per frame: a few jumps do not move it, so a clip that mostly
    steps 1 px with one jump has speed 1), frozen and jump shares (%), direction persistence
    (mean cosine between successive non-frozen moves; net displacement / path length; whether every successive
    cosine is positive) and straightness (RMSE, px, of a straight-line fit to the unwrapped position)."""
    d = moves(path, width)
    size = np.linalg.norm(d, axis=1)
    live = size >= FROZEN
    pairs = live[1:] & live[:-1]
    cos = (d[1:] * d[:-1]).sum(1)[pairs] / (size[1:] * size[:-1])[pairs]
    unwrapped = np.concatenate([np.zeros((1, d.shape[1])), np.cumsum(d, axis=0)])
    f = np.arange(len(unwrapped), dtype=np.float64)
    design = np.stack([f, np.ones_like(f)], axis=1)
    fit, *_ = np.linalg.lstsq(design, unwrapped, rcond=None)
    return {
        "speed": float(np.median(size)),
        "frozen": 100.0 * float((~live).mean()),
        "jump": 100.0 * float((size > JUMP).mean()),
        "cosine": float(cos.mean()) if len(cos) else float("nan"),
        "net_over_path": float(np.linalg.norm(d.sum(0)) / size.sum()) if size.sum() > 0 else float("nan"),
        "one_direction": bool(live.all() and (cos > 0).all()),
        "straightness_rmse": float(np.sqrt(((design @ fit - unwrapped) ** 2).sum(1).mean())),
    }


METRICS = ("clean", "clean_clips", "flicker", "speed", "frozen", "jump", "cosine", "net_over_path", "one_direction",
           "straightness_rmse")  # fmt: skip
MOTION = METRICS[3:]  # measured on clips whose every frame is a box


def per_video(videos: np.ndarray, width: int | None = WIDTH, tol: float = CLEAN) -> np.ndarray:
    """Every metric of every video (n, frames, width) -> (n, len(METRICS)): % clean frames, whether every frame is
    clean (0 or 100), flicker (mean |frame_f+1 - frame_f|), and the ``motion_metrics`` of its box (one_direction as 0
    or 100). Motion is measured only on clips whose every frame is clean (NaN otherwise): the position of a blob or a
    cross-fade is where its brightness is centred, which can move steadily while no box does. ``width=None``: a line
    with ends, where moves do not wrap; ``tol``: the clean threshold."""
    rows = []
    for video in videos:
        ok = clean(video, tol)
        m = motion_metrics(positions(video), width)
        m["one_direction"] = 100.0 * m["one_direction"]
        row = {k: (m[k] if ok.all() else float("nan")) for k in MOTION}
        row["clean"], row["clean_clips"] = 100.0 * float(ok.mean()), 100.0 * float(ok.all())
        row["flicker"] = float(np.abs(np.diff(video, axis=0)).mean())
        rows.append([row[k] for k in METRICS])
    return np.array(rows)


def nanmean(x: np.ndarray) -> float:
    """Mean of the finite values of ``x``; NaN (without numpy's warning) when there are none."""
    x = np.asarray(x, dtype=np.float64)
    return float(x[np.isfinite(x)].mean()) if np.isfinite(x).any() else float("nan")


def spread(videos: np.ndarray) -> dict:
    """What the means hide (a model that always moved right at one speed would score perfectly on every column):
    over clips whose every frame is clean, the share moving right (%; the data: half) and the spread (SD, px per
    frame) of the clips' speeds."""
    kept = [v for v in videos if clean(v).all()]
    if not kept:
        return {"right": float("nan"), "speed_sd": float("nan")}
    d = np.array([moves(positions(v))[:, 0] for v in kept])  # (clips, frames - 1)
    return {"right": 100.0 * float((d.sum(1) > 0).mean()), "speed_sd": float(np.median(np.abs(d), axis=1).std())}


def summary(table: np.ndarray, rng: np.random.Generator | None = None, draws: int = 200) -> dict:
    """Means over videos of ``per_video``'s table (NaN-aware: a video with no two successive moves has no
    cosine; a metric no video has is NaN); with ``rng``, also a 95% bootstrap interval over videos (key
    ``<metric>_ci``: low, high)."""
    has = np.isfinite(table).any(axis=0)
    mean = np.full(len(METRICS), np.nan)
    mean[has] = np.nanmean(table[:, has], axis=0)
    out = {k: float(mean[j]) for j, k in enumerate(METRICS)}
    if rng is not None:
        picks = rng.integers(0, len(table), (draws, len(table)))
        boot = np.full((draws, len(METRICS)), np.nan)
        for i, pick in enumerate(picks):
            sample = table[pick]
            ok = np.isfinite(sample).any(axis=0)
            boot[i, ok] = np.nanmean(sample[:, ok], axis=0)
        for j, k in enumerate(METRICS):
            finite = boot[np.isfinite(boot[:, j]), j]
            out[f"{k}_ci"] = np.percentile(finite, [2.5, 97.5]) if len(finite) else np.array([np.nan, np.nan])
    return out


# --8<-- [end:metrics]
