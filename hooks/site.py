"""The whole site, once every language is on disk: one pass over its pages (sitegen/postbuild.py): Material's
unused JavaScript removed, the labs' and the theme's stylesheets pruned, the Latin face inlined, the search index.
And each language's 404 page in its place (on_post_template)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from sitegen import i18n, postbuild, share, state
from sitegen.common import LANGS


@event_priority(-100)  # last, after mkdocs-static-i18n's (registered before the hooks), which builds the languages
def on_post_build(config):
    i18n.check_order(config, ("post_build", on_post_build))
    if i18n.between_languages(config):
        return
    session = state.session()
    share.finish(session)  # the share images drawn beside the pages
    session.check_sources()  # and so did the labs, which ran until now
    postbuild.finish(Path(session.site_dir), session.data.glossary, session.cache("css"))


def on_post_template(output, template_name, config):
    """Every language build renders 404.html at the site's root, so the last (English) one would stay there: the
    root keeps the default language's (Hindi, as the site's root is), and another language's goes to its folder."""
    lang = i18n.language(config)
    if template_name != "404.html" or lang == LANGS[0]:
        return output
    root = Path(config.site_dir)
    (root / lang).mkdir(parents=True, exist_ok=True)
    (root / lang / "404.html").write_text(output, encoding="utf-8")
    return (root / "404.html").read_text(encoding="utf-8")
