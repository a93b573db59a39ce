"""ClaimReview JSON-LD that search engines accept, read from the built pages by a real parser (extruct).

Every property Google's fact-check documentation (developers.google.com/search/docs/appearance/structured-data/
factcheck) lists as required or recommended is checked, with the value it must have:

ClaimReview  claimReviewed (required), reviewRating (required), url (required; absolute, on this site, the card's
             anchor), author (recommended; Organization with name and url), datePublished (recommended; the
             claim's first publication in data/claims.yml; dateModified its last review), itemReviewed
             (recommended; a Claim)
Rating       alternateName (required; the verdict's word), ratingValue, bestRating, worstRating, name (recommended)
Claim        author, appearance, firstAppearance (recommended). Its datePublished, also recommended, is left out
             on purpose: the note carries no date, and we do not invent one.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urldefrag, urlparse

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


@pytest.fixture(scope="module")
def reviews(site):
    """{(claim id, lang): (review, page url, page html)} for every ClaimReview in the built site."""
    found: dict = {}
    for path in sorted(site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        if "application/ld+json" not in html:
            continue
        url = canonical(html)
        lang = "en" if path.relative_to(site).parts[0] == "en" else "hi"
        items = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=False)["json-ld"]
        for item in resolved(items):
            if item.get("@type") != "ClaimReview":
                continue
            frag = urldefrag(item.get("url", "")).fragment
            cid = frag.removeprefix("claim-")
            assert (cid, lang) not in found, (
                f"claim {cid!r} ({lang}) has two ClaimReviews: {found.get((cid, lang), ('',))[1]} and {url}"
            )
            found[(cid, lang)] = (item, url, html)
    return found


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
        need(urldefrag(url).url == page_url, f"url {url!r} is not on the page that carries it ({page_url})")
        need(
            urldefrag(url).fragment == claim.anchor and f'id="{claim.anchor}"' in html,
            f"url {url!r} does not point at the card's anchor #{claim.anchor}",
        )
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
