"""Temporal attention: shapes, the reshapes' meaning, equivariance, cost formulas against counted entries."""

import itertools

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


def test_parameter_counts_and_the_capacity_matched_late_fusion():
    counts = {kind: exp.parameter_count(kind) for kind in exp.KINDS}
    assert counts["fusion"] > 15 * counts["divided+time"], "late fusion is many times the size of attention"
    assert 0.8 < counts["fusion_small"] / counts["divided+time"] < 1.25, "the small late fusion matches attention"
    assert counts["pooled_mlp"] == counts["probe"] and counts["sum"] < counts["divided"] < counts["divided+time"]


def test_direction_clips_move_one_column_per_frame_and_the_label_is_the_direction():
    clips, labels = exp.direction_clips(4000, seed=5)
    step = (exp.bar_columns(clips).diff(dim=1) + 4) % 8 - 4  # the short way round the wrap-around
    assert torch.equal(step, (2 * labels[:, None] - 1).expand_as(step))  # +1 right (label 1), -1 left
    assert int(labels.sum()) == 2000  # balanced


def test_still_or_moving_clips_move_one_column_or_none():
    clips, labels = exp.still_or_moving_clips(4000, seed=7)
    step = (exp.bar_columns(clips).diff(dim=1) + 4) % 8 - 4
    assert torch.equal((step == 0).all(dim=1), labels == 0)
    moving = step[labels == 1]
    assert ((moving == 1).all(dim=1) | (moving == -1).all(dim=1)).all()
    assert int(labels.sum()) == 2000


def test_speed_and_start_columns_of_the_generalisation_tests():
    for generator in (exp.direction_clips, exp.still_or_moving_clips):
        clips, labels = generator(2000, seed=3, speed=2, starts=[5])
        cols = exp.bar_columns(clips)
        assert (cols[:, 0] == 5).all()
        step = (cols.diff(dim=1) + 4) % 8 - 4
        assert set(step.abs().unique().tolist()) <= {0, 2} and (step[labels == 1] != 0).all()


def class_differences(clips, labels) -> dict:
    """For each frame, how far apart the two classes are in what one frame shows: the bar's column (total variation
    distance between the classes' column histograms), the bar's brightness and the noise (differences of means and
    standard deviations of the pixels on and off the bar). The largest over frames, per statistic."""
    cols = exp.bar_columns(clips)
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


def classes_look_alike(task) -> bool:
    """In each frame, the bar's column, brightness and the noise have the same distribution in both classes (within
    sampling error of 6,000 clips)."""
    d = class_differences(*exp.TASKS[task](6000, 6, 8, seed=11))
    return d["column"] < 0.05 and d["brightness"] < 0.005 and d["noise"] < 0.002


def bound_at_chance(task) -> bool:
    """The best rule on one frame's column is within three standard errors of chance at every frame index (the
    bound scores 10,000 clips per index)."""
    return max(exp.single_frame_bound(task)) < exp.leak_threshold(10000)


def probe_at_chance(task, steps=400) -> bool:
    """The single-frame probe, scored on every frame of 2,048 fresh clips, stays within three standard errors of
    chance at every frame index."""
    probe = exp.train(task, "probe", seed=0, steps=steps)["model"]
    clips, labels = exp.TASKS[task](2048, 6, 8, seed=7000)
    return max(exp.probe_accuracy_per_frame(probe, clips, labels)) < exp.leak_threshold(2048)


@pytest.mark.parametrize("task", ["direction", "motion"])
def test_no_frame_tells_the_class_in_either_task(task):
    """Nothing but the studied property differs by class, and neither the best rule on one frame nor the probe
    finds the class in any frame."""
    assert classes_look_alike(task) and bound_at_chance(task) and probe_at_chance(task)


def starts_one_to_seven(n, frames=6, size=8, seed=0):
    """Mutant of Task 1: column 0 is never a start, so each frame's column hints at the class."""
    return exp.direction_clips(n, frames, size, seed, starts=range(1, 8))


def brighter_first_frame(n, frames=6, size=8, seed=0):
    """Mutant of Task 1: for right-moving clips, the bar in frame 0 is 1.2 times as bright (before the noise)."""
    clips, labels = exp.direction_clips(n, frames, size, seed)
    bar = torch.nn.functional.one_hot(exp.bar_columns(clips), size)[:, :, None, :].expand_as(clips).float()
    bar[labels == 1, 0] *= 1.2
    g = torch.Generator().manual_seed(seed + 1)
    return bar + exp.NOISE * torch.randn(clips.shape, generator=g), labels


@pytest.mark.parametrize(
    "mutant, fails",
    [(starts_one_to_seven, ("classes", "bound", "probe")), (brighter_first_frame, ("classes", "probe"))],
)
def test_the_leak_checks_catch_small_leaks(monkeypatch, mutant, fails):
    """Two leaks a real generator could have: a start column missing, and one frame brighter in one class. The
    checks that read them must fail (the bound reads only the column, so it is blind to brightness)."""
    monkeypatch.setitem(exp.TASKS, "mutant", mutant)
    checks = {"classes": classes_look_alike, "bound": bound_at_chance, "probe": probe_at_chance}
    assert {name for name, check in checks.items() if not check("mutant")} == set(fails)


def test_the_leak_checks_catch_the_leaky_first_version():
    d = class_differences(*exp.TASKS["leaky"](6000, 6, 8, seed=11))
    assert d["column"] == 1.0  # frame 0: columns 0-2 for one class, 5-7 for the other
    assert d["brightness"] < 0.005 and d["noise"] < 0.002
    assert not probe_at_chance("leaky", steps=150)


