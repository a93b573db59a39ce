"""Temporal attention: shapes, the reshapes' meaning, equivariance, cost formulas against counted entries."""

import numpy as np
import pytest
import torch

from snippets import attention_cost as cost
from snippets import attention_experiment as exp
from snippets import attention_models as models

torch.set_num_threads(1)


@pytest.mark.parametrize(
    "cls", [models.SpaceOnlyAttention, models.JointSpaceTimeAttention, models.DividedSpaceTimeAttention]
)
def test_blocks_keep_the_token_shape(cls):
    assert cls(16, heads=2)(torch.randn(3, 5, 7, 16)).shape == (3, 5, 7, 16)


def test_factorised_encoder_returns_one_token_per_frame():
    assert models.FactorisedEncoder(16, heads=2)(torch.randn(3, 5, 7, 16)).shape == (3, 5, 16)


def test_frame_and_tubelet_embeddings():
    video = torch.randn(2, 8, 3, 32, 32)
    assert models.frame_patches(video, 16).shape == (2, 8, 4, 3 * 16 * 16)
    assert models.tubelet_patches(video, 16, 2).shape == (2, 4, 4, 2 * 3 * 16 * 16)
    # a tubelet holds the same pixels as the 2D patches of its frames
    assert torch.equal(
        models.tubelet_patches(video, 16, 1)[:, :, :, :].reshape(2, 8, 4, -1), models.frame_patches(video, 16)
    )
    assert torch.equal(models.frame_patches(video, 16)[0, 3, 1], video[0, 3, :, 0:16, 16:32].reshape(-1))


def test_joint_attention_is_plain_attention_over_flattened_tokens():
    torch.manual_seed(0)
    block = models.JointSpaceTimeAttention(16, heads=2)
    x = torch.randn(2, 4, 5, 16)
    seq = x.reshape(2, 20, 16)
    attn = block.attn
    q, k, v = attn.qkv(seq).reshape(2, 20, 3, 2, 8).permute(2, 0, 3, 1, 4)
    ref = torch.nn.functional.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(2, 20, 16)
    assert torch.allclose(block(x), attn.out(ref).reshape(2, 4, 5, 16), atol=1e-5)


def test_divided_attention_with_one_frame_is_spatial_attention():
    torch.manual_seed(0)
    block = models.DividedSpaceTimeAttention(16, heads=2)
    x = torch.randn(2, 1, 6, 16)
    block(x)
    assert torch.allclose(block.time.last_weights, torch.ones_like(block.time.last_weights))  # only itself to see
    with torch.no_grad():  # silence the (trivial) temporal step: what remains is space-only attention
        block.time.out.weight.zero_()
        block.time.out.bias.zero_()
    space = models.SpaceOnlyAttention(16, heads=2)
    space.attn.load_state_dict(block.space.state_dict())
    assert torch.allclose(block(x) - x, space(x), atol=1e-6)


def test_without_time_embedding_frame_order_is_invisible_and_with_it_visible():
    r = exp.order_check()
    assert r["equiv_no_time"] < 1e-5 and r["pooled_no_time"] < 1e-5
    assert r["equiv_time"] > 0.1 and r["pooled_time"] > 1e-3


@pytest.mark.parametrize("n, f", [(4, 3), (9, 5), (16, 8)])
def test_cost_formula_counts_the_entries_of_the_attention_matrices(n, f):
    x = torch.randn(1, f, n, 16)
    space, joint, divided = (
        models.SpaceOnlyAttention(16),
        models.JointSpaceTimeAttention(16),
        models.DividedSpaceTimeAttention(16),
    )
    space(x), joint(x), divided(x)
    keys = {
        "space": space.attn.last_weights.shape[-1],
        "joint": joint.attn.last_weights.shape[-1],
        "divided": divided.time.last_weights.shape[-1] + divided.space.last_weights.shape[-1],
    }
    # the formulas add TimeSformer's classification token: +1 per attention step
    assert cost.comparisons_per_patch("space", n, f) == keys["space"] + 1
    assert cost.comparisons_per_patch("joint", n, f) == keys["joint"] + 1
    assert cost.comparisons_per_patch("divided", n, f) == keys["divided"] + 2


def test_timesformer_numbers():
    assert cost.patches_at(224) == 196
    d = cost.cost_curves()
    assert (d["joint_224_8"], d["divided_224_8"]) == (196 * 8 + 1, 196 + 8 + 2)
    assert d["ratio_224_32"] > d["ratio_224_8"] > 7


@pytest.mark.parametrize("task, kind", [("direction", "divided+time"), ("motion", "space+time"), ("motion", "divided")])
def test_each_training_run_is_reproducible_from_its_seed(task, kind):
    a = exp.train(task, kind, seed=3, steps=40, n_train=128, n_test=128)
    b = exp.train(task, kind, seed=3, steps=40, n_train=128, n_test=128)
    assert a["accuracy"] == b["accuracy"] and np.array_equal(a["curve"], b["curve"])


def test_reversed_clip_has_the_other_label():
    clips, labels = exp.moving_bar_clips(64, seed=5)
    bars = clips.mean(dim=2).argmax(dim=-1)  # bar column per frame
    moves = (bars[:, -1] - bars[:, 0]).sign()
    assert torch.equal(moves == 1, labels == 1)


def test_still_or_moving_clips_move_one_column_or_none_and_one_frame_says_nothing():
    clips, labels = exp.still_or_moving_clips(6000, seed=7)
    cols = clips.mean(dim=2).argmax(dim=-1)  # (n, frames): the bar's column
    step = (cols.diff(dim=1) + 4) % 8 - 4  # the short way round the wrap-around
    assert torch.equal((step == 0).all(dim=1), labels == 0)
    moving = step[labels == 1]
    assert ((moving == 1).all(dim=1) | (moving == -1).all(dim=1)).all()
    # in every single frame, the column is uniform over the 8 columns in both classes (within sampling error)
    for label in (0, 1):
        for f in range(cols.shape[1]):
            share = torch.bincount(cols[labels == label, f], minlength=8).float() / (labels == label).sum()
            assert (share - 1 / 8).abs().max() < 0.03, (label, f, share)


def test_unknown_model_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown model kind"):
        exp.ClipClassifier("joint", 6, 8)


def test_computes_return_plain_data():
    for value in list(cost.cost_curves().values()) + list(exp.order_check().values()):
        assert not isinstance(value, torch.Tensor)
