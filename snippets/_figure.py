"""What a snippet needs to draw a figure: the site's style, ``new_figure``, ``mosaic``, Devanagari-capable fonts.

The site turns the figure into SVG (sitegen/svg.py: deterministic bytes, text kept as text with its fonts embedded).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

DEVANAGARI_FONT = Path("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf")


def _register_devanagari() -> None:
    """Register Noto Sans Devanagari explicitly: matplotlib's font cache may predate the font's install."""
    if not DEVANAGARI_FONT.exists():
        raise RuntimeError(
            f"{DEVANAGARI_FONT} is missing: Hindi figure labels need Debian's fonts-noto-core "
            "(make serve / make test install it)"
        )
    font_manager.fontManager.addfont(str(DEVANAGARI_FONT))
    font_manager.fontManager.addfont(str(DEVANAGARI_FONT.with_name("NotoSansDevanagari-Bold.ttf")))


_register_devanagari()

STYLE = {
    "svg.hashsalt": "video-analysis-site",
    "svg.fonttype": "none",  # text as <text>; to_svg embeds the glyphs it uses
    # Per-glyph fallback: Latin from DejaVu Sans, Devanagari from Noto Sans Devanagari (Debian fonts-noto-core).
    "font.family": ["DejaVu Sans", "Noto Sans Devanagari"],
    "font.size": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
    "savefig.transparent": False,
    "figure.facecolor": "white",
    "path.simplify": True,
}
plt.rcParams.update(STYLE)


def new_figure(width: float = 6.4, height: float = 3.6, **kw):
    """A figure in the site's style (use this in draw functions instead of ``plt.subplots``)."""
    with plt.rc_context(STYLE):
        return plt.subplots(figsize=(width, height), layout="constrained", **kw)


def mosaic(rows, gap: int = 2, row_gap: int | None = None) -> np.ndarray:
    """Small frames tiled into one image: ``rows`` is a sequence of rows, each a sequence of equal-sized 2-D
    frames; the gaps are NaN (drawn in the colormap's "bad" colour). One bitmap keeps a figure of many frames light.

    >>> mosaic([np.zeros((2, 3, 3))], gap=1).shape
    (3, 7)
    >>> m = mosaic([np.zeros((2, 3, 3)), np.ones((2, 3, 3))], gap=1, row_gap=2)
    >>> m.shape, float(m[5, 0]), bool(np.isnan(m[3, 0]))
    ((8, 7), 1.0, True)
    """
    row_gap = gap if row_gap is None else row_gap
    rows = [np.asarray(r, dtype=float) for r in rows]
    n, h, w = rows[0].shape
    out = np.full((len(rows) * (h + row_gap) - row_gap, n * (w + gap) - gap), np.nan)
    for i, row in enumerate(rows):
        for j, frame in enumerate(row):
            out[i * (h + row_gap) : i * (h + row_gap) + h, j * (w + gap) : j * (w + gap) + w] = frame
    return out
