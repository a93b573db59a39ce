"""Tables get Material's scroll box (``md-typeset__scrollwrap > md-typeset__table``) when the page is built, so a
wide table scrolls inside its box on a phone. Material's bundle wrapped them in the reader's browser; it is not
loaded (overrides/main.html), and a wrapper written here costs no script and moves nothing after the first paint.
As in Material, only tables without a class are wrapped (a notebook's styled tables keep their own layout);
docs/assets/js/scroll-focus.js makes a box that overflows reachable by keyboard."""

from __future__ import annotations

import re

TAG = re.compile(r"<table\b[^>]*>|</table>")
OPEN, CLOSE = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">', "</div></div>"


def wrap_tables(html: str) -> str:
    """Wrap every class-less ``<table>`` of ``html`` (nested tables stay inside their outer table's box)."""
    out, pos, depth, wrapped = [], 0, 0, []
    for m in TAG.finditer(html):
        out.append(html[pos : m.start()])
        pos = m.end()
        if m.group().startswith("</"):
            depth -= 1
            out.append(m.group() + (CLOSE if wrapped.pop() else ""))
        else:
            wrap = depth == 0 and "class=" not in m.group()
            depth += 1
            wrapped.append(wrap)
            out.append((OPEN if wrap else "") + m.group())
    out.append(html[pos:])
    return "".join(out)


def on_page_content(html, page, config, files):
    return wrap_tables(html)
