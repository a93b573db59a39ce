"""The build session: start each language build, index its pages, compute and draw what they show.

on_config   starts a language build (hooks/_state.py: the first language starts a new session and loads and
            validates data/*.yml once).
on_files    after mkdocs-static-i18n (-100) has chosen this language's pages: read every page once into the
            index (every figure, value, figure link and marker with its page:line; every problem is an error
            there), run the computes its figures and values need (once per bilingual build, in worker
            processes, cached), and add this language's SVGs to the site as assets/figures/<id>.<lang>.svg and
            each figure's data as assets/data/<id>.json (one file, linked from both languages).
on_post_build  reports what the build computed, read from cache and drew (benchmarks and tests read this line).

Environment: VA_CACHE_DIR (default .cache), VA_SNIPPET_TIMEOUT (default 120 s), VA_WORKERS (default: cores),
VA_NO_EXEC=1 (benchmark only: placeholder figures and values, nothing executed).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

import logging

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from sitegen import figures as _figures
from sitegen import state as _state
from sitegen.common import LANGS
from sitegen.render import MARKERS

log = logging.getLogger("mkdocs.hooks.session")


def on_config(config):
    _state.start(config)


@event_priority(-110)  # after mkdocs-static-i18n (-100) has chosen this language's files
def on_files(files, config):
    session, build = _state.session(), _state.build()
    pages = {f.src_uri: f.content_string for f in files.documentation_pages() if f.src_uri.endswith(".md")}
    markers = {kind: takes_arg for kind, (_, takes_arg) in MARKERS.items()}
    _state.index(build, pages, markers, list(session.data.claims.by_id), _figures.find)
    _figures.compute_all(session, build, log)
    for ref, where in build.figures.items():
        files.append(
            File.generated(
                config, f"assets/figures/{ref}.{build.lang}.svg", content=_figures.svg(session, ref, build.lang)
            )
        )
        if build.lang == LANGS[0] and not session.settings.no_exec:  # one data file for both languages, at the root
            files.append(
                File.generated(config, f"assets/data/{ref}.json", content=_figures.export(session, ref, where))
            )
    return files


def on_post_build(config):
    build, stats = _state.build(), _state.session().stats
    log.info(
        f"session ({build.lang}): computed {stats['computed']}, read from cache {stats['from_disk']}, "
        f"drew {stats['svg_drawn']} SVG(s)"
    )
