"""Diffusion, denoising, noise families, coherence metrics, slides and tracking: checked against closed forms
and independent computations, not against their own outputs."""

import numpy as np
import pytest

from snippets import (
    diffusion_process,
    exact_denoiser,
    gaussian_properties,
    line_world,
    noise_across_frames,
    noise_study,
)


# ---------------------------------------------------------------- diffusion
def test_schedules_match_the_closed_form_and_the_papers():
    b = np.linspace(1e-4, 0.02, 1000)
    product, ab_loop = 1.0, []
    for beta in b:
        product *= 1 - beta
        ab_loop.append(product)
    ab = diffusion_process.alpha_bar("linear", 1000)
    assert np.allclose(ab, ab_loop, rtol=1e-12)
    assert ab[-1] == pytest.approx(4.04e-5, rel=0.01)  # science.md / Ho et al. 2020
    assert ab[499] == pytest.approx(0.0786, rel=0.01)  # alpha_bar_500 (t = 500 is index 499)
    assert diffusion_process.first_below(ab, 0.5) == 260
    cos = diffusion_process.alpha_bar("cosine", 1000)
    assert cos[499] == pytest.approx(0.494, abs=0.002)  # Nichol & Dhariwal 2021
    assert diffusion_process.betas("cosine", 1000).max() <= 0.999


def test_q_sample_has_the_closed_form_mean_and_variance():
    ab = diffusion_process.alpha_bar("linear", 1000)
    rng = np.random.default_rng(1)
    x = diffusion_process.q_sample(np.full(200_000, 2.0), 300, rng.standard_normal(200_000), ab)
    se = np.sqrt((1 - ab[299]) / 200_000)
    assert abs(x.mean() - 2 * np.sqrt(ab[299])) < 4 * se
    assert x.var() == pytest.approx(1 - ab[299], rel=0.02)


def test_ddim_is_deterministic_and_ddpm_is_not():
    images, ab = exact_denoiser.square_images(), diffusion_process.alpha_bar("cosine", 1000)
    sample = exact_denoiser.sampler(images, ab, steps=20)
    noise_a = np.random.default_rng(0).standard_normal((3, 16, 16))
    noise_b = np.random.default_rng(1).standard_normal((3, 16, 16))
    assert np.array_equal(sample(noise_a), sample(noise_a.copy()))
    assert not np.allclose(sample(noise_a), sample(noise_b))
    model = lambda x, t: exact_denoiser.posterior_mean(images, x, t, ab)  # noqa: E731
    short = ab[::50]  # 20-step chain keeps the test fast
    one = diffusion_process.ddpm_sample(model, noise_a, short, np.random.default_rng(5))
    two = diffusion_process.ddpm_sample(model, noise_a, short, np.random.default_rng(6))
    assert not np.allclose(one, two), "ancestral sampling adds fresh noise: same x_T, different samples"


def test_exact_denoiser_recovers_the_set_at_low_noise_and_samples_are_set_images():
    images, ab = exact_denoiser.square_images(), diffusion_process.alpha_bar("cosine", 1000)
    rng = np.random.default_rng(3)
    for i in (0, 17, 255):
        x_t = diffusion_process.q_sample(images[i][None], 50, rng.standard_normal((1, 16, 16)), ab)
        assert np.abs(exact_denoiser.posterior_mean(images, x_t, 50, ab)[0] - images[i]).max() < 1e-3
    samples = exact_denoiser.sampler(images, ab, steps=25)(rng.standard_normal((4, 16, 16)))
    dist = ((samples[:, None] - images[None]) ** 2).sum(axis=(2, 3)).min(axis=1)
    assert (dist < 1e-3).all(), "the exact denoiser can only produce images of its set"


# ---------------------------------------------------------------- coherence
@pytest.mark.parametrize("rho", [0.0, 0.5, 0.9])
def test_flicker_formulas_match_simulation_within_sampling_error(rho):
    rng = np.random.default_rng(11)
    n = 300_000
    x = rng.standard_normal(n)
    y = rho * x + np.sqrt(1 - rho**2) * rng.standard_normal(n)
    d = np.abs(x - y)
    assert abs(d.mean() - noise_study.flicker_formula(rho)) < 3 * d.std() / np.sqrt(n)
    flips = np.sign(x) != np.sign(y)
    p = noise_study.sign_flip_formula(rho)
    assert abs(flips.mean() - p) < 3 * np.sqrt(p * (1 - p) / n)


