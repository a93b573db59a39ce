"""What attention over video costs: query-key comparisons per patch, FLOPs and attention-matrix memory for
space-only, joint space-time and divided space-time attention (TimeSformer, arXiv:2102.05095, Sec. 3), and the
same count at today's scale: a 5-second 720p clip as 16x16 pixel patches, and as 2x2 patches of a video VAE's
latent that compresses time 4x and space 8x (CogVideoX, HunyuanVideo, Wan); and what sliding tile attention
(STA, arXiv:2502.04507; HunyuanVideo 1.5's SSTA) does to that count.

>>> comparisons_per_patch("joint", 196, 8), comparisons_per_patch("divided", 196, 8)
(1569, 206)
>>> pixel = video_tokens(120, 720, 1280, patch=(1, 16, 16))
>>> latent = video_tokens(120, 720, 1280, vae=(4, 8, 8), patch=(1, 2, 2))
>>> pixel["tokens"], latent["tokens"], latent["frames"], (latent["rows"], latent["cols"])
(432000, 111600, 31, (45, 80))
>>> tile_window_keys(10, 4, 3)  # tiles of 4, 4 and 2 tokens; a 3-tile window holds all of them
[10, 10, 10, 10, 10, 10, 10, 10, 10, 10]
>>> tile_window_keys(13, 3, 3)  # five tiles (3, 3, 3, 3, 1): the window moves inward at both ends
[9, 9, 9, 9, 9, 9, 9, 9, 9, 7, 7, 7, 7]
"""

from __future__ import annotations

import numpy as np

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value

SCHEMES = ("space", "joint", "divided")


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


