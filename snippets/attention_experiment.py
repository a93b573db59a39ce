"""Two questions kept apart: does a task need the *order* of frames, and does it need *cross-frame* attention?

- ``order_check``: divided attention without a time embedding is blind to frame order (a shuffle test).
- Task 1, "left or right?" (``direction_experiment``): a bar moves one column per frame. A left-moving clip is a
  right-moving clip played backwards, so the task needs order. Four models: space-only or divided attention,
  each with and without a learned time embedding. Space-only *with* a time embedding is the control: it has
  order but no layer that lets one frame see another.
- Task 2, "still or moving?" (``motion_experiment``): the bar either stays at one column or moves one column
  per frame, wrapping around at the edge. In any single frame the bar's column is uniformly random in both
  classes, so one frame, even with its index, says nothing about the label; only a comparison of frames does.
  It isolates cross-frame interaction.

Same recipe for every run: one attention block, mean-pooled, a linear head; Adam, batch 32, fixed seeds.
The models come from ``snippets.attention_models``.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value
from snippets.attention_models import DividedSpaceTimeAttention, SpaceOnlyAttention, TimeEmbedding


def order_check(frames: int = 8, patches: int = 16, dim: int = 32, seed: int = 0) -> dict:
    """Shuffle the frames of a random clip and compare outputs; pool a clip and its reverse.

    Without a time embedding, divided attention is permutation-equivariant over frames: the outputs are
    shuffled the same way, and a clip and its reverse mean-pool to the same vector (up to float error).
    """
    torch.manual_seed(seed)
    x = torch.randn(1, frames, patches, dim)
    perm = torch.randperm(frames)
    block = DividedSpaceTimeAttention(dim).eval()
    emb = TimeEmbedding(frames, dim, std=1.0)
    with torch.no_grad():
        equiv = (block(x)[:, perm] - block(x[:, perm])).abs().max().item()
        pooled = (block(x).mean((1, 2)) - block(x.flip(1)).mean((1, 2))).abs().max().item()
        equiv_t = (block(emb(x))[:, perm] - block(emb(x[:, perm]))).abs().max().item()
        pooled_t = (block(emb(x)).mean((1, 2)) - block(emb(x.flip(1))).mean((1, 2))).abs().max().item()
    return {"equiv_no_time": equiv, "pooled_no_time": pooled, "equiv_time": equiv_t, "pooled_time": pooled_t}


# ---------------------------------------------------------------- the two tasks
def moving_bar_clips(n: int, frames: int = 6, size: int = 8, seed: int = 0):
    """Task 1: a bright vertical bar moving left or right one pixel per frame, plus noise.

    Label 1 = moving right. A left-moving clip is exactly a right-moving clip played backwards, so any model
    that cannot see frame order is at chance (50%). Returns (clips (n, frames, size, size), labels (n,))."""
    g = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, 2, (n,), generator=g)
    start = torch.randint(0, size - frames + 1, (n,), generator=g)
    clips = torch.zeros(n, frames, size, size)
    for i in range(n):
        for f in range(frames):
            col = start[i] + (f if labels[i] == 1 else frames - 1 - f)
            clips[i, f, :, col] = 1.0
    clips += 0.1 * torch.randn(clips.shape, generator=g)
    return clips, labels


def still_or_moving_clips(n: int, frames: int = 6, size: int = 8, seed: int = 0):
    """Task 2: label 1 = the bar moves one column per frame (left or right, wrapping around at the edge),
    label 0 = it stays at one column. The start column is uniform over all ``size`` columns, so in every single
    frame the bar's column is uniform in both classes. Returns (clips (n, frames, size, size), labels (n,))."""
    g = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, 2, (n,), generator=g)
    start = torch.randint(0, size, (n,), generator=g)
    step = torch.randint(0, 2, (n,), generator=g) * 2 - 1  # -1 left, +1 right
    t = torch.arange(frames)
    cols = (start[:, None] + labels[:, None] * step[:, None] * t) % size  # (n, frames)
    clips = torch.zeros(n, frames, size, size)
    clips[torch.arange(n)[:, None], t, :, cols] = 1.0
    clips += 0.1 * torch.randn(clips.shape, generator=g)
    return clips, labels


