"""Share cards: the 1200×630 PNG a link preview or a forwarded image shows.

One card per claim and per page, in the page's language: the claim (or page title) in our words, the verdict
as an icon drawn as a shape *and* its word (never colour alone), and the site name. Plain matplotlib (Agg), the
fonts registered by :mod:`snippets._figure` (DejaVu Sans for Latin, Noto Sans Devanagari for Hindi, shaped by
matplotlib's complex text layout).

Text is fitted by measuring what Agg will draw, not by counting characters: the title is set in the largest size
whose wrapped lines fit the title box; at the smallest size, lines past the budget are dropped and the last kept
line is shortened at a word boundary and ends with an ellipsis. Nothing is clipped mid-glyph.

The bytes are deterministic: the PNG is written by Pillow from Agg's pixels (no text chunks, no time), as an
adaptive palette image, which keeps a card far below 100 KB.

>>> png = render_card("Slide-style videos do not need coherence between frames.", "True", "true",
...                   "Video analysis", "en", "Claim")
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", len(png) < MAX_BYTES
(True, True)
>>> png == render_card("Slide-style videos do not need coherence between frames.", "True", "true",
...                    "Video analysis", "en", "Claim")
True
>>> render_card("x", "Great", "great", "Site", "en")
Traceback (most recent call last):
...
ValueError: share card: unknown verdict key 'great' (known: true, partly, depends, misleading, unproven, false)
"""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, FancyBboxPatch, Polygon, Rectangle, Wedge
from matplotlib.text import Text
from PIL import Image

from snippets import _figure
from snippets._figure import STYLE

# What a card is drawn by, as loaded: this module and the style and fonts of snippets/_figure.py (share-image keys)
SOURCE = Path(__file__).read_bytes() + Path(_figure.__file__).read_bytes()

WIDTH, HEIGHT, DPI = 1200, 630, 100
MAX_BYTES = 100_000
ELLIPSIS = "…"
FAMILY = STYLE["font.family"]  # Latin from DejaVu Sans, Devanagari from Noto Sans Devanagari
LANGS = ("hi", "en")

# Layout, in pixels from the top-left corner.
MARGIN = 64
ACCENT = "#3f51b5"  # the site's primary colour (Material indigo)
INK, MUTED = "#1a1a1a", "#5f6368"
TITLE_BOX = (MARGIN, 132, WIDTH - MARGIN, 452)  # left, top, right, bottom
TITLE_SIZES_PX = (56, 48, 42, 36)  # claim cards: tried largest first
PAGE_TITLE_SIZES_PX = (72, 64) + TITLE_SIZES_PX  # page cards (no verdict badge): short titles, set larger
LINE_HEIGHT = 1.5  # Devanagari needs room above (matras) and below (vowel signs)
BADGE_TOP, BADGE_H = 488, 88
HEADER_BASELINE = 86

# The icon is a shape, so the verdict stays legible in black and white; its colours are the site's
# (docs/assets/css/site.css, the one place they are written: ``verdict_style``).
SITE_CSS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "css" / "site.css"


@functools.cache
def verdict_style() -> dict[str, tuple[str, str]]:
    """{verdict key: (text colour, background)} as the light scheme of docs/assets/css/site.css sets them
    (``.va-verdict--KEY { color: …; background: … }``)."""
    import tinycss2

    out = {}
    for rule in tinycss2.parse_stylesheet(
        SITE_CSS.read_text(encoding="utf-8"), skip_whitespace=True, skip_comments=True
    ):
        selector = tinycss2.serialize(rule.prelude).strip() if rule.type == "qualified-rule" else ""
        if selector.startswith(".va-verdict--"):
            decls = tinycss2.parse_declaration_list(rule.content, skip_whitespace=True, skip_comments=True)
            colours = {d.name: tinycss2.serialize(d.value).strip() for d in decls if d.type == "declaration"}
            out[selector.removeprefix(".va-verdict--")] = (colours["color"], colours["background"])
    return out


def _font(size_px: float, bold: bool = False) -> FontProperties:
    return FontProperties(family=FAMILY, weight="bold" if bold else "normal", size=size_px * 72 / DPI)


