"""A video model that learns, from Gaussian noise, and the same network trained on single frames.

The site's headline experiment. Both models are the same small diffusion transformer (DiT-style: patch tokens,
the diffusion step fed in through adaptive layer norm, v-prediction), trained on the same videos of
``line_world`` (a box moving at a constant, continuous velocity on a ring of pixels), for the same number of
steps, from the same seed:

- the **video model** sees the tokens of all ``FRAMES`` frames of a clip at once, each token with a frame
  embedding, and attends across frames (joint space-time attention, as in most 2024-26 video DiTs);
- the **image model** sees one frame at a time: the same frames, in the same batches, each on its own. Sampled
  frame by frame, it is what "generate each frame with an image model" means.

Both are sampled from independent Gaussian noise for every frame, with deterministic DDIM. Positions and speeds are
continuous, so neither can memorise its data: what they output, they have to have learned.

Training follows DDPM's recipe (Ho et al. 2020) with the cosine schedule (Nichol & Dhariwal 2021), the
v-parameterisation (Salimans & Ho 2022, arXiv:2202.00512) and min-SNR-5 loss weights (Hang et al. 2023,
arXiv:2303.09556), which made the video model learn about twice as fast here. The network follows DiT (Peebles &
Xie 2023, arXiv:2212.09748): adaLN-Zero blocks.

>>> model = DiT("video")
>>> x = torch.zeros(2, FRAMES, WIDTH)
>>> tuple(model(x, torch.full((2, FRAMES), 0.5)).shape)  # a prediction for every pixel of every frame
(2, 8, 32)
>>> model.tokens                                         # 4 patches of 8 pixels per frame, 8 frames
32
>>> DiT("video").joint, DiT("image").joint               # attention across frames, or within each frame only
(True, False)
"""

from __future__ import annotations

import copy
import math

import numpy as np
import torch
from torch import nn

from snippets._registry import Compute
from snippets.diffusion_process import alpha_bar, ddim_sample
from snippets.line_world import (
    BOX,
    FRAMES,
    METRICS,
    SPEEDS,
    WIDTH,
    moving_boxes,
    nanmean,
    per_video,
    render,
    spread,
    summary,
)
from snippets.noise_across_frames import jobs, scheme_noise

PATCH = 8  # pixels per token
DIM, DEPTH, HEADS, MLP = 48, 4, 4, 2  # width, blocks, attention heads, MLP expansion
T = 1000  # diffusion steps (cosine schedule)
SAMPLING_STEPS = 25  # DDIM steps when sampling
THRESHOLDS = (0.075, 0.1, 0.125, 0.15)  # clean thresholds the motion columns are also measured at (line_world.CLEAN)


