"""Read a page once: every figure, value, figure link and ``<!-- md:… -->`` marker outside code, with its line.

Page syntax (README, "Writing pages"):
  ![alt text](figure:module.name "optional caption")   a figure; alt text in the page's language is required
  ![alt text](clip:module.name "optional caption")     clips that play (sitegen/clips.py); alt text as for a figure
  {{module.name}}                                       a computed value, formatted for the page's language
  [text](figure-ref:module.name)                        a link to the figure where a page shows it
  <!-- md:kind argument -->                             a generated block (claim card, tables, glossary…)

Plain Python (no MkDocs): the build indexes pages with it (sitegen/state.py) and renders from the same matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitegen.text import FENCE

TOKEN = re.compile(
    r'!\[(?P<alt>[^\]]*)\]\((?P<scheme>figure|clip):(?P<figure>[^\s)"]+)(?:\s+"(?P<caption>[^"]*)")?\)'
    r"|\[(?P<text>[^\]]*)\]\(figure-ref:(?P<figref>[^\s)]+)\)"
    r"|\{\{\s*(?P<value>[^{}\s]+)\s*\}\}"
    r"|<!--\s*md:(?P<marker>[\w-]*)\s*(?P<arg>[^>]*?)\s*-->"
)


@dataclass(frozen=True)
class Ref:
    kind: str  # "figure" | "clip" | "figref" | "value" | "marker"
    id: str  # figure/clip/value id, or the marker's kind
    line: int
    start: int
    end: int
    alt: str = ""  # figure, clip: alt text; figref: link text
    caption: str = ""  # figure, clip: caption (defaults to the alt text); marker: its argument


class PageError(Exception):
    """A malformed reference at ``line`` of its page."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line, self.message = line, message


def code_ranges(markdown: str) -> list[tuple[int, int]]:
    return [(f.start(), f.end()) for f in FENCE.finditer(markdown)]


def scan(markdown: str, first_line: int = 1) -> list[Ref]:
    """Every reference outside fenced code, in order; ``first_line``: the line of the file ``markdown`` starts on
    (after a front matter). A figure or clip without alt text is an error."""
    fences, refs = code_ranges(markdown), []
    for m in TOKEN.finditer(markdown):
        if any(a <= m.start() < b for a, b in fences):
            continue
        line = markdown.count("\n", 0, m.start()) + first_line
        if m.group("figure"):
            alt, kind = m.group("alt").strip(), m.group("scheme")
            if not alt:
                ref = m.group("figure")
                raise PageError(line, f"{kind} {ref!r} has no alt text: write ![what the {kind} shows]({kind}:{ref})")
            refs.append(
                Ref(kind, m.group("figure"), line, m.start(), m.end(), alt, (m.group("caption") or alt).strip())
            )
        elif m.group("figref"):
            refs.append(Ref("figref", m.group("figref"), line, m.start(), m.end(), m.group("text").strip()))
        elif m.group("value"):
            refs.append(Ref("value", m.group("value"), line, m.start(), m.end()))
        else:
            refs.append(Ref("marker", m.group("marker"), line, m.start(), m.end(), caption=m.group("arg").strip()))
    return refs


def values_in(text: str) -> list[str]:
    """Value ids quoted in a piece of plain text (alt texts, captions, claim texts)."""
    return [m.group("value") for m in TOKEN.finditer(text) if m.group("value")]


def replace(markdown: str, refs: list[Ref], render) -> str:
    """The page with each reference replaced by ``render(ref)`` (refs as returned by ``scan``)."""
    out, last = [], 0
    for ref in refs:
        out += [markdown[last : ref.start], render(ref)]
        last = ref.end
    out.append(markdown[last:])
    return "".join(out)
