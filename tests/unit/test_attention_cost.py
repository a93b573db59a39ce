"""Latent-video attention cost (snippets/attention_cost.py) against arithmetic done independently here, and against
numbers the papers publish (token counts that follow from their compression factors); sliding tile attention
against an explicit tile mask built the way HunyuanVideo 1.5's ssta_attention.py builds it."""

import math

import numpy as np
import pytest

from snippets import attention_cost as cost


def count_tokens(frames, height, width, vae, patch):
    """Independent count: build the latent grid explicitly, then cut it into patches (no shared helper)."""
    t, h, w = vae
    if t > 1:  # causal VAE: frame 0 alone, then groups of t frames
        groups = [[0]] + [list(range(s, min(s + t, frames))) for s in range(1, frames, t)]
    else:
        groups = [[f] for f in range(frames)]
    rows, cols = math.ceil(height / h), math.ceil(width / w)
    pt, ph, pw = patch
    return math.ceil(len(groups) / pt), math.ceil(rows / ph) * math.ceil(cols / pw)


def test_pixel_patches_of_a_720p_second():
    tok = cost.video_tokens(24, 720, 1280, patch=(1, 16, 16))
    assert tok == {"frames": 24, "rows": 45, "cols": 80, "per_frame": 80 * 45, "tokens": 24 * 80 * 45}


@pytest.mark.parametrize(
    "frames,height,width,vae,patch",
    [
        (120, 720, 1280, (4, 8, 8), (1, 2, 2)),
        (121, 720, 1280, (4, 8, 8), (1, 2, 2)),
        (49, 480, 720, (4, 8, 8), (1, 2, 2)),
        (120, 720, 1280, (8, 32, 32), (1, 1, 1)),
        (17, 100, 90, (4, 8, 8), (2, 2, 2)),
        (16, 224, 224, (1, 1, 1), (1, 16, 16)),
    ],
)
def test_tokens_match_an_explicit_grid(frames, height, width, vae, patch):
    n_frames, per_frame = count_tokens(frames, height, width, vae, patch)
    tok = cost.video_tokens(frames, height, width, vae=vae, patch=patch)
    assert (tok["frames"], tok["per_frame"], tok["tokens"]) == (n_frames, per_frame, n_frames * per_frame)


def test_published_latent_shapes():
    # CogVideoX-5B config (THUDM/CogVideo sat/configs/cogvideox_5b.yaml): 49 frames at 480x720 -> 13 latent frames of
    # 60x90, patch 2 -> 30x45 tokens per latent frame.
    tok = cost.video_tokens(49, 480, 720, vae=(4, 8, 8), patch=(1, 2, 2))
    assert (tok["frames"], tok["per_frame"]) == (13, 30 * 45)
    # HunyuanVideo README: 129 frames at 720p with a 4x (time) VAE -> 33 latent frames.
    assert cost.video_tokens(129, 720, 1280, vae=(4, 8, 8), patch=(1, 2, 2))["frames"] == 33
    # Movie Gen abstract: 73K video tokens for 16 s at 16 fps; with an 8x8x8 autoencoder and 2x2 patches that is a
    # 768x768 clip of 32 latent frames (the TAE is not causal in this count).
    mg = cost.video_tokens(256, 768, 768, vae=(8, 8, 8), patch=(1, 2, 2), causal=False)
    assert mg["tokens"] == 32 * 48 * 48 and mg["tokens"] // 1000 == 73


def test_comparisons_per_layer_against_pairs():
    # joint: every ordered pair of tokens; divided: pairs within a frame plus pairs at one location across frames
    tok = cost.video_tokens(5, 32, 48, vae=(1, 1, 1), patch=(1, 16, 16))  # 5 frames of 2x3 patches
    n, f = 6, 5
    tokens = [(t, i) for t in range(f) for i in range(n)]
    joint = sum(1 for _ in tokens for _ in tokens)
    divided = sum(1 for a in tokens for b in tokens if a[0] == b[0]) + sum(
        1 for a in tokens for b in tokens if a[1] == b[1]
    )
    assert cost.comparisons_per_layer("joint", tok) == joint == (n * f) ** 2
    assert cost.comparisons_per_layer("divided", tok) == divided == n * f * (n + f)
    with pytest.raises(ValueError, match="unknown scheme"):
        cost.comparisons_per_token("axial", n, f)


