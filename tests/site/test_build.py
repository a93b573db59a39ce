"""The strict build of the whole site, as a reader receives it: languages, alternates, privacy, search."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def pages(site: Path, lang: str):
    """Built HTML pages of one language (Hindi at the root, English under en/)."""
    found = [p for p in site.rglob("index.html") if (p.relative_to(site).parts[0] == "en") == (lang == "en")]
    assert found, f"no {lang} pages built"
    return sorted(found)


class Loads(HTMLParser):
    """URLs a browser would fetch while showing the page (not links the reader may follow)."""

    LOADING = {
        ("script", "src"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("embed", "src"),
        ("object", "data"),
        ("video", "poster"),
        ("input", "src"),
    }

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for t, attr in self.LOADING:
            if tag == t and a.get(attr):
                self.urls.append(a[attr])
        if (
            tag == "link"
            and a.get("href")
            and set((a.get("rel") or "").split())
            & {"stylesheet", "preload", "icon", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest"}
        ):
            self.urls.append(a["href"])
        if a.get("srcset"):
            self.urls += [part.split()[0] for part in a["srcset"].split(",")]
        if a.get("style"):
            self.urls += re.findall(r"url\(['\"]?([^'\")]+)", a["style"])


def external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url))


def test_hindi_pages_are_hindi_and_english_pages_english(site):
    for page in pages(site, "hi"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="hi"' in html, page
        body = html.split("<article", 1)[1]
        assert len(DEVANAGARI.findall(body)) > 50, f"{page}: too little Devanagari text"
    for page in pages(site, "en"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="en"' in html, page


def test_every_page_links_its_twin_with_hreflang(site, site_url):
    for lang, other in (("hi", "en"), ("en", "hi")):
        for page in pages(site, lang):
            html = page.read_text(encoding="utf-8")
            alts = dict(
                (h, u) for u, h in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([a-z-]+)">', html)
            )
            assert set(alts) == {"hi", "en", "x-default"}, f"{page}: alternates {alts}"
            assert all(urlparse(u).scheme in ("http", "https") for u in alts.values()), f"{page}: {alts}"
            assert alts["x-default"] == alts["hi"], f"{page}: x-default is the default language's page"
            twin = (site / alts[other].removeprefix(site_url)).resolve() / "index.html"
            rel = page.relative_to(site)
            expected = site / (Path(*rel.parts[1:]) if lang == "en" else Path("en") / rel)
            assert twin == expected.resolve(), f"{page}: {other} alternate points to {twin}, not its twin"


def test_nothing_is_loaded_from_another_host(site):
    offenders = []
    for page in site.rglob("*.html"):
        parser = Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        offenders += [f"{page.relative_to(site)}: {u}" for u in parser.urls if external(u)]
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        offenders += [
            f"{css.relative_to(site)}: {u}" for u in re.findall(r"url\(['\"]?([^'\")]+)", text) if external(u)
        ]
        offenders += [
            f"{css.relative_to(site)}: @import {u}"
            for u in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", text)
            if external(u)
        ]
    assert offenders == []


def test_our_own_javascript_names_no_other_host(site):
    """The browser tests watch real requests; our own scripts must not name another host at all. Material's
    bundle (which names a CDN for mermaid) is not loaded and not published (sitegen/postbuild.py)."""
    assert not (site / "assets" / "javascripts").exists()
    ours = [p for p in site.rglob("*.js") if not str(p.relative_to(site)).startswith("pagefind")]
    assert any(p.name == "theme.js" for p in ours)
    # (Pagefind's own scripts use an example origin only as a base for parsing URLs; they fetch nothing from it)
    for js in ours:
        assert not re.search(r"https?://", js.read_text(encoding="utf-8")), js
    assert not any('class="mermaid"' in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_fonts_are_self_hosted_with_licence(site):
    css = (site / "assets" / "css" / "fonts.css").read_text(encoding="utf-8")
    for font in re.findall(r'url\("\.\./fonts/([^"]+)"\)', css):
        assert (site / "assets" / "fonts" / font).stat().st_size > 2_000  # subset to the site's characters
    assert "Noto Sans Devanagari" in css
    # the Latin face is inside the render-blocking stylesheet (sitegen/postbuild.py), and no page fetches it
    assert re.search(r'font-family: "Noto Sans"; [^}]*src: url\("data:font/woff2;base64,', css)
    assert not (site / "assets" / "fonts" / "NotoSans-Regular.woff2").exists()
    assert "SIL OPEN FONT LICENSE" in (site / "assets" / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_verdict_scale_on_both_home_pages(site):
    for home in (site / "index.html", site / "en" / "index.html"):
        html = home.read_text(encoding="utf-8")
        for verdict in ("true", "partly", "depends", "misleading", "unproven", "false"):
            badge = re.search(
                rf'<span class="va-verdict va-verdict--{verdict}"[^>]*>'
                r'<span class="twemoji">(.*?)</span>([^<]*)</span>',
                html,
                re.S,
            )
            assert badge, f"{home}: no badge (icon and word) for {verdict}"
            assert "<svg" in badge.group(1), f"{home}: badge {verdict} has no icon"
            assert badge.group(2).strip(), f"{home}: badge {verdict} has no word"


def test_every_label_names_a_control_on_its_page(site):
    """A <label for=X> needs an element with id X (the Nu checker's error on claim pages, which are outside the
    navigation, where Material writes the table of contents' toggle)."""
    missing = []
    for html in site.rglob("index.html"):
        text = html.read_text(encoding="utf-8")
        ids, named = set(re.findall(r'\bid="([^"]+)"', text)), set(re.findall(r'<label[^>]*\bfor="([^"]+)"', text))
        missing += [f"{html.relative_to(site)}: {x}" for x in sorted(named - ids)]
    assert missing == []
