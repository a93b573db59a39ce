"""Lab pages (mkdocs-jupyter) load only the notebook CSS they use, and nothing that names a third-party host.

hooks/labs.py moves JupyterLab's inline stylesheet (~570 KB) to ``assets/css/jupyter-<hash>.css``. After the whole
bilingual build, this hook:
- drops what nbconvert's template adds but these pages never run: the mermaid loader (a module script that
  imports mermaid from a CDN when a page has a diagram; ours have none) and its CSS, the MathJax config with its
  empty ``<script src="">`` (math is MathML, rendered at build time), and a ``<style>`` holding a Python list's
  repr (an mkdocs-jupyter template slip: invalid CSS);
- moves the page's inline styles (Pygments, mkdocs-jupyter's) into the stylesheet (no <style> in <body>), and fixes the copy buttons' markup (a stray ``,=""``
  attribute; ``role="button"`` so their aria-label is valid);
- prunes the stylesheet to the rules whose classes and ids occur in the lab pages, and custom properties to those
  some kept rule (or the theme's and our CSS) reads, and writes it as ``assets/css/notebook-<hash>.css``.
"""
from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.lab_css")
LINK = re.compile(r'<link rel="stylesheet" href="((?:\.\./)*)assets/css/(jupyter-[0-9a-f]+\.css)">')
DROP = [
    re.compile(r'<script src="">\s*</script>\s*'),
    re.compile(r'<!-- (?:MathJax configuration|Load mathjax|End of mathjax configuration|End of mermaid configuration) -->\s*'),
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>\s*', re.S),
    re.compile(r'<script type="module">(?:(?!</script>).)*mermaid(?:(?!</script>).)*</script>\s*', re.S),
    re.compile(r'<style>(?:(?!</style>).)*\.jp-Mermaid(?:(?!</style>).)*</style>\s*', re.S),
    re.compile(r"<style>\s*\['(?:(?!</style>).)*</style>\s*", re.S),  # a list's repr: str(list_of_css)
]
STYLES = re.compile(LINK.pattern + r'|<style[^>]*>(.*?)</style>\s*', re.S)
FUNCTIONAL = re.compile(r":(?:not|is|where|has)\((?:[^()]|\([^()]*\))*\)")


def used_names(html: str) -> set[str]:
    """Classes (".x") and ids ("#x") that occur in the page."""
    names = set()
    for cls in re.findall(r'\sclass="([^"]*)"', html):
        names |= {"." + c for c in cls.split()}
    names |= {"#" + i for i in re.findall(r'\sid="([^"]+)"', html)}
    return names


def selector_applies(selector: str, used: set[str]) -> bool:
    plain = FUNCTIONAL.sub("", selector)
    needed = {"." + c for c in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", plain)}
    needed |= {"#" + i for i in re.findall(r"#(-?[_a-zA-Z][\w-]*)", plain)}
    return needed <= used


def prune(css: str, used: set[str], outside_refs: set[str]) -> str:
    """Rules whose selectors can match (by class and id) in pages using ``used``; unread custom properties dropped."""
    import tinycss2

    def walk(nodes):
        out = []
        for node in nodes:
            if node.type == "qualified-rule":
                selectors = [s.strip() for s in split_commas(tinycss2.serialize(node.prelude))]
                keep = [s for s in selectors if selector_applies(s, used)]
                if keep:
                    decls = tinycss2.parse_blocks_contents(node.content, skip_whitespace=True, skip_comments=True)
                    out.append(("rule", ",".join(keep), [d for d in decls if d.type == "declaration"]))
            elif node.type == "at-rule" and node.lower_at_keyword in ("media", "supports") and node.content is not None:
                inner = walk(tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True))
                if inner:
                    out.append(("group", "@" + node.at_keyword + tinycss2.serialize(node.prelude), inner))
            elif node.type == "at-rule" and node.lower_at_keyword != "charset":
                out.append(("raw", tinycss2.serialize([node]), None))
        return out

    tree = walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))

    def decls_of(nodes):
        for kind, _, body in nodes:
            if kind == "rule":
                yield from body
            elif kind == "group":
                yield from decls_of(body)

    refs = set(outside_refs)
    for d in decls_of(tree):  # properties read by non-custom declarations, then what those custom ones read
        if not d.name.startswith("--"):
            refs |= set(re.findall(r"var\(\s*(--[\w-]+)", tinycss2.serialize(d.value)))
    defined = {d.name: d for d in decls_of(tree) if d.name.startswith("--")}
    todo = list(refs)
    while todo:
        name = todo.pop()
        for d in [x for x in decls_of(tree) if x.name == name]:
            for ref in re.findall(r"var\(\s*(--[\w-]+)", tinycss2.serialize(d.value)):
                if ref not in refs:
                    refs.add(ref)
                    todo.append(ref)
    del defined

    def emit(nodes):
        parts = []
        for kind, head, body in nodes:
            if kind == "raw":
                parts.append(head)
            elif kind == "rule":
                decls = [f"{d.name}:{tinycss2.serialize(d.value).strip()}{' !important' if d.important else ''}"
                         for d in body if not d.name.startswith("--") or d.name in refs]
                if decls:
                    parts.append(head + "{" + ";".join(decls) + "}")
            else:
                inner = emit(body)
                if inner:
                    parts.append(head.strip() + "{" + inner + "}")
        return "".join(parts)

    return emit(tree)


def split_commas(prelude: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in prelude:
        depth += ch in "([" and 1 or (ch in ")]" and -1 or 0)
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    return out + [cur]


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
        "<clipboard-copy ", '<clipboard-copy role="button" ')
    return html, "\n".join(css)


@event_priority(-350)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a language built inside i18n's loop: wait until all are on disk
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
    pruned = prune("\n".join(css), used, outside_refs)
    name = f"notebook-{hashlib.sha256(pruned.encode()).hexdigest()[:12]}.css"
    (site / "assets" / "css" / name).write_text(pruned, encoding="utf-8")
    for html, text in pages.items():
        html.write_text(LINK.sub(lambda m: f'<link rel="stylesheet" href="{m.group(1)}assets/css/{name}">', text),
                        encoding="utf-8")
    for old in olds:
        (site / "assets" / "css" / old).unlink(missing_ok=True)
    before = sum(len(c.encode()) for c in css)
    log.info(f"lab pages: notebook CSS {before // 1024} KB -> {len(pruned.encode()) // 1024} KB ({name})")
