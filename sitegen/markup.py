"""Transforms of a page's HTML: glossary hover definitions, tables' scroll boxes, math as MathML, minifying.

Plain functions over HTML strings (hooks/html.py calls them in order). The HTML they read is the one Python-Markdown
and the theme write, so a small tag walker (``map_text``) is enough; it never sees arbitrary HTML.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import importlib.metadata
import io
import json
import re

from sitegen.common import LOADED, BuildError, PerObject, esc
from sitegen.text import LETTER

_TAG = re.compile(r"(<[^>]+>)")
_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")


def map_text(markup: str, skip: set[str], fn) -> str:
    """``markup`` with ``fn(text)`` applied to every text between tags that is not inside an element named in
    ``skip`` (lower-case tag names)."""
    out, stack = [], []
    for part in _TAG.split(markup):
        if part.startswith("<"):
            m = _NAME.match(part)
            if m and not part.endswith("/>"):
                tag = m.group(2).lower()
                if m.group(1):
                    if tag in stack:
                        del stack[len(stack) - 1 - stack[::-1].index(tag) :]
                elif tag in skip:
                    stack.append(tag)
            out.append(part)
        else:
            out.append(fn(part) if not stack and part.strip() else part)
    return "".join(out)


# ---------------------------------------------------------------- glossary
GLOSSARY_SKIP = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "script", "style", "svg", "math"}
GLOSSARY_SKIP |= {"button", "label", "figcaption", "span"}


def annotate(markup: str, terms: dict, lang: str) -> str:
    """The first occurrence of each glossary term in running text wrapped in ``<abbr title="definition">`` (the
    browser shows it on hover). Python-Markdown's abbr extension cannot do this for Hindi: its ``\\b`` breaks on
    Devanagari vowel signs, so a term ending in ि never matches."""
    pending = {e[lang]["term"]: e[lang]["def"] for e in terms.values()}
    patterns = {t: re.compile(rf"(?<!{LETTER})({re.escape(t)})(?!{LETTER})", re.I) for t in pending}
    # one search for any term first: most text nodes have none (and the page has ~6000 of them)
    anything = re.compile(rf"(?<!{LETTER})(?:{'|'.join(map(re.escape, pending))})(?!{LETTER})", re.I)

    def wrap(part: str) -> str:
        if not pending or not anything.search(part):
            return part
        taken = []  # (start, end, term) of the terms wrapped in this text node; they never overlap
        for term in sorted(pending, key=len, reverse=True):  # longer terms first: "noise schedule" before "noise"
            for match in patterns[term].finditer(part):
                if not any(a < match.end() and match.start() < b for a, b, _ in taken):
                    taken.append((match.start(), match.end(), term))
                    break
        for start, end, term in sorted(taken, reverse=True):
            part = f'{part[:start]}<abbr title="{esc(pending.pop(term))}">{part[start:end]}</abbr>{part[end:]}'
        return part

    return map_text(markup, GLOSSARY_SKIP, wrap)


# ---------------------------------------------------------------- tables
_TABLE = re.compile(r"<table\b[^>]*>|</table>")
SCROLL_OPEN, SCROLL_CLOSE = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">', "</div></div>"


def wrap_tables(markup: str) -> str:
    """Every class-less ``<table>`` in Material's scroll box (``md-typeset__scrollwrap > md-typeset__table``), as
    Material's JavaScript (not loaded here) did in the browser: a wide table scrolls inside its box on a phone, and
    nothing moves after the first paint. Nested tables stay inside their outer table's box."""
    out, pos, depth, wrapped = [], 0, 0, []
    for m in _TABLE.finditer(markup):
        out.append(markup[pos : m.start()])
        pos = m.end()
        if m.group().startswith("</"):
            depth -= 1
            out.append(m.group() + (SCROLL_CLOSE if wrapped.pop() else ""))
        else:
            wrap = depth == 0 and "class=" not in m.group()
            depth += 1
            wrapped.append(wrap)
            out.append((SCROLL_OPEN if wrap else "") + m.group())
    out.append(markup[pos:])
    return "".join(out)


