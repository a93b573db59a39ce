"""Hindi as the built site shows it: readable heading ids (vowel signs kept) and the theme's Hindi strings."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from sitegen.text import slugify

from conftest import ROOT


def built(site: Path, source: str) -> str:
    """The built HTML of a Hindi page, from its source path under docs/ (without .hi.md / .hi.ipynb)."""
    path = site / ("" if source == "index" else source) / "index.html"
    return path.read_text(encoding="utf-8")


HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
LABS = sorted(str(p.relative_to(ROOT / "docs")).removesuffix(".hi.ipynb") for p in (ROOT / "docs").rglob("*.hi.ipynb"))


def test_known_hindi_heading_keeps_its_vowel_signs(site):
    page = built(site, "topics/humans-machines")
    assert '<h2 id="जिस-मशीन-को-सुसंगति-चाहिए-ट्रैकिंग"' in page
    assert '<h2 id="दावे"' in page
    assert 'href="#जिस-मशीन-को-सुसंगति-चाहिए-ट्रैकिंग"' in page  # the table of contents links to it


@pytest.mark.parametrize(
    "source",
    [str(p.relative_to(ROOT / "docs")).removesuffix(".hi.md") for p in sorted((ROOT / "docs").rglob("*.hi.md"))] + LABS,
)  # lab headings get the same ids (sitegen/labs.py)
def test_hindi_headings_and_their_links(site, source):
    """Every Devanagari heading id is the heading's slug (vowel signs kept), and every #fragment the page links to
    (table of contents, permalinks, links into the page) is an id on it."""
    page = built(site, source)
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    bad = []
    for level, hid, inner in HEADING.findall(page):
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("¶", "").strip()
        explicit = re.fullmatch(r"[a-z][a-z0-9-]*", hid)  # an id a hook sets on purpose, e.g. claim-<id>
        if re.search(r"[\u0900-\u097F]", text) and not explicit and re.sub(r"_\d+$", "", hid) != slugify(text, "-"):
            bad.append(f"h{level} {text!r}: id {hid!r}, expected {slugify(text, '-')!r}")
    for frag in re.findall(r'href="#([^"]+)"', page):
        if unquote(html.unescape(frag)) not in ids:
            bad.append(f"link to #{frag}: no such id on the page")
    assert not bad, f"{source}:\n" + "\n".join(bad)


# ---------------------------------------------------------------- the theme's Hindi
BAD_THEME_HINDI = [
    "विषय - सूची",
    "आगामी",
    "शीर्षभाग पर लौटें",
    "मिलान डाक्यूमेंट्स",
    "मिलान डॉक्यूमेंट",
    "नैविगेशन",
    "पढ़ते रहिये",
    "सूचि",
]


def test_theme_speaks_good_hindi(site):
    page = built(site, "topics/humans-machines")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S).group(1))
    for shown in ["विषय-सूची", "ऊपर जाएँ", "अगला", "सीधे मुख्य सामग्री पर जाएँ"]:
        assert shown in page, shown
    assert config["translations"]["search.result.other"] == "# पन्ने मिले"
    for bad in BAD_THEME_HINDI:
        assert bad not in page, bad
    english = built(site, "en/topics/humans-machines")
    assert "Table of contents" in english and "विषय-सूची" not in english  # the override is Hindi only
