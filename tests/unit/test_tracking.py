"""Kalman tracking (snippets/tracking.py), checked against limits of the equations and against an independent
batch computation (Gaussian conditioning, least squares), not against the module's own outputs."""

import numpy as np
import pytest

from snippets import tracking


def batch_posterior_positions(z, q, r, p0, dt=1.0):
    """Posterior means of the positions, E[p_k | z_0..z_k] (filter) and E[p_k | all z] (smoother), by writing the
    whole constant-velocity model as one joint Gaussian and conditioning on it: no recursion.

    Model (as in the filter): x_{-1} ~ N((z_0, 0), p0 I); x_k = F x_{k-1} + w_k, w_k ~ N(0, Q); z_k = p_k + v_k."""
    n = len(z)
    F = np.array([[1.0, dt], [0.0, 1.0]])
    Q = q * np.array([[dt**3 / 3, dt**2 / 2], [dt**2 / 2, dt]])
    powers = [np.linalg.matrix_power(F, k) for k in range(n + 1)]
    prior_mean = np.array([z[0], 0.0])
    mean = np.array([(powers[k + 1] @ prior_mean)[0] for k in range(n)])
    S = np.empty((n, n))
    for k in range(n):
        for m in range(n):
            c = powers[k + 1] @ (p0 * np.eye(2)) @ powers[m + 1].T
            for j in range(min(k, m) + 1):
                c = c + powers[k - j] @ Q @ powers[m - j].T
            S[k, m] = c[0, 0]
    smooth = mean + S @ np.linalg.solve(S + r * np.eye(n), z - mean)
    filt = np.array(
        [
            mean[k]
            + S[k, : k + 1] @ np.linalg.solve(S[: k + 1, : k + 1] + r * np.eye(k + 1), z[: k + 1] - mean[: k + 1])
            for k in range(n)
        ]
    )
    return filt, smooth


@pytest.mark.parametrize("q, r", [(1e-3, 1.0), (0.1, 1.0), (1e-3, 0.05), (0.5, 4.0)])
def test_filter_and_smoother_equal_gaussian_conditioning_on_the_whole_model(q, r):
    truth, z = tracking.simulate(steps=25, seed=4)
    filt, smooth = batch_posterior_positions(z, q, r, p0=10.0)
    assert np.allclose(tracking.kalman_filter(z, q=q, r=r), filt, atol=1e-8)
    assert np.allclose(tracking.rts_smoother(z, q=q, r=r), smooth, atol=1e-8)


def test_without_process_noise_and_prior_the_estimates_are_least_squares_lines():
    """q = 0 and a vague prior: the filter at step k is the straight line fitted to z_0..z_k, evaluated at k; the
    smoother is the line fitted to all of z."""
    truth, z = tracking.simulate(seed=2)
    k = np.arange(len(z))
    filt = tracking.kalman_filter(z, q=0.0, p0=1e8)
    for n in range(2, len(z)):
        slope, icept = np.polyfit(k[:n], z[:n], 1)
        assert filt[n - 1] == pytest.approx(slope * (n - 1) + icept, abs=1e-4)
    assert np.allclose(tracking.rts_smoother(z, q=0.0, p0=1e8), np.polyval(np.polyfit(k, z, 1), k), atol=1e-4)


def test_kalman_filter_beats_per_step_estimates_on_rmse_and_jitter_for_every_seed():
    for seed in range(10):
        truth, z = tracking.simulate(seed=seed)
        est = tracking.kalman_filter(z)
        assert tracking.rmse(est, truth) < tracking.rmse(z, truth)
        assert tracking.jitter(est, truth) < tracking.jitter(z, truth)


def test_the_smoother_uses_more_data_than_the_filter():
    filt, smooth = [], []
    for seed in range(10):
        truth, z = tracking.simulate(seed=seed)
        f, s = tracking.kalman_filter(z), tracking.rts_smoother(z)
        assert s[-1] == pytest.approx(f[-1], abs=1e-12), "at the last step both have seen the same data"
        filt.append(tracking.rmse(f, truth)), smooth.append(tracking.rmse(s, truth))
    assert np.mean(smooth) < np.mean(filt)


def test_measurement_noise_r_sets_whom_the_filter_trusts():
    truth, z = tracking.simulate(seed=0)
    assert np.allclose(tracking.kalman_filter(z, r=1e-9), z, atol=1e-4), "tiny R: returns the measurements"
    # huge R: gain ~ 0, the estimate is the model's prediction from its initial state (z_0, velocity 0)
    assert np.allclose(tracking.kalman_filter(z, r=1e12), z[0], atol=1e-6)
    # in between: a tiny q with a large R gives an almost straight track
    smooth = tracking.kalman_filter(z, r=1e6)
    assert np.abs(np.diff(smooth, 2)).max() < np.abs(np.diff(z, 2)).max() / 10


def test_simulated_measurements_have_the_stated_noise():
    truth, z = tracking.simulate(steps=20_000, noise=1.0, seed=9)
    assert np.allclose(np.diff(truth), 0.5)
    assert (z - truth).std() == pytest.approx(1.0, abs=0.02)
    assert abs((z - truth).mean()) < 4 / np.sqrt(20_000)


def test_a_steady_target_model_overshoots_a_turn_that_a_looser_model_follows():
    truth, z = tracking.simulate(seed=1, turn_at=tracking.TURN_AT)
    assert truth.argmax() == tracking.TURN_AT
    after = slice(tracking.TURN_AT + 1, tracking.TURN_AT + 8)
    tight = tracking.kalman_filter(z)
    loose = tracking.kalman_filter(z, q=tracking.TURN_Q)
    # the tight model still believes the old velocity: its estimate stays above the turning truth
    assert (tight[after] - truth[after]).mean() > (loose[after] - truth[after]).mean() > -0.5
    assert (tight[after] - truth[after]).mean() > 0.5


def test_track_is_deterministic_plain_data_and_fast():
    one = tracking.track()
    two = tracking.track()
    assert one.keys() == two.keys()
    for key, value in one.items():
        assert isinstance(value, (float, int, np.ndarray)), (key, type(value))
        assert np.array_equal(value, two[key]), key
    assert one["rmse_ratio"] == pytest.approx(one["raw_rmse"] / one["kalman_rmse"])