# ---------------------------------------------------------------- measuring and fitting text
@dataclass
class Fitted:
    lines: list[str]
    size_px: float
    shortened: bool


def _clusters(word: str) -> list[str]:
    """Split ``word`` into pieces that can be cut between without breaking a glyph: a base character with its
    combining marks, and a Devanagari consonant joined by a virama (or ZWJ/ZWNJ) to the next one.

    >>> _clusters("क्षमता")
    ['क्ष', 'म', 'ता']
    >>> _clusters("abc")
    ['a', 'b', 'c']
    """
    out: list[str] = []
    join = False
    for ch in word:
        if out and (join or unicodedata.category(ch) in ("Mn", "Mc", "Me")):
            out[-1] += ch
        else:
            out.append(ch)
        join = ch in ("\u094d", "\u200d", "\u200c")
    return out


class _Measure:
    """Width of a string as Agg draws it (shaped), cached."""

    def __init__(self, renderer):
        self.renderer = renderer
        self.cache: dict[tuple[str, float, bool], float] = {}

    def __call__(self, s: str, size_px: float, bold: bool) -> float:
        key = (s, size_px, bold)
        if key not in self.cache:
            w, _, _ = self.renderer.get_text_width_height_descent(s, _font(size_px, bold), ismath=False)
            self.cache[key] = w
        return self.cache[key]


def _shorten(text: str, width: float, fits) -> str:
    """``text`` cut at a word boundary (or, for one over-long word, between grapheme clusters) + ellipsis."""
    words = text.split()
    while words:
        candidate = " ".join(words) + ELLIPSIS
        if fits(candidate):
            return candidate
        if len(words) == 1:
            pieces = _clusters(words[0])
            while pieces and not fits("".join(pieces) + ELLIPSIS):
                pieces.pop()
            return "".join(pieces) + ELLIPSIS
        words.pop()
    return ELLIPSIS


