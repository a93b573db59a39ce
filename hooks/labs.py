"""Labs (docs/labs/*.ipynb): executed once per build, published as pages with outputs and a download link.

on_config         every lab of every language starts executing (those the cache does not hold), beside the build
on_files          after mkdocs-static-i18n: each notebook becomes a page at labs/<name>/ whose source is its executed
                  copy, with a cell saying how to run it elsewhere and a first code cell that installs the evidence
                  package (sitegen/labs.py: ``runnable``); mkdocs-jupyter then only converts it (``execute: false``)
on_pre_page       each lab's conversion to HTML kept between builds
on_page_context   after i18n has set the language switch: a lab's switch and hreflang links point at its twin lab
on_post_page      readable heading ids, the download link, keyboard-reachable code cells, the stylesheet moved out
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from sitegen import i18n, labs, state

log = logging.getLogger("mkdocs.hooks.labs")


def on_config(config):
    notebooks = sorted((Path(config.docs_dir) / "labs").glob("*.ipynb"))
    labs.start(state.session(), {f"docs/labs/{p.name}": p.read_text(encoding="utf-8") for p in notebooks}, log)


@event_priority(-100)  # last, after mkdocs-static-i18n's (registered before the hooks)
def on_files(files, config):
    i18n.check_order(config, ("files", on_files))
    session = state.session()
    executed = session.settings.cache_dir / "labs-render"
    executed.mkdir(parents=True, exist_ok=True)
    notebooks = [f for f in files if f.src_uri.endswith(".ipynb")]
    if notebooks:
        how_to_run, install = labs.run_anywhere(session.data.ui, i18n.language(config), config.repo_url)
    for f in notebooks:
        text = labs.executed(session, f.content_string, f"docs/{f.src_uri}", log)
        text = labs.runnable(text, how_to_run, install)
        path = executed / os.path.basename(f.src_uri)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        files.remove(f)
        files.append(labs.as_page(f, path, config.site_dir))
    return files


@event_priority(-50)  # late: after mkdocs-jupyter has given the lab page its renderer
def on_pre_page(page, config, files):
    """A lab's conversion to HTML (nbconvert, the slow part of publishing it) is kept by the executed notebook's
    text and mkdocs-jupyter's settings (its own cache is evicted by each language's build)."""
    if page.file.src_uri.endswith(".ipynb"):
        labs.cache_conversion(page, config, state.session().cache("labs-html"))
    return page


def on_page_context(context, page, config, nav):
    if page.file.src_uri.endswith(".ipynb"):
        i18n.lab_alternates(config, page.file.src_uri)
    return context


def on_post_page(output, page, config):
    if not page.file.src_uri.endswith(".ipynb"):
        return output

    def stylesheet(css: str) -> str:
        name = f"assets/css/jupyter-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        target = Path(config.site_dir) / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")
        return get_relative_url(name, page.url)

    label = state.session().data.ui("download_lab", i18n.page_lang(page))
    return labs.finish_page(output, os.path.basename(page.file.src_uri), label, stylesheet)
