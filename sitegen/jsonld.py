"""ClaimReview JSON-LD (schema.org, as Google's fact-check documentation asks): one on each claim's own page
(sitegen/claimpage.py), none elsewhere (Google's tools read one ClaimReview per page); the dataset (sitegen/
dataset.py) publishes the same records.

Dates come from the claims data: ``datePublished`` is the claim's first publication, ``dateModified`` its last
review (both shown on the claim's page and, for changes, on the corrections page). The claim's author and where it
appeared come from the note's description (``note:`` in claims.yml). One ``@graph`` per page: the reviewer, the
note and its author, and the review, which refers to them by ``@id``.
"""

from __future__ import annotations

import json


def shared_nodes(note: dict, lang: str, note_url: str, site_name: str, site_url: str) -> list[dict]:
    """The nodes every review on a page refers to by ``@id``: the site (the reviewer), the note, its author."""
    return [
        {"@type": "Organization", "@id": site_url + "#site", "name": site_name, "url": site_url},
        {"@type": "Person", "@id": note_url + "#author", "name": note["author"][lang]},
        {
            "@type": "CreativeWork",
            "@id": note_url,
            "name": note["title"][lang],
            "url": note_url,
            "inLanguage": note["language"],
        },
    ]


def claim_review(claims, c: dict, lang: str, page_url: str, note_url: str, site_url: str, text: str = "") -> dict:
    """The review of claim ``c`` in ``lang``, published at ``page_url`` (the claim's page); ``text``: the claim as
    the page shows it (computed values written out), by default as data/claims.yml has it."""
    v = claims.verdicts[c["verdict"]]
    ratings = [x["rating"] for x in claims.verdicts.values()]
    best, worst = max(ratings), min(ratings)
    return {
        "@type": "ClaimReview",
        "url": page_url,
        "inLanguage": lang,
        "claimReviewed": text or c["claim"][lang],
        "datePublished": claims.published(c).isoformat(),
        "dateModified": c["reviewed"].isoformat(),
        "author": {"@id": site_url + "#site"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": v["rating"],
            "bestRating": best,
            "worstRating": worst,
            "alternateName": v[lang],
            "name": v[lang],
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@id": note_url + "#author"},
            "appearance": {"@id": note_url},
            "firstAppearance": {"@id": note_url},  # the note has no date of its own: none is guessed
        },
    }


def inline(node, nodes: list[dict]):
    """``node`` with each reference ``{"@id": x}`` to one of ``nodes`` replaced by that node: a review that stands
    on its own (the dataset's, sitegen/dataset.py).

    >>> inline({"author": {"@id": "#a"}, "x": [{"@id": "#b"}]}, [{"@id": "#a", "name": "A"}])
    {'author': {'@id': '#a', 'name': 'A'}, 'x': [{'@id': '#b'}]}
    """
    by_id = {n["@id"]: n for n in nodes}
    if isinstance(node, dict):
        if set(node) == {"@id"} and node["@id"] in by_id:
            return dict(by_id[node["@id"]])
        return {k: inline(v, nodes) for k, v in node.items()}
    return [inline(v, nodes) for v in node] if isinstance(node, list) else node


def script(claims, cid: str, lang: str, page_url: str, site_url: str, site_name: str, text: str) -> str:
    """The ``<script type="application/ld+json">`` of claim ``cid``'s page; ``site_url`` is this language's home
    page, ``text`` the claim as the page shows it."""
    note_url = site_url + "note/"
    graph = shared_nodes(claims.note, lang, note_url, site_name, site_url)
    graph.append(claim_review(claims, claims.by_id[cid], lang, page_url, note_url, site_url, text))
    blob = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, separators=(",", ":"))
    blob = blob.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")  # safe inside <script>
    return f'<script type="application/ld+json">{blob}</script>'