def _wrap(text: str, width: float, fits, limit: int | None = None) -> list[str]:
    """Greedy wrap on spaces, measuring whole lines; a word wider than the line is split between clusters. With
    ``limit``, it stops once more than ``limit`` lines are done: the lines so far are those of the whole wrap (each
    line depends only on the text before it), and measuring the rest of a long text is the slow part."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if limit is not None and len(lines) > limit:
            return lines
        candidate = f"{line} {word}" if line else word
        if fits(candidate):
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while not fits(line):  # one word wider than the box: cut between clusters
            if limit is not None and len(lines) > limit:
                return lines
            pieces = _clusters(line)
            head = ""
            while pieces and fits(head + pieces[0]):
                head += pieces.pop(0)
            if not head:  # not even one cluster fits: give up on this word
                head = pieces.pop(0)
            lines.append(head)
            line = "".join(pieces)
            if not line:
                break
    if line:
        lines.append(line)
    return lines


def fit_text(text: str, width: float, height: float, sizes_px, measure: _Measure, bold: bool = True) -> Fitted:
    """The largest size whose wrapped ``text`` fits ``width``×``height``; at the last size, an ellipsis."""
    text = " ".join(text.split())
    for i, size in enumerate(sizes_px):
        max_lines = max(1, int(height // (size * LINE_HEIGHT)))

        def fits(s, size=size):
            return measure(s, size, bold) <= width

        lines = _wrap(text, width, fits, limit=max_lines)
        if len(lines) <= max_lines:
            return Fitted(lines, size, False)
        if i == len(sizes_px) - 1:
            kept = lines[:max_lines]
            kept[-1] = _shorten(kept[-1] + " " + lines[max_lines], width, fits)
            return Fitted(kept, size, True)
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- icons (drawn shapes, one per verdict)
def _icon(ax, key: str, cx: float, cy: float, r: float, color: str) -> None:
    """The verdict's icon, centred at (cx, cy) with radius r, y pointing down (axes in pixels)."""
    white = "white"
    lw = r * 0.28 * 72 / DPI
    if key == "true":  # filled circle with a check mark
        ax.add_patch(Circle((cx, cy), r, color=color))
        ax.plot(
            [cx - 0.48 * r, cx - 0.12 * r, cx + 0.5 * r],
            [cy + 0.02 * r, cy + 0.38 * r, cy - 0.36 * r],
            color=white,
            lw=lw,
            solid_capstyle="round",
            solid_joinstyle="round",
        )
    elif key == "false":  # filled circle with a cross
        ax.add_patch(Circle((cx, cy), r, color=color))
        d = 0.38 * r
        for sx in (1, -1):
            ax.plot([cx - d, cx + d], [cy - sx * d, cy + sx * d], color=white, lw=lw, solid_capstyle="round")
    elif key == "partly":  # ring with the left half filled
        ax.add_patch(Circle((cx, cy), r * 0.9, fill=False, ec=color, lw=r * 0.2 * 72 / DPI))
        ax.add_patch(Wedge((cx, cy), r * 0.9, 90, 270, color=color))
    elif key == "unproven":  # filled circle with a question mark
        ax.add_patch(Circle((cx, cy), r, color=color))
        ax.text(
            cx,
            cy + 0.05 * r,
            "?",
            color=white,
            ha="center",
            va="center",
            fontproperties=FontProperties(family="DejaVu Sans", weight="bold", size=r * 1.35 * 72 / DPI),
        )
    elif key == "misleading":  # warning triangle with an exclamation mark
        ax.add_patch(
            Polygon(
                [(cx, cy - r), (cx + 1.08 * r, cy + 0.86 * r), (cx - 1.08 * r, cy + 0.86 * r)],
                closed=True,
                color=color,
                joinstyle="round",
            )
        )
        ax.add_patch(Rectangle((cx - 0.1 * r, cy - 0.4 * r), 0.2 * r, 0.72 * r, color=white))
        ax.add_patch(Circle((cx, cy + 0.56 * r), 0.12 * r, color=white))
    elif key == "depends":  # balance scale: post, beam, two pans, base
        c = dict(color=color, solid_capstyle="round")
        t = lw * 0.7
        ax.plot([cx, cx], [cy - 0.85 * r, cy + 0.8 * r], lw=t, **c)
        ax.plot([cx - 0.9 * r, cx + 0.9 * r], [cy - 0.6 * r, cy - 0.6 * r], lw=t, **c)
        ax.plot([cx - 0.45 * r, cx + 0.45 * r], [cy + 0.85 * r, cy + 0.85 * r], lw=t, **c)
        for px in (cx - 0.75 * r, cx + 0.75 * r):
            ax.plot([px - 0.3 * r, px, px + 0.3 * r], [cy + 0.15 * r, cy - 0.6 * r, cy + 0.15 * r], lw=t * 0.5, **c)
            ax.add_patch(Wedge((px, cy + 0.15 * r), 0.36 * r, 0, 180, color=color))
    else:
        raise ValueError(f"share card: no icon for verdict key {key!r}")