def test_single_frame_bound_per_frame_index():
    """The leaky version's frames 0, 1, 4 and 5 tell the class, frames 2 and 3 do for one start in three (a frame
    drawn at random: 8/9); the gapped version's frames hint (5/6 of starts leave a column to one class) and decide
    nothing."""
    leaky, gapped = exp.single_frame_bound("leaky"), exp.single_frame_bound("gapped")
    assert np.allclose(leaky, [100, 100, 200 / 3, 200 / 3, 100, 100], atol=1.5)
    assert abs(np.mean(leaky) - 100 * 8 / 9) < 1.5
    assert np.allclose(gapped, [50, 200 / 3, 200 / 3, 200 / 3, 50, 200 / 3], atol=1.5)


@pytest.mark.parametrize("task, kinds, best", [("direction", 16, 87.5), ("motion", 24, 93.75)])
def test_what_an_additive_read_out_can_do(task, kinds, best):
    """A constant logit is the cross-entropy optimum among additive read-outs (the gradient there is exactly zero),
    and the best accuracy any additive rule reaches is below 100 %: a perceptron over (frame, column) finds a rule
    right on every kind of clip but a set as light as the limit allows, and none (in 500 epochs) right on all."""
    limits = exp.additive_limits(task)
    assert (limits["kinds"], limits["gradient"], limits["best"]) == (kinds, 0.0, best)
    cols, y, w = exp.clip_kinds(task)
    design = np.zeros((len(y), 6 * 8 + 1))
    design[np.arange(len(y))[:, None], np.arange(6) * 8 + cols] = 1.0
    design[:, -1] = 1.0
    sign = 2.0 * y - 1

    def perceptron(rows, epochs=2000):
        g = np.zeros(design.shape[1])
        for _ in range(epochs):
            wrong = [i for i in rows if sign[i] * design[i] @ g <= 0]
            if not wrong:
                return True
            g += sign[wrong[0]] * design[wrong[0]]
        return False

    assert not perceptron(range(len(y)), epochs=500)
    found = any(
        perceptron([i for i in range(len(y)) if i not in drop])
        for k in (1, 2)
        for drop in itertools.combinations(range(len(y)), k)
        if abs(100 * (1 - w[list(drop)].sum()) - best) < 1e-9
    )
    assert found


def test_a_gapped_generator_gives_an_additive_read_out_something_to_use():
    assert exp.additive_limits("gapped")["gradient"] > 0.01


def swap_frame(a, b, f):
    a, b = a.clone(), b.clone()
    a[:, f], b[:, f] = b[:, f].clone(), a[:, f].clone()
    return a, b


@pytest.mark.parametrize(
    "kind, additive", [("sum", True), ("pooled_mlp", False), ("fusion", False), ("divided+time", False)]
)
def test_only_the_summed_read_out_is_a_sum_of_one_term_per_frame(kind, additive):
    """Swap frame 2 between two clips: a sum over frames of g(frame_t, t) keeps the total of the two logits."""
    torch.manual_seed(0)
    model = exp.ClipClassifier(kind, 6, 8, pos_std=1.0)
    a, b = exp.direction_clips(64, seed=1)[0].split(32)
    a2, b2 = swap_frame(a, b, 2)
    with torch.no_grad():
        gap = (model(a) + model(b) - model(a2) - model(b2)).abs().max().item()
    assert (gap < 1e-4) == additive, gap


def test_interaction_learns_still_or_moving_and_the_sum_does_not():
    assert exp.train("motion", "fusion", seed=0, steps=60)["accuracy"] >= 0.95
    assert exp.train("motion", "divided", seed=0, steps=100)["accuracy"] >= 0.95
    assert exp.train("motion", "pooled_mlp", seed=0, steps=60)["accuracy"] >= 0.95
    assert exp.train("motion", "sum", seed=0, steps=100)["accuracy"] < 0.8


def test_a_non_linear_read_out_after_averaging_learns_left_or_right():
    assert exp.train("direction", "pooled_mlp", seed=0, steps=250)["accuracy"] >= 0.95


def test_on_an_unseen_start_column_attention_generalises_and_late_fusion_does_not():
    held = exp.TASKS["motion"](512, seed=6000, starts=[0])
    for kind, generalises in (("divided", True), ("fusion", False)):
        model = exp.train("motion", kind, seed=0, steps=60, starts=range(1, 8))["model"]
        assert (exp.accuracy(model, *held) >= 95) == generalises, kind


def test_dead_units_counts_units_off_on_every_clip():
    clips = exp.direction_clips(64, seed=1)[0]
    torch.manual_seed(0)
    model = exp.ClipClassifier("fusion", 6, 8)
    assert exp.dead_units(model, clips) < exp.HIDDEN["fusion"]
    with torch.no_grad():
        model.head[0].bias.fill_(-1e3)
    assert exp.dead_units(model, clips) == exp.HIDDEN["fusion"]


def test_unknown_model_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown model kind"):
        exp.ClipClassifier("joint", 6, 8)
    with pytest.raises(ValueError, match="even"):
        exp.direction_clips(7)


def test_computes_return_plain_data():
    for value in list(cost.cost_curves().values()) + list(exp.order_check().values()):
        assert not isinstance(value, torch.Tensor)
    for value in list(exp.additive_experiment().values()) + list(exp.fusion_regime().values()):
        assert isinstance(value, (int, float))