# ---------------------------------------------------------------- math
_INLINE_MATH = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>', re.S)
_BLOCK_MATH = re.compile(r'<div class="arithmatex">\\\[(.+?)\\\]</div>', re.S)


def mathml(markup: str, where: str) -> tuple[str, list[str]]:
    """TeX marked by pymdownx.arithmatex (generic mode) as MathML (browsers render MathML Core natively: no CDN,
    no JavaScript); returns the page and its ``<math>`` elements."""
    from latex2mathml.converter import convert

    def one(tex: str, display: str) -> str:
        tex = html.unescape(tex).strip()
        try:
            return convert(tex, display=display)
        except Exception as e:
            raise BuildError(f"{where}: cannot render math {tex!r}: {e}") from None

    out = _BLOCK_MATH.sub(lambda m: f'<div class="va-math">{one(m.group(1), "block")}</div>', markup)
    out = _INLINE_MATH.sub(lambda m: one(m.group(1), "inline"), out)
    return out, re.findall(r"<math\b.*?</math>", out, re.S)


@functools.lru_cache(maxsize=64)  # the same font and characters give the same bytes (no timestamp is written)
def _subset(font: bytes, chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    tt = TTFont(io.BytesIO(font), recalcTimestamp=False)
    options = subset.Options(flavor="woff2", layout_features=["*"], notdef_outline=True)
    sub = subset.Subsetter(options)
    sub.populate(text=chars)
    sub.subset(tt)
    out = io.BytesIO()
    tt.save(out)
    return out.getvalue()


def math_font(font: bytes, maths: list[str]) -> str:
    """The math font subset to the characters of a page's formulas, as a data URL (1-2 KB) for the page's head.
    Chromium applies a math font to MathML whenever it arrives, so fetched as a file it moved the lines around the
    formulas when it came after the first paint; inline it is there for the first layout."""
    chars = "".join(sorted(set(html.unescape(re.sub(r"<[^>]+>", "", "".join(maths))))))
    return "data:font/woff2;base64," + base64.b64encode(_subset(font, chars)).decode("ascii")


# ---------------------------------------------------------------- a page's content
_LATEX2MATHML = importlib.metadata.version("latex2mathml")


def content(markup: str, glossary: dict, lang: str, permalink: str, where: str, cache=None) -> tuple[str, list[str]]:
    """A page's content HTML with glossary hovers, math as MathML and tables in scroll boxes, its headings'
    permalinks titled ``permalink``; and its ``<math>`` elements. ``cache`` (sitegen.compute.Cache) keeps each
    result by all it is made from, so a rebuild transforms only the pages that changed (an error is never kept)."""

    def make():
        out, maths = mathml(annotate(markup, glossary, lang), where)
        return wrap_tables(out).replace('title="Permanent link"', f'title="{permalink}"'), maths

    if cache is None:
        return make()
    parts = ["content", LOADED, _LATEX2MATHML, _digest(glossary), lang, permalink, markup]
    return tuple(cache.get(parts, make))


@PerObject
def _digest(glossary: dict) -> str:
    """The glossary's part of a content key, worked out once per glossary rather than once per page (the build's
    glossary is loaded once per build and never changed: spelling out its 66 entries took ~0.2 s a rebuild)."""
    return hashlib.sha256(json.dumps(glossary, sort_keys=True, default=repr).encode()).hexdigest()


# ---------------------------------------------------------------- minify
MINIFY = {
    "remove_comments": True,
    "reduce_empty_attributes": False,
    "remove_optional_attribute_quotes": False,
    "convert_charrefs": False,
}


def minify(markup: str, cache=None) -> str:
    """The page without the theme's indentation and comments (htmlmin2: ``<pre>`` kept, attributes, character
    references and scripts left alone). ``cache`` (sitegen.compute.Cache) keeps each result by its input: a
    rebuild minifies only the pages that changed."""
    import htmlmin

    def make():
        return htmlmin.minify(markup, **MINIFY)

    if cache is None:
        return make()
    return cache.get(["htmlmin", htmlmin.__version__ if hasattr(htmlmin, "__version__") else "", MINIFY, markup], make)
