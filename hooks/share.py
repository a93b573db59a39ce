"""Link previews and forwarded images: every page gets a share image and Open Graph / Twitter metadata, and every
claim card an image of its own (the card's copy-link button and image link are rendered in hooks/_render.py).

on_page_context  sets ``page.meta.va_share`` (read by overrides/main.html): absolute URLs from ``site_url``, the
                 page title, a description (the page's first paragraph), ``og:locale`` hi_IN / en_US.
on_post_page     writes the page's image and the images of the claims on it to site/assets/share/ (one folder for
                 both languages: the file names carry the language).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

import html
import re

from sitegen import share as _share
from sitegen import state as _state
from sitegen.common import LANGS, page_lang

LOCALES = {"hi": "hi_IN", "en": "en_US"}


def site_root(config) -> str:
    return (config.site_url or "/").rstrip("/") + "/"


def description(content: str, fallback: str) -> str:
    """The page's first paragraph as plain text, at most about 200 characters (cut at a word)."""
    m = re.search(r"<p>(.*?)</p>", content or "", re.S)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))).strip() if m else ""
    text = text or fallback
    return text if len(text) <= 200 else text[:200].rsplit(" ", 1)[0] + "…"


def on_page_context(context, page, config, nav):
    lang = page_lang(page)
    page.meta["va_share"] = {
        "image": site_root(config) + _share.image_path(_share.page_key(page.file.src_uri), lang),
        "url": page.canonical_url or site_root(config),
        "title": page.title or config.site_name,
        "description": description(page.content, config.site_description or ""),
        "locale": LOCALES[lang],
        "alternate_locale": [LOCALES[x] for x in LANGS if x != lang],
    }
    return context


def on_post_page(output, page, config):
    session, build, lang = _state.session(), _state.build(), page_lang(page)
    site_dir = session.site_dir  # the other languages build into site/<lang>/: share images live at the root for all
    ui, verdicts = session.data.ui, session.data.claims.verdicts
    images = {_share.page_key(page.file.src_uri): (page.title or config.site_name, None, None, ui("share_page", lang))}
    for cid, src in build.placed.items():
        if src == page.file.src_uri:
            c = session.data.claims.by_id[cid]
            images[f"claim-{cid}"] = (
                c["claim"][lang],
                verdicts[c["verdict"]][lang],
                c["verdict"],
                ui("share_claim", lang),
            )
    for key, (title, word, verdict, label) in images.items():
        target = site_dir / _share.image_path(key, lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_share.png(session, title, word, verdict, config.site_name, lang, label))
    return output
