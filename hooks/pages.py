"""Pages: start each language build, index its pages, compute and draw what they show, render every reference.

on_config         a language build starts (sitegen/state.py; the default language's starts a new bilingual build:
                  data files loaded and checked); every page has its other-language twin; headings get readable ids
on_files          after mkdocs-static-i18n has chosen this language's pages: a page per claim added
                  (sitegen/claimpage.py), every page read once into the index
                  (figures, values, figure links, markers, with page:line; every problem is an error there), the
                  computes its figures, clips and values need run (once per bilingual build, cached), this language's
                  SVGs added as assets/figures/<id>.<lang>.svg, clips as assets/clips/<id>.png (one explorer's as
                  assets/clips/<id>/<setting>.png) and each figure's and clip's data as assets/data/<id>.json; the
                  claims dataset (data/claims.json, .csv, schema, licence: sitegen/dataset.py) and the language's
                  Atom feed (feed.xml, en/feed.xml: sitegen/feeds.py)
on_pre_page       each page's conversion to HTML kept between builds (sitegen/convert.py)
on_page_markdown  each indexed reference rendered (sitegen/render.py)
on_serve          `mkdocs serve` notices edits as they happen
on_post_build     what the bilingual build has computed, read from cache, drawn and converted so far (a log
                  line per language: the last one counts the whole build)

Loaded first of the hooks (mkdocs.yml): it imports this checkout's sitegen/ (not one imported from elsewhere).
MkDocs loads hooks once per process, so `mkdocs serve` keeps the hooks/ and sitegen/ it started with: a rebuild after
they change fails with a message to restart it. Snippets are imported afresh for every build (sitegen/state.py).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # MkDocs restores sys.path after loading a hook
for _name in [m for m in sys.modules if m.split(".")[0] == "sitegen"]:
    del sys.modules[_name]

from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from sitegen import claimpage, clips, convert, dataset, feeds, figures, i18n, render, serve, state  # noqa: E402
from sitegen.common import LANGS, BuildError  # noqa: E402
from sitegen.text import slugify  # noqa: E402

log = logging.getLogger("mkdocs.hooks.pages")


@event_priority(100)  # first: before any other hook asks for the build
def on_config(config):
    build = state.start(config)
    if build.lang == LANGS[0]:
        problems = i18n.missing_twins(i18n.source_pages(config.docs_dir))
        if problems:
            raise BuildError("pages without their other-language twin:\n  " + "\n  ".join(problems))
    config["mdx_configs"].setdefault("toc", {})["slugify"] = slugify  # heading ids keep Devanagari vowel signs
    return config


@event_priority(-100)  # last, after mkdocs-static-i18n's (registered before the hooks) has chosen the language
def on_files(files, config):
    i18n.check_order(config, ("files", on_files))
    session, build = state.session(), state.build()
    claim_pages = claimpage.files(config, session.data.claims, build.lang)
    for f in claim_pages:
        files.append(f)
    i18n.add_to_sitemap(config, claim_pages)
    pages = {f.src_uri: f.content_string for f in files.documentation_pages() if f.src_uri.endswith(".md")}
    state.index(build, pages, session.data.claims, figures.find)
    figures.compute_all(session, build, log)
    for ref, where in build.figures.items():
        svg = figures.svg(session, ref, build.lang)
        files.append(File.generated(config, f"assets/figures/{ref}.{build.lang}.svg", content=svg))
        if build.lang == LANGS[0] and not session.settings.no_exec:  # one data file for both languages, at the root
            files.append(File.generated(config, f"assets/data/{ref}.json", content=figures.export(session, ref, where)))
    if build.lang == LANGS[0] and not session.settings.no_exec:  # clips show the same pixels in both languages
        for ref, where in build.clips.items():
            for path, png in clips.drawn(session, ref)["files"].items():
                files.append(File.generated(config, path, content=png))
            data = figures.export(session, ref, where, "CLIPS")
            files.append(File.generated(config, f"assets/data/{ref}.json", content=data))

    def values(ref, lang):
        return figures.value_text(session, ref, lang)

    def text(texts, lang):
        return dataset.plain(texts, lang, values)

    opendata = dataset.generated(session, config, build.lang, values) | feeds.generated(
        session, config, build.lang, text
    )
    for path, content in opendata.items():
        files.append(File.generated(config, path, content=content))
    session.check_sources()  # what was computed and drawn came from the snippets as they were when the build began
    return files


@event_priority(-50)  # late: after every plugin has given the page its renderer
def on_pre_page(page, config, files):
    if page.file.src_uri.endswith(".md"):
        session = state.session()
        convert.keep(page, config, files, session.cache("pages"), session.stats)
    return page


@event_priority(100)  # first: the Markdown is the page's text as indexed
def on_page_markdown(markdown, page, config, files):
    return render.page(markdown, page, config, files)


def on_serve(server, config, builder):
    """`mkdocs serve` sees a change when it happens (inotify) rather than at its next poll (every 0.5 s)."""
    paths = list(server._watched_paths)  # what MkDocs watches so far (docs/, mkdocs.yml); `watch:` comes next
    for path in paths:
        server.unwatch(path)
    server.observer = serve.Observer()
    for path in paths:
        server.watch(path)
    return server


def on_post_build(config):
    build, stats = state.build(), state.session().stats
    log.info(
        f"session ({build.lang}): computed {stats['computed']}, read from cache {stats['from_disk']}, "
        f"drew {stats['svg_drawn']} SVG(s), converted {stats['pages_converted']} page(s)"
    )
