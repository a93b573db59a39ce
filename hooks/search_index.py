"""Search: a static Pagefind index per language, written after the whole bilingual site is built.

Replaces Material's search (lunr), whose worker downloaded `lunr/wordcut.js` (662 KB, for Hindi) and one merged
index of both languages (315 KB) on every page load. Pagefind splits the index by `<html lang>` (hi, en) into
small chunks; `docs/assets/js/search.js` loads it only when the reader opens search (see overrides/partials/
va-search.html), so a page view downloads nothing for search.

Indexed: each page's article (`article.md-content__inner`), without permalinks, figures or buttons. Hindi
readers also type a term in English or in its Devanagari transliteration: for every glossary term
(data/glossary.yml) that a Hindi page uses, the index of that page also gets the English term and the term's
`also:` spellings (e.g. "coherence", "कोहेरेंस" for सुसंगति). These words go only into the index, not into the page.
"""
from __future__ import annotations

import asyncio
import logging
import re
import shutil
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.search_index")
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE = [".headerlink", ".va-figure", ".md-content__button", ".md-source-file", "script", "style"]
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


WORD = re.compile(r"[\w\u0900-\u097F][\w\u0900-\u097F'’-]*")


def glossary_aliases(path: Path) -> dict[str, list[str]]:
    """Hindi word or term -> what a reader may type for it instead, from the glossary. A term whose Hindi and
    English forms have as many words pairs them word by word (टेम्पोरल सुसंगति / temporal coherence gives
    सुसंगति -> coherence), and likewise with each spelling in ``hi.also`` (सुसंगति -> कोहेरेंस); other terms
    pair as a whole."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, list[str]] = {}
    for tid, entry in data.items():
        try:
            hi, en = str(entry["hi"]["term"]), str(entry["en"]["term"])
            others = [en, *[str(a) for a in entry["hi"].get("also", []) or []]]
        except (KeyError, TypeError, AttributeError):
            raise PluginError(f"{path}: glossary entry {tid!r} needs hi.term and en.term") from None
        for other in others:
            pairs = list(zip(hi.split(), other.split())) if len(hi.split()) == len(other.split()) else [(hi, other)]
            for mine, theirs in pairs:
                if mine.lower() != theirs.lower() and theirs not in out.setdefault(mine, []):
                    out[mine].append(theirs)
    return out


def page_lang(html: str) -> str:
    m = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html)
    return m.group(1) if m else ""


def with_aliases(html: str, aliases: dict[str, list[str]]) -> str:
    """The page as Pagefind sees it: a Hindi page gains, for each glossary word it uses, the English word and
    the transliterations, as often as the page uses the word (so they rank the page as the Hindi word does)."""
    if page_lang(html) != "hi" or "</article>" not in html:
        return html
    article = html[html.find("<article"):html.find("</article>")]
    text = re.sub(r"<[^>]+>", " ", article)
    words: dict[str, int] = {}
    for w in WORD.findall(text):
        words[w] = words.get(w, 0) + 1
    extra = []
    for key, others in aliases.items():
        n = text.count(key) if " " in key else words.get(key, 0)
        extra += [" ".join(others)] * min(n, 20)
    if not extra:
        return html
    return html.replace("</article>", "<p>" + " · ".join(extra) + "</p></article>", 1)


def page_url(site: Path, html: Path) -> str:
    rel = html.relative_to(site).as_posix()
    return "/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel


async def build_index(site: Path, aliases) -> dict:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(root_selector=ROOT_SELECTOR, exclude_selectors=EXCLUDE, output_path=str(site / "pagefind"))
    counts: dict[str, int] = {}
    async with PagefindIndex(config=config) as index:
        for html in sorted(site.rglob("index.html")):
            text = html.read_text(encoding="utf-8")
            if ROOT_SELECTOR.split(".")[1] not in text:
                continue  # not a page of the site (e.g. a redirect)
            await index.add_html_file(content=with_aliases(text, aliases), url=page_url(site, html))
            counts[page_lang(text)] = counts.get(page_lang(text), 0) + 1
    return counts


@event_priority(-400)  # after mkdocs-static-i18n (-100) has built every language into site_dir
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a language built inside i18n's loop: index once, when all languages are on disk
    site = Path(config.site_dir)
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    aliases = glossary_aliases(Path(config.config_file_path).parent / "data" / "glossary.yml")
    try:
        counts = asyncio.run(build_index(site, aliases))
    except PluginError:
        raise
    except Exception as e:  # the Pagefind binary missing or failing: the site would ship without search
        raise PluginError(f"hooks/search_index.py: Pagefind failed: {type(e).__name__}: {e}") from None
    for name in UNUSED:  # Pagefind's own UIs: the site has its own (docs/assets/js/search.js)
        (site / "pagefind" / name).unlink(missing_ok=True)
    languages = sorted(p.name[len("wasm."):-len(".pagefind")] for p in (site / "pagefind").glob("wasm.*.pagefind"))
    log.info(f"search index (Pagefind): pages per language {counts}; language modules {languages}")
