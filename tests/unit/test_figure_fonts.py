"""Figures keep their text as text, with subsets of the fonts matplotlib laid it out with embedded
(sitegen/svg.py). The browser shapes Devanagari from those subsets: they must give the glyphs matplotlib drew."""

from __future__ import annotations

import base64
import html
import io
import re
import subprocess
import sys
from pathlib import Path

from matplotlib.ft2font import FT2Font, LoadFlags

from sitegen import svg as _figure
from snippets._figure import DEVANAGARI_FONT, STYLE, new_figure

ROOT = Path(__file__).resolve().parents[2]
LABELS = ["क्षमता और प्रोग्रेसिव", "स्पेस-टाइम अटेंशन", "रेज़ोल्यूशन (8 फ़्रेम)", "शीर्षक"]


def shaped(font_file, text: str) -> list[tuple]:
    """The outlines of ``text`` as shaped (libraqm) in ``font_file``: one tuple of points per glyph, with its
    position (the subset has no glyph names to compare, so the glyphs' own shapes are compared)."""
    font = FT2Font(font_file)
    font.set_size(100, 72)
    out = []
    for item in font._layout(text, LoadFlags.NO_HINTING):
        font.load_glyph(item.glyph_index, LoadFlags.NO_HINTING)
        verts, _ = font.get_path()
        out.append((round(item.x, 1), tuple(map(tuple, verts.round(1).tolist()))))
    return out


def figure_svg(labels=LABELS, cache=None) -> str:
    fig, ax = new_figure(4, 2)
    ax.plot([0, 1], [0, 1], label=labels[0])
    ax.set_xlabel(labels[1])
    ax.set_ylabel(labels[2])
    ax.set_title(labels[3], fontweight="bold")
    ax.legend()
    return _figure.to_svg(fig, cache=cache).decode()


def test_figure_text_is_text_with_its_fonts_embedded():
    svg = figure_svg()
    texts = [html.unescape(t) for t in re.findall(r">([^<>]+)</(?:text|tspan)>", svg)]
    assert all(label in texts for label in LABELS), texts
    assert "<path d" in svg and 'id="NotoSans' not in svg  # no glyph outlines as paths
    faces = dict(re.findall(r"font-family:'([^']+)';font-weight:(\d+);", svg))
    assert faces.get("Noto Sans Devanagari") in ("400", "700") and "DejaVu Sans" in faces, faces


def test_embedded_devanagari_subsets_shape_every_label_as_matplotlib_did():
    """Each embedded Noto Sans Devanagari subset, shaped again, gives the same glyphs as the full font for every
    Devanagari run of the figure (conjuncts, half forms, reph, the i-matra's contextual forms)."""
    svg = figure_svg()
    faces = re.findall(
        r"font-family:'Noto Sans Devanagari';font-weight:(\d+);src:url\(data:font/woff2;base64,([^)]*)\)", svg
    )
    assert {w for w, _ in faces} == {"400", "700"}, "regular (labels) and bold (title) faces expected"
    full = {
        "400": str(DEVANAGARI_FONT),
        "700": str(DEVANAGARI_FONT.with_name("NotoSansDevanagari-Bold.ttf")),
    }
    from fontTools.ttLib import TTFont

    for weight, data in faces:
        subset = io.BytesIO()
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        font.flavor = None
        font.save(subset)
        labels = [LABELS[3]] if weight == "700" else LABELS[:3]
        for label in labels:
            for run in re.findall("[\u0900-\u097f]+", label):
                want = shaped(full[weight], run)
                got = shaped(io.BytesIO(subset.getvalue()), run)
                assert got == want, f"{run!r} ({weight}): the subset shapes it unlike the full font"


def test_figure_svg_is_much_smaller_than_glyph_outlines():
    """The point of embedding subsets: a Hindi figure is a fraction of its size with every glyph as a path."""
    import matplotlib.pyplot as plt

    fig, ax = new_figure(4, 2)
    ax.set_xlabel(" ".join(LABELS))
    as_text = _figure.to_svg(fig)
    fig, ax = new_figure(4, 2)
    ax.set_xlabel(" ".join(LABELS))
    buf = io.BytesIO()
    with plt.rc_context({**STYLE, "svg.fonttype": "path"}):
        fig.savefig(buf, format="svg")
    plt.close(fig)
    assert len(as_text) < 0.8 * len(_figure._compact(buf.getvalue()))


def test_font_subsets_are_cached_by_what_they_are_made_of_and_a_corrupted_one_is_made_again(tmp_path, monkeypatch):
    """With a cache (sitegen.compute.Cache, as the build passes), a figure has the same bytes as without one, whether
    its subsets are made or read; another figure's texts make other subsets; a corrupted subset is reported and
    made again, never embedded."""
    from sitegen.compute import Cache

    warnings = []
    cache = Cache(tmp_path, warn=warnings.append)
    plain = figure_svg()
    assert figure_svg(cache=cache) == plain
    # and in another process: the test site's rebuild keeps the first build's subsets (Makefile), so this is
    # where making them is shown to give the same bytes every time
    code = "import sys; sys.path[:0] = ['tests/unit']; from test_figure_fonts import figure_svg; print(figure_svg())"
    assert (
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        == plain + "\n"
    )
    made = sorted(tmp_path.glob("*.woff2"))
    assert len(made) == 3, made  # DejaVu Sans, Noto Sans Devanagari regular and bold

    other = ["कार्य-क्षेत्र", "ग्रिड", "ऊर्जा (10 हर्ट्ज़)", "निष्कर्ष"]
    assert figure_svg(other, cache) == figure_svg(other)
    assert len(list(tmp_path.glob("*.woff2"))) == 6, "other texts, other glyphs: other subsets"

    def not_again(*args):
        raise AssertionError("a cached subset was made again")

    with monkeypatch.context() as m:
        m.setattr(_figure, "_subset", not_again)
        assert figure_svg(cache=cache) == plain

    made[0].write_bytes(made[0].read_bytes()[:-1] + b"x")
    assert figure_svg(cache=cache) == plain
    assert any("corrupted" in w for w in warnings), warnings
    assert Cache(tmp_path).read(made[0].name.split(".")[0], "woff2") is not None, "made again and stored"
