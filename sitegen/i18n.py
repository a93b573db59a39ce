"""Everything this site knows about how mkdocs-static-i18n builds, in one place.

mkdocs-static-i18n builds the default language as MkDocs' own build; in that build's ``on_post_build`` (priority
-100, "last") it sets ``building`` and calls MkDocs' ``build`` again, in-process, once per other language with
``current_language`` set, each into ``site/<lang>/``. So:
- a language build starts at each ``on_config``; the default language's starts a new bilingual build;
- an ``on_post_build`` that runs while ``building`` is set is one of the nested languages';
- work over the whole site waits for the outer ``on_post_build`` after i18n's, when every language is on disk;
- i18n's ``on_files`` (priority -100) chooses one language's files; our ``on_files`` runs after it.
Our handlers that must follow i18n's use MkDocs' "last" priority too and run after i18n's because hooks are
registered after plugins (MkDocs keeps the registration order among equal priorities); ``check_order`` fails the
build if that ever stops being true.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sitegen.common import LANGS, BuildError


def _plugin(config):
    return config.plugins.get("i18n")


def language(config) -> str:
    """The language this build is for (the default one before i18n's own ``on_config`` has run)."""
    i18n = _plugin(config)
    if i18n is None:
        return LANGS[0]
    return i18n.current_language or i18n.default_language


def starts_bilingual_build(config) -> bool:
    """True in the ``on_config`` of the default language: a new bilingual build (or ``mkdocs serve`` rebuild)."""
    i18n = _plugin(config)
    return i18n is None or language(config) == i18n.default_language


def between_languages(config) -> bool:
    """True in the ``on_post_build`` of a language built inside i18n's loop (not every language is on disk)."""
    i18n = _plugin(config)
    return i18n is not None and getattr(i18n, "building", False)


def page_lang(page) -> str:
    """The language of a page (i18n sets ``file.locale``)."""
    return getattr(page.file, "locale", None) or LANGS[0]


def check_order(config, *handlers) -> None:
    """Each of ``handlers`` (``(event, function)``) runs after i18n's handler of that event."""
    i18n = _plugin(config)
    if i18n is None:
        return
    for event, fn in handlers:
        names = [getattr(h, "__qualname__", "?") for h in config.plugins.events[event]]
        mine = config.plugins.events[event].index(fn) if fn in config.plugins.events[event] else -1
        theirs = next((i for i, n in enumerate(names) if n.startswith("I18n.")), len(names))
        if mine < theirs:
            raise BuildError(f"hooks: on_{event} must run after mkdocs-static-i18n's (order now: {names})")


def lab_alternates(config, src_uri: str) -> None:
    """Point the language switch and hreflang links of a lab page at its twin lab (i18n only pairs Markdown
    pages): ``config.extra.alternate``, which i18n sets per page, before the page is rendered."""
    stem = re.sub(rf"\.({'|'.join(LANGS)})\.ipynb$", "", src_uri)
    base = urlsplit(config.site_url).path.rstrip("/") if config.site_url else ""
    for alt in getattr(config.extra, "alternate", None) or []:  # i18n sets it as an attribute
        prefix = "" if alt["lang"] == LANGS[0] else f"{alt['lang']}/"
        alt["link"] = f"{base}/{prefix}{stem}/"


def site_names(config) -> dict:
    """The site's name in every language ({lang: name}): mkdocs.yml's ``site_name`` for the default language, each
    other language's ``site_name`` from i18n's settings. Called in the default language's build."""
    names = {LANGS[0]: config.site_name}
    i18n = _plugin(config)
    for lang in i18n.config.languages if i18n is not None else []:
        if lang.locale != LANGS[0]:
            names[lang.locale] = lang.site_name or config.site_name
    return names


def localize(twins: dict) -> None:
    """Give generated pages (``{lang: File}``, one page in every language, made after i18n's ``on_files``) what
    i18n gives the pages it pairs: the language and the twins, which its ``on_page_context`` turns into the language
    switch (and our head template into hreflang alternates)."""
    for lang, f in twins.items():
        f.locale = f.localization = f.locale_alternate_of = lang
        f.norm_src_uri = re.sub(rf"\.{lang}\.md$", ".md", f.src_uri)
        f.alternates = twins


def add_to_sitemap(config, pages) -> None:
    """List generated pages in i18n's sitemap.xml, which it writes from the pages its ``on_files`` chose."""
    i18n = _plugin(config)
    if i18n is not None:
        i18n.i18n_files_per_language.setdefault(language(config), []).extend(pages)


def missing_twins(src_uris) -> list[str]:
    """Pages (``name.<lang>.md`` or ``.ipynb``) whose other-language twin is missing, as messages: i18n would
    quietly build a language with a page missing.

    >>> missing_twins(["a.hi.md", "a.en.md", "b/c.hi.md", "x.md"])
    ['docs/b/c.en.md is missing (the en twin of docs/b/c.hi.md)', 'docs/x.md: a page must end in .hi.md or .en.md']
    """
    present = set(src_uris)
    problems = []
    for uri in sorted(present):
        stem, _, ext = uri.rpartition(".")
        base, _, lang = stem.rpartition(".")
        if ext not in ("md", "ipynb"):
            continue
        if lang not in LANGS:
            problems.append(f"docs/{uri}: a page must end in .hi.{ext} or .en.{ext}")
            continue
        for other in LANGS:
            if f"{base}.{other}.{ext}" not in present:
                problems.append(f"docs/{base}.{other}.{ext} is missing (the {other} twin of docs/{uri})")
    return problems


def source_pages(docs_dir) -> list[str]:
    """The pages and labs in ``docs_dir`` as MkDocs finds them (dot folders and files left out)."""
    from pathlib import Path

    root = Path(docs_dir)
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.suffix in (".md", ".ipynb") and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
