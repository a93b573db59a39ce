"""The clips the built site plays (sitegen/clips.py): light, served for every explorer setting, the pixels and
numbers of each setting taken from the computed data, and the same bytes on a rebuild."""

import io
import itertools
import json
import re

import numpy as np
import pytest

from sitegen.clips import MAX_PNG, exported, metric_text, setting_key, sprite
from snippets import _registry as reg

from conftest import shown_values

EXPLORER = "noise_study.explorer"
PAGES = {"en": "en/evidence/noise-study", "hi": "evidence/noise-study"}


def explorer_payload(site, lang) -> dict:
    html = (site / PAGES[lang] / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/json" class="va-explorer__data">(.*?)</script>', html, re.S)
    assert len(found) == 1, f"{PAGES[lang]}: expected one explorer, found {len(found)}"
    return json.loads(found[0])


@pytest.fixture(scope="module")
def computed(site):
    """The explorer's settings as snippets/noise_study.py makes them from the data the site exports."""
    return reg.find("CLIPS", EXPLORER).settings(exported(site / "assets" / "data" / f"{EXPLORER}.json"))


def test_every_clip_is_light_and_every_page_clip_is_served(site):
    pngs = sorted((site / "assets" / "clips").rglob("*.png"))
    assert len(pngs) > 10
    heavy = [f"{p.name}: {p.stat().st_size} bytes" for p in pngs if p.stat().st_size > MAX_PNG]
    assert heavy == []
    missing = []
    for html in site.rglob("index.html"):
        for src in re.findall(r'<img src="([^"]*assets/clips/[^"]+)"', html.read_text(encoding="utf-8")):
            if not (html.parent / src).resolve().is_file():
                missing.append(f"{html.relative_to(site)}: {src}")
    assert missing == []


def test_explorer_offers_every_combination_and_each_has_its_clip_file(site, computed):
    """Every scheme × ρ × model of the study (warped noise has no ρ), each once, each with its image."""
    item = reg.find("CLIPS", EXPLORER)
    axes = dict(item.axes)
    keys = [setting_key(choice, item.axes) for choice, _, _ in computed]
    assert len(keys) == len(set(keys))
    settings = {(c["scheme"], c.get("rho"), c["model"]) for c, _, _ in computed}
    rhos = {(c["scheme"], c.get("rho")) for c, _, _ in computed}
    assert settings == {(s, r, m) for (s, r), m in itertools.product(rhos, axes["model"])}
    assert {s for s, _ in rhos} == set(axes["scheme"])
    assert {r for s, r in rhos if s == "mixed"} >= {"0.5", "0.9", "0.99"}
    for lang in PAGES:
        payload = explorer_payload(site, lang)
        assert sorted(s["k"] for s in payload["settings"]) == sorted(keys)
        for key in keys:
            assert (site / "assets" / "clips" / EXPLORER / f"{key}.png").is_file(), key


def test_each_explorer_setting_shows_its_own_clips_and_metrics(site, computed):
    """The image of a setting holds that setting's sample clips (decoded and compared pixel for pixel), and the
    numbers the page carries for it are its metrics from the computed data, in the page's language."""
    from PIL import Image

    item = reg.find("CLIPS", EXPLORER)
    pixels = {}
    for choice, clips, _ in computed:
        key = setting_key(choice, item.axes)
        with Image.open(site / "assets" / "clips" / EXPLORER / f"{key}.png") as im:
            pixels[key] = np.asarray(im)
        expected = np.asarray(Image.open(io.BytesIO(sprite([clips], item.vmin, item.vmax)[0])))
        assert np.array_equal(pixels[key], expected), key
    assert len({p.tobytes() for p in pixels.values()}) > len(pixels) // 2, "settings share their pictures"
    for lang in PAGES:
        shown = {s["k"]: s["v"] for s in explorer_payload(site, lang)["settings"]}
        for choice, _, metrics in computed:
            key = setting_key(choice, item.axes)
            assert shown[key] == [metric_text(metrics[m], spec, lang) for m, spec in item.metrics], (lang, key)


@pytest.mark.parametrize(
    "key, quoted",
    [
        ("mixed-0.99-image", {m: f"image_mixed_099_{m}" for m in ("frozen", "speed", "cosine", "jump", "flicker")}),
        ("warped-image", {m: f"image_warped_{m}" for m in ("frozen", "speed", "one_direction", "straightness_rmse")}),
        ("independent-0-image", {m: f"image_independent_{m}" for m in ("frozen", "cosine", "net_over_path")}),
        ("mixed-0.99-video", {"frozen": "video_mixed_099_frozen", "speed": "video_mixed_099_speed"}),
        ("mixed-0.99-exact_g10", {"frozen": "exact_mixed_099_frozen_g10"}),
        ("mixed-0.99-exact_g025", {"frozen": "exact_mixed_099_frozen_g025"}),
    ],
)
def test_explorer_agrees_with_the_numbers_the_prose_quotes(site, key, quoted):
    """The prose's numbers come from their own VALUES; the explorer reads the study's tables: they must agree."""
    for lang, page in PAGES.items():
        payload = explorer_payload(site, lang)
        setting = next(s for s in payload["settings"] if s["k"] == key)
        row = dict(zip(payload["metrics"], setting["v"]))
        values = shown_values(site, page)
        for metric, value in quoted.items():
            assert float(row[metric].replace(",", "")) == values[f"noise_study.{value}"], (lang, key, metric)


def test_clips_are_the_same_bytes_in_a_rebuild(site, rebuild):
    """The rebuild draws every clip again from the computed results (clips are never cached)."""
    again, log = rebuild
    mine = {p.relative_to(site): p.read_bytes() for p in (site / "assets" / "clips").rglob("*.png")}
    theirs = {p.relative_to(again): p.read_bytes() for p in (again / "assets" / "clips").rglob("*.png")}
    assert mine and mine.keys() == theirs.keys()
    assert [str(p) for p in mine if mine[p] != theirs[p]] == []
    assert re.search(r"session \(hi\): computed 0\b", log), "the rebuild computed something: not from the cache"


CLIP_FIGURE = re.compile(r'<figure class="va-clip[^"]*"[^>]*style="([^"]*)">(.*?)</figure>', re.S)


def test_every_clip_image_keeps_its_sprites_aspect_ratio(site):
    """A browser (and Lighthouse's image-aspect-ratio audit) sees each sprite undistorted: a view of aspect a/b
    holding an image w% of its width and h% of its height shows it at the sprite's own width/height. A line clip's
    pixels are drawn taller than wide by a transform (--nsy, --wsy), which moves no layout."""
    seen, wrong = 0, []
    for html in site.rglob("index.html"):
        for style, body in CLIP_FIGURE.findall(html.read_text(encoding="utf-8")):
            var = dict(re.findall(r"--(\w+):([^;]+)", style))
            width, height = map(int, re.search(r'<img src="[^"]+" alt="" width="(\d+)" height="(\d+)"', body).groups())
            for v in "nw":
                a, b = map(int, var[f"{v}a"].split("/"))
                w, h = float(var[f"{v}w"].rstrip("%")), float(var[f"{v}h"].rstrip("%"))
                seen += 1
                if abs((w * a) / (h * b) / (width / height) - 1) > 0.01:
                    wrong.append(f"{html.relative_to(site)}: {v} view {var}")
    assert seen > 10 and wrong == []
