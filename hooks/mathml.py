"""Math without a CDN or JavaScript: pymdownx.arithmatex (generic mode) marks TeX, this turns it into MathML.

Browsers render MathML Core natively; the TeX source stays readable in the Markdown. A page with math sets
``page.meta.va_math``: overrides/partials/va-fonts.html then preloads the math font. Without that the font arrived
after first paint on a slow phone and the lines around the formulas moved (layout shift 0.11 on the Hindi
noise-schedules page, Lighthouse and the browser tests).
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
    out = BLOCK.sub(lambda m: f'<div class="va-math">{_mathml(m.group(1), "block", page)}</div>', content)
    out = INLINE.sub(lambda m: _mathml(m.group(1), "inline", page), out)
    page.meta["va_math"] = out != content
    return out