TASKS = {"direction": moving_bar_clips, "motion": still_or_moving_clips}


class ClipClassifier(nn.Module):
    """Columns of each frame are the tokens; attention; mean-pool over frames and tokens; linear head.

    ``kind``: "space" or "divided", optionally with "+time" (a learned time embedding added to every token)."""

    def __init__(self, kind: str, frames: int, size: int, dim: int = 32, time_std: float = 1.0, heads: int = 1):
        super().__init__()
        block, _, time = kind.partition("+")
        if block not in ("space", "divided") or time not in ("", "time"):
            raise ValueError(f"unknown model kind {kind!r}; expected space, space+time, divided or divided+time")
        self.embed = nn.Linear(size, dim)
        self.space_pos = nn.Parameter(torch.randn(size, dim) * 0.02)  # column position within a frame
        self.time = TimeEmbedding(frames, dim, time_std) if time else None
        self.block = SpaceOnlyAttention(dim, heads) if block == "space" else DividedSpaceTimeAttention(dim, heads)
        self.head = nn.Linear(dim, 2)

    def forward(self, clips):  # (b, t, h, w)
        x = self.embed(clips.transpose(2, 3))  # columns as tokens: (b, t, w, dim)
        x = x + self.space_pos
        if self.time is not None:
            x = self.time(x)
        return self.head(self.block(x).mean(dim=(1, 2)))


