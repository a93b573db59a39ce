"""Latent-video attention cost (snippets/attention_cost.py) against arithmetic done independently here, and against
numbers the papers publish (token counts that follow from their compression factors)."""

import math

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
    assert tok == {"frames": 24, "per_frame": (1280 // 16) * (720 // 16), "tokens": 24 * 80 * 45}


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
