"""Attention over video: space-only, joint space-time, divided space-time (TimeSformer) and a factorised
encoder (ViViT model 2), with frame (2D patch) and tubelet (3D patch) embeddings.

Sources: Bertasius et al. 2021, "Is Space-Time Attention All You Need for Video Understanding?",
arXiv:2102.05095 (TimeSformer; Table 1); Arnab et al. 2021, "ViViT", arXiv:2103.15691 (tubelets, model 2).

Every module takes tokens shaped ``(batch, frames, patches, dim)`` and returns the same shape.

>>> x = torch.randn(2, 8, 16, 32)
>>> DividedSpaceTimeAttention(32, heads=4)(x).shape
torch.Size([2, 8, 16, 32])
>>> comparisons_per_patch("joint", 196, 8), comparisons_per_patch("divided", 196, 8)
(1569, 206)
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value

SCHEMES = ("space", "joint", "divided")


# --8<-- [start:modules]
class SelfAttention(nn.Module):
    """Multi-head self-attention over a sequence ``(batch, tokens, dim)``; no causal mask."""

    def __init__(self, dim: int, heads: int = 4):
        super().__init__()
        self.heads, self.scale = heads, (dim // heads) ** -0.5
        self.qkv, self.out = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        self.last_weights = None  # (batch, heads, tokens, tokens): kept so tests can count comparisons

    def forward(self, x):
        b, n, d = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        weights = (q @ k.transpose(-2, -1) * self.scale).softmax(dim=-1)  # every query against every key
        self.last_weights = weights.detach()
        return self.out((weights @ v).transpose(1, 2).reshape(b, n, d))


class SpaceOnlyAttention(nn.Module):
    """Each frame on its own: 'b t p d -> (b t) p d'. No token ever sees another frame."""

    def __init__(self, dim, heads=4):
        super().__init__()
        self.attn = SelfAttention(dim, heads)

    def forward(self, x):
        b, t, p, d = x.shape
        return self.attn(x.reshape(b * t, p, d)).reshape(b, t, p, d)


class JointSpaceTimeAttention(nn.Module):
    """All patches of all frames in one sequence: 'b t p d -> b (t p) d'."""

    def __init__(self, dim, heads=4):
        super().__init__()
        self.attn = SelfAttention(dim, heads)

    def forward(self, x):
        b, t, p, d = x.shape
        return self.attn(x.reshape(b, t * p, d)).reshape(b, t, p, d)


class DividedSpaceTimeAttention(nn.Module):
    """TimeSformer's divided attention: time first, then space, each with a residual connection.

    time:  'b t p d -> (b p) t d'   each patch position attends to itself in the other frames
    space: 'b t p d -> (b t) p d'   each frame attends within itself
    """

    def __init__(self, dim, heads=4):
        super().__init__()
        self.time, self.space = SelfAttention(dim, heads), SelfAttention(dim, heads)

    def forward(self, x):
        b, t, p, d = x.shape
        xt = x.permute(0, 2, 1, 3).reshape(b * p, t, d)                      # b t p d -> (b p) t d
        x = x + self.time(xt).reshape(b, p, t, d).permute(0, 2, 1, 3)
        return x + self.space(x.reshape(b * t, p, d)).reshape(b, t, p, d)    # b t p d -> (b t) p d


class FactorisedEncoder(nn.Module):
    """ViViT model 2: a spatial encoder per frame, mean-pool each frame, then a temporal encoder over frames.

    Returns ``(batch, frames, dim)``: one token per frame after temporal attention."""

    def __init__(self, dim, heads=4):
        super().__init__()
        self.space, self.time = SelfAttention(dim, heads), SelfAttention(dim, heads)

    def forward(self, x):
        b, t, p, d = x.shape
        frames = self.space(x.reshape(b * t, p, d)).mean(dim=1).reshape(b, t, d)  # (b t) p d -> b t d
        return frames + self.time(frames)


class TimeEmbedding(nn.Module):
    """A learned vector per frame index, added to every patch of that frame: what makes order visible."""

    def __init__(self, frames: int, dim: int, std: float = 0.02):
        super().__init__()
        self.table = nn.Parameter(torch.randn(frames, dim) * std)

    def forward(self, x):  # (b, t, p, d)
        return x + self.table[None, : x.shape[1], None, :]
# --8<-- [end:modules]


# --8<-- [start:embeddings]
def frame_patches(video, patch: int):
    """TimeSformer: 2D patches of each frame. video (b, t, c, h, w) -> (b, t, (h/patch)(w/patch), c*patch*patch)."""
    b, t, c, h, w = video.shape
    x = video.reshape(b, t, c, h // patch, patch, w // patch, patch)
    return x.permute(0, 1, 3, 5, 2, 4, 6).reshape(b, t, (h // patch) * (w // patch), c * patch * patch)


def tubelet_patches(video, patch: int, span: int):
    """ViViT: 3D 'tubelets' spanning ``span`` frames. (b, t, c, h, w) -> (b, t/span, patches, c*span*patch*patch)."""
    b, t, c, h, w = video.shape
    x = video.reshape(b, t // span, span, c, h // patch, patch, w // patch, patch)
    x = x.permute(0, 1, 4, 6, 3, 2, 5, 7)
    return x.reshape(b, t // span, (h // patch) * (w // patch), c * span * patch * patch)
# --8<-- [end:embeddings]


# --8<-- [start:cost]
def comparisons_per_patch(scheme: str, n_patches: int, n_frames: int) -> int:
    """Query-key comparisons one patch makes, counting TimeSformer's classification token (+1 per attention).

    space: N + 1;  joint: N*F + 1;  divided: F (time) + N + 1 (space) + 1 = N + F + 2
    (TimeSformer, Sec. 3: the classification token is included in both the temporal and the spatial step).
    """
    if scheme == "space":
        return n_patches + 1
    if scheme == "joint":
        return n_patches * n_frames + 1
    if scheme == "divided":
        return n_patches + n_frames + 2
    raise ValueError(f"unknown scheme {scheme!r}; expected one of {SCHEMES}")


def attention_flops(scheme: str, n_patches: int, n_frames: int, dim: int = 768) -> int:
    """Multiply-adds of the score and value products for one layer: 2 * tokens * comparisons * dim."""
    return 2 * n_patches * n_frames * comparisons_per_patch(scheme, n_patches, n_frames) * dim


def attention_matrix_bytes(scheme: str, n_patches: int, n_frames: int, heads: int = 12, bytes_per: int = 4) -> int:
    """Memory of one layer's attention weights (float32): tokens x comparisons per token x heads."""
    return n_patches * n_frames * comparisons_per_patch(scheme, n_patches, n_frames) * heads * bytes_per