# ---------------------------------------------------------------- the card
def build_card(
    title: str,
    verdict_word: str | None,
    verdict_key: str | None,
    site_name: str,
    lang: str,
    kind_label: str | None = None,
) -> Figure:
    """The card as a matplotlib Figure (Agg canvas attached); :func:`render_card` turns it into PNG bytes.

    Axes coordinates are pixels, origin top-left. Every text artist carries a ``gid``: ``title-N``, ``site``,
    ``kind``, ``verdict``."""
    if lang not in LANGS:
        raise ValueError(f"share card: unknown language {lang!r} (known: {', '.join(LANGS)})")
    if (verdict_key is None) != (verdict_word is None):
        raise ValueError("share card: verdict_word and verdict_key go together (both or neither)")
    if verdict_key is not None and verdict_key not in verdict_style():
        raise ValueError(f"share card: unknown verdict key {verdict_key!r} (known: {', '.join(verdict_style())})")
    if not title.strip():
        raise ValueError("share card: empty title")

    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(HEIGHT, 0)
    ax.set_axis_off()
    measure = _Measure(canvas.get_renderer())

    def put(x, y, s, size_px, gid, bold=False, color=INK, ha="left", va="baseline"):
        t = Text(x, y, s, color=color, ha=ha, va=va, fontproperties=_font(size_px, bold), parse_math=False, gid=gid)
        ax.add_artist(t)
        return t

    # Frame: accent bar on the left, thin rule under the header.
    ax.add_patch(Rectangle((0, 0), 16, HEIGHT, color=ACCENT))
    ax.add_patch(Rectangle((MARGIN, 112), WIDTH - 2 * MARGIN, 2, color="#d0d4e4"))

    # Header: kind label (left) and site name (right), each shortened if it had to be.
    head_px = 26
    half = (WIDTH - 2 * MARGIN - 40) / 2
    site_w = min(measure(site_name, head_px, True), WIDTH - 2 * MARGIN - (half if kind_label else 0))
    site = fit_text(site_name, site_w, head_px * LINE_HEIGHT, (head_px,), measure).lines[0]
    put(WIDTH - MARGIN, HEADER_BASELINE, site, head_px, "site", bold=True, color=ACCENT, ha="right")
    if kind_label:
        kind_w = WIDTH - 2 * MARGIN - measure(site, head_px, True) - 40
        kind = fit_text(kind_label, kind_w, head_px * LINE_HEIGHT, (head_px,), measure, bold=False).lines[0]
        put(MARGIN, HEADER_BASELINE, kind, head_px, "kind", color=MUTED)

    # Title: largest size that fits, else ellipsis.
    left, top, right, bottom = TITLE_BOX
    sizes = TITLE_SIZES_PX
    if verdict_key is None:
        bottom, sizes = HEIGHT - MARGIN, PAGE_TITLE_SIZES_PX  # no badge: the title may use the space
    fitted = fit_text(title, right - left, bottom - top, sizes, measure)
    step = fitted.size_px * LINE_HEIGHT
    for i, line in enumerate(fitted.lines):
        # baseline of line i: top of its slot + ascent room (≈ 1.05 × size for Devanagari headlines and matras)
        put(left, top + i * step + fitted.size_px * 1.1, line, fitted.size_px, f"title-{i}", bold=True)

    # Verdict badge: border + icon + word (colour is never the only signal).
    if verdict_key is not None:
        fg, bg = verdict_style()[verdict_key]
        word_px = 40
        r = 26
        pad = 28
        max_word = WIDTH - 2 * MARGIN - (pad + 2 * r + 20 + pad)
        word = fit_text(verdict_word, max_word, word_px * LINE_HEIGHT, (word_px,), measure).lines[0]
        badge_w = pad + 2 * r + 20 + measure(word, word_px, True) + pad
        ax.add_patch(
            FancyBboxPatch(
                (MARGIN, BADGE_TOP),
                badge_w,
                BADGE_H,
                boxstyle=f"round,pad=0,rounding_size={BADGE_H / 2}",
                fc=bg,
                ec=fg,
                lw=3 * 72 / DPI,
            )
        )
        cy = BADGE_TOP + BADGE_H / 2
        _icon(ax, verdict_key, MARGIN + pad + r, cy, r, fg)
        put(MARGIN + pad + 2 * r + 20, cy, word, word_px, "verdict", bold=True, color=fg, va="center_baseline")
    return fig


def to_png(fig: Figure) -> bytes:
    """Deterministic PNG bytes of ``fig``: Agg pixels → adaptive palette → Pillow PNG (no metadata chunks)."""
    fig.canvas.draw()
    rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3]
    img = Image.fromarray(np.ascontiguousarray(rgb)).quantize(
        colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def render_card(
    title: str,
    verdict_word: str | None,
    verdict_key: str | None,
    site_name: str,
    lang: str,
    kind_label: str | None = None,
) -> bytes:
    """The share card as PNG bytes (1200×630, < 100 KB, same bytes for the same input)."""
    png = to_png(build_card(title, verdict_word, verdict_key, site_name, lang, kind_label))
    if len(png) > MAX_BYTES:
        raise ValueError(f"share card for {title[:40]!r}: {len(png)} bytes > {MAX_BYTES}")
    return png
