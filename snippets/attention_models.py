"""Attention over video as PyTorch modules: space-only, joint space-time, divided space-time (TimeSformer) and a
factorised encoder (ViViT model 2), a learned time embedding, and frame (2D patch) vs tubelet (3D patch) embeddings.

Sources: Bertasius et al. 2021, "Is Space-Time Attention All You Need for Video Understanding?",
arXiv:2102.05095 (TimeSformer); Arnab et al. 2021, "ViViT", arXiv:2103.15691 (tubelets, model 2).

Every module takes tokens shaped ``(batch, frames, patches, dim)`` and returns the same shape.

>>> x = torch.randn(2, 8, 16, 32)
>>> DividedSpaceTimeAttention(32, heads=4)(x).shape
torch.Size([2, 8, 16, 32])
"""

from __future__ import annotations

import torch
from torch import nn


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


# --8<-- [start:divided]
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
        xt = x.permute(0, 2, 1, 3).reshape(b * p, t, d)  # b t p d -> (b p) t d
        x = x + self.time(xt).reshape(b, p, t, d).permute(0, 2, 1, 3)
        return x + self.space(x.reshape(b * t, p, d)).reshape(b, t, p, d)  # b t p d -> (b t) p d


# --8<-- [end:divided]


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