def test_latent_cost_values():
    d = cost.latent_cost(seconds=5, fps=24, height=720, width=1280)
    assert d["frames"] == 120
    # spatially, 8x VAE + 2x2 patches covers 16x16 pixels: same tokens per frame as 16x16 pixel patches
    assert d["latent448_per_frame"] == d["pixel16_per_frame"] == 80 * 45
    # in time, 1 + ceil(119 / 4) = 31 latent frames instead of 120
    assert d["latent448_frames"] == 31 and d["pixel16_frames"] == 120
    assert d["pixel16_joint"] == (120 * 3600) ** 2
    assert d["latent448_joint"] == (31 * 3600) ** 2
    assert d["joint_ratio"] == pytest.approx((120 / 31) ** 2)
    assert d["latent448_divided"] == 31 * 3600 * (3600 + 31)
    # joint attention is the expensive option, even in the latent
    assert d["latent_joint_over_divided"] == pytest.approx(31 * 3600 / (3600 + 31))
    assert d["latent_joint_over_divided"] > 10
    # LTX-Video: 40 x 23 tokens per latent frame (720 / 32 rounded up), 1 + ceil(119 / 8) = 16 latent frames
    assert d["ltx_tokens"] == 16 * 40 * 23
    assert d["ltx_joint"] < d["pixel16_divided"]


def test_more_compression_never_costs_more():
    a = cost.latent_cost()
    b = cost.latent_cost(seconds=10)
    for name in cost.SETTINGS:
        assert b[f"{name}_joint"] > a[f"{name}_joint"] and b[f"{name}_tokens"] > a[f"{name}_tokens"]
    assert a["pixel16_joint"] > a["latent448_joint"] > a["ltx_joint"]


def sta_mask_keys(grid, tile, window):
    """Keys per token from an explicit token-by-token mask. Tiles as in HunyuanVideo 1.5's create_sta_3d_mask: the
    kernel centre is the query's tile clipped to [k // 2, tiles - 1 - k // 2], and a key tile is in when it is within
    k // 2 of that centre on every axis. Real tokens only (the kernels pad the grid to whole tiles)."""
    coords = np.stack(np.meshgrid(*(np.arange(n) for n in grid), indexing="ij"), -1).reshape(-1, 3)
    tile_of = coords // np.array(tile)
    inside = np.ones((len(coords), len(coords)), bool)
    for axis, (n, t, k) in enumerate(zip(grid, tile, window)):
        tiles = -(-n // t)
        centre = np.clip(tile_of[:, axis], k // 2, tiles - 1 - k // 2)
        inside &= np.abs(centre[:, None] - tile_of[None, :, axis]) <= k // 2
    return inside.sum(1)


@pytest.mark.parametrize(
    "grid,tile,window",
    [((7, 9, 10), (2, 3, 4), (3, 3, 1)), ((13, 5, 6), (3, 2, 2), (3, 1, 3)), ((4, 4, 4), (6, 8, 8), (3, 3, 3))],
)
def test_sliding_tiles_match_an_explicit_mask(grid, tile, window):
    tok = {"frames": grid[0], "rows": grid[1], "cols": grid[2], "tokens": math.prod(grid)}
    expected = sta_mask_keys(grid, tile, window)
    assert cost.tiled_keys(tok, tile, window).reshape(-1).tolist() == expected.tolist()
    assert cost.sparse_comparisons(tok, tile=tile, window=window) == expected.sum()


def test_ssta_bound_lies_between_the_window_and_full_attention():
    tok = cost.video_tokens(120, 720, 1280, vae=(4, 8, 8), patch=(1, 2, 2))
    sta, ssta = cost.sparse_comparisons(tok), cost.sparse_comparisons(tok, topk=cost.SSTA_TOPK)
    assert cost.comparisons_per_layer("divided", tok) < sta < ssta < cost.comparisons_per_layer("joint", tok)
    # enough extra tiles to cover the clip: every token sees every token, as in joint attention
    assert cost.sparse_comparisons(tok, topk=10**6) == cost.comparisons_per_layer("joint", tok)


def test_sliding_tile_cost_of_the_5_second_clip():
    d = cost.latent_cost()
    # 31 x 45 x 80 tokens in tiles of 6 x 8 x 8, three tiles per axis. Along time, tiles of 6,6,6,6,6,1 frames: the
    # first four see 18 keys, the last two (moved inward) 6 + 6 + 1 = 13; along height (8,...,8,5) 24 or 21; along
    # width 24 for all ten tiles.
    along_t, along_h, along_w = 24 * 18 + 7 * 13, 32 * 24 + 13 * 21, 80 * 24
    assert d["latent448_tiled"] == along_t * along_h * along_w
    assert d["window_tokens"] == 18 * 24 * 24 == 10368 and d["tile_tokens"] == 384
    assert d["latent_joint_over_tiled"] == pytest.approx(d["latent448_joint"] / (along_t * along_h * along_w))
    assert 10 < d["latent_joint_over_tiled"] < 13 and 2 < d["latent_tiled_over_divided"] < 3
