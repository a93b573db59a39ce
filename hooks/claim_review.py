"""ClaimReview JSON-LD (schema.org, as Google's fact-check documentation asks) for every claim card on a page.

Dates come from the claims data: ``datePublished`` is the claim's first publication, ``dateModified`` its last
review (both shown on the card and, for changes, on the corrections page). The claim's author and where it
appeared come from the note's description (``note:`` in claims.yml).
"""

from __future__ import annotations

import json

import _state
from _site import LANGS, page_lang


def claim_review(c: dict, lang: str, page_url: str, note_url: str, site_name: str, site_url: str) -> dict:
    data = _state.session().data
    v, note = data.claims.verdicts[c["verdict"]], data.claims.note
    ratings = [x["rating"] for x in data.claims.verdicts.values()]
    best, worst = max(ratings), min(ratings)
    appearance = {
        "@type": "CreativeWork",
        "@id": note_url,
        "name": note["title"][lang],
        "url": note_url,
        "inLanguage": note["language"],
    }
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{page_url}#claim-{c['id']}",
        "inLanguage": lang,
        "claimReviewed": c["claim"][lang],
        "datePublished": data.claims.published(c).isoformat(),
        "dateModified": c["reviewed"].isoformat(),
        "author": {"@type": "Organization", "name": site_name, "url": site_url},
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
            "author": {"@type": "Person", "name": note["author"][lang]},
            "appearance": appearance,
            "firstAppearance": note_url,  # the same work, by its URL; the note has no date of its own: none is guessed
        },
    }


def on_post_page(output, page, config):
    build = _state.build()
    here = [cid for cid, src in build.placed.items() if src == page.file.src_uri]
    if not here:
        return output
    lang, data = page_lang(page), _state.session().data
    page_url = page.canonical_url or page.abs_url
    home = "" if lang == LANGS[0] else f"{lang}/"
    site_url = (config.site_url or "/").rstrip("/") + "/" + home  # this language's home page
    note_url = site_url + "note/"
    claims = [data.claims.by_id[cid] for cid in here]
    reviews = [claim_review(c, lang, page_url, note_url, config.site_name, site_url) for c in claims]
    blob = json.dumps(reviews, ensure_ascii=False, separators=(",", ":"))
    blob = blob.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")  # safe inside <script>
    return output.replace("</head>", f'<script type="application/ld+json">{blob}</script>\n</head>', 1)
