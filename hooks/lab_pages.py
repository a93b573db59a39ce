"""Labs as pages: each notebook, executed (hooks/_lab_execution.py), rendered by mkdocs-jupyter with a download
link, its language switch pointing at its twin lab, and heading anchors that match its table of contents.

mkdocs-static-i18n rebuilds every file as a plain ``File``, dropping mkdocs-jupyter's page wrapper, so a notebook
would be published as raw JSON while the build exits 0 (an i18n × mkdocs-jupyter interaction; see
tests/test_labs.py). After i18n (-100) each notebook becomes a documentation page at ``labs/<name>/`` again,
whose source is the executed copy; mkdocs-jupyter then only converts it (``execute: false``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

import copy
import html
import logging
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from anchors import slugify  # the same ids as every other page
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from sitegen import labs as _lab_execution
from sitegen import state as _state
from sitegen.common import LANGS, esc, page_lang

log = logging.getLogger("mkdocs.hooks.lab_pages")


class LabFile(File):
    """A notebook served as a page (what mkdocs-jupyter's wrapper does, re-applied after i18n)."""

    def is_documentation_page(self) -> bool:
        return True


@event_priority(-10)  # after hooks/session.py has started the build (0)
def on_config(config):
    """Every lab of every language starts executing now (those the cache does not hold), beside the rest of the
    build (hooks/_lab_execution.py)."""
    labs = Path(config.docs_dir) / "labs"
    texts = {f"docs/labs/{p.name}": p.read_text(encoding="utf-8") for p in sorted(labs.glob("*.ipynb"))}
    _lab_execution.start(_state.session(), texts, log)


@event_priority(-110)  # after mkdocs-static-i18n (-100)
def on_files(files, config):
    session = _state.session()
    render_dir = session.settings.cache_dir / "labs-render"
    render_dir.mkdir(parents=True, exist_ok=True)
    for f in [f for f in files if f.src_uri.endswith(".ipynb")]:
        text = _lab_execution.executed(session, f.content_string, f"docs/{f.src_uri}", log)
        path = render_dir / os.path.basename(f.src_uri)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        page = copy.copy(f)
        page.__class__ = LabFile
        for cached in ("url", "abs_dest_path", "dest_uri"):
            page.__dict__.pop(cached, None)
        page.abs_src_path = str(path)
        page.dest_dir = config.site_dir
        page.dest_uri = re.sub(r"\.ipynb$", "/index.html", f.dest_uri)
        files.remove(f)
        files.append(page)
    return files


@event_priority(-10)  # after mkdocs-static-i18n has set the language switch's links
def on_page_context(context, page, config, nav):
    """The language switch and hreflang links of a lab point to its twin lab (i18n only knows Markdown twins)."""
    if isinstance(page.file, LabFile):
        stem = re.sub(rf"\.({'|'.join(LANGS)})\.ipynb$", "", page.file.src_uri)
        base = urlsplit(config.site_url).path.rstrip("/") if config.site_url else ""
        for alt in getattr(config.extra, "alternate", None) or []:  # i18n sets it as an attribute
            prefix = "" if alt["lang"] == LANGS[0] else f"{alt['lang']}/"
            alt["link"] = f"{base}/{prefix}{stem}/"
    return context


def readable_anchors(output: str) -> str:
    """Give every heading of a lab the id the site's pages use (hooks/anchors.py: vowel signs kept), and point the
    table of contents and every in-page link at it."""
    renamed, used = {}, set()
    for old, inner in re.findall(r'<h[1-6] id="([^"]+)">(.*?)</h[1-6]>', output, re.S):
        text = re.sub(r"<[^>]+>", "", inner).replace("¶", "").strip()
        new = slugify(html.unescape(text), "-") or old
        while new in used:
            new += "_"
        used.add(new)
        if new != old:
            renamed[old] = new
    for old, new in renamed.items():
        output = output.replace(f'id="{old}"', f'id="{new}"').replace(f'href="#{old}"', f'href="#{new}"')
    return output


def on_post_page(output, page, config):
    if not isinstance(page.file, LabFile):
        return output
    # nbconvert gives Devanagari headings an empty id while the table of contents links to "#_1", "#_2"…:
    # give the empty-id headings, in order, the anchors the table of contents uses
    toc = list(dict.fromkeys(re.findall(r'<a href="#([^"]+)" class="md-(?:nav__link|skip)">', output)))
    have = set(re.findall(r' id="([^"]+)"', output))
    missing = iter([a for a in toc if a not in have])
    output = re.sub(r'<(h[1-6]) id="">', lambda m: f'<{m.group(1)} id="{next(missing, "")}">', output)
    output = readable_anchors(output)
    # a download link for the notebook (mkdocs-jupyter copies it next to the page; Material shows no link)
    label = esc(_state.session().data.ui("download_lab", page_lang(page)))
    link = (
        f'<a class="md-content__button md-icon va-download" href="{esc(os.path.basename(page.file.src_uri))}" '
        f'download title="{label}">{label} (.ipynb)</a>'
    )
    return output.replace(
        '<article class="md-content__inner md-typeset">', '<article class="md-content__inner md-typeset">' + link, 1
    )
