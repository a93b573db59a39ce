"""A page per claim, as the built site publishes it (sitegen/claimpage.py, templates/claim_page.md): both languages,
paired for the language switch and hreflang, listed by the summary and the sitemap but not in the sidebar, linked
from every card (whose copy-link and share image are the page's), and citable (BibTeX read by a BibTeX parser)."""

from __future__ import annotations

import html as _html
import re
from urllib.parse import urljoin, urlparse

import pytest

from sitegen.cite import bibtex_text
from sitegen.data import load_claims, load_references

from conftest import og

DATA = load_claims(load_references())
LANGS = ("hi", "en")


def prefix(lang: str) -> str:
    return "" if lang == "hi" else "en/"


def read(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def canonical(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)


def target(site, page_path: str, href: str):
    """The built file a relative link on ``page_path`` reaches (directory URLs end in index.html)."""
    path = urlparse(urljoin("http://x/" + page_path + "/", href)).path.lstrip("/")
    return site / path / "index.html" if path.endswith("/") or not path else site / path


@pytest.mark.parametrize("lang", LANGS)
def test_every_claim_has_a_page_with_its_verdicts_texts_record_and_figures(site, lang):
    problems = []
    for c in DATA.claims:
        where = f"{prefix(lang)}claims/{c.id}"
        if not (site / where / "index.html").exists():
            problems.append(f"{where}: no page")
            continue
        html = read(site, where)
        body = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
        h1 = _html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1)))
        h1 = h1.replace("¶", "").strip()
        if h1 != c.claim[lang]:
            problems.append(f"{where}: h1 {h1!r}")
        page = re.search(r'<div class="va-claim va-claim--page"[^>]*>', body).group(0)
        if f'data-verdict="{c.verdict}"' not in page or f'data-note-verdict="{c.note_verdict}"' not in page:
            problems.append(f"{where}: verdicts {page}")
        for v in (c.verdict, c.note_verdict):
            if f"va-verdict--{v}" not in body:
                problems.append(f"{where}: no {v} badge")
        if f": {c.reviewed.isoformat()}</small>" not in body:
            problems.append(f"{where}: no review date {c.reviewed}")
        record = re.findall(r'<li><span id="(published|change-\d+)"></span>(\d{4}-\d\d-\d\d)', body)
        want = [("published", str(c.published.date))] + [(f"change-{n}", str(h.date)) for n, h in
                                                          enumerate(c.history, 1)]  # fmt: skip
        if record != want:
            problems.append(f"{where}: history {record} != {want}")
        shown = re.findall(r'<img src="([^"]+)"', body)
        for ev in c.evidence:
            svg = [s for s in shown if s.endswith((f"/assets/figures/{ev}.{lang}.svg", f"/assets/clips/{ev}.png"))]
            if not svg or not target(site, where, svg[0]).exists():
                problems.append(f"{where}: evidence figure {ev} not shown")
        for s in c.sources:
            ref = load_references()[s.ref]
            if (ref.url or f"https://arxiv.org/abs/{ref.arxiv}") not in body:
                problems.append(f"{where}: source {s.ref} not linked")
    assert not problems, "\n".join(problems)


