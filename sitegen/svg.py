"""Deterministic, light SVG from a matplotlib figure, text kept as text with its fonts embedded.

The same bytes come out of every build: fixed ``svg.hashsalt``, no date. Text stays text, in the fonts matplotlib
laid it out with, embedded in the SVG as subsets of the glyphs it drew (an SVG shown by ``<img>`` can load no font
from outside). ``_embed_fonts`` checks that the browser will shape each Devanagari run into the glyphs matplotlib
drew (it shapes the run again with the subset and compares), so conjuncts and matras look as matplotlib set them.
Making a subset is the slow part of drawing; given a cache, each subset is kept there, keyed by everything it is
made from, and made once.
"""

from __future__ import annotations

import base64
import collections
import contextlib
import functools
import hashlib
import html
import io
import json
import os
import pickle
import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager

SOURCE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # this writer's code as loaded: part of every key


def to_svg(fig, cache=None) -> bytes:
    """Serialise and close ``fig``: deterministic SVG bytes, text as text with its fonts embedded. ``cache``, if
    given, keeps the font subsets between calls and builds: an object with ``read(key, suffix)`` (None when absent)
    and ``write(key, data, suffix)``, as sitegen.compute.Cache (which also detects a corrupted entry)."""
    from snippets._figure import STYLE  # as the snippets of this build were drawn with (imported afresh each build)

    with plt.rc_context(STYLE):
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        glyphs = _glyphs_drawn(fig)
    plt.close(fig)
    return _embed_fonts(_compact(buf.getvalue()), glyphs, cache)


def _glyphs_drawn(fig) -> list[tuple[str, dict[str, set[int]]]]:
    """For every visible text of ``fig``: the text and {font file: glyph indices} of the glyphs matplotlib draws
    for it, after shaping and per-glyph font fallback. Every glyph of a text drawn as paths passes through
    ``TextToPath._get_glyph_repr`` (matplotlib 3.11's private hook; if an upgrade changes it, the assert below
    fails every figure's build rather than dropping glyphs silently)."""
    from matplotlib.text import Text
    from matplotlib.textpath import TextToPath

    out: list[tuple[str, dict[str, set[int]]]] = []
    original = TextToPath._get_glyph_repr

    def record(self, font, glyph):
        out[-1][1].setdefault(font.fname, set()).add(glyph)
        return original(self, font, glyph)

    TextToPath._get_glyph_repr = record
    try:
        for t in fig.findobj(Text):
            if t.get_visible() and t.get_text().strip():
                s, ismath = t._preprocess_math(t.get_text())
                out.append((s, {}))
                TextToPath().get_text_path(t.get_fontproperties(), s, ismath=ismath)
    finally:
        TextToPath._get_glyph_repr = original
    assert all(drawn for _, drawn in out), "no glyph recorded: matplotlib's TextToPath._get_glyph_repr hook changed"
    return out


# Scripts whose shaping can replace or reorder glyphs (conjuncts, matras): runs in them are checked after subsetting.
_SHAPED = re.compile("[\u0900-\u097f\ua8e0-\ua8ff\u200c\u200d]+")


def _embed_fonts(svg: bytes, texts: list[tuple[str, dict[str, set[int]]]], cache=None) -> bytes:
    """Add an ``@font-face`` per font file matplotlib drew with: a WOFF2 subset of the glyphs it drew, the
    characters of the texts it drew them for (less those another font drew there: the browser takes those from
    that font, as matplotlib did), and the shaping rules between them."""
    shown = set("".join(html.unescape(t) for t in re.findall(r">([^<>]+)</(?:text|tspan)>", svg.decode())))
    faces = []
    # by file name, not path: the same figure whatever directory the fonts (and the checkout's venv) are in
    for fname in sorted({f for _, drawn in texts for f in drawn}, key=lambda f: (os.path.basename(f), f)):
        cmap = _font(fname).getBestCmap()
        gids, chars, strings = set(), set(), []
        for text, drawn in texts:
            if fname not in drawn:
                continue
            gids |= drawn[fname]
            strings.append(text)
            elsewhere = {
                c for other, theirs in drawn.items() if other != fname for c in text if _drew(other, c, theirs)
            }
            chars |= {c for c in text if ord(c) in cmap and c not in elsewhere}
        # and what mathtext drew (its source "$\\alpha$" is not the text shown, "α")
        chars |= {c for c in shown if _drew(fname, c, gids)}
        data = _cached_subset(cache, fname, gids, sorted(chars), strings)
        entry = font_manager.ttfFontProperty(font_manager.get_font(fname))
        style = "" if entry.style == "normal" else f"font-style:{entry.style};"
        faces.append(
            f"@font-face{{font-family:'{entry.name}';font-weight:{entry.weight};{style}"
            f"src:url(data:font/woff2;base64,{base64.b64encode(data).decode()})}}"
        )
    if not faces:
        return svg
    return svg.replace(b"</style>", "".join(faces).encode() + b"</style>", 1)


