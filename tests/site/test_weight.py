"""Weight and hygiene of the built site that a phone pays for, without a browser:
the heaviest page, the subset fonts, the stylesheets the labs and the theme load, hosts named by pages, the
per-language search index."""

import json
import re
from pathlib import Path
from urllib.parse import urlparse

from conftest import ROOT

PAGE_MAX = 200 * 1024  # HTML + the figures and clips it shows; benchmarks/build.py reports the heaviest page


def pages(site):
    return sorted(p for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "pagefind")


def test_heaviest_page_with_its_figures_is_within_the_budget(site):
    """Page weight = its HTML + the figures and clips it shows (shared CSS, JS and fonts are cached across pages;
    an explorer's other settings load only when chosen)."""
    heavy, sizes = [], {}
    for html in pages(site):
        text = html.read_text(encoding="utf-8")
        figures = {
            src: (html.parent / src).resolve().stat().st_size
            for src in re.findall(r'<img src="([^"]*assets/(?:figures|clips)/[^"]+)"', text)
        }
        sizes[str(html.relative_to(site))] = total = len(text.encode()) + sum(figures.values())
        if total > PAGE_MAX:
            heavy.append(
                f"{html.relative_to(site)}: {total // 1024} KB = HTML {len(text.encode()) // 1024} KB + "
                + ", ".join(f"{Path(s).name} {n // 1024} KB" for s, n in figures.items())
            )
    assert len(sizes) >= 20
    assert heavy == [], f"pages over {PAGE_MAX // 1024} KB:\n" + "\n".join(heavy)


def test_fonts_cover_every_character_the_site_shows(site):
    """The woff2 fonts are subsets (scripts/make_fonts.py): a character the site shows that the full Noto font has
    but the subset lacks would fall back to another font. Run `make fonts` when this fails."""
    import make_fonts
    from fontTools.ttLib import TTFont

    roles = make_fonts.texts(site)
    missing = []
    for name, role in make_fonts.FONTS.items():
        full = make_fonts.SRC / f"{name}.ttf"
        assert full.exists(), f"{full} missing (Debian fonts-noto-core / fonts-noto-mono: make sys-test installs them)"
        have = set(TTFont(ROOT / "docs" / "assets" / "fonts" / f"{name}.woff2").getBestCmap())
        shown = make_fonts.wanted(role, roles) - make_fonts.ASCII - make_fonts.ALWAYS
        lost = sorted((shown & set(TTFont(full).getBestCmap())) - have)
        if lost:
            missing.append(f"{name}: {''.join(map(chr, lost))!r}")
    assert missing == [], "run `make fonts`; characters missing from the subsets:\n" + "\n".join(missing)


def test_fonts_are_small():
    fonts = {p.name: p.stat().st_size for p in (ROOT / "docs" / "assets" / "fonts").glob("*.woff2")}
    assert len(fonts) == 5 and sum(fonts.values()) < 160 * 1024, fonts  # Latin bold is synthesised


def test_no_page_names_a_third_party_host_in_a_script_or_link(site):
    """No <script src>, stylesheet or preload, and no inline script or style, points outside the site (nbconvert's
    mermaid loader named a CDN). Data (JSON-LD, links in the text, hreflang/canonical) may name other hosts."""
    own = urlparse(
        re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text()).group(1)
    ).hostname
    bad = []
    for html in pages(site):
        text = html.read_text(encoding="utf-8")
        rel = html.relative_to(site)
        for tag in re.findall(r"<script\b[^>]*\bsrc=\"[^\"]*\"|<link\b[^>]*>", text):
            if re.search(r'rel="(?:alternate|canonical)"', tag):
                continue
            url = re.search(r'(?:src|href)="([^"]*)"', tag)
            if url and urlparse(url.group(1)).hostname not in (None, own):
                bad.append(f"{rel}: {tag}")
        for kind, attrs, body in re.findall(r"<(script|style)\b([^>]*)>(.*?)</\1>", text, re.S):
            if "application/ld+json" in attrs or "application/json" in attrs:
                continue
            for host in re.findall(r"https?://([^/\"'`\s)]+)", body):
                if host.split(":")[0] not in (own, "www.w3.org"):  # SVG namespace in Material's icons
                    bad.append(f"{rel}: inline <{kind}> names {host}")
    for path in [*(site / "assets" / "css").glob("*.css"), *(site / "assets" / "js").glob("*.js")]:
        for host in re.findall(
            r"(?:url\(|import\(|@import\s)\s*[\"']?https?://([^/\"')]+)", path.read_text(encoding="utf-8")
        ):
            bad.append(f"{path.relative_to(site)} loads from {host}")
    assert bad == [], "\n".join(sorted(set(bad)))


def test_lab_pages_load_only_a_small_notebook_stylesheet(site):
    labs = [p for p in pages(site) if "labs" in p.parts]
    assert len(labs) == 4
    for html in labs:
        text = html.read_text(encoding="utf-8")
        sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
        notebook = [s for s in sheets if "notebook-" in s]
        assert len(notebook) == 1 and "<style" not in text.split("</head>")[1], (html, sheets)
        assert (html.parent / notebook[0]).resolve().stat().st_size < 40 * 1024
        for cls in ("jp-Cell", "jp-OutputArea", "highlight-ipynb"):  # what the notebook uses is still styled
            assert cls in text and cls in (html.parent / notebook[0]).resolve().read_text(encoding="utf-8"), cls
    assert not list((site / "assets" / "css").glob("jupyter-*.css"))


def test_theme_stylesheet_is_pruned_but_keeps_what_pages_use(site):
    main = list((site / "assets" / "stylesheets").glob("main.*.min.css"))
    assert len(main) == 1 and main[0].stat().st_size < 90 * 1024, main
    css = main[0].read_text(encoding="utf-8")
    for selector in (
        ".md-header",
        ".md-nav__link",
        ".md-typeset table:not([class])",
        ".md-footer",
        ".md-select",
        ".md-typeset__scrollwrap",  # written by sitegen/markup.py
        ".md-code__button",  # the rest: classes theme.js and copy.js add in the browser
        ".md-dialog--active",
        ".md-nav__link--active",
        ".md-header__title--active",
    ):
        assert selector in css, selector
    assert ".md-tooltip" not in css  # content.tooltips is off and Material's bundle is not loaded
    assert ".md-post" not in css and ".md-typeset .admonition.danger" not in css  # blog, danger boxes: unused


def test_search_index_has_one_language_per_index(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"hi", "en"}, entry
    counts = {lang: v["page_count"] for lang, v in entry["languages"].items()}
    hindi = [p.relative_to(site).parts for p in pages(site) if p.relative_to(site).parts[0] != "en"]
    assert counts["hi"] == counts["en"] == len([p for p in hindi if p[0] != "claims"]), "every page but claim pages"
    assert not (site / "search" / "search_index.json").exists()  # Material's merged lunr index is gone


def test_figures_are_not_in_the_search_index(site):
    """Pagefind's fragments (gzip'd JSON, one per page) hold the indexed text: no figure markup or file in them."""
    import gzip

    fragments = list((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) >= 20
    for f in fragments:
        text = gzip.decompress(f.read_bytes()).decode("utf-8", errors="replace")
        assert text.startswith("pagefind_dcd{") and "<svg" not in text and "figures/" not in text, f
