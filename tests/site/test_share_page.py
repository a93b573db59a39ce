"""Sharing as the built site offers it: every page's link-preview metadata (Open Graph / Twitter, read by a real
parser) and share image, every claim's share image."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlparse

from PIL import Image

from conftest import og


def built_pages(site: Path):
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)


def test_every_page_has_preview_metadata_and_a_share_image(site):
    problems = []
    for path in built_pages(site):
        html = path.read_text(encoding="utf-8")
        lang = "en" if path.relative_to(site).parts[0] == "en" else "hi"
        meta = og(html)
        where = path.relative_to(site)
        for key in (
            "og:title",
            "og:description",
            "og:image",
            "og:url",
            "og:locale",
            "og:locale:alternate",
            "twitter:card",
        ):
            if not meta.get(key) or not meta[key][0]:
                problems.append(f"{where}: no {key}")
        if not meta.get("og:image"):
            continue
        image = meta["og:image"][0]
        if urlparse(image).scheme not in ("http", "https"):
            problems.append(f"{where}: og:image {image!r} is not absolute")
        want = {"hi": (["hi_IN"], ["en_US"]), "en": (["en_US"], ["hi_IN"])}[lang]
        if (meta.get("og:locale"), meta.get("og:locale:alternate")) != want:
            problems.append(f"{where}: locale {meta.get('og:locale')} / {meta.get('og:locale:alternate')} != {want}")
        m = re.search(r"/assets/share/([^/]+\.png)$", image)
        if not m or not (site / "assets/share" / m.group(1)).exists():
            problems.append(f"{where}: og:image {image} is not a built file under assets/share/")
    assert not problems, "\n".join(problems)


def test_share_images_are_cards_under_the_size_limit(site):
    images = sorted((site / "assets/share").glob("*.png"))
    assert images, "no share images in site/assets/share/"
    for png in images:
        assert re.fullmatch(r"[a-z0-9-]+\.(hi|en)\.png", png.name), png.name
        assert png.stat().st_size <= 100_000, f"{png.name}: {png.stat().st_size} bytes"
        assert Image.open(io.BytesIO(png.read_bytes())).size == (1200, 630), png.name
