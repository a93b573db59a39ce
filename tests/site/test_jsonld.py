"""ClaimReview JSON-LD that search engines accept, read from the built pages by a real parser (extruct): exactly one
on each claim's own page (claims/<id>/, in both languages), none on any other page.

Every property Google's fact-check documentation (developers.google.com/search/docs/appearance/structured-data/
factcheck) lists as required or recommended is checked, with the value it must have:

ClaimReview  claimReviewed (required), reviewRating (required), url (required; absolute, on this site: the claim's
             page that carries it), author (recommended; Organization with name and url), datePublished
             (recommended; the claim's first publication in data/claims.yml; dateModified its last review), itemReviewed
             (recommended; a Claim)
Rating       alternateName (required; the verdict's word), ratingValue, bestRating, worstRating, name (recommended)
Claim        author, appearance, firstAppearance (recommended). Its datePublished, also recommended, is left out
             on purpose: the note carries no date, and we do not invent one.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import extruct
import pytest

from sitegen.data import load_claims, load_references

DATA = load_claims(load_references())
CLAIMS = DATA.by_id
VERDICTS = DATA.verdicts
RATINGS = [v.rating for v in VERDICTS.values()]


def canonical(html: str) -> str:
    m = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    assert m, "page has no canonical URL (site_url unset?)"
    return m.group(1)


def page_reviews(html: str) -> list[dict]:
    """The ClaimReviews of a built page, as a JSON-LD reader finds them."""
    items = extruct.extract(html, base_url=canonical(html), syntaxes=["json-ld"], uniform=False)["json-ld"]
    return [item for item in resolved(items) if item.get("@type") == "ClaimReview"]


@pytest.fixture(scope="module")
def per_page(site):
    """{page path under the site: [its ClaimReviews]} for every built page."""
    return {
        path.parent.relative_to(site).as_posix(): page_reviews(path.read_text(encoding="utf-8"))
        for path in sorted(site.rglob("index.html"))
        if "pagefind" not in path.parts
    }


@pytest.fixture(scope="module")
def reviews(site, per_page):
    """{(claim id, lang): (review, page url, page html)} for every ClaimReview in the built site (claim pages)."""
    found: dict = {}
    for where, items in per_page.items():
        for item in items:
            m = re.fullmatch(r"(?:(en)/)?claims/([a-z0-9-]+)", where)
            assert m, f"{where}: a ClaimReview on a page that is not a claim's page"
            lang, cid = m.group(1) or "hi", m.group(2)
            html = (site / where / "index.html").read_text(encoding="utf-8")
            found[(cid, lang)] = (item, canonical(html), html)
    return found


def test_each_claim_page_carries_exactly_one_review_and_no_other_page_any(per_page):
    """Google's fact-check tools read one ClaimReview per page: 31 claim pages per language, one review each (of
    that claim), and none on topic pages, which show the cards."""
    on_claim_pages = {p: items for p, items in per_page.items() if re.fullmatch(r"(en/)?claims/[a-z0-9-]+", p)}
    for lang, prefix in (("hi", ""), ("en", "en/")):
        pages = [p for p in on_claim_pages if p.startswith(prefix) and (lang == "en" or not p.startswith("en/"))]
        assert len(pages) == len(CLAIMS), f"{lang}: {len(pages)} claim pages, {len(CLAIMS)} claims"
    counts = {p: len(items) for p, items in on_claim_pages.items()}
    assert set(counts.values()) == {1}, {p: n for p, n in counts.items() if n != 1}
    for p, items in on_claim_pages.items():
        assert urlparse(items[0]["url"]).path.endswith("/" + p + "/"), f"{p}: review of {items[0]['url']}"
    elsewhere = {p: len(items) for p, items in per_page.items() if p not in on_claim_pages and items}
    assert elsewhere == {}, f"ClaimReviews outside the claim pages: {elsewhere}"


def resolved(items: list) -> list:
    """The nodes of the page's JSON-LD (top-level objects and ``@graph`` members), each ``{"@id": x}`` reference
    replaced by the node with that ``@id`` on the page (as a JSON-LD processor links them); an unknown id fails."""
    nodes = [{"@context": item.get("@context"), **n} for item in items for n in item.get("@graph", [item])]
    by_id = {n["@id"]: n for n in nodes if "@id" in n}

    def link(v):
        if isinstance(v, dict):
            if set(v) == {"@id"}:
                assert v["@id"] in by_id, f"JSON-LD refers to {v['@id']!r}, which no node on the page has"
                return by_id[v["@id"]]
            return {k: link(x) for k, x in v.items()}
        return [link(x) for x in v] if isinstance(v, list) else v

    return [link(n) for n in nodes]


def is_date(value) -> bool:
    try:
        dt.date.fromisoformat(str(value)[:10])
        return True
    except ValueError:
        return False


def is_absolute(url) -> bool:
    u = urlparse(str(url))
    return u.scheme in ("http", "https") and bool(u.netloc)


def test_every_claim_has_one_review_per_language(reviews):
    expected = {(cid, lang) for cid in CLAIMS for lang in ("hi", "en")}
    assert set(reviews) == expected, (
        f"missing: {sorted(expected - set(reviews))}; unknown: {sorted(set(reviews) - expected)}"
    )


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_claim_review_properties(reviews, lang):
    problems = []
    for cid, claim in CLAIMS.items():
        if (cid, lang) not in reviews:
            problems.append(f"{cid}: no ClaimReview")
            continue
        r, page_url, html = reviews[(cid, lang)]

        def need(cond, what):
            if not cond:
                problems.append(f"{cid} ({lang}, {page_url}): {what}")

        verdict = VERDICTS[claim["verdict"]]
        need(
            r.get("@context") in ("https://schema.org", "http://schema.org", "https://schema.org/"),
            f"@context {r.get('@context')!r}",
        )
        # required
        need(r.get("claimReviewed") == claim["claim"][lang], "claimReviewed is not the claim's text in this language")
        url = r.get("url", "")
        need(is_absolute(url), f"url {url!r} is not absolute")
        need(url == page_url, f"url {url!r} is not the page that carries it ({page_url})")
        rating = r.get("reviewRating") or {}
        need(rating.get("@type") == "Rating", "reviewRating is not a Rating")
        need(
            rating.get("alternateName") == verdict[lang],
            f"reviewRating.alternateName {rating.get('alternateName')!r} != {verdict[lang]!r}",
        )
        need(rating.get("name") == verdict[lang], f"reviewRating.name {rating.get('name')!r} != {verdict[lang]!r}")
        need(rating.get("ratingValue") == verdict["rating"], "reviewRating.ratingValue is not the verdict's rating")
        need(
            rating.get("bestRating") == max(RATINGS) and rating.get("worstRating") == min(RATINGS),
            f"reviewRating best/worst {rating.get('bestRating')}/{rating.get('worstRating')} "
            f"!= {max(RATINGS)}/{min(RATINGS)}",
        )
        # recommended: author
        author = r.get("author") or {}
        need(author.get("@type") in ("Organization", "Person"), "author is not an Organization or Person")
        need(bool(author.get("name")), "author.name missing")
        need(is_absolute(author.get("url")), f"author.url {author.get('url')!r} is not absolute")
        # recommended: datePublished = the claim's first publication; dateModified = its last review
        need(
            is_date(r.get("datePublished")) and str(r.get("datePublished"))[:10] == str(claim["published"]["date"]),
            f"datePublished {r.get('datePublished')!r} is not the claim's first publication "
            f"{claim['published']['date']!r}",
        )
        need(
            str(r.get("dateModified"))[:10] == str(claim["reviewed"]),
            f"dateModified {r.get('dateModified')!r} is not the claim's review date {claim['reviewed']!r}",
        )
        # recommended: itemReviewed, a Claim with author, appearance, firstAppearance, datePublished
        item = r.get("itemReviewed") or {}
        need(item.get("@type") == "Claim", "itemReviewed is not a Claim")
        who = item.get("author") or {}
        need(
            who.get("@type") in ("Organization", "Person") and bool(who.get("name")),
            "itemReviewed.author is not an Organization or Person with a name",
        )
        for prop in ("appearance", "firstAppearance"):
            work = item.get(prop)
            works = work if isinstance(work, list) else [work]
            ok = bool(work) and all(
                is_absolute(w)
                if isinstance(w, str)
                else (
                    isinstance(w, dict)
                    and w.get("@type") in ("CreativeWork", "Article", "WebPage", "DigitalDocument")
                    and bool(w.get("name") or w.get("headline") or w.get("url"))
                )
                for w in works
            )
            need(ok, f"itemReviewed.{prop} is not a URL or a named CreativeWork")
    assert not problems, f"{len(problems)} problems:\n  " + "\n  ".join(problems)
