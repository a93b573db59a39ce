"""sitegen/clips.py without a build: the sprite holds every frame where its layout says, the same bytes every
time; an explorer's settings are checked against its axes."""

import io

import numpy as np
import pytest
from PIL import Image

from sitegen.clips import _draw_explorer, setting_key, sprite
from snippets._clip import Explorer


def test_sprite_puts_each_frame_where_the_layout_says_and_is_deterministic():
    rng = np.random.default_rng(0)
    tracks = [rng.uniform(-1, 1, (3, 6, 4, 5)) for _ in range(2)]  # 2 rows of 3 clips, 6 frames of 4x5 pixels
    png, L = sprite(tracks, wrap=4)
    assert png == sprite([t.copy() for t in tracks], wrap=4)[0]
    pixels = np.asarray(Image.open(io.BytesIO(png)))
    assert pixels.shape == (L.height, L.width) == (2 * 2 * 4, 3 * 4 * 5)
    for r, clips in enumerate(tracks):
        for c in range(3):
            for f in range(6):
                y, x = r * L.block_h + (f // 4) * 4, c * L.block_w + (f % 4) * 5
                want = np.round((clips[c, f] + 1) / 2 * 255)
                assert np.array_equal(pixels[y : y + 4, x : x + 5], want), (r, c, f)


def test_sprite_refuses_tracks_of_different_shapes():
    with pytest.raises(ValueError, match="one shape"):
        sprite([np.zeros((2, 8, 32)), np.zeros((2, 8, 16))])


def explorer(settings, default=None):
    return Explorer(None, axes=(("scheme", ("a", "b")), ("rho", ("0", "1"))), settings=lambda data: settings,
                    metrics=(("m", ".1f"),), default=default)  # fmt: skip


def test_explorer_files_are_named_by_setting_and_unknown_options_fail():
    clips = np.zeros((2, 8, 16))
    settings = [({"scheme": "a", "rho": "1"}, clips, {"m": 1.0}), ({"scheme": "b"}, clips + 0.5, {"m": 2.0})]
    out = _draw_explorer("x.e", explorer(settings), {})
    assert sorted(out["files"]) == ["assets/clips/x.e/a-1.png", "assets/clips/x.e/b.png"]
    assert out["default"] == {"scheme": "a", "rho": "1"}
    assert setting_key({"rho": "0", "scheme": "b"}, explorer([]).axes) == "b-0"  # in the order of the axes
    with pytest.raises(ValueError, match="not among the explorer's axes"):
        _draw_explorer("x.e", explorer([({"scheme": "c"}, clips, {"m": 0.0})]), {})
    with pytest.raises(ValueError, match="one shape"):
        _draw_explorer("x.e", explorer([settings[0], ({"scheme": "b"}, np.zeros((2, 8, 8)), {"m": 0.0})]), {})
    with pytest.raises(ValueError, match="default setting"):
        _draw_explorer("x.e", explorer(settings, default={"scheme": "b", "rho": "0"}), {})
