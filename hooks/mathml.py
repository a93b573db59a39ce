"""Math without a CDN or JavaScript: pymdownx.arithmatex (generic mode) marks TeX, this turns it into MathML.

Browsers render MathML Core natively; the TeX source stays readable in the Markdown.
"""

import html
import re

from _site import BuildError
from latex2mathml.converter import convert

INLINE = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>', re.S)
BLOCK = re.compile(r'<div class="arithmatex">\\\[(.+?)\\\]</div>', re.S)


def _mathml(tex: str, display: str, page) -> str:
    tex = html.unescape(tex).strip()
    try:
        return convert(tex, display=display)
    except Exception as e:
        raise BuildError(f"docs/{page.file.src_uri}: cannot render math {tex!r}: {e}") from None


def on_page_content(content, page, config, files):
    content = BLOCK.sub(lambda m: f'<div class="va-math">{_mathml(m.group(1), "block", page)}</div>', content)
    return INLINE.sub(lambda m: _mathml(m.group(1), "inline", page), content)
