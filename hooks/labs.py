"""Labs: Jupyter notebooks (docs/labs/*.hi.ipynb / *.en.ipynb, kept in git without outputs), executed at
build time and rendered by mkdocs-jupyter with their outputs and a download link.

Two traps this hook closes (see tests/test_labs.py):
- mkdocs-static-i18n rebuilds every file as a plain ``File``, dropping mkdocs-jupyter's page wrapper, so a
  notebook would be published as raw JSON while the build exits 0. After i18n (priority -110) we turn each
  notebook back into a documentation page at ``labs/<name>/``.
- mkdocs-jupyter's own execution cache is evicted by each language's build. We execute here instead, with
  nbclient (a failing cell fails the build), once per notebook and build, cached on disk under a key of the
  notebook, the snippet modules it imports and the library versions; a warm build executes nothing.
mkdocs-jupyter then only converts the executed copy (``execute: false``).
"""
from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import re
from urllib.parse import urlsplit

from _common import CACHE_DIR, NO_EXEC, TIMEOUT, BuildError
from _compute import Cache, cache_key
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.labs")
STATS = {"executed": 0}
_executed: dict[str, str] = {}  # key -> executed notebook JSON (this process)
IMPORTS = re.compile(r"^\s*(?:from\s+snippets(?:\.(\w+))?\s+import\s+([\w ,]+)|import\s+snippets\.(\w+))", re.M)


class LabFile(File):
    """A notebook served as a page (what mkdocs-jupyter's wrapper does, re-applied after i18n)."""

    def is_documentation_page(self) -> bool:
        return True


def lab_key(nb_text: str) -> str:
    """Hash of the notebook and of every snippet module it imports (with their imports) and the versions."""
    cells = "\n".join("".join(c["source"]) for c in json.loads(nb_text)["cells"] if c["cell_type"] == "code")
    modules = set()
    for m in IMPORTS.finditer(cells):
        modules |= {m.group(1) or m.group(3)} if (m.group(1) or m.group(3)) else {n.split()[0] for n in m.group(2).split(",")}
    parts = [cache_key(mod, "lab", {}) for mod in sorted(modules)]
    return hashlib.sha256((nb_text + "".join(parts)).encode()).hexdigest()[:32]


def execute(nb_text: str, name: str, timeout: int) -> str:
    import nbclient
    import nbformat
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.reads(nb_text, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                                     resources={"metadata": {"path": os.getcwd()}})
    try:
        client.execute()
    except CellExecutionError as e:
        cell = next((i for i, c in enumerate(nb.cells) if any(o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
        raise BuildError(f"{name}: cell {cell} failed while executing the lab:\n{e}") from None
    except Exception as e:
        raise BuildError(f"{name}: could not execute the lab: {type(e).__name__}: {e}") from None
    for cell in nb.cells:  # deterministic output: no timings or kernel-specific metadata
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nbformat.writes(nb)


@event_priority(-110)  # after mkdocs-static-i18n (-100)
def on_files(files, config):
    cache = Cache(CACHE_DIR / "labs", warn=log.warning)
    render_dir = CACHE_DIR / "labs-render"
    render_dir.mkdir(parents=True, exist_ok=True)
    for f in [f for f in files if f.src_uri.endswith(".ipynb")]:
        name = f"docs/{f.src_uri}"
        text = f.content_string
        if NO_EXEC:
            executed = text
        else:
            key = lab_key(text)
            executed = _executed.get(key) or cache.read(key)
            if executed is None:
                log.info(f"executing {name}")
                executed = execute(text, name, int(TIMEOUT))
                cache.write(key, executed)
                STATS["executed"] += 1
            _executed[key] = executed
        path = render_dir / os.path.basename(f.src_uri)
        if not path.exists() or path.read_text(encoding="utf-8") != executed:
            path.write_text(executed, encoding="utf-8")
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


def externalise_styles(output: str, page, config) -> str:
    """mkdocs-jupyter inlines JupyterLab's stylesheet (~570 KB) into every lab page. Move large inline styles to
    one content-addressed file the browser caches across labs, so a lab page weighs what its content weighs."""
    from pathlib import Path

    from mkdocs.utils import get_relative_url

    def move(m):
        css = m.group(1)
        if len(css) < 20_000:
            return m.group(0)
        name = f"assets/css/jupyter-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        target = Path(config.site_dir) / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")
        return f'<link rel="stylesheet" href="{get_relative_url(name, page.url)}">'

    return re.sub(r"<style[^>]*>(.*?)</style>", move, output, flags=re.S)


@event_priority(-10)  # after mkdocs-static-i18n has set the language switch's links
def on_page_context(context, page, config, nav):
    """The language switch and hreflang links of a lab point to its twin lab (i18n only knows Markdown twins)."""
    if isinstance(page.file, LabFile):
        i18n = config.plugins["i18n"]
        stem = re.sub(r"\.(hi|en)\.ipynb$", "", page.file.src_uri)
        for alt in getattr(config.extra, "alternate", None) or []:  # i18n sets it as an attribute
            lang = alt["lang"]
            prefix = "" if lang == i18n.default_language else f"{lang}/"
            alt["link"] = f"/{prefix}{stem}/" if not config.site_url else f"{urlsplit(config.site_url).path.rstrip('/')}/{prefix}{stem}/"
    return context


def on_post_page(output, page, config):
    """A download link for the lab's notebook (mkdocs-jupyter copies it next to the page; Material shows no link),
    and keyboard access to scrollable code cells (axe: scrollable-region-focusable)."""
    if not isinstance(page.file, LabFile):
        return output
    output = output.replace('<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb')
    output = externalise_styles(output, page, config)
    # nbconvert gives Devanagari headings an empty id while the table of contents links to "#_1", "#_2"…:
    # give the empty-id headings, in order, the anchors the table of contents uses
    toc = list(dict.fromkeys(re.findall(r'<a href="#([^"]+)" class="md-(?:nav__link|skip)">', output)))
    have = set(re.findall(r' id="([^"]+)"', output))
    missing = iter([a for a in toc if a not in have])
    output = re.sub(r'<(h[1-6]) id="">', lambda m: f'<{m.group(1)} id="{next(missing, "")}">', output)
    from _common import esc, page_lang, ui

    name = os.path.basename(page.file.src_uri)
    link = (f'<a class="md-content__button md-icon va-download" href="{esc(name)}" download title="{esc(ui("download_lab", page_lang(page)))}">'
            f'{esc(ui("download_lab", page_lang(page)))} (.ipynb)</a>')
    return output.replace('<article class="md-content__inner md-typeset">', '<article class="md-content__inner md-typeset">' + link, 1)


def on_startup(command, dirty):
    STATS["executed"] = 0


def on_post_build(config):
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    (CACHE_DIR / "last-build-labs.json").write_text(json.dumps(STATS))
