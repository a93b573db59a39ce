"""Share cards (sitegen/share_card.py): size, dimensions, determinism, text fitted inside the card, verdicts."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from itertools import combinations

import numpy as np
import pytest
import yaml
from PIL import Image

from sitegen import share_card as sc

from conftest import ROOT

CLAIMS = yaml.safe_load((ROOT / "data/claims.yml").read_text(encoding="utf-8"))
VERDICTS = CLAIMS["verdicts"]
SITE = {"hi": "वीडियो विश्लेषण — क्षमताएँ और सीमाएँ", "en": "Video analysis — strengths and limits"}
KIND = {"hi": "दावे की जाँच", "en": "Fact check"}

# Far longer than any claim: every claim of the data file, one after the other.
LONG = {lang: " ".join(c["claim"][lang] for c in CLAIMS["claims"]) for lang in ("hi", "en")}


def card_args(lang, verdict="partly", title=None):
    v = VERDICTS[verdict]
    return (title or CLAIMS["claims"][0]["claim"][lang], v[lang], verdict, SITE[lang], lang, KIND[lang])


def texts(fig):
    """{gid: (text, window extent in pixels, y up)} for every text artist of a drawn card."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return {t.get_gid(): (t.get_text(), t.get_window_extent(renderer)) for t in fig.axes[0].texts if t.get_gid()}


@pytest.mark.parametrize("lang", ["hi", "en"])
@pytest.mark.parametrize("verdict", list(VERDICTS))
def test_every_verdict_renders_a_small_png_of_the_right_size(verdict, lang):
    png = sc.render_card(*card_args(lang, verdict))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) <= 100_000, len(png)
    img = Image.open(io.BytesIO(png))
    assert img.size == (1200, 630)
    # the word is on the card as text (gid "verdict"), next to a drawn icon
    found = texts(sc.build_card(*card_args(lang, verdict)))
    assert found["verdict"][0] == VERDICTS[verdict][lang]


def test_page_card_without_verdict():
    png = sc.render_card("ध्यान (अटेंशन)", None, None, SITE["hi"], "hi", "विषय")
    assert Image.open(io.BytesIO(png)).size == (1200, 630) and len(png) <= 100_000
    found = texts(sc.build_card("ध्यान (अटेंशन)", None, None, SITE["hi"], "hi", "विषय"))
    assert "verdict" not in found and found["site"][0] == SITE["hi"] and found["kind"][0] == "विषय"


def test_icons_differ_in_black_and_white():
    """Never colour alone: the icon regions, reduced to black and white, differ for every pair of verdicts."""

    def icon_bits(verdict):
        img = Image.open(io.BytesIO(sc.render_card("x", "w", verdict, "s", "en"))).convert("L")
        box = (sc.MARGIN + 10, sc.BADGE_TOP + 8, sc.MARGIN + 10 + 80, sc.BADGE_TOP + sc.BADGE_H - 8)
        return np.asarray(img.crop(box)) < 128

    bits = {v: icon_bits(v) for v in VERDICTS}
    for a, b in combinations(VERDICTS, 2):
        assert (bits[a] != bits[b]).mean() > 0.02, f"icons of {a} and {b} look the same in black and white"


def test_verdict_styles_cover_the_data_and_match_the_site_css():
    """The card takes each verdict's colours from site.css (their one place): every verdict has them."""
    assert set(sc.verdict_style()) == set(VERDICTS)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for pair in sc.verdict_style().values() for c in pair)


