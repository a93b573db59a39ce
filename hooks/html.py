"""Each page's HTML: content transforms, head metadata, share images, minified last.

on_env            the theme's compiled templates kept between builds
on_page_content   glossary hover definitions → math as MathML (and its font, inline) → tables in scroll boxes; the
                  headings' permalinks titled in the page's language (Markdown's toc writes "Permanent link")
on_page_context   the page's link-preview metadata and its language's Atom feed (``page.meta.va_share``,
                  ``va_feed``, written by overrides/main.html)
on_post_page      a claim page's ClaimReview JSON-LD; the page's share image (a claim page's is the claim's);
                  the tables' scroll-box label; then minified (last, after every other page hook)
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from sitegen import feeds, figures, i18n, jsonld, markup, share, state
from sitegen.common import LANGS, esc


def on_env(env, config, files):
    """The theme's templates are compiled once and kept (Jinja's bytecode cache, keyed by each template's source)."""
    import jinja2

    folder = state.session().settings.cache_dir / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


def on_page_content(html, page, config, files):
    session, lang = state.session(), i18n.page_lang(page)
    permalink = esc(session.data.ui("permalink", lang))
    where = f"docs/{page.file.src_uri}"
    html, maths = markup.content(html, session.data.glossary, lang, permalink, where, session.cache("html"))
    font = (Path(config.docs_dir) / "assets" / "fonts" / "NotoSansMath-Regular.woff2").read_bytes() if maths else b""
    page.meta["va_math"] = markup.math_font(font, maths) if maths else None
    return html


def on_page_context(context, page, config, nav):
    claim = state.build().claim_of(page.file.src_uri)
    image = state.session().data.claims.by_id[claim].anchor if claim else None
    page.meta["va_share"] = share.meta(page, config, i18n.page_lang(page), LANGS, image)
    lang = i18n.page_lang(page)
    title = state.session().data.ui("feed_title", lang).format(site=config.site_name)
    page.meta["va_feed"] = {"url": feeds.url(config.site_url, lang), "title": title}
    return context


@event_priority(-100)  # last: after the labs' page fixes; minified as the very last step
def on_post_page(output, page, config):
    session, build, lang = state.session(), state.build(), i18n.page_lang(page)
    claim = build.claim_of(page.file.src_uri)
    if claim:
        home = (config.site_url or "/").rstrip("/") + "/" + ("" if lang == LANGS[0] else f"{lang}/")
        page_url = page.canonical_url or page.abs_url
        text = figures.plain(session, session.data.claims.by_id[claim].claim[lang], lang)
        script = jsonld.script(session.data.claims, claim, lang, page_url, home, config.site_name, text)
        output = output.replace("</head>", f"{script}\n</head>", 1)
    share.write_image(session, page, claim, lang, config.site_name)
    label = esc(session.data.ui("table_scroll", lang))  # docs/assets/js/scroll-focus.js labels wide tables with it
    output = output.replace("<body ", f'<body data-va-table-label="{label}" ', 1)
    return markup.minify(output, session.cache("html"))
