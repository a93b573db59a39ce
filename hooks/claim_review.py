"""ClaimReview JSON-LD (schema.org, as Google's fact-check documentation asks) for every claim card on a page.

Dates come from the claims data: ``datePublished`` is the claim's first publication, ``dateModified`` its last
review (both shown on the card and, for changes, on the corrections page). The claim's author and where it
appeared come from the note's description (``note:`` in claims.yml). One ``@graph`` per page: the reviewer, the
note and its author are written once and each review refers to them by ``@id`` (a page carries up to 7 reviews).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

import json

from sitegen import state as _state
from sitegen.common import LANGS, page_lang


def shared_nodes(lang: str, note_url: str, site_name: str, site_url: str) -> list[dict]:
    """The nodes every review on a page refers to by ``@id``: the site (the reviewer), the note, its author."""
    note = _state.session().data.claims.note
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


def claim_review(c: dict, lang: str, page_url: str, note_url: str, site_url: str) -> dict:
    data = _state.session().data
    v = data.claims.verdicts[c["verdict"]]
    ratings = [x["rating"] for x in data.claims.verdicts.values()]
    best, worst = max(ratings), min(ratings)
    return {
        "@type": "ClaimReview",
        "url": f"{page_url}#claim-{c['id']}",
        "inLanguage": lang,
        "claimReviewed": c["claim"][lang],
        "datePublished": data.claims.published(c).isoformat(),
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
    graph = shared_nodes(lang, note_url, config.site_name, site_url)
    graph += [claim_review(c, lang, page_url, note_url, site_url) for c in claims]
    blob = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, separators=(",", ":"))
    blob = blob.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")  # safe inside <script>
    return output.replace("</head>", f'<script type="application/ld+json">{blob}</script>\n</head>', 1)
