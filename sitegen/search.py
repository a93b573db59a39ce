"""Search: a static Pagefind index per language, written after the whole bilingual site is built (the last step of
sitegen/postbuild.py).

Replaces Material's search (lunr), whose worker downloaded `lunr/wordcut.js` (662 KB, for Hindi) and one merged
index of both languages (315 KB) on every page load. Pagefind splits the index by `<html lang>` (hi, en) into
small chunks; `docs/assets/js/search.js` loads it only when the reader opens search (see overrides/partials/
va-search.html), so a page view downloads nothing for search.

Indexed: each page's article (`article.md-content__inner`), without permalinks, figures or buttons; not the claim
pages (sitegen/claimpage.py), whose text is the card on the claim's topic page, so a query finds the topic. Hindi
readers also type a term in English or in its Devanagari transliteration: in the copy of a Hindi page that
Pagefind reads, each glossary word is glossed with its English word and the term's `also:` spellings
(e.g. "सुसंगति (coherence, कोहेरेंस)"). The glosses go only into the index, not into the page.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pagefind_bin_extended import get_executable

from sitegen.claimpage import FOLDER as CLAIM_PAGES
from sitegen.common import BuildError
from sitegen.markup import map_text
from sitegen.text import LETTER

log = logging.getLogger("mkdocs.hooks.site")
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE = [
    ".headerlink",
    ".anchor-link",
    ".va-figure",
    ".va-clip",
    ".va-provenance",
    ".md-content__button",
    ".md-source-file",
    "script",
    "style",
]
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def glossary_aliases(glossary: dict) -> dict[str, list[str]]:
    """Hindi word or term -> what a reader may type for it instead, from the glossary (loaded and checked by
    sitegen/data.py). A term whose Hindi and English forms have as many words pairs them word by word
    (टेम्पोरल सुसंगति / temporal coherence gives सुसंगति -> coherence), and likewise with each spelling in
    ``hi.also`` (सुसंगति -> कोहेरेंस); other terms pair as a whole."""
    out: dict[str, list[str]] = {}
    for entry in glossary.values():
        hi, en = str(entry["hi"]["term"]), str(entry["en"]["term"])
        others = [en, *[str(a) for a in entry["hi"].get("also", []) or []]]
        for other in others:
            pairs = list(zip(hi.split(), other.split())) if len(hi.split()) == len(other.split()) else [(hi, other)]
            for mine, theirs in pairs:
                if mine.lower() != theirs.lower() and theirs not in out.setdefault(mine, []):
                    out[mine].append(theirs)
    return out


def page_lang(html: str) -> str:
    m = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html)
    return m.group(1) if m else ""


FIGURE = re.compile(r'<figure class="va-(?:figure|clip)\b.*?</figure>', re.S)
SKIP = {"code", "pre", "script", "style", "svg", "math", "a", "h1"}


def with_aliases(html: str, aliases: dict[str, list[str]]) -> str:
    """The page as Pagefind sees it: in a Hindi page's text, each glossary word is followed by what a reader may
    type instead, as a gloss: "सुसंगति (coherence, कोहेरेंस)". A query in English or in transliteration then
    matches where the Hindi word is, ranks the page as the Hindi word does, and the excerpt shows the sentence."""
    if page_lang(html) != "hi" or "</article>" not in html or not aliases:
        return html
    start, end = html.find("<article"), html.find("</article>")
    phrases = sorted(aliases, key=len, reverse=True)
    pattern = re.compile(rf"(?<!{LETTER})(" + "|".join(map(re.escape, phrases)) + rf")(?!{LETTER})")

    def gloss(text: str) -> str:
        return pattern.sub(lambda w: f"{w.group(1)} ({', '.join(aliases[w.group(1)])})", text)

    return html[:start] + map_text(html[start:end], SKIP, gloss) + html[end:]


def index(pages, glossary: dict) -> None:
    """Run the Pagefind CLI (it exits only once every file is written) on a copy of the site's pages (``pages``:
    sitegen.postbuild.Pages) that carries the glossary aliases and no figures; the index goes to site/pagefind."""
    site = pages.site
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    aliases = glossary_aliases(glossary)
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="pagefind-") as tmp:
        copies = Path(tmp) / "pages"
        for path, text in pages.text.items():
            rel = path.relative_to(site)
            if path.name != "index.html" or rel.parts[0] == "pagefind" or "md-content__inner" not in text:
                continue  # not a page of the site
            if CLAIM_PAGES in rel.parts[:2]:
                continue  # a claim's page: its card, with the same text, is on its topic page, which search finds
            (copies / rel).parent.mkdir(parents=True, exist_ok=True)
            copy = FIGURE.sub("", text)  # no figure in the index, not even as Pagefind's "image" metadata
            (copies / rel).write_text(with_aliases(copy, aliases), encoding="utf-8")
            counts[page_lang(text)] = counts.get(page_lang(text), 0) + 1
        config = {
            "site": str(copies),
            "output_path": str(site / "pagefind"),
            "root_selector": ROOT_SELECTOR,
            "exclude_selectors": EXCLUDE,
            "glob": "**/index.html",
        }
        (Path(tmp) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        done = subprocess.run(  # the binary pagefind[extended] ships (what `python -m pagefind` would start)
            [str(get_executable()), "--silent"], cwd=tmp, capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0:
            raise BuildError(f"sitegen/search.py: Pagefind failed:\n{done.stdout}{done.stderr}")
    for name in UNUSED:  # Pagefind's own UIs: the site has its own (docs/assets/js/search.js)
        (site / "pagefind" / name).unlink(missing_ok=True)
    languages = sorted(p.name[len("wasm.") : -len(".pagefind")] for p in (site / "pagefind").glob("wasm.*.pagefind"))
    entry = site / "pagefind" / "pagefind-entry.json"
    if not entry.exists() or set(json.loads(entry.read_text(encoding="utf-8"))["languages"]) != set(counts):
        raise BuildError(f"sitegen/search.py: Pagefind wrote no index for {sorted(counts)} in {entry.parent}")
    # Pagefind lists the languages in no fixed order: sort them, so two builds of the same site are byte-identical
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    log.info(f"search index (Pagefind): pages per language {counts}; language modules {languages}")
