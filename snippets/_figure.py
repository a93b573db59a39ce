"""Deterministic, light SVG from a matplotlib figure, with Devanagari-capable fonts.

The same bytes come out of every build: fixed ``svg.hashsalt``, no date, text drawn as paths (so the
browser needs no font and matplotlib's own shaping of Devanagari is what the reader sees).
"""

from __future__ import annotations

import io
import re
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
    "svg.fonttype": "path",
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


def to_svg(fig) -> bytes:
    """Serialise and close ``fig``: deterministic SVG bytes."""
    buf = io.BytesIO()
    with plt.rc_context(STYLE):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return _compact(buf.getvalue())


def _compact(svg: bytes) -> bytes:
    r"""What matplotlib writes that nobody reads, removed: comments (they repeat the labels, which the page's alt text
    carries), ids nothing refers to, whitespace between tags; path data on one line with coordinates to 2 decimals
    (a hundredth of a point). Transforms stay exact (glyphs are scaled by ``scale(0.015625)``).

    >>> _compact(b'<g id="a">\n <!-- x --> <path id="p" d="M 1.23456 2 \n L 3 4.5" transform="scale(0.015625)"/>\n</g>')
    b'<g><path d="M 1.23 2 L 3 4.5" transform="scale(0.015625)"/></g>'
    """

    def path(m):
        data = re.sub(rb"\s+", b" ", m.group(1)).strip()
        return b' d="' + re.sub(rb"(\d\.\d\d)\d+", rb"\1", data) + b'"'

    svg = re.sub(rb"<!--.*?-->", b"", svg, flags=re.S)
    used = set(re.findall(rb'(?:href="#|url\(#)([^")]+)', svg))
    svg = re.sub(rb' id="([^"]+)"', lambda m: m.group(0) if m.group(1) in used else b"", svg)
    svg = re.sub(rb">\s+<", b"><", svg)
    return re.sub(rb' d="([^"]*)"', path, svg)