def _drew(fname: str, c: str, gids: set[int]) -> bool:
    """Whether the font drew character ``c`` as its own glyph (the one its character map gives)."""
    name = _font(fname).getBestCmap().get(ord(c))
    return name is not None and _font(fname).getGlyphID(name) in gids


@functools.cache
def _master(fname: str) -> bytes:
    """The font with every table read, pickled: each subset starts from a copy (reading the tables is the slow part)."""
    from fontTools.ttLib import TTFont

    font = TTFont(fname, recalcTimestamp=False)  # keep the font's own date: the same bytes every build
    font.ensureDecompiled()
    return pickle.dumps(font)


@functools.cache
def _font(fname: str):
    """A read-only copy of the font (its character map, glyph names and shaping rules), each table read when first
    asked for: looking up characters needs only the character map."""
    from fontTools.ttLib import TTFont

    return TTFont(fname, recalcTimestamp=False)


@functools.cache
def _subset_inputs() -> str:
    """What a subset depends on besides its font, glyphs and texts: this module's code, fontTools (it subsets) and
    matplotlib (it shapes, for the check)."""
    import fontTools

    return SOURCE + fontTools.version + matplotlib.__version__


@functools.cache
def _file_hash(fname: str) -> str:
    return hashlib.sha256(Path(fname).read_bytes()).hexdigest()


def _cached_subset(cache, fname: str, gids: set[int], chars: list[str], strings: list[str]) -> bytes:
    """``_subset``, read from ``cache`` when it was made before from the same inputs (the font's bytes, not its
    path), else made and stored there."""
    if cache is None:
        return _subset(fname, gids, chars, strings)
    inputs = [_file_hash(fname), _subset_inputs(), sorted(gids), chars, sorted(set(strings))]
    key = hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode()).hexdigest()[:32]
    data = cache.read(key, "woff2")
    if data is None:
        data = _subset(fname, gids, chars, strings)
        cache.write(key, data, "woff2")
    return data


def _options(closure: bool):
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.layout_closure = closure
    options.hinting = False
    options.desubroutinize = True
    options.glyph_names = True  # for the shaping check; dropped from the WOFF2
    options.drop_tables += ["FFTM", "DSIG"]
    return options


def _subset(fname: str, gids: set[int], chars: list[str], strings: list[str]) -> bytes:
    """WOFF2 subset of ``fname``: glyphs ``gids`` and ``chars``, and the shaping rules among them. Every run of
    Devanagari in ``strings`` is shaped again with the subset; a run that comes out differently (its shaping went
    through a glyph matplotlib never drew, e.g. a half form inside a conjunct) gets the glyphs its syllables can
    reach through the font's rules (their closure), then, if that is not enough, those of the whole run."""
    from fontTools import subset

    names = {_font(fname).getGlyphName(g) for g in gids}
    runs = sorted({r for s in strings for r in _SHAPED.findall(s) if all(c in chars for c in r)})
    wrong: list[str] = []
    for widen in (None, _syllables, lambda run: [run]):
        if widen:
            for run in wrong:
                for part in widen(run):
                    closure = subset.Subsetter(_options(closure=True))
                    closure.populate(text=part)
                    closure._closure_glyphs(_font(fname))  # reads the font, changes nothing
                    names |= closure.glyphs_retained
        font = pickle.loads(_master(fname))
        subsetter = subset.Subsetter(_options(closure=False))
        subsetter.populate(glyphs=sorted(names), text="".join(chars))
        with contextlib.redirect_stderr(io.StringIO()):
            subsetter.subset(font)
        ttf = io.BytesIO()
        font.save(ttf)
        wrong = [r for r in runs if _shape(io.BytesIO(ttf.getvalue()), r) != _shape(fname, r)]
        if not wrong:
            break
    else:
        raise RuntimeError(f"{Path(fname).name}: the subset shapes {wrong[:3]} unlike the full font")
    font["post"].formatType = 3.0
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _syllables(run: str) -> list[str]:
    """A Devanagari run cut where a consonant or vowel letter starts a new syllable (not after a virama or a joiner).

    >>> _syllables("प्रोग्रेसिव मॉडल")
    ['प्रो', 'ग्रे', 'सि', 'व ', 'मॉ', 'ड', 'ल']
    """
    parts: list[str] = []
    for c in run:
        starts = "\u0904" <= c <= "\u0939" or "\u0958" <= c <= "\u0961" or "\u0972" <= c <= "\u097f"
        if parts and not (starts and parts[-1][-1] not in "\u094d\u200c\u200d"):
            parts[-1] += c
        else:
            parts.append(c)
    return parts


