"""Slides vs film (snippets/slides.py), checked against how the clips are built and against independent
computations, not against the module's own outputs."""

import numpy as np
import pytest

from snippets import slides

CUTS = [k * slides.HOLD - 1 for k in range(1, slides.SLIDES)]  # pair i compares frames i and i + 1


def test_slideshow_is_exactly_still_within_slides_and_jumps_at_the_cuts():
    clip = slides.slideshow()
    change = slides.frame_changes(clip)
    assert change.shape == (slides.FRAMES - 1,)
    assert [int(i) for i in np.nonzero(change)[0]] == CUTS
    assert np.all(change[np.setdiff1d(np.arange(len(change)), CUTS)] == 0.0), "held frames are bit-identical"
    for i in CUTS:  # each spike is the difference of the two slides, computed here directly
        assert change[i] == pytest.approx(np.abs(clip[i + 1] - clip[i]).mean(), abs=0)
        assert change[i] > 0.01
    data = slides.compare_clips()
    n_pairs = slides.FRAMES - 1
    assert data["slides_still"] == pytest.approx(100 * (n_pairs - len(CUTS)) / n_pairs)
    assert data["slides_max"] == pytest.approx(change[CUTS].max())


@pytest.mark.parametrize("fade", [1, 2, 4])
def test_a_linear_fade_splits_each_cut_into_equal_steps(fade):
    """A cross-fade of n frames turns one jump |B - A| into n + 1 jumps of |B - A| / (n + 1): same total change."""
    hard, soft = slides.slideshow(), slides.slideshow(fade=fade)
    cut, faded = slides.frame_changes(hard), slides.frame_changes(soft)
    assert faded.max() < cut.max()
    for i in CUTS:
        steps = faded[i - fade : i + 1]
        assert np.allclose(steps, cut[i] / (fade + 1), rtol=1e-12)
        assert steps.sum() == pytest.approx(cut[i], rel=1e-12)
    assert faded.sum() == pytest.approx(cut.sum(), rel=1e-12)
    assert slides.frame_changes(slides.slideshow(fade=4)).max() == pytest.approx(cut.max() / 5)


def test_fade_frames_are_blends_of_the_two_slides_not_motion():
    soft, hard = slides.slideshow(fade=slides.FADE), slides.slideshow()
    a, b = hard[slides.HOLD - 1], hard[slides.HOLD]  # last frame of slide 1, first of slide 2
    for j, f in enumerate(range(slides.HOLD - slides.FADE, slides.HOLD)):
        w = (j + 1) / (slides.FADE + 1)
        assert np.allclose(soft[f], (1 - w) * a + w * b)
    warp, change = slides.warping_errors(soft), slides.frame_changes(soft)
    moving = change > 0
    assert np.allclose(warp[moving], change[moving], rtol=0.02), "no shift explains a fade"


# An independent estimator (FFT phase correlation), to cross-check the brute-force shift search.
def phase_correlation_shift(a: np.ndarray, b: np.ndarray) -> tuple[int, int]:
    """The integer shift (dy, dx) with b ~ np.roll(a, (dy, dx)), from the peak of the inverse FFT of the normalised
    cross-power spectrum conj(A) B / |conj(A) B| (exact for circular shifts).

    >>> a = np.random.default_rng(0).random((16, 16))
    >>> phase_correlation_shift(a, np.roll(a, (3, -2), axis=(0, 1)))
    (3, -2)
    """
    cross = np.conj(np.fft.fft2(a)) * np.fft.fft2(b)
    corr = np.fft.ifft2(cross / np.maximum(np.abs(cross), 1e-12)).real
    dy, dx = np.unravel_index(int(np.argmax(corr)), corr.shape)
    h, w = a.shape
    return (int(dy - h if dy > h // 2 else dy), int(dx - w if dx > w // 2 else dx))


@pytest.mark.parametrize("shift", [(2, -1), (0, 3), (-3, -3), (1, 0), (0, 0)])
def test_both_shift_estimators_recover_a_known_circular_shift(shift):
    a = np.random.default_rng(7).random((32, 32))
    b = np.roll(a, shift, axis=(0, 1))
    residual, found = slides.best_shift_residual(a, b)
    assert found == shift and residual < 1e-12
    assert phase_correlation_shift(a, b) == shift


def test_warping_error_is_zero_for_a_pure_translation_and_equals_the_change_at_a_cut():
    """Crop a moving window from a larger random scene: every pair is an exact (non-circular) shift."""
    rng = np.random.default_rng(3)
    scene = rng.random((80, 80))
    vy, vx = 1, -2
    clip = np.stack([scene[20 + vy * f : 52 + vy * f, 30 + vx * f : 62 + vx * f] for f in range(10)])
    change, warp = slides.frame_changes(clip), slides.warping_errors(clip)
    assert change.min() > 0.1, "a random texture that moves changes a lot"
    assert warp.max() < 1e-12, "and the shift explains all of it"
    # the window moves down-left, so the content moves up-right: b[y, x] = a[y + vy, x + vx]
    assert slides.best_shift_residual(clip[0], clip[1])[1] == (-vy, -vx)
    # at a cut the shift (0, 0) is a candidate, so the residual never exceeds the change, and nothing beats it
    hard = slides.slideshow()
    w, c = slides.warping_errors(hard), slides.frame_changes(hard)
    assert np.all(w <= c + 1e-15)
    assert np.allclose(w[CUTS], c[CUTS], rtol=0.02)


def test_film_changes_at_every_frame_and_motion_explains_all_but_the_object():
    clip = slides.film()
    change, warp = slides.frame_changes(clip), slides.warping_errors(clip)
    assert np.all(change > 0.1), "a panning texture never holds still"
    shifts = [slides.best_shift_residual(clip[f], clip[f + 1])[1] for f in range(slides.FRAMES - 1)]
    assert all(s == (0, -1) for s in shifts), "the scene pans one pixel left per frame"
    assert all(phase_correlation_shift(clip[f], clip[f + 1]) == (0, -1) for f in range(slides.FRAMES - 1))
    # after the pan is undone, only pixels covered by the 6x6 object in one frame or the other can differ (by <= 1)
    bound = 2 * 36 / (slides.SIZE * (slides.SIZE - 1))
    assert np.all(warp <= bound)
    assert np.all(warp > 0), "the object moves on its own: one global shift cannot explain it"


def test_compare_clips_is_deterministic_plain_data_and_fast():
    one = slides.compare_clips()
    two = slides.compare_clips()
    assert one.keys() == two.keys()
    for key, value in one.items():
        assert isinstance(value, (float, int, np.ndarray)), (key, type(value))
        assert np.array_equal(value, two[key]), key
    assert 0 <= one["film_warp_ratio"] < one["slides_warp_ratio"] <= 100
