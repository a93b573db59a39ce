"""The whole site, once every language is on disk: one pass over its pages (sitegen/postbuild.py): Material's
unused JavaScript removed, the labs' and the theme's stylesheets pruned, the Latin face inlined, the search index."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from sitegen import i18n, postbuild, state


@event_priority(-100)  # last, after mkdocs-static-i18n's (registered before the hooks), which builds the languages
def on_post_build(config):
    i18n.check_order(config, ("post_build", on_post_build))
    if i18n.between_languages(config):
        return
    session = state.session()
    session.check_sources()  # and so did the labs, which ran until now
    postbuild.finish(Path(session.site_dir), session.data.glossary, session.cache("css"))