def _shape(font_file, run: str) -> list[str]:
    """Glyph names of ``run`` shaped by matplotlib's layout engine (libraqm) in ``font_file`` (path or bytes)."""
    from matplotlib.ft2font import FT2Font, LoadFlags

    font = FT2Font(font_file)
    return [font.get_glyph_name(item.glyph_index) for item in font._layout(run, LoadFlags.NO_HINTING)]


def _compact(svg: bytes) -> bytes:
    r"""What matplotlib writes that nobody reads, removed, and what it writes long, written short — the picture is
    the same to a hundredth of a point. Gone: the DOCTYPE, RDF metadata, comments (they repeat the labels, which
    the page's alt text carries), ids nothing refers to, whitespace between tags and inside styles. Shortened:
    ids (``m0d209e1f59`` -> ``a``), ``xlink:href`` -> ``href``, positions to 2 decimals, path data (``_path``).

    >>> _compact(b'<g id="x">\n <!-- x --> <path id="m-1" d="M 8 16 \n L 24 16 z"/>'
    ...          b'<use xlink:href="#m-1" x="1.23456" style="stroke: #000"/></g>')
    b'<g><path id="a" d="M8 16l16 0z"/><use href="#a" x="1.23" style="stroke:#000"/></g>'
    """
    svg = re.sub(rb"<!DOCTYPE[^>]*>|<metadata>.*?</metadata>|<!--.*?-->", b"", svg, flags=re.S)
    svg = re.sub(rb">\s+<", b"><", svg)

    svg = re.sub(rb' d="([^"]*)"', lambda m: b' d="%s"' % _path(m.group(1).decode()).encode(), svg)
    svg = re.sub(rb' (x|y)="([^"]*)"|translate\([^)]*\)', lambda m: _round(m.group(0)), svg)
    svg = re.sub(rb' style="([^"]*)"', lambda m: b' style="%s"' % _style(m.group(1)), svg)
    svg = _classes(_ungroup(svg))
    svg = svg.replace(b"xlink:href=", b"href=")
    used = list(dict.fromkeys(re.findall(rb'(?:href="#|url\(#)([^")]+)', svg)))
    short = {name: _short_id(i).encode() for i, name in enumerate(used)}
    svg = re.sub(rb' id="([^"]+)"', lambda m: b' id="%s"' % short[m.group(1)] if m.group(1) in short else b"", svg)
    return re.sub(rb'(href="#|url\(#)([^")]+)', lambda m: m.group(1) + short[m.group(2)], svg)


def _style(css: bytes) -> bytes:
    """A style attribute without spaces after separators, colours in their short form.

    >>> _style(b"fill: #ffffff; stroke: #1f77b4; stroke-width: 0.8")
    b'fill:#fff;stroke:#1f77b4;stroke-width:0.8'
    """
    css = re.sub(rb"([:;,])\s+", rb"\1", css)
    return re.sub(rb"#([0-9a-f])\1([0-9a-f])\2([0-9a-f])\3\b", rb"#\1\2\3", css)


