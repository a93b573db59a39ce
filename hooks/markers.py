"""Runs last: any ``<!-- md:… -->`` marker still in a page is unknown (a typo) and fails the build."""
import re

from _common import BuildError, finditer_outside_code, line_at
from mkdocs.plugins import event_priority

LEFTOVER = re.compile(r"<!--\s*md:[^>]*-->|\]\((?:figure|figure-ref):[^)]*\)|\{\{[^{}]*\}\}")


@event_priority(-200)
def on_page_markdown(markdown, page, config, files):
    for m in finditer_outside_code(LEFTOVER, markdown):
        source = page.file.content_string  # report the line in the page as written, not as rewritten
        pos = source.find(m.group(0))
        line = line_at(source, pos) if pos >= 0 else "?"
        raise BuildError(f"docs/{page.file.src_uri}:{line}: unknown or malformed marker {m.group(0)!r}")
    return markdown
