"""A page per claim (issue 28): ``claims/<id>/`` in each language, generated from data/claims.yml.

One URL per claim is what fact-check readers (Google's tools read one ClaimReview per page) and people sharing a
verdict need. Each page is a file MkDocs generates (``File.generated``) after mkdocs-static-i18n has chosen the
language's pages, carrying what i18n gives the pages it pairs (sitegen/i18n.py: ``localize``), so the language
switch, the hreflang alternates and the sitemap know its twin in the other language. Its Markdown is a title and
one marker, ``<!-- md:claim-page ID -->``, which sitegen/render.py renders like every other marker. The pages are
not in the navigation (there would be 31 entries): the summary page lists them.
"""

from __future__ import annotations

from sitegen.common import LANGS

FOLDER = "claims"


def src_uri(cid: str, lang: str) -> str:
    """The page's source as MkDocs and i18n see it: ``claims/<id>.<lang>.md`` (links use ``claims/<id>.md``)."""
    return f"{FOLDER}/{cid}.{lang}.md"


def path(cid: str, lang: str) -> str:
    """The page's path from the site root.

    >>> path("x", "hi"), path("x", "en")
    ('claims/x/', 'en/claims/x/')
    """
    return ("" if lang == LANGS[0] else f"{lang}/") + f"{FOLDER}/{cid}/"


def url(site_url: str, cid: str, lang: str) -> str:
    """The page's absolute URL (``site_url`` is the site's root, as in mkdocs.yml).

    >>> url("https://example.org/video", "x", "en")
    'https://example.org/video/en/claims/x/'
    """
    return (site_url or "/").rstrip("/") + "/" + path(cid, lang)


def markdown(claim, lang: str) -> str:
    """The generated page: one marker. Its title is its heading, the claim (MkDocs takes the first heading once the
    page is rendered, so a value the claim quotes is written out there too)."""
    return f"<!-- md:claim-page {claim.id} -->\n"


def files(config, claims, lang: str) -> list:
    """This language's claim pages as MkDocs files, each paired with its twins (sitegen/i18n.py)."""
    from mkdocs.structure.files import File, InclusionLevel

    from sitegen import i18n

    out = []
    for claim in claims.claims:
        twins = {}
        for other in LANGS:
            f = File.generated(
                config, src_uri(claim.id, other), content=markdown(claim, other), inclusion=InclusionLevel.NOT_IN_NAV
            )
            f.dest_uri = path(claim.id, other) + "index.html"
            f.name = claim.id
            twins[other] = f
        i18n.localize(twins)
        out.append(twins[lang])
    return out
