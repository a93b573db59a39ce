"""Lab pages (mkdocs-jupyter) load only the notebook CSS they use, and nothing that names a third-party host.

hooks/lab_styles.py moves JupyterLab's inline stylesheet (~570 KB) to ``assets/css/jupyter-<hash>.css``. After the whole
bilingual build, this hook:
- drops what nbconvert's template adds but these pages never run: the mermaid loader (a module script that
  imports mermaid from a CDN when a page has a diagram; ours have none) and its CSS, the MathJax config with its
  empty ``<script src="">`` (math is MathML, rendered at build time), and a ``<style>`` holding a Python list's
  repr (an mkdocs-jupyter template slip: invalid CSS);
- moves the page's inline styles (Pygments, mkdocs-jupyter's) into the stylesheet (no <style> in <body>), and fixes
  the copy buttons' markup (a stray ``,=""``
  attribute; ``role="button"`` so their aria-label is valid);
- prunes the stylesheet to the rules whose classes and ids occur in the lab pages, and custom properties to those
  some kept rule (or the theme's and our CSS) reads, and writes it as ``assets/css/notebook-<hash>.css``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

import hashlib
import logging
import re
from pathlib import Path

from mkdocs.plugins import event_priority

from sitegen import state as _state
from sitegen.css import prune, used_names

log = logging.getLogger("mkdocs.hooks.lab_css")
LINK = re.compile(r'<link rel="stylesheet" href="((?:\.\./)*)assets/css/(jupyter-[0-9a-f]+\.css)">')
DROP = [
    re.compile(r'<script src="">\s*</script>\s*'),
    re.compile(
        r"<!-- (?:MathJax configuration|Load mathjax|End of mathjax configuration|End of mermaid configuration) -->\s*"
    ),
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>\s*', re.S),
    re.compile(r'<script type="module">(?:(?!</script>).)*mermaid(?:(?!</script>).)*</script>\s*', re.S),
    re.compile(r"<style>(?:(?!</style>).)*\.jp-Mermaid(?:(?!</style>).)*</style>\s*", re.S),
    re.compile(r"<style>\s*\['(?:(?!</style>).)*</style>\s*", re.S),  # a list's repr: str(list_of_css)
]
STYLES = re.compile(LINK.pattern + r"|<style[^>]*>(.*?)</style>\s*", re.S)


def clean(html: str, site: Path) -> tuple[str, str]:
    """The page without nbconvert's unused scripts and styles, and the CSS it used (its stylesheet link and its
    inline styles, in document order); the link to the stylesheet stays as a placeholder."""
    for pattern in DROP:
        html = pattern.sub("", html)
    css = []

    def take(m):
        if m.group(1):
            css.append((site / "assets" / "css" / m.group(2)).read_text(encoding="utf-8"))
            return m.group(0)
        css.append(m.group(3))
        return ""

    html = STYLES.sub(take, html)
    html = html.replace('<clipboard-copy ,="" ', "<clipboard-copy ").replace(
        "<clipboard-copy ", '<clipboard-copy role="button" '
    )
    return html, "\n".join(css)


@event_priority(-350)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config):
    if _state.between_languages(config):
        return  # wait until all languages are on disk
    site = Path(config.site_dir)
    pages = {}
    for html in sorted(site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        if LINK.search(text):
            pages[html] = text
    if not pages:
        return
    css, used, olds = {}, set(), set()
    for html, text in pages.items():
        olds |= {m.group(2) for m in LINK.finditer(text)}
        text, page_css = clean(text, site)
        pages[html] = text
        css[page_css] = True  # the labs share one stylesheet; keep each distinct one once, in order
        used |= used_names(text)
    theirs = ""
    for sheet in [*(site / "assets" / "stylesheets").glob("*.css"), *(site / "assets" / "css").glob("*.css")]:
        if not sheet.name.startswith(("jupyter-", "notebook-")):
            theirs += sheet.read_text(encoding="utf-8")
    outside_refs = set(re.findall(r"var\(\s*(--[\w-]+)", theirs))
    pruned = prune("\n".join(css), used.__contains__, outside_refs)
    name = f"notebook-{hashlib.sha256(pruned.encode()).hexdigest()[:12]}.css"
    (site / "assets" / "css" / name).write_text(pruned, encoding="utf-8")
    for html, text in pages.items():
        html.write_text(
            LINK.sub(lambda m: f'<link rel="stylesheet" href="{m.group(1)}assets/css/{name}">', text), encoding="utf-8"
        )
    for old in olds:
        (site / "assets" / "css" / old).unlink(missing_ok=True)
    before = sum(len(c.encode()) for c in css)
    log.info(f"lab pages: notebook CSS {before // 1024} KB -> {len(pruned.encode()) // 1024} KB ({name})")
