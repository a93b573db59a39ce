"""Finishing the whole bilingual site once every language is on disk: one pass that reads each HTML page once.

``finish(site_dir, glossary)`` runs the steps in this order (hooks/site.py calls it):
1. Material's JavaScript is not loaded (overrides/main.html), but the theme copies its bundle, source map, lunr and
   search worker (1.3 MB) into site/: they are removed, and a page that still loads one fails the build.
2. Lab pages: nbconvert's unused scripts and styles dropped (a CDN mermaid loader, a MathJax config with an empty
   ``<script src="">``, a ``<style>`` holding a Python list's repr), inline styles moved into the stylesheet,
   the copy buttons' markup fixed, and JupyterLab's stylesheet pruned to what the lab pages use
   (``assets/css/notebook-<hash>.css``).
3. Material's stylesheets (137 KB + 11 KB, render-blocking) pruned to the rules whose classes and ids occur in a
   page or in the site's scripts (theme.js adds Material's classes at run time: any identifier in a script counts,
   and a class starting with a scripted prefix such as ``md-tooltip2--`` too), renamed by their new hash.
4. The Latin text face goes inside fonts.css as a data URL: fonts.css is render-blocking, so the face is there
   for the first layout (fetched as a file it came after the first paint on a slow network and moved text).
5. The changed pages are written, and Pagefind indexes them (sitegen/search.py).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import logging
import re
import shutil
from pathlib import Path

from sitegen.common import BuildError
from sitegen.css import VAR, prune, used_names

log = logging.getLogger("mkdocs.hooks.site")


class Pages:
    """Every HTML page of the site, read once; ``write()`` saves those that changed."""

    def __init__(self, site: Path):
        self.site = site
        self.text = {p: p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}
        self.changed: set[Path] = set()

    def set(self, path: Path, text: str) -> None:
        if self.text[path] != text:
            self.text[path] = text
            self.changed.add(path)

    def write(self) -> None:
        for path in sorted(self.changed):
            path.write_text(self.text[path], encoding="utf-8")
        self.changed.clear()


def finish(site: Path, glossary: dict, cache=None) -> None:
    """``cache`` (sitegen.compute.Cache) keeps each pruned stylesheet by its inputs, for the next build."""
    from sitegen import search

    pages = Pages(site)
    drop_theme_js(pages)
    prune_lab_css(pages, cache)
    prune_theme_css(pages, cache)
    inline_fonts(site)
    pages.write()
    search.index(pages, glossary)


# ---------------------------------------------------------------- 1. the theme's JavaScript
THEME_JS = "assets/javascripts/"
_LOADS_THEME_JS = re.compile(r'<script\b[^>]*\bsrc="[^"]*' + THEME_JS)


def drop_theme_js(pages: Pages) -> None:
    for path, text in pages.text.items():
        if _LOADS_THEME_JS.search(text):
            raise BuildError(
                f"{path.relative_to(pages.site)} loads Material's JavaScript ({THEME_JS}), which is removed"
            )
    shutil.rmtree(pages.site / THEME_JS, ignore_errors=True)


# ---------------------------------------------------------------- 2. the labs' notebook CSS
_LAB_SHEET = re.compile(r'<link rel="stylesheet" href="((?:\.\./)*)assets/css/(jupyter-[0-9a-f]+\.css)">')
_NBCONVERT_UNUSED = [
    re.compile(r'<script src="">\s*</script>\s*'),
    re.compile(
        r"<!-- (?:MathJax configuration|Load mathjax|End of mathjax configuration|End of mermaid configuration) -->\s*"
    ),
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>\s*', re.S),
    re.compile(r'<script type="module">(?:(?!</script>).)*mermaid(?:(?!</script>).)*</script>\s*', re.S),
    re.compile(r"<style>(?:(?!</style>).)*\.jp-Mermaid(?:(?!</style>).)*</style>\s*", re.S),
    re.compile(r"<style>\s*\['(?:(?!</style>).)*</style>\s*", re.S),  # a list's repr: str(list_of_css)
]
_LAB_STYLES = re.compile(_LAB_SHEET.pattern + r"|<style[^>]*>(.*?)</style>\s*", re.S)


def _clean_lab(markup: str, site: Path) -> tuple[str, str]:
    """The lab page without nbconvert's unused scripts and styles, and the CSS it used (its stylesheet link and its
    inline styles, in document order); the link to the stylesheet stays as a placeholder."""
    for pattern in _NBCONVERT_UNUSED:
        markup = pattern.sub("", markup)
    css = []

    def take(m):
        if m.group(1):
            css.append((site / "assets" / "css" / m.group(2)).read_text(encoding="utf-8"))
            return m.group(0)
        css.append(m.group(3))
        return ""

    markup = _LAB_STYLES.sub(take, markup)
    markup = markup.replace('<clipboard-copy ,="" ', "<clipboard-copy ").replace(
        "<clipboard-copy ", '<clipboard-copy role="button" '
    )
    return markup, "\n".join(css)


def prune_lab_css(pages: Pages, cache=None) -> None:
    site = pages.site
    labs = [p for p, text in pages.text.items() if _LAB_SHEET.search(text)]
    if not labs:
        return
    css, used, olds = {}, set(), set()
    for path in labs:
        olds |= {m.group(2) for m in _LAB_SHEET.finditer(pages.text[path])}
        text, page_css = _clean_lab(pages.text[path], site)
        pages.set(path, text)
        css[page_css] = True  # the labs share one stylesheet; keep each distinct one once, in order
        used |= used_names(text)
    theirs = ""
    for sheet in [*(site / "assets" / "stylesheets").glob("*.css"), *(site / "assets" / "css").glob("*.css")]:
        if not sheet.name.startswith(("jupyter-", "notebook-")):
            theirs += sheet.read_text(encoding="utf-8")
    pruned = _pruned(cache, "\n".join(css), used, (), set(VAR.findall(theirs)))
    name = f"notebook-{hashlib.sha256(pruned.encode()).hexdigest()[:12]}.css"
    (site / "assets" / "css" / name).write_text(pruned, encoding="utf-8")
    for path in labs:
        pages.set(
            path,
            _LAB_SHEET.sub(lambda m: f'<link rel="stylesheet" href="{m.group(1)}assets/css/{name}">', pages.text[path]),
        )
    for old in olds:
        (site / "assets" / "css" / old).unlink(missing_ok=True)
    before = sum(len(c.encode()) for c in css)
    log.info(f"lab pages: notebook CSS {before // 1024} KB -> {len(pruned.encode()) // 1024} KB ({name})")


# ---------------------------------------------------------------- 3. the theme's stylesheets
_THEME_SHEETS = re.compile(r"assets/stylesheets/((?:main|palette)\.[0-9a-f]{8}\.min\.css)")
_IDENT = re.compile(r"[A-Za-z_][\w-]*")


def prune_theme_css(pages: Pages, cache=None) -> None:
    site = pages.site
    texts = {p: t for p, t in pages.text.items() if "pagefind" not in p.relative_to(site).parts}
    names = {m.group(1) for text in texts.values() for m in _THEME_SHEETS.finditer(text)}
    if not names:
        return
    used, scripts = set(), ""
    for text in texts.values():
        page_names, inline = _page_names(text)
        used |= page_names
        scripts += inline
    for js in (site / "assets").rglob("*.js"):  # Material's own scripts are gone by now (step 1)
        scripts += js.read_text(encoding="utf-8", errors="replace")
    idents = set(_IDENT.findall(scripts))
    used |= {"." + i for i in idents} | {"#" + i for i in idents}
    prefixes = tuple("." + i for i in idents if i.endswith(("-", "_")) and len(i) > 3)

    sheets = site / "assets" / "stylesheets"
    ours = "".join(p.read_text(encoding="utf-8") for p in (site / "assets" / "css").glob("*.css"))
    renamed = {}
    for name in sorted(names):  # main before palette: the palette reads what main keeps
        if not (sheets / name).exists():
            continue
        css = (sheets / name).read_text(encoding="utf-8")
        others = (
            ours
            + scripts
            + "".join((sheets / n).read_text(encoding="utf-8") for n in names if n != name and (sheets / n).exists())
        )
        pruned = _pruned(cache, css, used, prefixes, set(VAR.findall(others)))
        new = f"{name.split('.')[0]}.{hashlib.sha256(pruned.encode()).hexdigest()[:8]}.min.css"
        (sheets / new).write_text(pruned, encoding="utf-8")
        renamed[name] = new
        log.info(f"theme stylesheet {name}: {len(css) // 1024} KB -> {len(pruned) // 1024} KB ({new})")
    for path, text in texts.items():
        pages.set(path, _THEME_SHEETS.sub(lambda m: "assets/stylesheets/" + renamed.get(m.group(1), m.group(1)), text))
    for old, new in renamed.items():
        if old != new:
            (sheets / old).unlink(missing_ok=True)
            (sheets / (old + ".map")).unlink(missing_ok=True)


@functools.lru_cache(maxsize=1024)  # a rebuild in `mkdocs serve` changes a few pages: the others are not read again
def _page_names(text: str) -> tuple[frozenset, str]:
    """The classes and ids a page uses, and its inline scripts."""
    return frozenset(used_names(text)), "".join(re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S))


def _pruned(cache, css: str, used: set[str], prefixes: tuple, outside_refs: set[str]) -> str:
    """``prune`` with the classes and ids in ``used`` (or starting with one of ``prefixes``) as the ones used,
    kept in ``cache`` by its inputs (parsing a stylesheet is the slow part of a rebuild)."""

    def make():
        return prune(css, lambda name: name in used or name.startswith(prefixes), outside_refs)

    if cache is None:
        return make()
    return cache.get(["prune", css, sorted(used), sorted(prefixes), sorted(outside_refs)], make, "css")


# ---------------------------------------------------------------- 4. fonts
INLINE_FONTS = ("NotoSans-Regular.woff2",)  # in docs/assets/fonts, named in docs/assets/css/fonts.css


def inline_fonts(site: Path) -> None:
    css_file = site / "assets" / "css" / "fonts.css"
    if not css_file.is_file():  # a project without self-hosted fonts (the tests' small project)
        return
    css = css_file.read_text(encoding="utf-8")
    for name in INLINE_FONTS:
        ref, font = f'url("../fonts/{name}")', site / "assets" / "fonts" / name
        if ref not in css:
            raise BuildError(f"docs/assets/css/fonts.css: sitegen/postbuild.py inlines {ref}, which it does not name")
        if not font.is_file():
            raise BuildError(f"docs/assets/fonts/{name} is missing: fonts.css names it (run `make fonts`)")
        css = css.replace(ref, f'url("data:font/woff2;base64,{base64.b64encode(font.read_bytes()).decode()}")')
        font.unlink()  # no page fetches it
    css_file.write_text(css, encoding="utf-8")
