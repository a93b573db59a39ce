"""Share images: one 1200×630 PNG per page and per claim card, per language, drawn by snippets/_share_card.py.

Not a hook: hooks/share.py asks for them. Like figures, each image is drawn at most once per build and cached
on disk under a key of its text, the renderer's source and the library versions; a warm build draws nothing.
"""

from __future__ import annotations

import hashlib
import json

from sitegen.common import ROOT, use_project_snippets
from sitegen.compute import VERSIONS, Cache

RENDERER = ROOT / "sitegen" / "share_card.py"


def png(session, title: str, verdict_word, verdict_key, site_name: str, lang: str, kind_label) -> bytes:
    args = [title, verdict_word, verdict_key, site_name, lang, kind_label]
    source = RENDERER.read_bytes() + (ROOT / "snippets" / "_figure.py").read_bytes()
    key = hashlib.sha256(json.dumps([args, VERSIONS]).encode() + source).hexdigest()[:32]
    if key in session.shares:
        return session.shares[key]
    cache = Cache(session.settings.cache_dir / "share")
    data = cache.read(key, "png")
    if data is None:
        use_project_snippets()
        from sitegen.share_card import render_card

        data = render_card(*args)
        cache.write(key, data, "png")
        session.stats["cards_drawn"] += 1
    session.shares[key] = data
    return data


def page_key(src_uri: str) -> str:
    """``topics/attention.en.md`` → ``topics-attention``; ``index.hi.md`` → ``index``."""
    stem = src_uri.rsplit(".", 2)[0]
    return stem.replace("/", "-").lower()


def image_path(key: str, lang: str) -> str:
    """Where a share image lives in the site, from the site root (both languages' files sit side by side)."""
    return f"assets/share/{key}.{lang}.png"
