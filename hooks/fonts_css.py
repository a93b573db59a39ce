"""The Latin text face travels inside fonts.css as a data URL, not as a file of its own.

fonts.css is render-blocking, so the face is there for the first layout of every page. Fetched as a file, even
preloaded and with ``font-display: optional``, it came after the first paint on a slow network, and Chromium applied
it then: the Latin spaces and punctuation inside Hindi text took the new face and the text below moved (layout shift
0.25-0.28 on the Hindi home and attention pages with fonts arriving seconds late; tests/test_browser.py). Late
Devanagari faces moved nothing in the same test; at 29 KB each they stay files, preloaded on Hindi pages
(overrides/partials/va-fonts.html), and English pages do not carry them. Inline is not proof against everything:
once, in the test suite's phone pass on a fully loaded machine, the English home still moved by 0.183 with the
Latin text (the data-URL face applied after the first layout of a starved renderer); the phone pass's message names
the moved text.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

import base64
from pathlib import Path

from sitegen import state as _state
from sitegen.common import BuildError

INLINE = ("NotoSans-Regular.woff2",)  # in docs/assets/fonts, named in docs/assets/css/fonts.css


def on_post_build(config):
    if _state.between_languages(config):
        return
    site = Path(config.site_dir)
    css_file = site / "assets" / "css" / "fonts.css"
    if not css_file.is_file():  # a project without self-hosted fonts (the tests' small project)
        return
    css = css_file.read_text(encoding="utf-8")
    for name in INLINE:
        ref, font = f'url("../fonts/{name}")', site / "assets" / "fonts" / name
        if ref not in css:
            raise BuildError(f"docs/assets/css/fonts.css: hooks/fonts_css.py inlines {ref}, which it does not name")
        if not font.is_file():
            raise BuildError(f"docs/assets/fonts/{name} is missing: fonts.css names it (run `make fonts`)")
        css = css.replace(ref, f'url("data:font/woff2;base64,{base64.b64encode(font.read_bytes()).decode()}")')
        font.unlink()  # no page fetches it
    css_file.write_text(css, encoding="utf-8")