def _classes(svg: bytes) -> bytes:
    """A style used more than once becomes a class, defined once in the SVG's stylesheet (a class outranks the
    stylesheet's ``*`` rule exactly as the inline style did).

    >>> _classes(b'<style>*{x:1}</style><path style="fill:red"/><path style="fill:red"/><path style="fill:blue"/>')
    b'<style>*{x:1}.a{fill:red}</style><path class="a"/><path class="a"/><path style="fill:blue"/>'
    """
    styles = re.findall(rb' style="([^"]*)"', svg)
    counts = collections.Counter(styles)
    names: dict[bytes, bytes] = {}
    for css in dict.fromkeys(styles):
        if counts[css] > 1:
            names[css] = _short_id(len(names)).encode()
    if not names:
        return svg
    assert b"</style>" in svg, "matplotlib's SVG has no stylesheet to hold the classes"
    svg = re.sub(
        rb' style="([^"]*)"', lambda m: b' class="%s"' % names[m.group(1)] if m.group(1) in names else m.group(0), svg
    )
    return svg.replace(b"</style>", b"".join(b".%s{%s}" % (n, css) for css, n in names.items()) + b"</style>", 1)


def _ungroup(svg: bytes) -> bytes:
    """Groups without attributes (matplotlib nests many) removed; their children stay where they were.

    >>> _ungroup(b'<g><g style="x"><g><path/></g></g><g></g></g>')
    b'<g style="x"><path/></g>'
    """
    out, keep = [], []
    for part in re.split(rb"(<g>|<g [^>]*>|</g>)", svg):
        if part == b"<g>":
            keep.append(False)
        elif part.startswith(b"<g "):
            keep.append(True)
            out.append(part)
        elif part == b"</g>":
            if keep.pop():
                out.append(part)
        else:
            out.append(part)
    return b"".join(out)


def _short_id(i: int) -> str:
    """``a``, ``b``, … ``z``, ``ba``, ``bb``, …: a letter first, so every id is a valid XML name.

    >>> [_short_id(i) for i in (0, 25, 26, 27)]
    ['a', 'z', 'ba', 'bb']
    """
    out = ""
    while True:
        out = chr(97 + i % 26) + out
        i //= 26
        if not i:
            return out


def _round(numbers: bytes) -> bytes:
    """Every decimal number in a position (``x``, ``y``, ``translate()``) to 2 decimals, without trailing zeros.

    >>> _round(b"translate(52.919323 -0.004)")
    b'translate(52.92 0)'
    """
    return re.sub(rb"-?\d+\.\d+", lambda m: _num(round(float(m.group(0)), 2)).encode(), numbers)


def _num(x: float) -> str:
    """Shortest plain form of a number rounded to 2 decimals: ``2``, ``-0.5``, ``12.25``."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _path(d: str) -> str:
    """matplotlib's absolute path data (M/L/Q/C/z) as relative commands, to 0.01 pt.

    Points are rounded first (in hundredths) and the relative steps taken between rounded points, so rounding
    errors do not add up along a path.

    >>> _path("M 0 0 L 10.004 0 Q 10 5 0 5 z M 1 1 L 2 2")
    'M0 0l10 0q0 5-10 5zM1 1l1 1'
    >>> _path("M 1.5 -2 L 3 -2 L 3 0.25")
    'M1.5-2l1.5 0 0 2.25'
    """
    tokens = re.findall(r"[MLQCz]|-?\d+(?:\.\d*)?(?:e-?\d+)?", d)
    out, cur, start, last, i = [], (0, 0), (0, 0), "", 0
    while i < len(tokens):
        cmd = tokens[i]
        i += 1
        if cmd == "z":
            out.append("z")
            cur, last = start, "z"
            continue
        n = {"M": 1, "L": 1, "Q": 2, "C": 3}[cmd]
        pts = [(round(float(tokens[i + 2 * k]) * 100), round(float(tokens[i + 2 * k + 1]) * 100)) for k in range(n)]
        i += 2 * n
        if cmd == "M":
            text, letter = f"{_num(pts[0][0] / 100)} {_num(pts[0][1] / 100)}", "M"
            cur = start = pts[0]
        else:
            letter = cmd.lower()
            text = " ".join(f"{_num((x - cur[0]) / 100)} {_num((y - cur[1]) / 100)}" for x, y in pts)
            cur = pts[-1]
        out.append((letter if letter != last else " ") + text)
        last = letter
    return re.sub(r" -", "-", "".join(out))
