"""Material's JavaScript is not loaded (overrides/main.html; docs/assets/js/theme.js says why and what replaces
it), but the theme still copies its bundle, source map, lunr search and search worker (1.3 MB) into site/. After
the whole bilingual build they are removed, so that nothing unused is published and the stylesheet pruning
(hooks/theme_css.py, which runs after this) counts only the scripts pages really load. A page that still names
one of them fails the build."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitegen import state as _state

THEME_JS = "assets/javascripts/"
LOADS = re.compile(r'<script\b[^>]*\bsrc="[^"]*' + THEME_JS)


@event_priority(-350)  # after mkdocs-static-i18n (-100) has built every language; before theme_css (-360)
def on_post_build(config):
    if _state.between_languages(config):
        return
    site = Path(config.site_dir)
    for page in site.rglob("*.html"):
        if LOADS.search(page.read_text(encoding="utf-8")):
            raise PluginError(f"{page.relative_to(site)} loads Material's JavaScript ({THEME_JS}), which is removed")
    shutil.rmtree(site / THEME_JS, ignore_errors=True)
