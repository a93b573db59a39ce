"""Regenerate the self-hosted web fonts in docs/assets/fonts from Debian's Noto fonts.

Run by `make fonts` (needs `apt-get install fonts-noto-core fonts-noto-mono` and the `fonts` extra).
The woff2 files are committed, so builds and readers never need this or a font CDN.
Latin fonts are subset to Latin + punctuation + math symbols we use; Devanagari keeps its full
glyph set (conjuncts come from GSUB, so subsetting by code point alone would break shaping).
"""
from pathlib import Path

from fontTools import subset

SRC = Path("/usr/share/fonts/truetype/noto")
OUT = Path(__file__).resolve().parent.parent / "docs" / "assets" / "fonts"
LATIN = "U+0000-024F,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20AC,U+2122,U+2190-21FF,U+2200-22FF,U+00D7,U+0391-03C9,U+2070-209F,U+25A0-25FF"
DEVANAGARI = "U+0900-097F,U+1CD0-1CFF,U+A8E0-A8FF,U+200C-200D,U+25CC,U+0964-0965,U+0020-007E,U+00A0"
MATH = "U+0020-007E,U+00A0-00FF,U+0391-03C9,U+03D0-03F6,U+2016,U+2020-2022,U+2032-2037,U+2061-2064,U+2100-214F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+25A0-25FF,U+27C0-27EF,U+2980-29FF,U+2A00-2AFF,U+1D400-1D7FF"
FONTS = {
    "NotoSans-Regular": LATIN,
    "NotoSans-Bold": LATIN,
    "NotoSansDevanagari-Regular": DEVANAGARI,
    "NotoSansDevanagari-Bold": DEVANAGARI,
    "NotoSansMono-Regular": LATIN,
    "NotoSansMath-Regular": MATH,  # has an OpenType MATH table: Chromium's MathML stretches radicals with it
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, unicodes in FONTS.items():
        opts = subset.Options()
        opts.flavor = "woff2"
        opts.layout_features = ["*"]
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        font = subset.load_font(str(SRC / f"{name}.ttf"), opts)
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=subset.parse_unicodes(unicodes))
        sub.subset(font)
        target = OUT / f"{name}.woff2"
        subset.save_font(font, str(target), opts)
        print(f"{target.relative_to(OUT.parent.parent.parent)}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
