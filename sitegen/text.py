"""Text rules every part of the site shares: what a Devanagari letter is, heading anchors, numbers in each language,
and Markdown stripped down to its prose.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal

# A letter of a word, in Latin or Devanagari script: Devanagari letters, vowel signs, virama and digits, but not the
# danda (।, ॥), which ends a word.
LETTER = r"[\w\u0900-\u0963\u0966-\u097F]"

_TAGS = re.compile(r"</?[^>]*>")


def slugify(text: str, sep: str = "-") -> str:
    """The anchor of a heading: NFC, tags removed, lower-case; letters, marks and digits of any script are kept,
    every space becomes ``sep``, anything else is dropped. (Python's ``\\w``, on which Python-Markdown's slugify is
    built, does not match combining marks, so it turns "बिना ट्रेनिंग" into ``बन-टरनग``.)

    >>> slugify("बिना ट्रेनिंग का एक असली डिनॉइज़र", "-")
    'बिना-ट्रेनिंग-का-एक-असली-डिनॉइज़र'
    >>> slugify("दावे", "-")
    'दावे'
    >>> slugify("Measured: slides, fades and <em>film</em>", "-")
    'measured-slides-fades-and-film'
    >>> slugify("frame-by-frame (2D) vs 3D_patch", "-")
    'frame-by-frame-2d-vs-3d_patch'
    >>> slugify("ज़्यादा", "-") == unicodedata.normalize("NFC", "ज़्यादा")   # nukta composed the same way everywhere
    True
    """
    text = _TAGS.sub("", unicodedata.normalize("NFC", text)).strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LMN")
    return kept.replace(" ", sep)


LOCALES = {"hi": "hi_IN", "en": "en_US"}


@functools.cache
def _integer_pattern(lang: str) -> str:
    from babel import Locale

    return Locale.parse(LOCALES[lang]).decimal_formats[None].pattern.split(".")[0].split(";")[0]


def grouped(number: str, lang: str) -> str:
    """A plain decimal number (``"-1234567.50"``) with its digits grouped as the language writes them, its
    decimals kept as given (CLDR's patterns through Babel: 12,345,678 in English, 1,23,45,678 in Hindi).

    >>> grouped("123456789", "hi"), grouped("-1234567.50", "hi"), grouped("432000", "en"), grouped("999", "hi")
    ('12,34,56,789', '-12,34,567.50', '432,000', '999')
    """
    from babel.numbers import format_decimal

    decimals = len(number.partition(".")[2])
    pattern = _integer_pattern(lang) + ("." + "0" * decimals if decimals else "")
    return format_decimal(Decimal(number), format=pattern, locale=LOCALES[lang])


def format_value(x, fmt: str, lang: str) -> str:
    """A computed number for prose, with the value's format spec: ``4.04e-05`` → ``4.04 × 10⁻⁵``; grouped digits
    as the page's language groups them.

    >>> format_value(4.0368e-05, ".3g", "en"), format_value(123456789, ",d", "hi"), format_value(7.6154, ".1f", "hi")
    ('4.04 × 10⁻⁵', '12,34,56,789', '7.6')
    """
    s = format(x, fmt)
    m = re.fullmatch(r"(-?[\d.]+)e([+-])0*(\d+)", s)
    if m:
        sup = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
        exp = ("-" if m.group(2) == "-" else "") + m.group(3)
        return f"{m.group(1)} × 10{exp.translate(sup)}"
    return grouped(s.replace(",", ""), lang) if "," in s else s


# What is not prose in a page's Markdown, blanked out (line numbers kept): front matter, fenced code, HTML comments,
# display and inline math, inline code, {{value}} references, and link and figure targets.
FENCE = re.compile(r"^[ \t]*(?P<f>`{3,}|~{3,})[^\n]*\n.*?^[ \t]*(?P=f)[ \t]*$", re.M | re.S)
_NOT_PROSE = [
    (re.compile(r"\A---\n.*?\n---\n", re.S), None),
    (FENCE, None),
    (re.compile(r"<!--.*?-->", re.S), None),
    (re.compile(r"\$\$.*?\$\$", re.S), None),
    (re.compile(r"\$[^$\n]+\$"), None),
    (re.compile(r"`[^`\n]*`"), None),
    (re.compile(r"\{\{.*?\}\}"), None),
    (re.compile(r"\]\([^)\n]*\)"), "]()"),
]


def prose(markdown: str) -> str:
    """``markdown`` with everything that is not prose blanked out by spaces, so line numbers stay true.

    >>> prose("---\\ntitle: x\\n---\\nA `b` $c$ {{d.e}} [f](g.md) <!-- h -->\\n```\\n1.5\\n```\\n").split("\\n")[3]
    'A                 [f]()           '
    """
    for pattern, keep in _NOT_PROSE:
        markdown = pattern.sub(lambda m, keep=keep: keep or re.sub(r"[^\n]", " ", m.group(0)), markdown)
    return markdown