# --8<-- [start:model]
def sinusoids(n: int, dim: int) -> torch.Tensor:
    """Fixed sinusoidal embeddings of positions 0..n-1: (n, dim)."""
    k = torch.arange(dim // 2, dtype=torch.float32)
    angle = torch.arange(n, dtype=torch.float32)[:, None] / 10000 ** (2 * k / dim)
    return torch.cat([angle.sin(), angle.cos()], dim=1)


class Block(nn.Module):
    """A transformer block whose layer norms are scaled, shifted and gated by the diffusion step (adaLN-Zero:
    the gates start at zero, so every block starts as the identity)."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, elementwise_affine=False)
        self.norm2 = nn.LayerNorm(dim, elementwise_affine=False)
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(dim, MLP * dim), nn.GELU(), nn.Linear(MLP * dim, dim))
        self.ada = nn.Linear(dim, 6 * dim)
        nn.init.zeros_(self.ada.weight)
        nn.init.zeros_(self.ada.bias)

    def forward(self, x, c, joint: bool):  # x (batch, frames, patches, dim), c (batch, frames, 1, dim)
        # The step's modulation is computed once per frame and shared by its patches. Attention runs over every
        # token of the clip (joint) or over each frame's tokens on their own.
        shift1, scale1, gate1, shift2, scale2, gate2 = self.ada(c).chunk(6, dim=-1)
        h = (self.norm1(x) * (1 + scale1) + shift1).flatten(*((1, 2) if joint else (0, 1)))
        x = x + gate1 * self.attn(h, h, h, need_weights=False)[0].view(x.shape)
        h = self.norm2(x) * (1 + scale2) + shift2
        return x + gate2 * self.mlp(h)


class DiT(nn.Module):
    """Clips (batch, FRAMES, WIDTH) and each frame's diffusion time in [0, 1], (batch, FRAMES) -> v-prediction of the
    clip. ``kind="video"``: every token attends to every token of the clip (joint space-time attention) and knows its
    frame's index. ``kind="image"``: the same network with each frame's tokens attending only to each other and no
    frame index, so every frame is denoised on its own, exactly as an image model run frame by frame."""

    def __init__(self, kind: str, dim: int = DIM, depth: int = DEPTH, heads: int = HEADS):
        super().__init__()
        if kind not in ("video", "image"):
            raise ValueError(f"unknown kind {kind!r}: 'video' or 'image'")
        self.kind, self.patches = kind, WIDTH // PATCH
        self.tokens = FRAMES * self.patches
        self.embed = nn.Linear(PATCH, dim)
        # position: half the channels say where on the line (patch), half which frame (zero for the image model)
        where = sinusoids(self.patches, dim // 2)[None].expand(FRAMES, -1, -1)
        when = sinusoids(FRAMES, dim // 2)[:, None].expand(-1, self.patches, -1) * (kind == "video")
        self.register_buffer("position", torch.cat([where, when], dim=-1)[None])  # (1, frames, patches, dim)
        self.joint = kind == "video"
        self.step = nn.Sequential(nn.Linear(dim, dim), nn.SiLU(), nn.Linear(dim, dim))
        self.blocks = nn.ModuleList(Block(dim, heads) for _ in range(depth))
        self.norm = nn.LayerNorm(dim, elementwise_affine=False)
        self.ada = nn.Linear(dim, 2 * dim)
        self.out = nn.Linear(dim, PATCH)
        for layer in (self.ada, self.out):
            nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)

    def forward(self, x, t):
        batch = x.shape[0]
        h = self.embed(x.reshape(batch, FRAMES, self.patches, PATCH)) + self.position  # 'b f (p w) -> b f p w'
        k = torch.arange(h.shape[-1] // 2, dtype=torch.float32)
        angle = t[..., None, None] * 1000 / 10000 ** (2 * k / h.shape[-1])  # (batch, frames, 1, dim / 2)
        c = self.step(torch.cat([angle.sin(), angle.cos()], dim=-1))
        for block in self.blocks:
            h = block(h, c, self.joint)
        shift, scale = self.ada(c).chunk(2, dim=-1)
        return self.out(self.norm(h) * (1 + scale) + shift).reshape(batch, FRAMES, WIDTH)


# --8<-- [end:model]


# --8<-- [start:train]
def training_batch(kind: str, videos: int, rng: np.random.Generator, gen: torch.Generator):
    """One batch of fresh clips, noised: (x_t, t / T per frame, v target, loss weight). Both kinds draw the same
    clips, noise and diffusion steps from the same generators; the image model denoises every frame at a diffusion
    step of its own, the video model every clip at the step drawn for its first frame."""
    clips = torch.tensor(moving_boxes(videos, FRAMES, rng)[0], dtype=torch.float32)  # (videos, frames, width)
    t = torch.randint(1, T + 1, (videos, FRAMES), generator=gen)
    eps = torch.randn(clips.shape, generator=gen)
    if kind == "video":
        t = t[:, :1].expand(-1, FRAMES)
    a = torch.tensor(alpha_bar("cosine", T), dtype=torch.float32)[t - 1][..., None]  # (videos, frames, 1)
    x_t = a.sqrt() * clips + (1 - a).sqrt() * eps
    v = a.sqrt() * eps - (1 - a).sqrt() * clips  # the v-prediction target
    snr = a / (1 - a)
    return x_t, t.float() / T, v, snr.clamp(max=5.0) / (snr + 1)  # min-SNR-5, written for v-prediction


def train(kind: str, steps: int, seed: int = 0, videos: int = 24, lr: float = 3e-3, checkpoints: int = 4):
    """Train the video or the image model on fresh clips every step; returns ``checkpoints`` copies of the
    exponential moving average of its weights, evenly spaced along training (the last one at ``steps``), and the
    training loss of every step."""
    torch.manual_seed(seed)  # the initial weights
    rng, gen = np.random.default_rng(seed), torch.Generator().manual_seed(seed)
    model = DiT(kind)
    ema, saved, losses = copy.deepcopy(model), [], []
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0, foreach=True)
    for i in range(steps):
        x_t, t, v, weight = training_batch(kind, videos, rng, gen)
        loss = (weight * (model(x_t, t) - v) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        for group in opt.param_groups:  # 100 warm-up steps, then cosine decay to zero
            group["lr"] = lr * min(1.0, (i + 1) / 100) * 0.5 * (1 + math.cos(math.pi * (i + 1) / steps))
        with torch.no_grad():  # the moving average of the weights
            for p_ema, p in zip(ema.parameters(), model.parameters()):
                p_ema.lerp_(p, 0.01)
        losses.append(loss.item())
        if (i + 1) * checkpoints % steps == 0:
            saved.append(copy.deepcopy(ema).eval())
    return saved, np.array(losses)


# --8<-- [end:train]


def sample(model: DiT, noise: np.ndarray, steps: int = SAMPLING_STEPS) -> np.ndarray:
    """Videos (n, FRAMES, WIDTH) from starting noise of the same shape, by deterministic DDIM (the image model
    denoises every frame on its own)."""
    ab = alpha_bar("cosine", T)

    def clean_estimate(x, t):
        with torch.no_grad():
            x_t = torch.tensor(x, dtype=torch.float32)
            v = model(x_t, torch.full(x_t.shape[:2], t / T))
            x0 = math.sqrt(ab[t - 1]) * x_t - math.sqrt(1 - ab[t - 1]) * v
        return x0.numpy().astype(np.float64)

    return ddim_sample(clean_estimate, noise, ab, steps)


def study(kind: str, steps: int = 2500, seed: int = 0, videos: int = 128, early: int = 64, keep: int = 3):
    """Train one kind of model, then measure it: ``early`` clips from independent noise at each earlier checkpoint
    (what training does along the way), and ``videos`` clips with the final model for every noise scheme of
    ``noise_across_frames`` (independent noise first: the same clips every page quotes), with 95% bootstrap
    intervals and ``keep`` samples of each. Keys start with ``kind``."""
    saved, losses = train(kind, steps, seed)
    rng, boot = np.random.default_rng(seed + 10), np.random.default_rng(seed + 11)
    out = {f"{kind}_steps": np.array([steps * (i + 1) // len(saved) for i in range(len(saved))]),
           f"{kind}_loss": losses, f"{kind}_eval_videos": videos}  # fmt: skip
    early_noise = rng.standard_normal((early, FRAMES, WIDTH))
    curve = []
    for model in saved[:-1]:
        result = summary(per_video(sample(model, early_noise)))
        curve.append([result[k] for k in METRICS])
    settings, rows, cis, samples, made_all = jobs(), [], [], [], []
    for setting in settings:
        made = sample(saved[-1], scheme_noise(setting, FRAMES, videos, rng))
        result = summary(per_video(made), boot)
        rows.append([result[k] for k in METRICS])
        cis.append([result[k + "_ci"] for k in METRICS])
        samples.append(made[:keep])
        made_all.append(made)
    independent = settings.index(("independent", 0.0))
    final, made_independent = rows[independent], made_all[independent]
    out.update({f"{kind}_{k}": v for k, v in spread(made_independent).items()})
    for tol in THRESHOLDS:  # how much the motion columns owe to the clean threshold (CLEAN)
        table = per_video(made_independent, tol=tol)
        tag = f"{kind}_tol{str(tol).replace('.', '')}"
        out[f"{tag}_clean_clips"] = float(table[:, METRICS.index("clean_clips")].mean())
        out[f"{tag}_one_direction"] = nanmean(table[:, METRICS.index("one_direction")])
        # over every clip, a clip that is not clean counting as one that does not keep its direction
        out[f"{tag}_value"] = tol
        out[f"{tag}_one_direction_all"] = float(np.nan_to_num(table[:, METRICS.index("one_direction")]).mean())
    out[f"{kind}_curve"] = np.array(curve + [final])  # (checkpoint, metric); the last is the final evaluation
    out[f"{kind}_ci"] = np.array(cis[independent])  # (metric, 2)
    out[f"{kind}_samples"] = samples[independent]
    out[f"{kind}_early_videos"], out[f"{kind}_steps_second"] = early, int(out[f"{kind}_steps"][1])
    out[f"{kind}_curve_n"] = np.array(
        [c[METRICS.index("clean_clips")] * early / 100 for c in curve]
        + [final[METRICS.index("clean_clips")] * videos / 100]
    )  # clips the motion panels average at each checkpoint
    out[f"{kind}_curve_n_second"] = float(out[f"{kind}_curve_n"][1])
    for j, metric in enumerate(METRICS):
        out[f"{kind}_{metric}"] = float(final[j])
        out[f"{kind}_{metric}_first"] = float(curve[0][j]) if curve else float("nan")
    out[f"{kind}_speed_error"] = abs(out[f"{kind}_speed"] - float(np.mean(SPEEDS)))  # the mean |velocity| drawn
    out[f"{kind}_steps_total"], out[f"{kind}_steps_first"] = int(out[f"{kind}_steps"][-1]), int(out[f"{kind}_steps"][0])
    out[f"{kind}_settings"] = [f"{m}:{r:g}" for m, r in settings]
    out[f"{kind}_scheme"] = np.array(rows)  # (setting, metric)
    out[f"{kind}_scheme_ci"] = np.array(cis)  # (setting, metric, 2)
    out[f"{kind}_scheme_samples"] = np.array(samples)
    for (mode, rho), row in zip(settings, rows):  # the values prose quotes, e.g. image_mixed_099_cosine
        tag = mode if mode in ("independent", "shared", "warped") else f"{mode}_{str(rho).replace('.', '')}"
        for j, metric in enumerate(METRICS):
            out[f"{kind}_{tag}_{metric}"] = float(row[j])
            ci = cis[settings.index((mode, rho))][j]
            out[f"{kind}_{tag}_{metric}_ci_lo"], out[f"{kind}_{tag}_{metric}_ci_hi"] = float(ci[0]), float(ci[1])
    return out


def data_study(videos: int = 128, seed: int = 0) -> dict:
    """The same metrics on the training data itself (what a perfect model scores), and on clips whose frames show the
    box at independent uniform positions (what any model that makes each frame independently of the others scores,
    whatever it has learned: the motion columns of such a model are fixed by construction)."""
    rng = np.random.default_rng(seed + 20)
    clips, _ = moving_boxes(videos, FRAMES, rng)
    scattered = render(rng.uniform(0.0, WIDTH, (videos, FRAMES)))
    out = {"data_samples": clips[:3], "data_speed_min": SPEEDS[0], "data_speed_max": SPEEDS[1],
           "data_speed_mean": float(np.mean(SPEEDS))}  # fmt: skip
    out.update({f"data_{k}": v for k, v in spread(clips).items()})
    out.update(width=WIDTH, frames=FRAMES, box=BOX, patch=PATCH, patches=WIDTH // PATCH)
    for name, made in (("data", clips), ("chance", scattered)):
        result = summary(per_video(made))
        for metric in METRICS:
            out[f"{name}_{metric}"] = result[metric]
    out["chance_one_direction_theory"] = 100.0 * 2 / 2 ** (FRAMES - 1)  # every move left, or every move right
    return out


# The computes the evidence pages draw from (``learned_models``, ``noise_study``): each trains once per build.
# A long timeout marks them heavy, and heavy computes start first.
DATA = Compute(data_study)
VIDEO = Compute(study, {"kind": "video"}, timeout=900)
IMAGE = Compute(study, {"kind": "image"}, timeout=900)
