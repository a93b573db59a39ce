"""Shared helpers for the site's hooks (loaded from hooks/ by MkDocs, not a hook itself)."""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LANGS = ("hi", "en")

# Build settings from the environment (README: "Writing pages"; benchmarks/build.py; tests).
CACHE_DIR = ROOT / os.environ.get("VA_CACHE_DIR", ".cache")           # compute, SVG and lab caches
TIMEOUT = float(os.environ.get("VA_SNIPPET_TIMEOUT", "120"))           # seconds per compute / lab cell
WORKERS = int(os.environ.get("VA_WORKERS", str(os.cpu_count() or 2)))  # computes run in parallel
NO_EXEC = os.environ.get("VA_NO_EXEC") == "1"                          # benchmark only: execute nothing


class BuildError(PluginError):
    """A clear, non-zero-exit build error: MkDocs prints the message without a traceback."""


class _LineLoader(yaml.SafeLoader):
    """YAML loader that remembers the line of every mapping (as key "__line__"), for error messages."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load_yaml(path: Path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=_LineLoader)
    except yaml.YAMLError as e:
        raise BuildError(f"{rel(path)}: invalid YAML: {e}") from None


def rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def page_lang(page) -> str:
    """The language of the page being built (set by mkdocs-static-i18n)."""
    return getattr(page.file, "locale", None) or LANGS[0]


def line_at(markdown: str, pos: int) -> int:
    return markdown.count("\n", 0, pos) + 1


def where(page, markdown: str, pos: int) -> str:
    return f"docs/{page.file.src_uri}:{line_at(markdown, pos)}"


def md_link(target_src_uri: str, here_src_uri: str, anchor: str = "") -> str:
    """A Markdown link target from one page's source to another's (language suffix dropped:
    mkdocs-static-i18n resolves ``page.md`` to the page in the language being built)."""
    import posixpath

    def norm(uri):
        return re.sub(r"\.(?:%s)\.md$" % "|".join(LANGS), ".md", uri)

    target, here = norm(target_src_uri), norm(here_src_uri)
    if target == here:
        return f"#{anchor}" if anchor else ""
    path = posixpath.relpath(target, posixpath.dirname(here) or ".")
    return f"{path}#{anchor}" if anchor else path


def esc(text) -> str:
    return html.escape(str(text), quote=True)


_UI = None


def ui(key: str, lang: str) -> str:
    """A UI string from data/ui.yml (the translation table); a missing key or language is an error."""
    global _UI
    if _UI is None:
        _UI = load_yaml(DATA / "ui.yml")
    entry = _UI.get(key)
    if not isinstance(entry, dict) or not str(entry.get(lang, "")).strip():
        raise BuildError(f"data/ui.yml: no {lang!r} text for UI string {key!r}")
    return entry[lang]


def check_ui() -> None:
    global _UI
    _UI = load_yaml(DATA / "ui.yml")
    for key, entry in _UI.items():
        if key == "__line__":
            continue
        for lang in LANGS:
            if not isinstance(entry, dict) or not str(entry.get(lang, "")).strip():
                line = entry.get("__line__", "?") if isinstance(entry, dict) else "?"
                raise BuildError(f"data/ui.yml:{line}: UI string {key!r} has no {lang!r} text")


_FENCE = re.compile(r"^[ \t]*(?P<f>`{3,}|~{3,})[^\n]*\n.*?^[ \t]*(?P=f)[ \t]*$", re.M | re.S)


def sub_outside_code(pattern, repl, markdown: str) -> str:
    """``pattern.sub(repl, markdown)`` but leaving fenced code blocks untouched.

    ``repl(match, offset)`` gets the offset of the segment so it can report the page line."""
    out, last = [], 0
    for fence in _FENCE.finditer(markdown):
        seg_start = last
        out.append(pattern.sub(lambda m, s=seg_start: repl(m, s), markdown[last:fence.start()]))
        out.append(fence.group(0))
        last = fence.end()
    out.append(pattern.sub(lambda m, s=last: repl(m, s), markdown[last:]))
    return "".join(out)


def finditer_outside_code(pattern, markdown: str):
    """Matches of ``pattern`` outside fenced code blocks (positions are in the whole text)."""
    fences = [(f.start(), f.end()) for f in _FENCE.finditer(markdown)]
    for m in pattern.finditer(markdown):
        if not any(a <= m.start() < b for a, b in fences):
            yield m