# --8<-- [end:cost]


def patches_at(resolution: int, patch: int = 16) -> int:
    return (resolution // patch) ** 2


def cost_curves() -> dict:
    frames = np.array([1, 2, 4, 8, 16, 32, 64, 96])
    res = np.array([112, 160, 224, 320, 448, 640])
    n224 = patches_at(224)
    out = {"frames": frames, "res": res, "n224": n224}
    for s in SCHEMES:
        out[f"{s}_vs_frames"] = np.array([comparisons_per_patch(s, n224, f) for f in frames])
        out[f"{s}_vs_res"] = np.array([comparisons_per_patch(s, patches_at(r), 8) for r in res])
    out["joint_224_8"] = comparisons_per_patch("joint", n224, 8)
    out["divided_224_8"] = comparisons_per_patch("divided", n224, 8)
    out["space_224_8"] = comparisons_per_patch("space", n224, 8)
    out["ratio_224_8"] = out["joint_224_8"] / out["divided_224_8"]
    out["ratio_224_32"] = comparisons_per_patch("joint", n224, 32) / comparisons_per_patch("divided", n224, 32)
    out["flops_ratio_224_8"] = attention_flops("joint", n224, 8) / attention_flops("divided", n224, 8)
    return out


def draw_cost(data, tr):
    fig, (a1, a2) = new_figure(7.2, 3.2, ncols=2)
    for s, style in zip(SCHEMES, ("-o", "-s", "-^")):
        a1.plot(data["frames"], data[f"{s}_vs_frames"], style, ms=4, label=tr(s + "_cost"))
        a2.plot(data["res"], data[f"{s}_vs_res"], style, ms=4)
    a1.axvline(8, color="grey", ls=":", lw=1)
    a1.annotate(tr("timesformer_setting"), (8, data["joint_224_8"]), xytext=(10, -5), textcoords="offset points", fontsize=8)
    a2.axvline(224, color="grey", ls=":", lw=1)
    for a in (a1, a2):
        a.set_yscale("log")
        a.set_ylabel(tr("comparisons"))
    a1.set_xscale("log", base=2)
    a1.set(xlabel=tr("frames_axis"), title=tr("vs_frames"))
    a2.set(xlabel=tr("res_axis"), title=tr("vs_res"))
    a1.legend(fontsize=8)
    return fig


# ---------------------------------------------------------------- frame order
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
    "space_cost": {"en": "space only", "hi": "सिर्फ़ स्पेस"},
    "joint_cost": {"en": "joint space-time", "hi": "जॉइंट स्पेस-टाइम"},
    "divided_cost": {"en": "divided space-time", "hi": "डिवाइडेड स्पेस-टाइम"},
    "space_short": {"en": "space\nonly", "hi": "सिर्फ़\nस्पेस"},
    "divided_short": {"en": "divided,\nno time emb.", "hi": "डिवाइडेड,\nटाइम एम्ब. नहीं"},
    "divided+time_short": {"en": "divided\n+ time emb.", "hi": "डिवाइडेड\n+ टाइम एम्ब."},
    "divided": {"en": "divided (no time emb.)", "hi": "डिवाइडेड (बिना टाइम एम्ब.)"},
    "divided+time": {"en": "divided + time embedding", "hi": "डिवाइडेड + टाइम एम्बेडिंग"},
    "comparisons": {"en": "comparisons per patch", "hi": "हर पैच की तुलनाएँ"},
    "frames_axis": {"en": "frames F (224², 16×16 patches)", "hi": "फ्रेम F (224², 16×16 पैच)"},
    "res_axis": {"en": "resolution (8 frames)", "hi": "रेज़ोल्यूशन (8 फ्रेम)"},
    "vs_frames": {"en": "cost against frames", "hi": "फ्रेमों के साथ लागत"},
    "vs_res": {"en": "cost against resolution", "hi": "रेज़ोल्यूशन के साथ लागत"},
    "timesformer_setting": {"en": "TimeSformer: F = 8", "hi": "TimeSformer: F = 8"},
    "small_init": {"en": "+ time emb., init std 0.02", "hi": "+ टाइम एम्ब., शुरुआती std 0.02"},
    "accuracy": {"en": "test accuracy (%)", "hi": "टेस्ट एक्यूरेसी (%)"},
    "step": {"en": "training step", "hi": "ट्रेनिंग स्टेप"},
    "direction_title": {"en": "left or right? (3 seeds)", "hi": "बाएँ या दाएँ? (3 सीड)"},
    "curve_title": {"en": "learning curves", "hi": "सीखने के कर्व"},
}