@pytest.mark.parametrize("mode", ["mixed", "progressive"])
def test_correlated_noise_has_the_stated_correlation_and_unit_variance(mode):
    eps = noise_across_frames.video_noise(mode, 2, 0.7, np.random.default_rng(0), shape=(200_000,))
    assert np.corrcoef(eps[0], eps[1])[0, 1] == pytest.approx(0.7, abs=0.01)
    assert eps.var() == pytest.approx(1.0, abs=0.01)


def test_warped_noise_is_a_shift_on_the_ring_and_uncovers_fresh_noise_on_a_line():
    ring = noise_across_frames.warped_noise(5, -2, np.random.default_rng(0))
    for f in range(5):
        assert np.array_equal(np.roll(ring[0], -2 * f), ring[f])
    line = noise_across_frames.warped_noise(5, 1, np.random.default_rng(0), periodic=False)
    assert np.array_equal(line[4, 4:], line[0, :-4])  # carried along ...
    assert not np.isin(line[4, :4], line[0]).any()  # ... and new where the shift uncovers the line
    wide = noise_across_frames.warped_noise(3, 1, np.random.default_rng(1), width=100_000, periodic=False)
    assert wide.var(axis=1) == pytest.approx([1, 1, 1], abs=0.02)  # every frame's noise is still N(0, 1)


# ---------------------------------------------------------------- the line world's metrics
def test_positions_are_exact_for_a_box_at_any_sub_pixel_position_on_the_ring():
    pos = np.random.default_rng(3).uniform(0, line_world.WIDTH, 2000)
    err = (line_world.positions(line_world.render(pos)) - pos + 16) % 32 - 16
    assert np.abs(err).max() < 1e-5
    assert line_world.clean(line_world.render(pos)).all()


def test_clean_rejects_frames_that_are_not_one_box():
    box = line_world.render(np.array([5.3]))
    two = np.maximum(box, line_world.render(np.array([20.0])))
    smeared = (box + line_world.render(np.array([7.3]))) / 2
    blank = -np.ones((1, line_world.WIDTH))
    assert line_world.clean(box).all() and not line_world.clean(np.concatenate([two, smeared, blank])).any()


def test_motion_metrics_on_hand_made_paths():
    m = line_world.motion_metrics
    straight = m(np.arange(8) * 1.3 + 30.0)  # crosses the ring's seam: wrapping must not break it
    assert straight["cosine"] == 1 and straight["net_over_path"] == pytest.approx(1) and straight["one_direction"]
    assert straight["speed"] == pytest.approx(1.3) and straight["straightness_rmse"] < 1e-9
    assert straight["frozen"] == 0 and straight["jump"] == 0
    back_and_forth = m(np.array([3.0, 4.0, 3.0, 4.0, 3.0, 4.0]))
    assert back_and_forth["cosine"] == -1 and back_and_forth["net_over_path"] == pytest.approx(0.2)
    assert not back_and_forth["one_direction"] and back_and_forth["straightness_rmse"] > 0.3
    still = m(np.full(6, 9.0))
    assert still["frozen"] == 100 and np.isnan(still["cosine"]) and not still["one_direction"]
    hops = m(np.array([0.0, 10.0, 20.0, 0.0]))  # 10 px per frame: jumps, though in one direction
    assert hops["jump"] == 100 and hops["cosine"] == 1
    one_jump = m(np.array([0.0, 1.0, 2.0, 3.0, 13.0, 14.0, 15.0]))  # 1 px steps and one jump: the speed stays 1
    assert one_jump["speed"] == 1 and one_jump["jump"] == pytest.approx(100 / 6)
    diagonal = m(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [2.0, 3.0]]), width=None)  # any dimension
    assert diagonal["cosine"] == pytest.approx((1 + np.sqrt(0.5)) / 2)  # moves (1, 1), (1, 1), (0, 1)
    assert diagonal["one_direction"] and 0 < diagonal["straightness_rmse"] < 0.5


