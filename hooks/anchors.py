"""Readable heading anchors in every script: ids keep Devanagari vowel signs and virama.

Python's ``\\w`` does not match combining marks (Unicode categories Mn, Mc), so a slugify built on it
(Python-Markdown's, pymdownx's) turns "बिना ट्रेनिंग का एक असली डिनॉइज़र"
into ``बन-टरनग-क-एक-असल-डनइजर``. :func:`slugify` keeps letters, marks and digits of any script instead.
``on_config`` installs it as the toc extension's slugify, so headings, the table of contents, permalinks and
MkDocs' anchor validation all use the same ids. The labs' headings use the same function (hooks/lab_pages.py).
"""

from __future__ import annotations

import re
import unicodedata

_TAGS = re.compile(r"</?[^>]*>")


def slugify(text: str, sep: str = "-") -> str:
    """The anchor of a heading: NFC, tags removed, lower-case; letters, marks and digits of any script are kept,
    every space becomes ``sep``, anything else is dropped.

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


def on_config(config):
    config["mdx_configs"].setdefault("toc", {})["slugify"] = slugify
    return config
