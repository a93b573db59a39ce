"""Regenerate the self-hosted web fonts in docs/assets/fonts from Debian's Noto fonts, subset to what the site uses.

    python scripts/make_fonts.py [SITE_DIR]      (make fonts; SITE_DIR defaults to site/, built first if missing)

Needs `apt-get install fonts-noto-core fonts-noto-mono` and the `fonts` extra (fonttools, brotli). The woff2 files
are committed, so builds and readers never need this or a font CDN.

Each font keeps the characters that the built site shows in its role (both languages: page text, attributes such as
alt/title/aria-label, and the UI strings in the pages' scripts), plus printable ASCII so that anything typed into
the search box renders (in Devanagari a letter the site never shows falls back to the system font). The subsetter
keeps every conjunct and form reachable from the kept characters through the GSUB closure, so shaping is intact;
keeping only the letters the site shows saves 14 KB per Devanagari face over the whole block. tests/site/test_weight.py
fails when the site shows a character its font had but the subset dropped.
"""

from __future__ import annotations

import html as htmllib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

SRC = Path("/usr/share/fonts/truetype/noto")
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "assets" / "fonts"
ASCII = set(range(0x20, 0x7F)) | {0xA0}
DEVANAGARI_ALWAYS = {0x200C, 0x200D, 0x25CC, 0x0964, 0x0965}  # ZWNJ, ZWJ, dotted circle, danda, double danda
ALWAYS = {0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2022, 0x00D7, 0x2192, 0x2190, 0x00B7, 0x2212}
# role -> fonts; which characters each role needs is found in the built site by texts()
FONTS = {
    "NotoSans-Regular": "text",
    "NotoSansDevanagari-Regular": "devanagari",
    "NotoSansDevanagari-Bold": "devanagari",
    "NotoSansMono-Regular": "code",
    "NotoSansMath-Regular": "math",  # has an OpenType MATH table: Chromium's MathML stretches radicals with it
}


def is_devanagari(cp: int) -> bool:
    return 0x0900 <= cp <= 0x097F or 0xA8E0 <= cp <= 0xA8FF or 0x1CD0 <= cp <= 0x1CFF


def texts(site: Path) -> dict[str, set[int]]:
    """Code points shown by the site, per role: text (everything), code (inside code/pre/kbd), math (inside math)."""
    roles = {"text": set(), "code": set(), "math": set()}
    files = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    files += [p for p in (site / "assets" / "js").glob("*.js")]
    for path in files:
        raw = path.read_text(encoding="utf-8")
        roles["text"] |= {ord(c) for c in htmllib.unescape(re.sub(r"<svg\b.*?</svg>", "", raw, flags=re.S))}
        for m in re.finditer(r"<(code|pre|kbd)\b[^>]*>(.*?)</\1>", raw, re.S):
            roles["code"] |= {ord(c) for c in htmllib.unescape(re.sub(r"<[^>]+>", "", m.group(2)))}
        for m in re.finditer(r"<math\b[^>]*>(.*?)</math>", raw, re.S):
            roles["math"] |= {ord(c) for c in htmllib.unescape(re.sub(r"<[^>]+>", "", m.group(1)))}
    return roles


def wanted(role: str, roles: dict[str, set[int]]) -> set[int]:
    if role == "devanagari":
        return DEVANAGARI_ALWAYS | {c for c in roles["text"] if is_devanagari(c)}
    chars = roles[role] | ASCII | ALWAYS
    return {c for c in chars if not is_devanagari(c) and c >= 0x20}


def built_site(arg: str | None) -> Path:
    site = Path(arg) if arg else ROOT / "site"
    if (site / "index.html").exists():
        return site
    tmp = Path(tempfile.mkdtemp(prefix="fonts-site-"))
    print(f"building the site into {tmp} to see which characters it uses")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return tmp


def main() -> None:
    from fontTools import subset

    site = built_site(sys.argv[1] if len(sys.argv) > 1 else None)
    roles = texts(site)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, role in FONTS.items():
        opts = subset.Options()
        opts.flavor = "woff2"
        opts.layout_features = ["*"]
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        opts.hinting = False  # TrueType hinting is ignored by the browsers that matter here and weighs a lot
        opts.desubroutinize = True  # compresses better as woff2
        font = subset.load_font(str(SRC / f"{name}.ttf"), opts)
        cmap = set(font.getBestCmap())
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=sorted(wanted(role, roles) & cmap))
        sub.subset(font)
        target = OUT / f"{name}.woff2"
        subset.save_font(font, str(target), opts)
        print(
            f"{target.relative_to(ROOT)}: {len(font.getBestCmap())} characters, {target.stat().st_size / 1024:.1f} KB"
        )


if __name__ == "__main__":
    main()
