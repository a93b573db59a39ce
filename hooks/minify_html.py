"""Every page written without the theme's indentation and comments: ~8 KB less per page (issue 17).

htmlmin2 (through its ``htmlmin`` module) collapses runs of whitespace to one space, keeps <pre> and <textarea>
as written, and leaves attributes, character references and script contents alone (the options below). It runs
after every other page hook, so those read the theme's own markup.
"""

from __future__ import annotations

import htmlmin
from mkdocs.plugins import event_priority


@event_priority(-1000)  # last of the page hooks
def on_post_page(output, page, config):
    return htmlmin.minify(
        output,
        remove_comments=True,
        reduce_empty_attributes=False,
        remove_optional_attribute_quotes=False,
        convert_charrefs=False,
    )
