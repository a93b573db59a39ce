"""What a reader relies on without noticing: alt texts, verdict words, links and anchors that resolve (axe-core:
tests/browser)."""

import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from conftest import ROOT


def all_pages(site):
    return sorted(site.rglob("index.html"))


CLIP_GRID = re.compile(r'<div class="va-clip__grid" role="img" aria-label="([^"]*)">(.*?)</div>', re.S)


def test_every_figure_has_alt_text_and_verdicts_have_words(site):
    """Every image has alt text, except the views a clip is cropped into (sitegen/clips.py): those are marked
    decorative (alt=""), and the clip's alt text is on the element holding them, an image to screen readers."""
    clips = 0
    for html in all_pages(site):
        text = html.read_text(encoding="utf-8")
        for label, views in CLIP_GRID.findall(text):
            clips += 1
            assert label.strip(), f"{html}: a clip without alt text"
            views = re.findall(r"<img [^>]*>", views)
            assert views and all(' alt="" ' in v for v in views), html
        text = CLIP_GRID.sub("", text)
        for img in re.findall(r"<img [^>]*>", text):
            alt = re.search(r'alt="([^"]*)"', img)
            assert alt and alt.group(1).strip(), f"{html}: image without alt text: {img[:120]}"
        for badge in re.findall(
            r'<span class="va-verdict [^"]*"[^>]*>(.*?)</span>\s*</span>|<span class="va-verdict [^"]*"[^>]*>(?:<span class="twemoji">.*?</span>)([^<]*)</span>',  # noqa: E501
            text,
            re.S,
        ):
            assert any(part.strip() for part in badge), f"{html}: a verdict badge without a word"
    assert clips > 10, "no clip found: the pattern no longer matches the clips' markup"


# ---------------------------------------------------------------- links
class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for attr in ("href", "src"):
            if a.get(attr) and tag in ("a", "link", "img", "script"):
                self.hrefs.append(a[attr])


@functools.cache
def parse(path: Path) -> Links:
    """The links and ids of a built page, read once per test session."""
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_internal_link_and_anchor_resolves_offline(site, site_url):
    """Links resolved as the browser resolves them on the published site (under ``site_url``'s sub-path: 404.html
    links from the site's root, as it is served for any missing address)."""
    broken, external = [], set()
    root = urlparse(site_url).path
    for html in sorted(site.rglob("*.html")):
        base = "http://site.invalid" + root + str(html.relative_to(site))
        for href in parse(html).hrefs:
            if href.startswith(("mailto:", "data:", "javascript:")):
                continue
            url = urlparse(urljoin(base, href))
            if url.netloc != "site.invalid":
                external.add(href)
                continue
            if not url.path.startswith(root):
                broken.append(f"{html.relative_to(site)}: {href} (outside the site's {root})")
                continue
            target = site / unquote(url.path.removeprefix(root))
            if url.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html.relative_to(site)}: {href} (no {target.relative_to(site)})")
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in parse(target).ids:
                broken.append(f"{html.relative_to(site)}: {href} (no #{url.fragment})")
    assert broken == []
    bad = sorted(
        u
        for u in external
        if not re.match(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[^\s\"<>]*)?$", u)
        and not re.match(r"^http://127\.0\.0\.1:\d+/", u)
    )
    assert bad == [], "external links must be well-formed https URLs"
    out = ROOT / "test-results"
    out.mkdir(exist_ok=True)
    (out / "external-links.txt").write_text("\n".join(sorted(external)) + "\n")  # the list, for a human to check
