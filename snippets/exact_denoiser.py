"""A real denoiser with no training and no downloaded data: the exact posterior mean of a tiny data set.

For a data set of K examples x0_1..x0_K (uniform prior), the best possible denoiser under squared error is

    E[x0 | x_t] = sum_i w_i x0_i,   w = softmax_i( -||x_t - sqrt(ab_t) x0_i||^2 / (2 (1 - ab_t)) )

so diffusion sampling with it is exact. Honest limit: it can only ever reproduce the set's own examples
(it memorises) — which is all we need to study what *noise* does to a video.

Two data sets, both a 4x4 bright square on a 16x16 canvas that wraps around at the edges (a torus, like an
arcade screen: a square leaving on the right comes back on the left), so every position and every motion
stays inside the set:

- images: the square at each of the 16 x 16 = 256 positions, on a 1-pixel grid -> an *image* model;
- clips: 16-frame clips of the square moving at constant velocity, one pixel per frame to the left, right,
  up or down, from every start position (4 x 256 = 1024 clips) -> a *video* model that denoises whole clips.

>>> images = square_images()
>>> images.shape                       # 16 x 16 positions of a 4x4 square on a 16x16 canvas
(256, 16, 16)
>>> x0 = posterior_mean(images, images[10][None], 1, alpha_bar("linear", 1000))
>>> int(np.abs(x0 - images[10]).max() < 1e-6)
1
>>> square_clips(frames=16).shape      # 4 directions x 256 start positions, 16 frames each
(1024, 16, 16, 16)
"""

from __future__ import annotations

import numpy as np

from snippets._figure import mosaic, new_figure
from snippets._registry import Compute, Figure
from snippets.diffusion_process import alpha_bar, ddim_sample

SIZE, SQUARE = 16, 4
VELOCITIES = ((0, 1), (0, -1), (1, 0), (-1, 0))  # (dy, dx) in pixels per frame


def square_at(y: int, x: int, size: int = SIZE, square: int = SQUARE) -> np.ndarray:
    """One image in [-1, 1]: the square's top-left corner at (y, x), wrapping around the edges."""
    img = -np.ones((size, size))
    img[:square, :square] = 1.0
    return np.roll(img, (y, x), axis=(0, 1))


def square_images(size: int = SIZE, square: int = SQUARE) -> np.ndarray:
    """The square at every position of the canvas, row by row: (size*size, size, size); index = y * size + x."""
    return np.stack([square_at(y, x, size, square) for y in range(size) for x in range(size)])


def square_clips(frames: int = 16, size: int = SIZE, square: int = SQUARE) -> np.ndarray:
    """Clips of the square moving at one pixel per frame in each of VELOCITIES from every start position:
    (len(VELOCITIES) * size * size, frames, size, size)."""
    base = square_images(size, square)
    clips = []
    for dy, dx in VELOCITIES:
        for y in range(size):
            for x in range(size):
                clips.append([base[((y + f * dy) % size) * size + (x + f * dx) % size] for f in range(frames)])
    return np.array(clips)


def posterior_mean(data: np.ndarray, x_t: np.ndarray, t: int, ab: np.ndarray) -> np.ndarray:
    """E[x0 | x_t] for a batch x_t (batch, ...) given a data set (K, ...) of the same example shape:
    the softmax-weighted average of the set's examples (images, or whole clips)."""
    flat, xt = data.reshape(len(data), -1), x_t.reshape(len(x_t), -1)
    s = np.sqrt(ab[t - 1])
    # ||x_t - s x0_i||^2 = ||x_t||^2 - 2 s x_t.x0_i + s^2 ||x0_i||^2; the first term is the same for every i
    logits = (2 * s * (xt @ flat.T) - s * s * (flat * flat).sum(1)) / (2.0 * (1.0 - ab[t - 1]))
    w = np.exp(logits - logits.max(axis=1, keepdims=True))  # stable softmax
    w /= w.sum(axis=1, keepdims=True)
    return (w @ flat).reshape(x_t.shape)


def sampler(data: np.ndarray, ab: np.ndarray, steps: int = 50):
    """noise (batch, ...) -> samples of the set, by deterministic DDIM with the exact denoiser."""
    return lambda x_T: ddim_sample(lambda x, t: posterior_mean(data, x, t, ab), x_T, ab, steps)


def reverse_process(seed: int = 0, T: int = 1000, show=(1000, 800, 600, 400, 300, 200, 100, 1)) -> dict:
    """One DDIM trajectory from pure noise to a clean square, recording the estimate at chosen steps."""
    images, ab = square_images(), alpha_bar("cosine", T)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, SIZE, SIZE))
    snaps, x0s = {}, {}

    def record(t, x_t, x0):  # the first step at or below each shown t
        for s in show:
            if s not in snaps and t <= s:
                snaps[s], x0s[s] = x_t[0].copy(), x0[0].copy()

    x = ddim_sample(lambda x_t, t: posterior_mean(images, x_t, t, ab), x, ab, steps=50, on_step=record)
    return {
        "t": np.array(show),
        "x_t": np.array([snaps[s] for s in show]),
        "x0_hat": np.array([x0s[s] for s in show]),
        "final": x[0],
    }


def draw_reverse(data, tr):
    """Two rows (x_t, estimate) of small images drawn as one bitmap with white gaps: light and sharp."""
    import matplotlib

    n, gap = len(data["t"]), 2
    image = mosaic([np.clip(data["x_t"], -1.5, 1.5), data["x0_hat"]], gap)
    cmap = matplotlib.colormaps["gray"].copy()
    cmap.set_bad("white")
    fig, ax = new_figure(7.2, 2.2)
    ax.imshow(image, cmap=cmap, vmin=-1.5, vmax=1.5, interpolation="none")  # unresampled: crisp, small
    ax.set_xticks([j * (SIZE + gap) + SIZE / 2 for j in range(n)], [f"t = {t}" for t in data["t"]], fontsize=7)
    ax.set_yticks([SIZE / 2, SIZE + gap + SIZE / 2], [tr("noisy"), tr("estimate")], fontsize=8)
    ax.grid(False)
    return fig


LABELS = {
    "noisy": {"en": "x_t", "hi": "x_t"},
    "estimate": {"en": "E[x₀ | x_t]", "hi": "E[x₀ | x_t]"},
}

FIGURES = {"reverse": Figure(Compute(reverse_process, {"seed": 1}), draw_reverse)}
