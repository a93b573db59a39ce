"""Link previews: every page gets a share image and Open Graph metadata; a claim's page gets the claim's image
(its text and verdict), which the claim's card on its topic page links to as well.

Images are 1200×630 PNGs per page, per language, drawn by sitegen/share_card.py. Like figures, each is
drawn at most once per build and cached on disk under a key of its text, the renderer's source and the library
versions; a warm build draws nothing. ``meta`` is what overrides/main.html writes into the page's head.
"""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import html
import json
import re

from sitegen import figures
from sitegen.compute import VERSIONS, Cache, processes

INLINE = 4  # cards a build draws itself before it starts processes for the rest (starting one takes about 1 s)


def png(session, title: str, verdict_word, verdict_key, site_name: str, lang: str, kind_label):
    """The card's PNG bytes, or a future of them: from this build, the cache, or drawn. A build with many cards to
    draw (a cold one) draws them in processes of their own (one per core) beside the pages; ``finish`` waits for
    them."""
    from sitegen import share_card

    args = [title, verdict_word, verdict_key, site_name, lang, kind_label]
    colours = share_card.verdict_style()
    key = hashlib.sha256(json.dumps([args, colours, VERSIONS]).encode() + share_card.SOURCE).hexdigest()[:32]
    if key in session.shares:
        return session.shares[key]
    cache = Cache(session.settings.cache_dir / "share")
    data = cache.read(key, "png")
    if data is None:
        session.stats["cards_drawn"] += 1
        if session.stats["cards_drawn"] <= INLINE:
            data = share_card.render_card(*args)
            cache.write(key, data, "png")
        else:
            if session.pool is None:
                workers = max(1, session.settings.workers)  # the computes are done: every core is free
                session.pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=processes(torch=False))
            data = session.pool.submit(share_card.render_card, *args)
            data.add_done_callback(functools.partial(_store, cache, key))
    session.shares[key] = data
    return data


def _store(cache: Cache, key: str, drawn: concurrent.futures.Future) -> None:
    if not drawn.cancelled() and drawn.exception() is None:
        cache.write(key, drawn.result(), "png")


def finish(session) -> None:
    """Every page's share image on disk, once the cards being drawn are done (a card that failed raises here)."""
    try:
        for target, data in session.cards.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.result() if isinstance(data, concurrent.futures.Future) else data)
    finally:
        session.close()


def page_key(src_uri: str) -> str:
    """``topics/attention.en.md`` → ``topics-attention``; ``index.hi.md`` → ``index``."""
    stem = src_uri.rsplit(".", 2)[0]
    return stem.replace("/", "-").lower()


def share_title(page, site_name: str) -> str:
    """The title a link preview shows: the site's name for the home page (its title is just "Home")."""
    return site_name if page_key(page.file.src_uri) == "index" else (page.title or site_name)


def image_path(key: str, lang: str) -> str:
    """Where a share image lives in the site, from the site root (both languages' files sit side by side)."""
    return f"assets/share/{key}.{lang}.png"


LOCALES = {"hi": "hi_IN", "en": "en_US"}


def description(content: str, fallback: str) -> str:
    """The page's first paragraph as plain text, at most about 200 characters (cut at a word)."""
    m = re.search(r"<p>(.*?)</p>", content or "", re.S)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))).strip() if m else ""
    text = text or fallback
    return text if len(text) <= 200 else text[:200].rsplit(" ", 1)[0] + "…"


def meta(page, config, lang: str, langs, image: str | None = None) -> dict:
    """``page.meta["va_share"]``: absolute URLs from ``site_url``, title, description, og:locale; ``image``: the
    key of the page's share image (a claim page's is the claim's anchor), by default the page's own."""
    root = (config.site_url or "/").rstrip("/") + "/"
    return {
        "image": root + image_path(image or page_key(page.file.src_uri), lang),
        "url": page.canonical_url or root,
        "title": share_title(page, config.site_name),
        "description": description(page.content, config.site_description or ""),
        "locale": LOCALES[lang],
        "alternate_locale": [LOCALES[x] for x in langs if x != lang],
    }


def write_image(session, page, claim: str | None, lang: str, site_name: str) -> None:
    """The page's share image, for site/assets/share/ (one folder for both languages: the file names carry the
    language; ``finish`` writes them): for the page of ``claim``, the claim's text and verdict; for every other
    page, its title."""
    ui, data = session.data.ui, session.data.claims
    if claim:
        c = data.by_id[claim]
        title = figures.plain(session, c.claim[lang], lang)
        key, args = c.anchor, (title, data.verdicts[c.verdict][lang], c.verdict, ui("share_claim", lang))
    else:
        key, args = page_key(page.file.src_uri), (share_title(page, site_name), None, None, ui("share_page", lang))
    title, word, verdict, label = args
    session.cards[session.site_dir / image_path(key, lang)] = png(session, title, word, verdict, site_name, lang, label)
