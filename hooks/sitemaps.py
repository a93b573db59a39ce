"""A sitemap next to every page, for Material's language switch.

Material's JavaScript fetches ``sitemap.xml`` next to every ``<link rel="alternate">`` of a page, to map the page
to its twin (zensical#908). mkdocs-static-i18n points those links at the twin pages (correct hreflang) but
writes one sitemap at the root. So each language root gets a copy of it, and each page folder a one-entry
sitemap built from the page's own alternates: the switch keeps the page and no request fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.plugins import event_priority

from sitegen.common import LANGS

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
<url><loc>{loc}</loc>{links}</url>
</urlset>
"""
ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]+)" hreflang="([a-z-]+)">')


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and written the root sitemap
def on_post_build(config):
    site = Path(config.site_dir)
    root = site / "sitemap.xml"
    if not root.exists():
        return
    for lang in LANGS:
        if (site / lang).is_dir():
            shutil.copy2(root, site / lang / "sitemap.xml")
    base = config.site_url or "http://localhost/"
    for page in site.rglob("index.html"):
        folder = page.parent.relative_to(site).as_posix()
        if folder in (".", *LANGS):
            continue
        loc = urljoin(base, folder + "/")
        alts = ALTERNATE.findall(page.read_text(encoding="utf-8"))
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="{urljoin(loc, href)}"/>' for href, lang in alts
        )
        (page.parent / "sitemap.xml").write_text(SITEMAP.format(loc=loc, links=links), encoding="utf-8")