def test_deterministic_across_processes():
    args = card_args("hi", "misleading", LONG["hi"][:300])
    here = sc.render_card(*args)
    assert here == sc.render_card(*args)
    code = f"import sys; from sitegen.share_card import render_card; sys.stdout.buffer.write(render_card(*{args!r}))"
    there = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "123"},
    ).stdout
    assert here == there


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_long_text_wraps_and_ends_in_an_ellipsis_at_a_word_boundary_inside_the_box(lang):
    fig = sc.build_card(*card_args(lang, "false", LONG[lang]))
    found = texts(fig)
    lines = [found[k][0] for k in sorted((k for k in found if k.startswith("title-")), key=lambda k: int(k[6:]))]
    assert len(lines) >= 3
    assert lines[-1].endswith(sc.ELLIPSIS) and not any(sc.ELLIPSIS in line for line in lines[:-1])
    shown = " ".join(lines)[: -len(sc.ELLIPSIS)].rstrip()
    original = " ".join(LONG[lang].split())
    assert original.startswith(shown) and original[len(shown)] == " ", "cut inside a word"
    left, top, right, bottom = sc.TITLE_BOX
    for gid, (text, bb) in found.items():
        assert 0 <= bb.x0 and bb.x1 <= sc.WIDTH and 0 <= bb.y0 and bb.y1 <= sc.HEIGHT, (gid, text, bb)
        if gid.startswith("title-"):
            # inside the title box (display y points up: box top at HEIGHT - top)
            assert left - 1 <= bb.x0 and bb.x1 <= right + 1, (gid, bb)
            assert bb.y1 <= sc.HEIGHT - top + 1 and bb.y0 >= sc.HEIGHT - bottom - 1, (gid, bb)
    # lines do not overlap each other
    boxes = [found[f"title-{i}"][1] for i in range(len(lines))]
    for upper, lower in zip(boxes, boxes[1:]):
        assert lower.y1 <= upper.y0 + 2, (upper, lower)


def test_wrap_with_a_limit_stops_early_with_the_same_first_lines():
    """fit_text only needs to know that a text needs more lines than fit, and the first of those lines."""
    text = " ".join(f"word{i}" * (1 + i % 3) for i in range(200))
    measured = []

    def fits(s):
        measured.append(s)
        return len(s) <= 30

    whole = sc._wrap(text, 30, fits)
    calls = len(measured)
    measured.clear()
    some = sc._wrap(text, 30, fits, limit=4)
    assert len(whole) > 20 and 4 < len(some) < len(whole) and some == whole[: len(some)]
    assert len(measured) < calls / 3, "the limit did not save the measuring"
    assert sc._wrap("short text", 30, fits, limit=4) == ["short text"]


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_short_claim_is_whole_and_large(lang):
    claim = CLAIMS["claims"][1]["claim"][lang]
    found = texts(sc.build_card(*card_args(lang, "true", claim)))
    lines = [found[k][0] for k in sorted(k for k in found if k.startswith("title-"))]
    assert " ".join(lines) == " ".join(claim.split())
    assert found["title-0"][1].height > 40  # set at a large size, not the smallest


def test_one_overlong_word_is_cut_between_clusters_not_clipped():
    word = "स्पेस-टाइम-" * 40
    found = texts(sc.build_card(word, "गलत", "false", SITE["hi"], "hi"))
    for gid, (_, bb) in found.items():
        assert bb.x1 <= sc.TITLE_BOX[2] + 1 or not gid.startswith("title-"), (gid, bb)
    last = max((k for k in found if k.startswith("title-")), key=lambda k: int(k[6:]))
    assert found[last][0].endswith(sc.ELLIPSIS)
    # no line ends with a virama (a half-formed conjunct)
    assert not any(found[k][0].rstrip(sc.ELLIPSIS).endswith("\u094d") for k in found if k.startswith("title-"))


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        sc.render_card("x", None, None, "s", "fr")
    with pytest.raises(ValueError, match="unknown verdict key 'maybe'"):
        sc.render_card("x", "Maybe", "maybe", "s", "en")
    with pytest.raises(ValueError, match="both or neither"):
        sc.render_card("x", "True", None, "s", "en")
    with pytest.raises(ValueError, match="empty title"):
        sc.render_card("  ", None, None, "s", "en")