def train(
    task: str,
    kind: str,
    seed: int,
    steps: int = 200,
    n_train: int = 512,
    n_test: int = 256,
    time_std: float = 1.0,
    frames: int = 6,
    size: int = 8,
    batch: int = 32,
    every: int = 20,
) -> dict:
    """Train one classifier on one task; return its final test accuracy and the test accuracy every ``every`` steps.

    ``time_std``: initial scale of the learned time embedding. At the customary 0.02 the model can sit at chance
    for the whole budget before it learns (the embedding must grow before order becomes visible); 1.0 gets
    past that plateau. The page shows the curves so a plateau cannot hide."""
    torch.manual_seed(seed)
    xtr, ytr = TASKS[task](n_train, frames, size, seed=1000 + seed)
    xte, yte = TASKS[task](n_test, frames, size, seed=2000 + seed)
    model = ClipClassifier(kind, frames, size, time_std=time_std)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    curve = []
    for step in range(steps):
        idx = torch.randint(0, n_train, (batch,))
        loss = nn.functional.cross_entropy(model(xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % every == every - 1:
            with torch.no_grad():
                curve.append((model(xte).argmax(1) == yte).float().mean().item())
    return {"accuracy": curve[-1], "curve": np.array(curve)}


def train_direction(kind: str, seed: int, steps: int = 200, **kw) -> dict:
    return train("direction", kind, seed, steps, **kw)


def _experiment(task: str, kinds, seeds, steps: int) -> dict:
    out = {"seeds": np.array(seeds), "steps": steps, "kinds": list(kinds), "every": 20}
    for kind in kinds:
        runs = [train(task, kind, s, steps) for s in seeds]
        acc = np.array([r["accuracy"] for r in runs]) * 100
        out[f"{kind}_acc"], out[f"{kind}_curve"] = acc, np.array([r["curve"] for r in runs]) * 100
        out[f"{kind}_mean"], out[f"{kind}_min"], out[f"{kind}_max"] = (
            float(acc.mean()),
            float(acc.min()),
            float(acc.max()),
        )
    return out


DIRECTION_KINDS = ("space", "space+time", "divided", "divided+time")
MOTION_KINDS = ("space+time", "divided", "divided+time")
KINDS = DIRECTION_KINDS


def direction_experiment(seeds=(0, 1, 2), steps: int = 200) -> dict:
    """Task 1 for the four models, and the trap: divided + time embedding initialised at the customary std 0.02."""
    out = _experiment("direction", DIRECTION_KINDS, seeds, steps)
    small = [train("direction", "divided+time", s, steps, time_std=0.02) for s in seeds]
    out["small_init_curve"] = np.array([r["curve"] for r in small]) * 100
    out["small_init_mean"] = float(np.mean([r["accuracy"] for r in small]) * 100)
    return out


def motion_experiment(seeds=(0, 1, 2), steps: int = 200) -> dict:
    """Task 2 for a per-frame model with a time embedding and for divided attention with and without one."""
    return _experiment("motion", MOTION_KINDS, seeds, steps)


def draw_runs(data, tr, extra_curve: str | None = None):
    """One panel: the test accuracy of every seed along training (the last point is the final accuracy)."""
    fig, ax = new_figure(7.2, 2.6)
    steps = np.arange(1, data[f"{data['kinds'][0]}_curve"].shape[1] + 1) * data["every"]
    for kind in data["kinds"]:
        color = f"C{DIRECTION_KINDS.index(kind)}"
        for c in data[f"{kind}_curve"]:
            ax.plot(steps, c, color=color, lw=1.2, alpha=0.8)
        ax.plot([], [], color=color, label=tr(kind))
    if extra_curve:
        for c in data[extra_curve]:
            ax.plot(steps, c, color="C4", lw=1, ls="--")
        ax.plot([], [], color="C4", ls="--", label=tr("small_init"))
    ax.axhline(50, color="grey", ls=":")
    ax.set(xlabel=tr("step"), ylabel=tr("accuracy"), ylim=(0, 105))
    fig.legend(fontsize=7, loc="outside right center")
    return fig


def draw_direction(data, tr):
    return draw_runs(data, tr, extra_curve="small_init_curve")


def draw_motion(data, tr):
    return draw_runs(data, tr)


LABELS = {
    "space": {"en": "space only", "hi": "सिर्फ़ स्पेस"},
    "space+time": {"en": "space only + time emb.", "hi": "सिर्फ़ स्पेस + टाइम एम्बेडिंग"},
    "divided": {"en": "divided (no time emb.)", "hi": "डिवाइडेड, बिना टाइम एम्बेडिंग"},
    "divided+time": {"en": "divided + time emb.", "hi": "डिवाइडेड + टाइम एम्बेडिंग"},
    "small_init": {"en": "divided + time, init std 0.02", "hi": "डिवाइडेड + टाइम, शुरुआती σ = 0.02"},
    "accuracy": {"en": "test accuracy (%)", "hi": "टेस्ट एक्यूरेसी (%)"},
    "step": {"en": "training step", "hi": "ट्रेनिंग स्टेप"},
}

_ORDER = Compute(order_check)
_DIRECTION = Compute(direction_experiment, {"seeds": (0, 1, 2), "steps": 200})
_MOTION = Compute(motion_experiment, {"seeds": (0, 1, 2), "steps": 200})

FIGURES = {"direction": Figure(_DIRECTION, draw_direction), "motion": Figure(_MOTION, draw_motion)}
VALUES = {
    "equiv_no_time": Value(_ORDER, "equiv_no_time", ".1e"),
    "pooled_no_time": Value(_ORDER, "pooled_no_time", ".1e"),
    "equiv_time": Value(_ORDER, "equiv_time", ".2f"),
    "small_init_mean": Value(_DIRECTION, "small_init_mean", ".0f"),
}
# Accuracies the pages quote: the mean where all seeds agree (chance), the range (min, max) where a model learns.
for _task, _compute, _shown in (
    (
        "direction",
        _DIRECTION,
        {"space": ("mean",), "divided": ("mean",), "space+time": ("min", "max"), "divided+time": ("min", "max")},
    ),
    ("motion", _MOTION, {"space+time": ("min", "max"), "divided": ("min", "max"), "divided+time": ("min", "max")}),
):
    for _kind, _stats in _shown.items():
        for _stat in _stats:
            VALUES[f"{_task}_{_kind.replace('+', '_')}_{_stat}"] = Value(_compute, f"{_kind}_{_stat}", ".0f")