def test_language_switch_hreflang_and_canonical_pair_the_claim_pages(site, site_url):
    for c in DATA.claims[:: max(1, len(DATA.claims) // 6)]:  # a spread of claims: the pairing is the same code
        urls = {lang: f"{site_url}{prefix(lang)}claims/{c.id}/" for lang in LANGS}
        for lang in LANGS:
            where = f"{prefix(lang)}claims/{c.id}"
            html = read(site, where)
            assert canonical(html) == urls[lang]
            assert f'<html lang="{lang}"' in html
            hreflang = {
                k: v for v, k in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([a-z-]+)">', html)
            }
            assert hreflang == {**urls, "x-default": urls["hi"]}, where
            switch = dict(
                (lang2, href)
                for href, lang2 in re.findall(r'<a href="([^"]+)" hreflang="(hi|en)" class="md-select', html)
            )
            assert set(switch) == set(LANGS), where
            for other, href in switch.items():
                assert target(site, where, href) == site / f"{prefix(other)}claims/{c.id}" / "index.html", (where, href)


@pytest.mark.parametrize("lang", LANGS)
def test_cards_link_to_their_claim_page_and_share_its_url_and_image(site, site_url, lang):
    """Topic pages keep their cards; each card links to its claim's page, its copy-link copies that page's URL and
    its share image is the one the page's link preview uses."""
    seen = set()
    for topic in sorted((site / prefix(lang) / "topics").glob("*/index.html")):
        where = topic.parent.relative_to(site).as_posix()
        html = topic.read_text(encoding="utf-8")
        for cid, card in re.findall(r'<div class="va-claim" data-claim="([^"]+)"(.*?)</div>\s*</div>', html, re.S):
            seen.add(cid)
            page = re.search(r'<a class="va-claim__page" href="([^"]+)"', card).group(1)
            assert target(site, where, page) == site / prefix(lang) / "claims" / cid / "index.html"
            assert target(site, where, page).exists(), (where, page)
            assert re.search(r'class="va-copy-link" data-href="([^"]+)"', card).group(1) == (
                f"{site_url}{prefix(lang)}claims/{cid}/"
            )
            image = re.search(r'class="va-share-image" href="([^"]+)"', card).group(1)
            assert target(site, where, image).exists(), (where, image)
            preview = og(read(site, f"{prefix(lang)}claims/{cid}"))["og:image"][0]
            assert preview.endswith("/" + urlparse(urljoin("http://x/" + where + "/", image)).path.split("/", 1)[1])
    assert seen == set(DATA.by_id)


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_lists_every_claim_page_and_the_sidebar_none(site, lang):
    html = read(site, f"{prefix(lang)}verdict")
    body = html.split('<article class="md-content__inner md-typeset">', 1)[1]
    linked = {m for m in re.findall(r'href="\.\./claims/([a-z0-9-]+)/"', body)}
    assert linked == set(DATA.by_id)
    for page in (f"{prefix(lang)}verdict", f"{prefix(lang)}claims/{DATA.claims[0].id}"):
        sidebar = read(site, page).split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
        assert "claims/" not in sidebar, f"{page}: claim pages in the sidebar"


def test_sitemap_lists_every_claim_page_with_its_twin(site, site_url):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for c in DATA.claims:
        for lang in LANGS:
            url = f"{site_url}{prefix(lang)}claims/{c.id}/"
            assert f"<loc>{url}</loc>" in sitemap, url
            assert f'hreflang="{lang}" href="{url}"' in sitemap, url


@pytest.mark.parametrize("lang", LANGS)
def test_cite_this_gives_bibtex_a_parser_reads_and_plain_text_with_the_review_date(site, site_url, lang):
    from pybtex.database import parse_string

    words = {k: v[lang] for k, v in DATA.verdicts.items()}
    for c in DATA.claims:
        where = f"{prefix(lang)}claims/{c.id}"
        html = read(site, where)
        cite = html.split('id="cite"', 1)[1]
        code = re.search(r"<code>(.*?)</code>", cite, re.S).group(1)
        bib = re.sub(r"<[^>]+>", "", code)
        bib = _html.unescape(bib)
        entries = parse_string(bib, "bibtex").entries
        assert list(entries) == [f"video-analysis:{c.id}:{c.reviewed.isoformat()}"], bib
        e = entries[f"video-analysis:{c.id}:{c.reviewed.isoformat()}"]
        fields = {k.lower(): v for k, v in e.fields.items()}
        assert e.type == "misc"
        assert fields["title"] == "{" + bibtex_text(c.claim[lang]) + "}", fields["title"]
        assert fields["url"] == f"{site_url}{prefix(lang)}claims/{c.id}/"
        assert fields["year"] == str(c.reviewed.year) and fields["date"] == c.reviewed.isoformat()
        assert words[c.verdict] in fields["note"] and c.reviewed.isoformat() in fields["note"]
        assert [str(p) for p in e.persons["author"]] == ["{The video-analysis-site contributors}"]
        plain = _html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<blockquote class="va-cite">(.*?)</blockquote>',
                                                                   cite, re.S).group(1)))  # fmt: skip
        for part in (c.claim[lang], words[c.verdict], c.reviewed.isoformat(), fields["url"]):
            assert part in plain, (where, part)
