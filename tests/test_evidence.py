"""Diffusion, denoising, noise families, coherence metrics, slides and tracking: checked against closed forms
and independent computations, not against their own outputs."""
import numpy as np
import pytest

from snippets import diffusion_process, exact_denoiser, gaussian_properties, noise_across_frames, slides, tracking
from snippets._registry import find, modules


# ---------------------------------------------------------------- diffusion
def test_schedules_match_the_closed_form_and_the_papers():
    b = np.linspace(1e-4, 0.02, 1000)
    product, ab_loop = 1.0, []
    for beta in b:
        product *= 1 - beta
        ab_loop.append(product)
    ab = diffusion_process.alpha_bar("linear", 1000)
    assert np.allclose(ab, ab_loop, rtol=1e-12)
    assert ab[-1] == pytest.approx(4.04e-5, rel=0.01)            # science.md / Ho et al. 2020
    assert ab[499] == pytest.approx(0.0786, rel=0.01)             # alpha_bar_500 (t = 500 is index 499)
    assert diffusion_process.first_below(ab, 0.5) == 260
    cos = diffusion_process.alpha_bar("cosine", 1000)
    assert cos[499] == pytest.approx(0.494, abs=0.002)             # Nichol & Dhariwal 2021
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
    for i in (0, 17, 48):
        x_t = diffusion_process.q_sample(images[i][None], 50, rng.standard_normal((1, 16, 16)), ab)
        assert np.abs(exact_denoiser.posterior_mean(images, x_t, 50, ab)[0] - images[i]).max() < 1e-3
    samples = exact_denoiser.sampler(images, ab)(rng.standard_normal((4, 16, 16)))
    dist = ((samples[:, None] - images[None]) ** 2).sum(axis=(2, 3)).min(axis=1)
    assert (dist < 1e-3).all(), "the exact denoiser can only produce images of its set"


# ---------------------------------------------------------------- coherence
@pytest.mark.parametrize("rho", [0.0, 0.5, 0.9])
def test_flicker_formulas_match_simulation_within_sampling_error(rho):
    rng = np.random.default_rng(11)
    n = 300_000
    x = rng.standard_normal(n)
    y = rho * x + np.sqrt(1 - rho ** 2) * rng.standard_normal(n)
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


def test_video_metrics_on_known_clips():
    frozen = np.repeat(exact_denoiser.square_images()[:1], 5, axis=0)
    assert noise_across_frames.video_metrics(frozen) == {"flicker": 0.0, "jumps": 0.0, "frozen": 1.0}
    teleport = exact_denoiser.square_images()[[0, 48, 0, 48]]   # opposite corners
    m = noise_across_frames.video_metrics(teleport)
    assert m["jumps"] == 1.0 and m["frozen"] == 0.0 and m["flicker"] > 0


def test_noise_modes_tell_the_story():
    d = noise_across_frames.noise_modes(frames=8, videos=3)
    assert d["shared_frozen"] == 100 and d["independent_jumps"] > 80
    prog = d["progressive_metrics"]
    assert prog[-1, 0] < prog[0, 0], "more correlation, less flicker"
    assert prog[-1, 2] > prog[0, 2], "more correlation, more frozen pairs"


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


# ---------------------------------------------------------------- every compute: plain data
@pytest.mark.slow
def test_every_compute_result_is_plain_data(site):
    """After the session build, every registered compute has a verified cache entry holding plain data only
    (numbers, strings, lists, arrays: no tensors or objects that would tie the cache to a library's internals)."""
    from conftest import CACHE

    from _compute import Cache, cache_key
    cache = Cache(CACHE / "compute")
    for module, kind, name in COMPUTES:
        compute = find(kind, f"{module}.{name}").compute
        data = cache.read(cache_key(module, compute.fn.__qualname__, dict(compute.params)))
        assert data is not None, f"{module}.{name}: the session build left no result in the cache"
        for k, v in data.items():
            assert isinstance(v, (int, float, str, tuple, list, np.ndarray, np.integer, np.floating)), f"{module}.{name}: {k} is {type(v)}"


COMPUTES = sorted({(m, kind, name) for m in modules() for kind in ("FIGURES", "VALUES")
                   for name in getattr(__import__(f"snippets.{m}", fromlist=["x"]), kind, {})}, key=str)
