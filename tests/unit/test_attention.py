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


RUNS = [("direction", k) for k in exp.KINDS] + [("motion", "fusion"), ("leaky", "probe")]


@pytest.mark.parametrize("task, kind", RUNS)
def test_each_training_run_is_reproducible_from_its_seed(task, kind):
    a = exp.train(task, kind, seed=3, steps=40, n_train=128, n_test=128)
    b = exp.train(task, kind, seed=3, steps=40, n_train=128, n_test=128)
    assert a["accuracy"] == b["accuracy"] and np.array_equal(a["curve"], b["curve"])
    assert a["chance"] == 0.5  # balanced test set: a constant guess scores one half


def bar_columns(clips):
    return clips.mean(dim=2).argmax(dim=-1)  # (n, frames): the bar's column in each frame


def test_direction_clips_move_one_column_per_frame_and_the_label_is_the_direction():
    clips, labels = exp.direction_clips(4000, seed=5)
    step = (bar_columns(clips).diff(dim=1) + 4) % 8 - 4  # the short way round the wrap-around
    assert torch.equal(step, (2 * labels[:, None] - 1).expand_as(step))  # +1 right (label 1), -1 left
    assert int(labels.sum()) == 2000  # balanced


def test_still_or_moving_clips_move_one_column_or_none():
    clips, labels = exp.still_or_moving_clips(4000, seed=7)
    step = (bar_columns(clips).diff(dim=1) + 4) % 8 - 4
    assert torch.equal((step == 0).all(dim=1), labels == 0)
    moving = step[labels == 1]
    assert ((moving == 1).all(dim=1) | (moving == -1).all(dim=1)).all()
    assert int(labels.sum()) == 2000


def class_differences(clips, labels) -> dict:
    """For each frame, how far apart the two classes are in what one frame shows: the bar's column (total variation
    distance between the classes' column histograms), the bar's brightness and the noise (differences of means and
    standard deviations of the pixels on and off the bar). The largest over frames, per statistic."""
    cols = bar_columns(clips)
    size = clips.shape[-1]
    on = torch.nn.functional.one_hot(cols, size).bool()[:, :, None, :].expand_as(clips)
    worst = {"column": 0.0, "brightness": 0.0, "noise": 0.0}
    for f in range(clips.shape[1]):
        per_class = []
        for label in (0, 1):
            frame, mask = clips[labels == label, f], on[labels == label, f]
            hist = torch.bincount(cols[labels == label, f], minlength=size).float() / len(frame)
            per_class.append((hist, frame[mask].mean(), frame[~mask].std()))
        (h0, b0, n0), (h1, b1, n1) = per_class
        worst["column"] = max(worst["column"], float((h0 - h1).abs().sum() / 2))
        worst["brightness"] = max(worst["brightness"], float((b0 - b1).abs()))
        worst["noise"] = max(worst["noise"], float((n0 - n1).abs()))
    return worst


@pytest.mark.parametrize("task", ["direction", "motion"])
def test_every_frame_looks_alike_in_both_classes(task):
    """Nothing but the studied property differs by class: in each frame, the bar's column, brightness and the noise
    have the same distribution in both classes (within sampling error of 6,000 clips)."""
    d = class_differences(*exp.TASKS[task](6000, 6, 8, seed=11))
    assert d["column"] < 0.05 and d["brightness"] < 0.005 and d["noise"] < 0.002, d


def test_the_class_check_catches_the_leaky_first_version():
    d = class_differences(*exp.TASKS["leaky"](6000, 6, 8, seed=11))
    assert d["column"] == 1.0  # frame 0: columns 0-2 for one class, 5-7 for the other
    assert d["brightness"] < 0.005 and d["noise"] < 0.002


def test_single_frame_bound_is_chance_without_a_leak_and_eight_ninths_with_the_start_cue():
    """The leaky version's frames 0, 1, 4 and 5 tell the class; frames 2 and 3 do for one start in three."""
    assert abs(exp.single_frame_bound("direction") - 50) < 1.5
    assert abs(exp.single_frame_bound("motion") - 50) < 1.5
    assert abs(exp.single_frame_bound("leaky") - 100 * 8 / 9) < 1.5


def test_the_probe_is_at_chance_on_every_task_and_catches_the_leak():
    for task in ("direction", "motion"):
        r = exp.train(task, "probe", seed=0, steps=150)
        assert max(r["curve"]) < 0.6, (task, r["curve"])
    assert exp.train("leaky", "probe", seed=0, steps=150)["accuracy"] > 0.8


def swap_frame(a, b, f):
    a, b = a.clone(), b.clone()
    a[:, f], b[:, f] = b[:, f].clone(), a[:, f].clone()
    return a, b


@pytest.mark.parametrize("kind, additive", [("sum", True), ("fusion", False), ("divided+time", False)])
def test_only_the_summed_read_out_is_a_sum_of_one_term_per_frame(kind, additive):
    """Swap frame 2 between two clips: a sum over frames of g(frame_t, t) keeps the total of the two logits."""
    torch.manual_seed(0)
    model = exp.ClipClassifier(kind, 6, 8, pos_std=1.0)
    a, b = exp.direction_clips(64, seed=1)[0].split(32)
    a2, b2 = swap_frame(a, b, 2)
    with torch.no_grad():
        gap = (model(a) + model(b) - model(a2) - model(b2)).abs().max().item()
    assert (gap < 1e-4) == additive, gap


def test_late_fusion_and_divided_attention_learn_still_or_moving_and_the_sum_does_not():
    assert exp.train("motion", "fusion", seed=0, steps=60)["accuracy"] >= 0.95
    assert exp.train("motion", "divided", seed=0, steps=100)["accuracy"] >= 0.95
    assert exp.train("motion", "sum", seed=0, steps=100)["accuracy"] < 0.8


def test_unknown_model_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown model kind"):
        exp.ClipClassifier("joint", 6, 8)
    with pytest.raises(ValueError, match="even"):
        exp.direction_clips(7)


def test_computes_return_plain_data():
    for value in list(cost.cost_curves().values()) + list(exp.order_check().values()):
        assert not isinstance(value, torch.Tensor)
