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


# ---------------------------------------------------------------- no English on a Hindi page (issue 25)
def _words():
    """scripts/hindi_words.py: what a reader sees on a built page (visible_text) and its Latin words (count)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("hindi_words", ROOT / "scripts/hindi_words.py")
    words = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(words)
    return words


def hindi_html(site: Path) -> dict[str, str]:
    pages = {
        str(p.parent.relative_to(site)): p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("index.html"))
        if p.relative_to(site).parts[0] not in ("en", "assets")
    }
    return {**pages, "404.html": (site / "404.html").read_text(encoding="utf-8")}


# English the theme, the plugins or the data once put on Hindi pages: the theme's and the labs' strings, the footer,
# the 404 page, source locators in English, units in English.
ENGLISH_UI = [
    r"Permanent link",
    r"Made with",
    r"Copy to [Cc]lipboard",
    r"Copied",
    r"Text CC BY",
    r"Not found",
    r"\bIn\s?\[\d+\]",
    r"\b(?:Sec|Fig|Eq|Ch)\. \d",
    r"\bTable \d",
    r"\b(?:abstract|official|sections?|dimensions?|peer-reviewed)\b",
    r"\d s\b",
]
SHOWN_ATTRIBUTES = re.compile(r'\b(?:title|aria-label|placeholder|alt|data-copied)="([^"]*)"')


def english_ui(words, page: str) -> list[str]:
    """The English UI strings a reader meets on a page: in its visible text (links to papers left out: a paper's
    title is a name) and in the attributes that are shown or read out."""
    shown = words.visible_text(page, links=False) + " " + " ".join(map(html.unescape, SHOWN_ATTRIBUTES.findall(page)))
    return [m.group(0) for pattern in ENGLISH_UI for m in re.finditer(pattern, shown)]


def test_no_english_ui_string_on_a_hindi_page(site):
    words, pages = _words(), hindi_html(site)
    bad = {name: found for name, page in pages.items() if (found := english_ui(words, page))}
    assert not bad, "\n".join(f"{name}: {found}" for name, found in bad.items())
    assert '<html lang="hi"' in pages["404.html"] and "पन्ना नहीं मिला" in pages["404.html"]
    english = (site / "en" / "404.html").read_text(encoding="utf-8")  # the English one is kept, in its folder
    assert '<html lang="en"' in english and "Page not found" in english


def test_english_ui_strings_are_found():
    words = _words()
    page = (
        '<body><h2 id="a">दावा<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>'
        '<ul><li><a href="https://arxiv.org/abs/1">Table 1 of a paper\'s title</a> (A, 2020), Sec. 3.2</li>'
        "<li>गणना में लगा समय: 0.4 s</li></ul><pre><code>abstract = 1</code></pre></body>"
    )
    assert english_ui(words, page) == ["Permanent link", "Sec. 3", "4 s"]


# Latin script in what a reader sees on the Hindi pages (scripts/hindi_words.py --built SITE --no-links: the text of
# links to papers and sites, their titles, left out; code and math left out) is names of systems, papers, people,
# code and units. Measured 2026-12-03 on the built site: 8.7 % of its words before issue 25 (English source locators,
# theme, footer, lab and 404 strings, units), 6.4 % after; the most on one page 26.8 % before, 16.5 % after (systems:
# authors and section names of the reports in its tables). The references page is the bibliography, authors' names
# only: counted for the site, not as a page. So are the claim pages (issue 28): their prose is the claim's card, which
# its topic page shows and this test checks there; what they add is the claim's sources with their authors (a claim
# page with many sources measured 19.6 %). The budgets sit just above what was reached.
LATIN_BUDGET_SITE = 0.065
LATIN_BUDGET_PAGE = 0.17


def test_latin_script_on_hindi_pages_stays_within_budget(site):
    words = _words()
    counts = {name: words.count(words.prose(text)) for name, text in words.built_pages(site, links=False)}

    def share(c):
        return c["latin"] / max(c["latin"] + c["deva"], 1)

    total = {k: sum(c[k] for c in counts.values()) for k in ("latin", "deva")}
    assert share(total) <= LATIN_BUDGET_SITE, f"Latin script is {share(total):.1%} of the Hindi pages' text"
    bibliographic = {n for n in counts if n == "references" or n.startswith("claims/")}
    over = {n: f"{share(c):.1%}" for n, c in counts.items() if n not in bibliographic and share(c) > LATIN_BUDGET_PAGE}
    assert not over, f"pages over {LATIN_BUDGET_PAGE:.0%} Latin script: {over}"
    assert len(counts) >= 20 and total["deva"] > 30_000  # every page was read
