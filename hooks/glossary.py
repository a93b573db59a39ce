"""Glossary (data/glossary.yml): hover definitions on the pages of both languages, and the glossary page.

``<!-- md:glossary -->`` renders the Hindi ↔ English table. On every page, the first time a glossary term of
the page's language appears in running text it becomes ``<abbr title="definition">`` (Material shows it as a
tooltip). Python-Markdown's abbr extension cannot do this for Hindi: its ``\\b`` word boundaries break on
Devanagari vowel signs, so a term ending in ि never matches; hence this small HTML pass.
"""
from __future__ import annotations

import re

from _common import DATA, LANGS, BuildError, esc, load_yaml, page_lang, sub_outside_code, ui

MARKER = re.compile(r"<!--\s*md:glossary\s*-->")
SKIP = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "script", "style", "svg", "math",
        "button", "label", "figcaption", "span"}
LETTER = r"[\w\u0900-\u097F]"
_terms: dict | None = None


def load(path=DATA / "glossary.yml") -> dict:
    data = load_yaml(path)
    if not isinstance(data, dict) or len(data) < 2:
        raise BuildError("data/glossary.yml: expected a mapping of term ids")
    for tid, entry in data.items():
        if tid == "__line__":
            continue
        for lang in LANGS:
            e = entry.get(lang) if isinstance(entry, dict) else None
            if not isinstance(e, dict) or not str(e.get("term", "")).strip() or not str(e.get("def", "")).strip():
                raise BuildError(f"data/glossary.yml:{entry.get('__line__', '?') if isinstance(entry, dict) else '?'}: "
                                 f"term {tid!r} needs a {lang!r} term and def")
    return {k: v for k, v in data.items() if k != "__line__"}


def on_config(config):
    global _terms
    _terms = load()


def table(lang: str) -> str:
    other = "en" if lang == "hi" else "hi"
    rows = [f'| {esc(ui("term", lang))} | {esc(ui("term_other", lang))} | {esc(ui("definition", lang))} |', "|---|---|---|"]
    for tid, e in sorted(_terms.items(), key=lambda kv: kv[1][lang]["term"].lower()):
        rows.append(f'| <span id="term-{tid}">**{esc(e[lang]["term"])}**</span> | {esc(e[other]["term"])} | {esc(e[lang]["def"])} |')
    return "\n".join(rows) + "\n"


def on_page_markdown(markdown, page, config, files):
    return sub_outside_code(MARKER, lambda m, offset: table(page_lang(page)), markdown)


def annotate(html: str, lang: str) -> str:
    """Wrap the first occurrence of each term in running text (outside SKIP elements) in <abbr>."""
    pending = {e[lang]["term"]: e[lang]["def"] for e in _terms.values()}
    patterns = {t: re.compile(rf"(?<!{LETTER})({re.escape(t)})(?!{LETTER})", re.I) for t in pending}
    out, stack = [], []
    for part in re.split(r"(<[^>]+>)", html):
        if part.startswith("<"):
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and not part.endswith("/>"):
                tag = m.group(2).lower()
                if m.group(1):
                    if tag in stack:
                        del stack[len(stack) - 1 - stack[::-1].index(tag):]
                elif tag in SKIP:
                    stack.append(tag)
            out.append(part)
            continue
        if not stack and part.strip():
            for term in sorted(pending, key=len, reverse=True):  # longer terms first: "noise schedule" before "noise"
                match = patterns[term].search(part)
                if match:
                    title = esc(pending.pop(term))
                    part = f'{part[:match.start()]}<abbr title="{title}">{match.group(1)}</abbr>{part[match.end():]}'
                    break  # one term per text node keeps the wrapping simple and never nests
        out.append(part)
    return "".join(out)


def on_page_content(html, page, config, files):
    return annotate(html, page_lang(page))
