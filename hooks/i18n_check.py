"""Both languages, always: every page has its twin (page.hi.md ↔ page.en.md), every UI string both texts.

mkdocs-static-i18n would quietly build a language with a page missing; we make that a build error.
"""
from __future__ import annotations

from _common import LANGS, BuildError, check_ui
from mkdocs.plugins import event_priority


def on_config(config):
    check_ui()


def missing_twins(src_uris) -> list[str]:
    """Pages (``name.<lang>.md`` or ``.ipynb``) whose other-language twin is missing, as messages."""
    present = set(src_uris)
    problems = []
    for uri in sorted(present):
        stem, dot, ext = uri.rpartition(".")
        base, _, lang = stem.rpartition(".")
        if ext not in ("md", "ipynb"):
            continue
        if lang not in LANGS:
            problems.append(f"docs/{uri}: a page must end in .hi.{ext} or .en.{ext}")
            continue
        for other in LANGS:
            if f"{base}.{other}.{ext}" not in present:
                problems.append(f"docs/{base}.{other}.{ext} is missing (the {other} twin of docs/{uri})")
    return problems


@event_priority(50)  # before mkdocs-static-i18n filters the files down to one language
def on_files(files, config):
    if config.plugins["i18n"].current_language not in (None, config.plugins["i18n"].default_language):
        return files  # checked once, in the first language's build
    problems = missing_twins(f.src_uri for f in files if f.src_uri.endswith((".md", ".ipynb")) and not f.generated_by)
    if problems:
        raise BuildError("pages without their other-language twin:\n  " + "\n  ".join(problems))
    return files




SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
<url><loc>{loc}</loc>{links}</url>
</urlset>
"""


@event_priority(-200)  # after mkdocs-static-i18n (-100) has merged both languages into one search index
def on_post_build(config):
    fix_search_index(config)
    write_sitemaps(config)


def fix_search_index(config):
    """One search entry per location. Notebook pages (labs) give several sections the same location (their
    headings get no anchor), and Material's search worker fails on such duplicates: merge their text."""
    import json
    from pathlib import Path

    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    merged, order = {}, []
    for doc in index["docs"]:
        if doc["location"] in merged:
            merged[doc["location"]]["text"] += " " + doc["text"]
        else:
            merged[doc["location"]] = doc
            order.append(doc["location"])
    if len(order) != len(index["docs"]):
        index["docs"] = [merged[loc] for loc in order]
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def write_sitemaps(config):
    """Material's JavaScript fetches ``sitemap.xml`` next to every ``<link rel="alternate">`` of a page, to map
    the page to its twin for the language switch. mkdocs-static-i18n points those links at the twin pages
    (correct hreflang) but writes one sitemap at the root. So each language root gets a copy of it, and each
    page folder a one-entry sitemap built from the page's own alternates: the switch keeps the page and no
    request fails."""
    import re
    import shutil
    from pathlib import Path
    from urllib.parse import urljoin

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
        alts = re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([a-z]+)">', page.read_text(encoding="utf-8"))
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{urljoin(loc, href)}"/>' for href, lang in alts)
        (page.parent / "sitemap.xml").write_text(SITEMAP.format(loc=loc, links=links), encoding="utf-8")
