"""Diffusion, denoising, noise families, coherence metrics, slides and tracking: checked against closed forms
and independent computations, not against their own outputs."""

import numpy as np
import pytest

from snippets import diffusion_process, exact_denoiser, gaussian_properties, noise_across_frames


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
    assert abs(d.mean() - noise_across_frames.flicker_formula(rho)) < 3 * d.std() / np.sqrt(n)
    flips = np.sign(x) != np.sign(y)
    p = noise_across_frames.sign_flip_formula(rho)
    assert abs(flips.mean() - p) < 3 * np.sqrt(p * (1 - p) / n)


@pytest.mark.parametrize("mode", ["mixed", "progressive"])
def test_correlated_noise_has_the_stated_correlation_and_unit_variance(mode):
    eps = noise_across_frames.video_noise(mode, 2, 0.7, np.random.default_rng(0), shape=(200_000,))
    assert np.corrcoef(eps[0], eps[1])[0, 1] == pytest.approx(0.7, abs=0.01)
    assert eps.var() == pytest.approx(1.0, abs=0.01)


def test_positions_and_displacement_on_the_wrap_around_canvas():
    S = exact_denoiser.square_at
    video = np.stack([S(3, 4), S(3, 5), S(14, 15), S(2, 15), S(2, 15)])
    assert np.allclose(noise_across_frames.positions(video)[:3], [[4.5, 5.5], [4.5, 6.5], [15.5, 0.5]], atol=1e-9)
    # 1 px right; then (11, 10) px the short way round; then (4, 0); then still
    assert np.allclose(noise_across_frames.displacement(video), [1, np.hypot(5, 6), 4, 0], atol=1e-9)


def test_a_one_pixel_move_is_possible_so_the_jump_statistic_can_be_below_100_percent():
    images = exact_denoiser.square_images()
    shifts = noise_across_frames.displacement(images[:2])  # positions (0, 0) and (0, 1) of the data set
    assert shifts[0] == pytest.approx(1.0) and shifts[0] < noise_across_frames.JUMP
    slow = np.stack([exact_denoiser.square_at(5, x) for x in range(5, 12)])
    m = noise_across_frames.summary([noise_across_frames.pair_metrics(slow)])
    assert m["jump_share"] == 0 and m["move"] == pytest.approx(1.0) and m["frozen"] == 0


def test_pair_metrics_on_known_clips():
    frozen = np.repeat(exact_denoiser.square_images()[:1], 5, axis=0)
    m = noise_across_frames.summary([noise_across_frames.pair_metrics(frozen)])
    assert m["flicker"] == 0 and m["frozen"] == 100 and m["changed"] == 0 and np.isnan(m["move"])
    teleport = np.stack([exact_denoiser.square_at(*p) for p in [(0, 0), (8, 8), (0, 0), (8, 8)]])  # farthest apart
    m = noise_across_frames.summary([noise_across_frames.pair_metrics(teleport)])
    assert m["jump_share"] == 100 and m["frozen"] == 0 and m["move"] == pytest.approx(np.hypot(8, 8))


def test_warped_noise_is_a_shift_of_one_gaussian_field():
    eps = noise_across_frames.warped_noise(5, (1, -2), np.random.default_rng(0))
    for f in range(5):
        assert np.array_equal(np.roll(eps[0], (f, -2 * f), axis=(0, 1)), eps[f])


@pytest.mark.parametrize("velocity", exact_denoiser.VELOCITIES)
def test_warped_noise_makes_the_image_model_move_by_exactly_the_shift(velocity):
    ab = diffusion_process.alpha_bar("cosine", 1000)
    sample = exact_denoiser.sampler(exact_denoiser.square_images(), ab, steps=15)
    for seed in range(3):
        video = sample(noise_across_frames.warped_noise(6, velocity, np.random.default_rng(seed)))
        step = np.diff(noise_across_frames.positions(video), axis=0)
        assert np.allclose((step + 8) % 16 - 8, velocity, atol=1e-6)


def test_video_model_moves_at_the_clips_velocity_with_independent_noise_per_frame():
    ab = diffusion_process.alpha_bar("cosine", 1000)
    clips = exact_denoiser.square_clips(frames=6)
    videos = exact_denoiser.sampler(clips, ab, steps=15)(np.random.default_rng(4).standard_normal((5, 6, 16, 16)))
    for video in videos:
        step = (np.diff(noise_across_frames.positions(video), axis=0) + 8) % 16 - 8
        assert np.allclose(step, step[0], atol=1e-6) and tuple(step[0].round().astype(int)) in exact_denoiser.VELOCITIES
        assert np.allclose(noise_across_frames.displacement(video), 1.0, atol=1e-6)


def test_noise_study_is_reproducible_and_tells_the_story():
    a = noise_across_frames.noise_study(frames=6, videos=4, steps=12)
    b = noise_across_frames.noise_study(frames=6, videos=4, steps=12)
    for k, v in a.items():
        assert v == b[k] if isinstance(v, (list, str)) else np.array_equal(v, b[k], equal_nan=True), k
    assert a["shared_frozen"] == 100 and a["independent_frozen"] < 20
    assert a["warped_move"] == pytest.approx(1.0) and a["video_model_move"] == pytest.approx(
        a["video_model_expected_move"]
    )
    assert a["warped_frozen"] == 0 and a["video_model_frozen"] == 0
    prog = a["progressive_curve"]
    k = a["metrics"].index("frozen")
    assert prog[-1, k] > prog[0, k], "more correlation, more frozen pairs"


# ---------------------------------------------------------------- noise families and interpolation
def test_kurtosis_of_sums_follows_kappa_over_n():
    d = gaussian_properties.kurtosis_of_sums(ns=(1, 2), samples=300_000)
    assert d["laplace_1"] == pytest.approx(3.0, abs=0.25) and d["laplace_2"] == pytest.approx(1.5, abs=0.2)
    assert abs(d["gaussian_2"]) < 0.05


def test_chain_of_gaussian_steps_equals_the_closed_form():
    d = gaussian_properties.chain_vs_closed_form(t=200, samples=200_000)
    assert d["chain_mean"] == pytest.approx(d["closed_mean"], abs=4 * np.sqrt(d["closed_var"] / 200_000))
    assert d["chain_var"] == pytest.approx(d["closed_var"], rel=0.02)
    assert abs(d["chain_kurtosis"]) < 0.05


def test_lerp_shrinks_and_slerp_keeps_the_norm():
    d = gaussian_properties.interpolation_norms(d=512, pairs=50)
    assert d["lerp_mid"] == pytest.approx(np.sqrt(0.5), abs=0.02)
    assert d["slerp_mid"] == pytest.approx(1.0, abs=0.02)
    assert d["sqrt_d"] == pytest.approx(22.63, abs=0.01)
