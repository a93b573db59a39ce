"""The learned video and image models (snippets/video_diffusion.py): same data, reproducible training, and the one
difference between them, checked from outside: the image model makes each frame from its own noise alone."""

import numpy as np
import pytest
import torch

from snippets import video_diffusion as V
from snippets.line_world import FRAMES, WIDTH


def test_both_kinds_train_on_the_same_clips_noise_and_steps():
    batches = {}
    for kind in ("video", "image"):
        rng, gen = np.random.default_rng(5), torch.Generator().manual_seed(5)
        batches[kind] = V.training_batch(kind, 4, rng, gen)
    (xv, tv, vv, _), (xi, ti, vi, _) = batches["video"], batches["image"]
    assert xv.shape == xi.shape == (4, FRAMES, WIDTH)
    # the first frame of every clip has the same diffusion step in both: the same noised picture and target
    assert torch.equal(ti[:, 0], tv[:, 0]) and torch.equal(xi[:, 0], xv[:, 0]) and torch.equal(vi[:, 0], vv[:, 0])
    assert (tv == tv[:, :1]).all(), "the video model denoises a clip at one diffusion step"
    assert len(torch.unique(ti)) > 8, "the image model's frames each get their own diffusion step"


def test_training_is_reproducible_from_its_seed_and_depends_on_it():
    a, loss_a = V.train("video", steps=8, seed=1, videos=4, checkpoints=2)
    b, loss_b = V.train("video", steps=8, seed=1, videos=4, checkpoints=2)
    c, loss_c = V.train("video", steps=8, seed=2, videos=4, checkpoints=2)
    assert len(a) == 2 and np.array_equal(loss_a, loss_b) and not np.array_equal(loss_a, loss_c)
    for p, q in zip(a[-1].parameters(), b[-1].parameters()):
        assert torch.equal(p, q)


@pytest.fixture(scope="module")
def trained():
    """Both kinds after a few steps (enough for every layer to be non-zero; adaLN-Zero starts as the identity)."""
    return {kind: V.train(kind, steps=40, seed=0, videos=8, checkpoints=1)[0][-1] for kind in ("video", "image")}


def test_the_image_model_is_the_video_model_with_attention_kept_inside_each_frame():
    video, image = V.DiT("video"), V.DiT("image")
    assert [p.shape for p in video.parameters()] == [p.shape for p in image.parameters()]  # the same network
    assert video.joint and not image.joint  # attention over the whole clip, or within each frame (next test)
    assert not image.position[:, :, V.DIM // 2 :].any(), "the image model must not know which frame it denoises"


def test_the_image_model_makes_each_frame_from_its_own_noise_and_the_video_model_does_not(trained):
    noise = np.random.default_rng(0).standard_normal((2, FRAMES, WIDTH))
    changed = noise.copy()
    changed[:, 3] = np.random.default_rng(1).standard_normal((2, WIDTH))  # new noise for frame 3 only
    for kind, model in trained.items():
        a, b = V.sample(model, noise, steps=6), V.sample(model, changed, steps=6)
        others = [f for f in range(FRAMES) if f != 3]
        assert not np.allclose(a[:, 3], b[:, 3])
        if kind == "image":
            assert np.array_equal(a[:, others], b[:, others]), "a frame of the image model saw another's noise"
        else:
            # float32 rounding alone moves nothing by 1e-6; after 40 steps the (averaged) weights are still small
            assert np.abs(a[:, others] - b[:, others]).max() > 1e-6, "the video model ignored the other frames"


def test_a_short_study_is_reproducible_and_complete():
    a = V.study("image", steps=8, videos=4, early=2)
    b = V.study("image", steps=8, videos=4, early=2)
    for k, v in a.items():
        assert v == b[k] if isinstance(v, (list, str)) else np.array_equal(v, b[k], equal_nan=True), k
    assert a["image_curve"].shape == (4, len(V.METRICS)) and a["image_steps_total"] == 8
    assert a["image_scheme"].shape == (len(a["image_settings"]), len(V.METRICS))
    assert "image_mixed_099_cosine" in a and "image_warped_speed" in a
