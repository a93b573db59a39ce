"""Experiments on frame order: divided attention without a time embedding is blind to frame order (a shuffle
test), and a small training task (is the bar moving left or right?) that needs order to be solved.

The models come from ``snippets.attention_models``; the page shows their code.
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


# ---------------------------------------------------------------- motion-direction experiment
def moving_bar_clips(n: int, frames: int = 6, size: int = 8, seed: int = 0):
    """Synthetic clips: a bright vertical bar moving left or right one pixel per frame, plus noise.

    Label 1 = moving right. A left-moving clip is exactly a right-moving clip played backwards, so any model
    that cannot see frame order is at chance (50%). Returns (clips (n, frames, size*size), labels (n,))."""
    g = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, 2, (n,), generator=g)
    start = torch.randint(0, size - frames + 1, (n,), generator=g)
    clips = torch.zeros(n, frames, size, size)
    for i in range(n):
        for f in range(frames):
            col = start[i] + (f if labels[i] == 1 else frames - 1 - f)
            clips[i, f, :, col] = 1.0
    clips += 0.1 * torch.randn(clips.shape, generator=g)
    return clips.reshape(n, frames, size, size), labels


class ClipClassifier(nn.Module):
    """Rows of each frame are the patches (size tokens of size pixels); attention; mean-pool; linear head."""

    def __init__(self, kind: str, frames: int, size: int, dim: int = 32, time_std: float = 0.02):
        super().__init__()
        self.kind = kind
        self.embed = nn.Linear(size, dim)
        self.space_pos = nn.Parameter(torch.randn(size, dim) * 0.02)  # column position within a frame
        self.time = TimeEmbedding(frames, dim, time_std) if kind == "divided+time" else None
        self.block = SpaceOnlyAttention(dim) if kind == "space" else DividedSpaceTimeAttention(dim)
        self.head = nn.Linear(dim, 2)

    def forward(self, clips):                        # (b, t, h, w)
        x = self.embed(clips.transpose(2, 3))        # columns as tokens: (b, t, w, dim)
        x = x + self.space_pos
        if self.time is not None:
            x = self.time(x)
        return self.head(self.block(x).mean(dim=(1, 2)))


def train_direction(kind: str, seed: int, steps: int = 200, n_train: int = 512, n_test: int = 512,
                    time_std: float = 1.0, frames: int = 6, size: int = 8) -> dict:
    """Train one classifier on the motion-direction task; return its test accuracy and training curve.

    ``time_std``: initial scale of the learned time embedding. At the usual 0.02 the model can sit at chance
    for hundreds of steps before it learns (the embedding must grow before order becomes visible); 1.0 gets
    past that plateau within this budget. The page shows the curves so a plateau cannot hide."""
    torch.manual_seed(seed)
    xtr, ytr = moving_bar_clips(n_train, frames, size, seed=1000 + seed)
    xte, yte = moving_bar_clips(n_test, frames, size, seed=2000 + seed)
    model = ClipClassifier(kind, frames, size, time_std=time_std)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    curve = []
    for step in range(steps):
        idx = torch.randint(0, n_train, (64,))
        loss = nn.functional.cross_entropy(model(xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 20 == 19:
            with torch.no_grad():
                curve.append((model(xte).argmax(1) == yte).float().mean().item())
    with torch.no_grad():
        acc = (model(xte).argmax(1) == yte).float().mean().item()
    return {"accuracy": acc, "curve": np.array(curve)}


KINDS = ("space", "divided", "divided+time")


def direction_experiment(seeds=(0, 1, 2), steps: int = 200) -> dict:
    out = {"seeds": np.array(seeds), "steps": steps}
    for kind in KINDS:
        runs = [train_direction(kind, s, steps) for s in seeds]
        out[f"{kind}_acc"] = np.array([r["accuracy"] for r in runs])
        out[f"{kind}_curve"] = np.array([r["curve"] for r in runs])
        out[f"{kind}_mean"] = float(np.mean(out[f"{kind}_acc"]) * 100)
    # the trap: the same model with the time embedding initialised at the customary std 0.02
    small = [train_direction("divided+time", s, steps, time_std=0.02) for s in seeds]
    out["small_init_curve"] = np.array([r["curve"] for r in small])
    out["small_init_mean"] = float(np.mean([r["accuracy"] for r in small]) * 100)
    return out


def draw_direction(data, tr):
    fig, (a1, a2) = new_figure(7.2, 3.2, ncols=2)
    for i, kind in enumerate(KINDS):
        acc = data[f"{kind}_acc"] * 100
        a1.bar(i, acc.mean(), color=f"C{i}", alpha=0.5)
        a1.plot([i] * len(acc), acc, "ko", ms=4)
        curve = data[f"{kind}_curve"] * 100
        steps = np.arange(1, curve.shape[1] + 1) * 20
        for c in curve:
            a2.plot(steps, c, color=f"C{i}", lw=1, alpha=0.8)
        a2.plot([], [], color=f"C{i}", label=tr(kind))
    for c in data["small_init_curve"] * 100:
        a2.plot(np.arange(1, len(c) + 1) * 20, c, color="C3", lw=1, ls="--")
    a2.plot([], [], color="C3", ls="--", label=tr("small_init"))
    a1.axhline(50, color="grey", ls=":")
    a1.set_xticks(range(len(KINDS)), [tr(k + "_short") for k in KINDS], fontsize=8)
    a1.set(ylabel=tr("accuracy"), ylim=(0, 105), title=tr("direction_title"))
    a2.axhline(50, color="grey", ls=":")
    a2.set(xlabel=tr("step"), ylabel=tr("accuracy"), ylim=(0, 105), title=tr("curve_title"))
    a2.legend(fontsize=8)
    return fig


LABELS = {
    "space": {"en": "space only", "hi": "सिर्फ़ स्पेस"},
    "space_short": {"en": "space\nonly", "hi": "सिर्फ़\nस्पेस"},
    "divided_short": {"en": "divided,\nno time emb.", "hi": "डिवाइडेड,\nटाइम एम्ब. नहीं"},
    "divided+time_short": {"en": "divided\n+ time emb.", "hi": "डिवाइडेड\n+ टाइम एम्ब."},
    "divided": {"en": "divided (no time emb.)", "hi": "डिवाइडेड (बिना टाइम एम्ब.)"},
    "divided+time": {"en": "divided + time embedding", "hi": "डिवाइडेड + टाइम एम्बेडिंग"},
    "small_init": {"en": "+ time emb., init std 0.02", "hi": "+ टाइम एम्ब., शुरुआती std 0.02"},
    "accuracy": {"en": "test accuracy (%)", "hi": "टेस्ट एक्यूरेसी (%)"},
    "step": {"en": "training step", "hi": "ट्रेनिंग स्टेप"},
    "direction_title": {"en": "left or right? (3 seeds)", "hi": "बाएँ या दाएँ? (3 सीड)"},
    "curve_title": {"en": "learning curves", "hi": "सीखने के कर्व"},
}

_ORDER = Compute(order_check)
_DIRECTION = Compute(direction_experiment, {"seeds": (0, 1, 2), "steps": 200})

FIGURES = {"direction": Figure(_DIRECTION, draw_direction)}
VALUES = {
    "equiv_no_time": Value(_ORDER, "equiv_no_time", ".1e"),
    "pooled_no_time": Value(_ORDER, "pooled_no_time", ".1e"),
    "equiv_time": Value(_ORDER, "equiv_time", ".2f"),
    "pooled_time": Value(_ORDER, "pooled_time", ".2f"),
    "acc_space": Value(_DIRECTION, "space_mean", ".0f"),
    "acc_divided": Value(_DIRECTION, "divided_mean", ".0f"),
    "acc_divided_time": Value(_DIRECTION, "divided+time_mean", ".0f"),
    "acc_small_init": Value(_DIRECTION, "small_init_mean", ".0f"),
}
