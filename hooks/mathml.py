import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/
"""Math without a CDN or JavaScript: pymdownx.arithmatex (generic mode) marks TeX, this turns it into MathML.

Browsers render MathML Core natively; the TeX source stays readable in the Markdown. A page with math carries its
math font inline, subset to the characters of its formulas (1-2 KB): ``page.meta.va_math`` is that font as a data
URL, which overrides/partials/va-fonts.html writes into an @font-face in the page's head. Chromium applies a math
font to MathML whenever it arrives (``font-display`` does not stop it), and a font fetched from the server, even
preloaded, sometimes arrived after the first paint on a busy or slow phone: the lines around the formulas moved
(layout shift 0.04-0.11 on the Hindi noise-schedules and gaussian-noise pages). Inline, it is there for the first
layout.
"""

import base64
import functools
import html
import io
import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from latex2mathml.converter import convert

from sitegen.common import BuildError

INLINE = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>', re.S)
BLOCK = re.compile(r'<div class="arithmatex">\\\[(.+?)\\\]</div>', re.S)


def _mathml(tex: str, display: str, page) -> str:
    tex = html.unescape(tex).strip()
    try:
        return convert(tex, display=display)
    except Exception as e:
        raise BuildError(f"docs/{page.file.src_uri}: cannot render math {tex!r}: {e}") from None


TAG = re.compile(r"<[^>]+>")


@functools.lru_cache(maxsize=64)  # the same font and characters give the same bytes (no timestamp is written)
def _subset(font: bytes, chars: str) -> bytes:
    tt = TTFont(io.BytesIO(font), recalcTimestamp=False)
    options = subset.Options(flavor="woff2", layout_features=["*"], notdef_outline=True)
    sub = subset.Subsetter(options)
    sub.populate(text=chars)
    sub.subset(tt)
    out = io.BytesIO()
    tt.save(out)
    return out.getvalue()


def _font_url(config, mathml: str) -> str:
    """The site's math font (scripts/make_fonts.py) subset to the characters of ``mathml``, as a data URL."""
    font = (Path(config.docs_dir) / "assets" / "fonts" / "NotoSansMath-Regular.woff2").read_bytes()
    chars = "".join(sorted(set(html.unescape(TAG.sub("", mathml)))))
    return "data:font/woff2;base64," + base64.b64encode(_subset(font, chars)).decode("ascii")


def on_page_content(content, page, config, files):
    out = BLOCK.sub(lambda m: f'<div class="va-math">{_mathml(m.group(1), "block", page)}</div>', content)
    out = INLINE.sub(lambda m: _mathml(m.group(1), "inline", page), out)
    maths = re.findall(r"<math\b.*?</math>", out, re.S)
    page.meta["va_math"] = _font_url(config, "".join(maths)) if maths else None
    return out
