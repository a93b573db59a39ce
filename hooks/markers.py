"""Renders every reference a page makes — figures, values, figure links, ``<!-- md:… -->`` markers — in one pass.

Like mkdocs-material's own shortcodes hook: one entry point dispatching each match to a small renderer
(hooks/_render.py). The references were found and checked when the page was indexed (hooks/session.py), so an
unknown marker or id has already failed the build with its page:line.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

import itertools

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from sitegen import state as _state
from sitegen.common import page_lang
from sitegen.refs import replace, scan
from sitegen.render import Ctx, render


@event_priority(100)  # first, so the Markdown is the text the index read
def on_page_markdown(markdown, page, config, files):
    build = _state.build()
    indexed = build.pages.get(page.file.src_uri)
    refs = indexed.refs if indexed is not None and indexed.markdown == markdown else scan(markdown)
    if not refs:
        return markdown
    lang = page_lang(page)

    def figure_url(ref):
        return get_relative_url(files.get_file_from_path(f"assets/figures/{ref}.{lang}.svg").url, page.url)

    def root_url(path):  # files shared by both languages sit at the site root (page URLs carry the <lang>/ prefix)
        return get_relative_url(path, page.url)

    ctx = Ctx(
        _state.session(),
        build,
        lang,
        page.file.src_uri,
        figure_url,
        itertools.count(1),
        page_url=page.canonical_url or page.abs_url or "",
        root_url=root_url,
        repo_url=config.repo_url or "",
    )
    return replace(markdown, refs, lambda ref: render(ctx, ref))
