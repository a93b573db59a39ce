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



def on_post_build(config):
    """Material's JavaScript fetches ``sitemap.xml`` next to every ``<link rel="alternate">`` of a page, to map
    the page to its twin for the language switch. mkdocs-static-i18n points those links at the twin pages
    (correct hreflang) but writes one sitemap at the root. So each language root gets a copy of it, and each
    page folder a one-entry sitemap with the page and its alternates: the switch keeps the page and no
    request fails."""
    import re
    import shutil
    from pathlib import Path
    from urllib.parse import urlsplit

    site = Path(config.site_dir)
    root = site / "sitemap.xml"
    if not root.exists():
        return
    for lang in LANGS:
        if (site / lang).is_dir():
            shutil.copy2(root, site / lang / "sitemap.xml")
    text = root.read_text(encoding="utf-8")
    head, base = text.split("<url>", 1)[0], urlsplit(config.site_url or "/").path
    for entry in re.findall(r"<url>.*?</url>", text, re.S):
        path = urlsplit(re.search(r"<loc>(.*?)</loc>", entry).group(1)).path
        rel = path[len(base):] if path.startswith(base) else path.lstrip("/")
        folder = site / rel
        if rel.strip("/") in ("", *LANGS) or not (folder / "index.html").exists():
            continue
        (folder / "sitemap.xml").write_text(f"{head}{entry}\n</urlset>\n", encoding="utf-8")
