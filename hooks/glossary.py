"""Hover definitions from data/glossary.yml on the pages of both languages.

On every page, the first time a glossary term of the page's language appears in running text it becomes
``<abbr title="definition">`` (the browser shows it on hover). Python-Markdown's abbr extension cannot do this
for Hindi: its ``\\b`` word boundaries break on Devanagari vowel signs, so a term ending in ि never matches; hence
this small HTML pass. (The glossary page's table is ``<!-- md:glossary -->``, rendered in hooks/_render.py.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

import re

from sitegen import state as _state
from sitegen.common import esc, page_lang

SKIP = {
    "a",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "abbr",
    "script",
    "style",
    "svg",
    "math",
    "button",
    "label",
    "figcaption",
    "span",
}
LETTER = r"[\w\u0900-\u0963\u0966-\u097F]"  # Devanagari letters and signs; the danda (।, ॥) ends a word


def annotate(html: str, terms: dict, lang: str) -> str:
    """Wrap the first occurrence of each term in running text (outside SKIP elements) in <abbr>."""
    pending = {e[lang]["term"]: e[lang]["def"] for e in terms.values()}
    patterns = {t: re.compile(rf"(?<!{LETTER})({re.escape(t)})(?!{LETTER})", re.I) for t in pending}
    out, stack = [], []
    for part in re.split(r"(<[^>]+>)", html):
        if part.startswith("<"):
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and not part.endswith("/>"):
                tag = m.group(2).lower()
                if m.group(1):
                    if tag in stack:
                        del stack[len(stack) - 1 - stack[::-1].index(tag) :]
                elif tag in SKIP:
                    stack.append(tag)
            out.append(part)
            continue
        if not stack and part.strip():
            taken = []  # (start, end, term) of the terms wrapped in this text node; they never overlap
            for term in sorted(pending, key=len, reverse=True):  # longer terms first: "noise schedule" before "noise"
                for match in patterns[term].finditer(part):
                    if not any(a < match.end() and match.start() < b for a, b, _ in taken):
                        taken.append((match.start(), match.end(), term))
                        break
            for start, end, term in sorted(taken, reverse=True):
                part = f'{part[:start]}<abbr title="{esc(pending.pop(term))}">{part[start:end]}</abbr>{part[end:]}'
        out.append(part)
    return "".join(out)


def on_page_content(html, page, config, files):
    return annotate(html, _state.session().data.glossary, page_lang(page))