# --8<-- [start:latent]
def video_tokens(frames: int, height: int, width: int, vae=(1, 1, 1), patch=(1, 16, 16), causal: bool = True) -> dict:
    """Tokens of a clip: an optional video VAE (time, height, width factors), then patches of the result.

    A causal video VAE (CogVideoX, HunyuanVideo, Wan) keeps the first frame on its own and turns every following
    ``vae[0]`` frames into one latent frame: 1 + ceil((F - 1) / t) latent frames. Sizes round up (padding).
    """
    t, h, w = vae
    lat_f = 1 + -(-(frames - 1) // t) if (causal and t > 1) else -(-frames // t)
    lat_h, lat_w = -(-height // h), -(-width // w)
    pt, ph, pw = patch
    rows, cols = -(-lat_h // ph), -(-lat_w // pw)
    n_frames = -(-lat_f // pt)
    return {"frames": n_frames, "rows": rows, "cols": cols, "per_frame": rows * cols, "tokens": n_frames * rows * cols}


def comparisons_per_token(scheme: str, per_frame: int, frames: int) -> int:
    """Query-key comparisons of one token in a generator (no classification token):
    joint: every token of the clip (N*F); divided: its frame, then its location across frames (N + F)."""
    if scheme == "joint":
        return per_frame * frames
    if scheme == "divided":
        return per_frame + frames
    raise ValueError(f"unknown scheme {scheme!r}; expected 'joint' or 'divided'")


def comparisons_per_layer(scheme: str, tok: dict) -> int:
    """All query-key comparisons of one attention layer over the clip: tokens x comparisons per token."""
    return tok["tokens"] * comparisons_per_token(scheme, tok["per_frame"], tok["frames"])


# --8<-- [end:latent]


# --8<-- [start:sparse]
STA_TILE = (6, 8, 8)  # tokens per tile, time x height x width (STA's kernel; HunyuanVideo 1.5: tile_size [6, 8, 8])
STA_WINDOW = (3, 3, 3)  # tiles each query tile attends to, per axis (HunyuanVideo 1.5: win_size [[3, 3, 3]])
SSTA_TOPK = 64  # extra tiles HunyuanVideo 1.5's SSTA picks per query tile by content (ssta_topk 64)


def tile_window_keys(n: int, tile: int, window: int) -> list[int]:
    """Along one axis of n tokens cut into tiles (the last one may be short): how many keys each token's query sees.

    A query attends to whole tiles: the `window` tiles centred on its own, moved inward at the edges so that the
    window always spans min(window, tiles) tiles (as in STA's and HunyuanVideo 1.5's masks). Padding is not a key.
    """
    tiles = -(-n // tile)
    sizes = [min(tile, n - i * tile) for i in range(tiles)]
    w = min(window, tiles)
    keys = []
    for i, size in enumerate(sizes):
        start = min(max(i - w // 2, 0), tiles - w)
        keys += [sum(sizes[start : start + w])] * size
    return keys


def tiled_keys(tok: dict, tile=STA_TILE, window=STA_WINDOW) -> np.ndarray:
    """Keys each token of the clip attends to under sliding tile attention: the window is a box of tiles, so a
    token's count is the product of its counts along time, height and width."""
    grid = (tok["frames"], tok["rows"], tok["cols"])
    t, h, w = (np.array(tile_window_keys(n, ti, wi)) for n, ti, wi in zip(grid, tile, window))
    return t[:, None, None] * h[None, :, None] * w[None, None, :]


def sparse_comparisons(tok: dict, topk: int = 0, tile=STA_TILE, window=STA_WINDOW) -> int:
    """Query-key comparisons of one attention layer with a sliding tile window (topk=0: STA), or the most SSTA can
    make when each query tile also takes `topk` more tiles chosen by content (never more than every token)."""
    keys = tiled_keys(tok, tile, window) + topk * int(np.prod(tile))
    return int(np.minimum(keys, tok["tokens"]).sum())


# --8<-- [end:sparse]


# Settings the latent figure compares: label key -> (VAE factors time x height x width, patch time x height x width).
SETTINGS = {
    "pixel16": ((1, 1, 1), (1, 16, 16)),  # TimeSformer-style 2D patches on raw frames
    "latent448": ((4, 8, 8), (1, 2, 2)),  # CogVideoX, HunyuanVideo, Wan 2.1, Open-Sora 2.0
    "ltx": ((8, 32, 32), (1, 1, 1)),  # LTX-Video: 32x32x8 pixels per token, patchifying moved into the VAE
}


def latent_cost(seconds: int = 5, fps: int = 24, height: int = 720, width: int = 1280) -> dict:
    """Tokens and comparisons per attention layer for one clip, pixel patches vs video-VAE latents."""
    frames = seconds * fps
    out = {
        "frames": frames,
        "fps": fps,
        "seconds": seconds,
        "height": height,
        "width": width,
        "settings": list(SETTINGS),
    }
    for name, (vae, patch) in SETTINGS.items():
        tok = video_tokens(frames, height, width, vae=vae, patch=patch)
        out[f"{name}_tokens"] = tok["tokens"]
        out[f"{name}_per_frame"] = tok["per_frame"]
        out[f"{name}_frames"] = tok["frames"]
        for scheme in ("joint", "divided"):
            out[f"{name}_{scheme}"] = comparisons_per_layer(scheme, tok)
            out[f"{name}_{scheme}_per_token"] = comparisons_per_token(scheme, tok["per_frame"], tok["frames"])
        out[f"{name}_tiled"] = sparse_comparisons(tok)
        out[f"{name}_ssta_max"] = sparse_comparisons(tok, topk=SSTA_TOPK)
    out["token_ratio"] = out["pixel16_tokens"] / out["latent448_tokens"]
    out["joint_ratio"] = out["pixel16_joint"] / out["latent448_joint"]
    out["latent_joint_over_divided"] = out["latent448_joint"] / out["latent448_divided"]
    out["pixel_joint_over_divided"] = out["pixel16_joint"] / out["pixel16_divided"]
    out["ltx_joint_over_pixel_divided"] = out["ltx_joint"] / out["pixel16_divided"]
    out["tile_tokens"] = int(np.prod(STA_TILE))
    out["window_tokens"] = int(np.prod(STA_TILE) * np.prod(STA_WINDOW))
    out["ssta_topk"] = SSTA_TOPK
    out["latent_joint_over_tiled"] = out["latent448_joint"] / out["latent448_tiled"]
    out["latent_tiled_over_divided"] = out["latent448_tiled"] / out["latent448_divided"]
    out["latent_joint_over_ssta_max"] = out["latent448_joint"] / out["latent448_ssta_max"]
    return out


def grouped(n: int, lang: str) -> str:
    """Thousands grouping as each language writes it: 432,000 (en), 4,32,000 (hi, lakh grouping).

    >>> grouped(432000, "en"), grouped(432000, "hi"), grouped(14720, "hi"), grouped(999, "hi")
    ('432,000', '4,32,000', '14,720', '999')
    """
    from babel.numbers import format_decimal

    return format_decimal(n, locale={"hi": "hi_IN", "en": "en_US"}[lang])


def draw_latent(data, tr):
    fig, (a1, a2) = new_figure(7.2, 3.4, ncols=2)
    names = data["settings"]
    y = np.arange(len(names))
    labels = [tr(n) for n in names]
    a1.barh(y, [data[f"{n}_tokens"] for n in names], color="#607d8b")
    for i, n in enumerate(names):
        a1.annotate(
            grouped(data[f"{n}_tokens"], getattr(tr, "lang", "en")),
            (data[f"{n}_tokens"], i),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    h = 0.27
    for k, (scheme, color) in enumerate((("joint", "#c62828"), ("tiled", "#ef6c00"), ("divided", "#1565c0"))):
        a2.barh(y + (k - 1) * h, [data[f"{n}_{scheme}"] for n in names], h, label=tr(f"{scheme}_cost"), color=color)
    for a in (a1, a2):
        a.set_xscale("log")
        a.set_yticks(y, labels if a is a1 else [""] * len(names), fontsize=8)
        a.invert_yaxis()
    a1.set(xlabel=tr("tokens_axis"), title=tr("tokens_title", s=data["seconds"], fps=data["fps"], h=data["height"]))
    a1.set_xlim(right=max(data[f"{n}_tokens"] for n in names) * 8)
    a2.set(xlabel=tr("layer_axis"), title=tr("layer_title"))
    a2.legend(fontsize=7, loc="lower right")
    return fig


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
    a1.annotate(
        tr("timesformer_setting"), (8, data["joint_224_8"]), xytext=(10, -5), textcoords="offset points", fontsize=8
    )
    a2.axvline(224, color="grey", ls=":", lw=1)
    for a in (a1, a2):
        a.set_yscale("log")
        a.set_ylabel(tr("comparisons"))
    a1.set_xscale("log", base=2)
    a1.set(xlabel=tr("frames_axis"), title=tr("vs_frames"))
    a2.set(xlabel=tr("res_axis"), title=tr("vs_res"))
    a1.legend(fontsize=8)
    return fig


LABELS = {
    "space_cost": {"en": "space only", "hi": "सिर्फ़-स्पेस"},
    "joint_cost": {"en": "joint space-time", "hi": "जॉइंट स्पेस-टाइम"},
    "divided_cost": {"en": "divided space-time", "hi": "डिवाइडेड स्पेस-टाइम"},
    "tiled_cost": {"en": "sliding tile (STA)", "hi": "स्लाइडिंग टाइल (STA)"},
    "comparisons": {"en": "comparisons per patch", "hi": "हर पैच के लिए तुलनाएँ"},
    "frames_axis": {"en": "frames F (224², 16×16 patches)", "hi": "फ़्रेम F (224², 16×16 पैच)"},
    "res_axis": {"en": "resolution (8 frames)", "hi": "रेज़ोल्यूशन (8 फ़्रेम)"},
    "vs_frames": {"en": "cost against frames", "hi": "फ़्रेम बढ़ने पर लागत"},
    "vs_res": {"en": "cost against resolution", "hi": "रेज़ोल्यूशन बढ़ने पर लागत"},
    "timesformer_setting": {"en": "TimeSformer: F = 8", "hi": "TimeSformer: F = 8"},
    "pixel16": {"en": "pixels, 16×16 patches", "hi": "पिक्सेल, 16×16 पैच"},
    "latent448": {"en": "4×8×8 VAE, 2×2 patches", "hi": "4×8×8 VAE, 2×2 पैच"},
    "ltx": {"en": "8×32×32 VAE (LTX-Video)", "hi": "8×32×32 VAE (LTX-Video)"},
    "tokens_axis": {"en": "tokens in the clip", "hi": "क्लिप में टोकन"},
    "tokens_title": {"en": "{s} s at {fps} fps, {h}p", "hi": "{s} सेकंड, {fps} फ़्रेम/सेकंड, {h}p"},
    "layer_axis": {"en": "query-key comparisons per layer", "hi": "हर लेयर में क्वेरी और की-वेक्टर की तुलनाएँ"},
    "layer_title": {"en": "cost of one attention layer", "hi": "एक अटेंशन लेयर की लागत"},
}

_COST = Compute(cost_curves)

_LATENT = Compute(latent_cost)

FIGURES = {"cost_curve": Figure(_COST, draw_cost), "latent_cost": Figure(_LATENT, draw_latent)}
VALUES = {
    "n_224": Value(_COST, "n224", "d"),
    "joint_224_8": Value(_COST, "joint_224_8", ",d"),
    "divided_224_8": Value(_COST, "divided_224_8", ",d"),
    "joint_divided_ratio": Value(_COST, "ratio_224_8", ".1f"),
    "joint_divided_ratio_32": Value(_COST, "ratio_224_32", ".1f"),
    "clip_frames": Value(_LATENT, "frames", "d"),
    "pixel_tokens": Value(_LATENT, "pixel16_tokens", ",d"),
    "latent_tokens": Value(_LATENT, "latent448_tokens", ",d"),
    "latent_tokens_per_frame": Value(_LATENT, "latent448_per_frame", ",d"),
    "latent_frames": Value(_LATENT, "latent448_frames", "d"),
    "ltx_tokens": Value(_LATENT, "ltx_tokens", ",d"),
    "pixel_joint": Value(_LATENT, "pixel16_joint", ".3g"),
    "pixel_divided": Value(_LATENT, "pixel16_divided", ".3g"),
    "latent_joint": Value(_LATENT, "latent448_joint", ".3g"),
    "ltx_joint": Value(_LATENT, "ltx_joint", ".3g"),
    "token_ratio": Value(_LATENT, "token_ratio", ".1f"),
    "joint_ratio": Value(_LATENT, "joint_ratio", ".0f"),
    "latent_joint_over_divided": Value(_LATENT, "latent_joint_over_divided", ".0f"),
    "pixel_joint_over_divided": Value(_LATENT, "pixel_joint_over_divided", ".0f"),
    "ltx_joint_over_pixel_divided": Value(_LATENT, "ltx_joint_over_pixel_divided", ".2f"),
    "tile_tokens": Value(_LATENT, "tile_tokens", "d"),
    "window_tokens": Value(_LATENT, "window_tokens", ",d"),
    "ssta_topk": Value(_LATENT, "ssta_topk", "d"),
    "latent_tiled": Value(_LATENT, "latent448_tiled", ".3g"),
    "latent_ssta_max": Value(_LATENT, "latent448_ssta_max", ".3g"),
    "latent_joint_over_tiled": Value(_LATENT, "latent_joint_over_tiled", ".1f"),
    "latent_tiled_over_divided": Value(_LATENT, "latent_tiled_over_divided", ".1f"),
    "latent_joint_over_ssta_max": Value(_LATENT, "latent_joint_over_ssta_max", ".1f"),
}
