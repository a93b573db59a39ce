"""Small accessibility fixes to markup we do not write, that axe-core reports as serious (tests/test_reader.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

from sitegen import state as _state
from sitegen.common import esc, page_lang


def on_post_page(output, page, config):
    # wide tables scroll inside Material's wrapper: docs/assets/js/scroll-focus.js labels them with this
    table = esc(_state.session().data.ui("table_scroll", page_lang(page)))
    output = output.replace("<body ", f'<body data-va-table-label="{table}" ', 1)
    # notebook code cells scroll sideways: keyboard users must be able to reach them (axe: scrollable-region-focusable)
    return output.replace('<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb')
