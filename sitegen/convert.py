"""A page's Markdown → HTML conversion (MkDocs' ``Page.render``: Python-Markdown and its extensions), kept between
builds by everything it is made from, so that a rebuild converts only the pages that changed (in `mkdocs serve`, a
prose edit converts one page instead of 98).

The key: the page's Markdown as the hooks left it (every reference already rendered into it), its source and
destination, every file of the site with its URL (links are checked and rewritten against them), the Markdown
settings, the files it includes with pymdownx.snippets (``--8<-- "path:section"``, followed into what they include),
the site machinery's code (the heading ids' slugify is ours) and the Markdown libraries' versions. What is kept is
all ``render`` leaves on the page: the HTML, the table of contents, the title, the anchors it has and the anchors it
links to (MkDocs checks those after every page is converted). A conversion that logged anything (a link to a missing
page: a warning, which fails a strict build) is not kept, so the next build reports it again; a page that includes
files in a form this does not follow (a block ``--8<--``) is converted every time.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import re

from sitegen.common import LOADED, ROOT, PerObject

_INCLUDE = re.compile(r'--8<--\s+"([^"]+)"')
_BLOCK = re.compile(r"^\s*;?--8<--\s*$", re.M)
_VERSIONS = [
    importlib.metadata.version(name)
    for name in ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "pygments")
]


def _name(obj) -> str:
    """JSON for what the settings hold besides plain data: a function by its module and name (its repr has an
    address that changes with every process)."""
    if callable(obj):
        return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', type(obj).__name__)}"
    return repr(obj)


def _included(markdown: str) -> list | None:
    """(path, sha256) of every file the page includes, and what they include; None if it includes in a form not
    followed here, or a file that is missing (the conversion reports it)."""
    if _BLOCK.search(markdown):
        return None
    found, todo = {}, _INCLUDE.findall(markdown)
    while todo:
        path = todo.pop().split(":", 1)[0]
        if path in found:
            continue
        target = ROOT / path
        if not target.is_file():
            return None
        data = target.read_bytes()
        found[path] = hashlib.sha256(data).hexdigest()
        todo += _INCLUDE.findall(data.decode("utf-8", "replace"))
    return sorted(found.items())


@PerObject  # once per language build: its pages share one Files
def _site(files) -> str:
    """A digest of every file of the site and its URL."""
    return hashlib.sha256(json.dumps(sorted((f.src_uri, f.url) for f in files)).encode()).hexdigest()


class _Heard(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.heard = False

    def emit(self, record):
        self.heard = True


def keep(page, config, files, cache, stats: dict) -> None:
    """Wrap ``page.render`` so that its result is read from ``cache`` (sitegen.compute.Cache) when the same inputs
    made it before, and stored there when its conversion logged nothing; ``stats["pages_converted"]`` counts the
    conversions that ran."""
    render, site = page.render, _site(files)
    settings = [config["markdown_extensions"], config["mdx_configs"], config["validation"]]

    def cached(config, files):
        included = _included(page.markdown)
        if included is None:
            return render(config, files)
        parts = [LOADED, _VERSIONS, settings, page.file.src_uri, page.file.url, site, included, page.markdown]
        key = hashlib.sha256(json.dumps(parts, sort_keys=True, default=_name).encode()).hexdigest()[:32]
        kept = cache.read(key)
        if kept is not None:
            links = kept[4]
            targets = {src: files.get_file_from_path(src) for src in links or {}}
            if None not in targets.values():
                page.content, page.toc, page._title_from_render, page.present_anchor_ids = kept[:4]
                page.links_to_anchors = None if links is None else {targets[s]: a for s, a in links.items()}
                return
        stats["pages_converted"] += 1
        heard, loggers = _Heard(), (logging.getLogger(), logging.getLogger("mkdocs"))  # MkDocs' does not propagate
        for logger in loggers:
            logger.addHandler(heard)
        try:
            render(config, files)
        finally:
            for logger in loggers:
                logger.removeHandler(heard)
        if not heard.heard:
            links = page.links_to_anchors
            links = None if links is None else {f.src_uri: anchors for f, anchors in links.items()}
            cache.write(key, (page.content, page.toc, page._title_from_render, page.present_anchor_ids, links))

    page.render = cached