_COST = Compute(cost_curves)
_ORDER = Compute(order_check)
_DIRECTION = Compute(direction_experiment, {"seeds": (0, 1, 2), "steps": 200})

FIGURES = {"cost_curve": Figure(_COST, draw_cost), "direction": Figure(_DIRECTION, draw_direction)}
VALUES = {
    "n_224": Value(_COST, "n224", "d"),
    "joint_224_8": Value(_COST, "joint_224_8", ",d"),
    "divided_224_8": Value(_COST, "divided_224_8", ",d"),
    "space_224_8": Value(_COST, "space_224_8", ",d"),
    "joint_divided_ratio": Value(_COST, "ratio_224_8", ".1f"),
    "joint_divided_ratio_32": Value(_COST, "ratio_224_32", ".1f"),
    "equiv_no_time": Value(_ORDER, "equiv_no_time", ".1e"),
    "pooled_no_time": Value(_ORDER, "pooled_no_time", ".1e"),
    "equiv_time": Value(_ORDER, "equiv_time", ".2f"),
    "pooled_time": Value(_ORDER, "pooled_time", ".2f"),
    "acc_space": Value(_DIRECTION, "space_mean", ".0f"),
    "acc_divided": Value(_DIRECTION, "divided_mean", ".0f"),
    "acc_divided_time": Value(_DIRECTION, "divided+time_mean", ".0f"),
    "acc_small_init": Value(_DIRECTION, "small_init_mean", ".0f"),
}