def test_the_data_scores_what_a_perfect_model_would():
    videos, velocity = line_world.moving_boxes(200, 8, np.random.default_rng(0))
    m = line_world.summary(line_world.per_video(videos))
    assert m["clean"] == 100 and m["cosine"] == 1 and m["one_direction"] == 100 and m["frozen"] == 0
    assert m["speed"] == pytest.approx(np.abs(velocity).mean(), abs=1e-4) and m["straightness_rmse"] < 1e-4
    assert line_world.SPEEDS[0] <= np.abs(velocity).min() and np.abs(velocity).max() <= line_world.SPEEDS[1]
    assert len(np.unique(np.round(velocity, 6))) == 200  # a continuum: no two clips share a speed
    spread = line_world.spread(videos)
    assert spread["right"] == pytest.approx(100 * (velocity > 0).mean())
    assert spread["speed_sd"] == pytest.approx(np.abs(velocity).std(), abs=1e-4)
    assert line_world.spread(videos[velocity > 0])["right"] == 100, "a model that only moves right must show it"


# ---------------------------------------------------------------- the lookup-table study
@pytest.fixture(scope="module")
def exact():
    return noise_study.exact_study(videos=16, steps=12)


def test_warped_noise_moves_the_lookup_table_exactly_on_the_ring_and_not_on_a_line(exact):
    d = exact
    settings = list(d["settings"])
    metrics = list(d["metrics"])
    warped = d["mean"][:, settings.index("warped:0")]
    assert (
        np.allclose(warped[:, metrics.index("speed")], 1.0) and (warped[:, metrics.index("one_direction")] == 100).all()
    )
    assert d["clip_model_one_direction"] == 100 and d["clip_model_speed"] == pytest.approx(1.0)  # by construction
    assert d["warped_line_one_direction"] < 100, "the edges of a line must break warped noise"
    stays = d["warped_line_stays"] / 100  # the line's number splits into clips the warp keeps on the line and the rest
    assert 0 < stays < 1 and d["warped_line_one_direction_leaves"] == 0
    parts = stays * d["warped_line_one_direction_stays"] + (1 - stays) * d["warped_line_one_direction_leaves"]
    assert parts == pytest.approx(d["warped_line_one_direction"])
    shared = d["mean"][:, settings.index("shared:1")]
    assert (shared[:, metrics.index("frozen")] == 100).all()


def test_finer_lookup_tables_freeze_less_under_correlated_noise(exact):
    frozen = exact["mean"][:, list(exact["settings"]).index("mixed:0.99"), list(exact["metrics"]).index("frozen")]
    assert frozen[0] > frozen[-1] + 10, f"frozen moves at grids {list(exact['grids'])}: {frozen}"


def test_exact_study_is_reproducible_from_its_seed():
    a, b = noise_study.exact_study(videos=3, steps=6), noise_study.exact_study(videos=3, steps=6)
    for k, v in a.items():
        assert v == b[k] if isinstance(v, (list, str)) else np.array_equal(v, b[k], equal_nan=True), k


# ---------------------------------------------------------------- noise families and interpolation
def test_kurtosis_of_sums_follows_kappa_over_n():
    d = gaussian_properties.kurtosis_of_sums(ns=(1, 2), samples=300_000)
    assert d["laplace_1"] == pytest.approx(3.0, abs=0.25) and d["laplace_2"] == pytest.approx(1.5, abs=0.2)
    assert abs(d["gaussian_sim"][1]) < 0.05  # a sum of two Gaussians is Gaussian


def test_small_laplace_steps_add_up_to_a_gaussian():
    d = gaussian_properties.chain_kurtosis(t=300, samples=100_000)
    se = np.sqrt(24 / 100_000)  # standard error of a sample's excess kurtosis
    assert abs(d["laplace_chain_kurtosis"] - d["laplace_chain_theory"]) < 4 * se and d["laplace_chain_theory"] < 0.05
    assert abs(d["gaussian_chain_kurtosis"]) < 4 * se
    ab = diffusion_process.alpha_bar("linear", 1000)[299]  # same variance for both: mean and variance cannot tell
    assert d["laplace_chain_var"] == pytest.approx(1 - ab, rel=0.02) and d["gaussian_chain_var"] == pytest.approx(
        1 - ab, rel=0.02
    )
    one_step = gaussian_properties.chain_kurtosis(t=1, samples=100_000)
    assert one_step["laplace_chain_kurtosis"] == pytest.approx(3, abs=0.3)  # one step is Laplace


def test_lerp_shrinks_and_slerp_keeps_the_norm():
    d = gaussian_properties.interpolation_norms(d=512, pairs=50)
    assert d["lerp_mid"] == pytest.approx(np.sqrt(0.5), abs=0.02)
    assert d["slerp_mid"] == pytest.approx(1.0, abs=0.02)
    assert d["sqrt_d"] == pytest.approx(22.63, abs=0.01)
