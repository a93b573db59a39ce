"""Figures scroll sideways inside their box on phones (docs/assets/css/site.css keeps their drawn size so the
labels stay readable). A scrollable box must be reachable by keyboard (axe: scrollable-region-focusable), so
each figure gets ``tabindex="0"``; its role and name stay the figure's own (the caption)."""

from __future__ import annotations

import re

FIGURE = re.compile(r'<figure class="va-figure"(?![^>]*\btabindex=)')


def on_post_page(output, page, config):
    return FIGURE.sub('<figure class="va-figure" tabindex="0"', output)
