"""Atom feeds of reviews and corrections (issue 28), one per language: feed.xml at the language's root.

Built from the claims' records in data/claims.yml, as the corrections page and the claim pages' histories are: an
entry for each claim's first publication (a review) and one for each later change (a correction), newest first.
Each entry links to the claim page's record of it (``#published``, ``#change-N``: sitegen/render.py), which is also
its permanent id. Every page names its language's feed in its head (``<link rel="alternate"
type="application/atom+xml">``, overrides/main.html). Written with the standard library's ElementTree, which
escapes the text; RFC 4287 asks only for well-formed XML with these elements.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from sitegen import claimpage
from sitegen.common import LANGS
from sitegen.render import history_anchor

ATOM = "http://www.w3.org/2005/Atom"
NAME = "feed.xml"


def path(lang: str) -> str:
    """The feed's path from the site root: ``feed.xml``, ``en/feed.xml``."""
    return ("" if lang == LANGS[0] else f"{lang}/") + NAME


def url(site_url: str, lang: str) -> str:
    return (site_url or "/").rstrip("/") + "/" + path(lang)


def _time(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"  # the records keep days; Atom wants a time: the day's start, UTC


def entries(claims, lang: str, ui, text) -> list[dict]:
    """Every review and correction as {id/link, date, kind, title, summary}, newest first (ties: the claims'
    order in data/claims.yml). ``text(texts, lang)``: a data text with its computed values written out."""
    words = {k: v[lang] for k, v in claims.verdicts.items()}
    out = []
    for order, c in enumerate(claims.claims):
        claim = text(c.claim, lang)
        verdict = words[c.published.verdict]
        first = {
            "anchor": history_anchor(0),
            "date": c.published.date,
            "kind": "review",
            "title": ui("feed_review", lang).format(claim=claim, verdict=verdict),
            "summary": ui("feed_first", lang).format(note=words[c.note_verdict], verdict=verdict),
        }
        out.append((c, order, first))
        for n, h in enumerate(c.history, 1):
            if h.verdict:
                title = ui("feed_verdict", lang).format(
                    claim=claim, old=words[h.verdict.from_], new=words[h.verdict.to]
                )
            else:
                title = ui("feed_nuance", lang).format(claim=claim)
            entry = {"anchor": history_anchor(n), "date": h.date, "kind": "correction", "title": title}
            out.append((c, order, {**entry, "summary": text(h.what, lang)}))
    out.sort(key=lambda t: (-t[2]["date"].toordinal(), t[1], t[2]["anchor"]))
    return [{**e, "claim": c.id} for c, _, e in out]


def atom(claims, lang: str, site_url: str, site_name: str, authors, ui, text) -> bytes:
    """The language's feed as bytes (UTF-8, XML declaration)."""
    ET.register_namespace("", ATOM)

    def sub(parent, tag, value=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if value is not None:
            el.text = value
        return el

    items = entries(claims, lang, ui, text)
    home = (site_url or "/").rstrip("/") + "/" + ("" if lang == LANGS[0] else f"{lang}/")
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    sub(feed, "id", url(site_url, lang))
    sub(feed, "title", ui("feed_title", lang).format(site=site_name))
    sub(feed, "subtitle", ui("feed_subtitle", lang))
    sub(feed, "updated", _time(max(e["date"] for e in items)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=url(site_url, lang))
    sub(feed, "link", rel="alternate", type="text/html", href=home + "corrections/")
    author = sub(feed, "author")
    sub(author, "name", ", ".join(authors))
    sub(author, "uri", home)
    sub(feed, "rights", ui("feed_rights", lang))
    for e in items:
        link = claimpage.url(site_url, e["claim"], lang) + "#" + e["anchor"]
        entry = sub(feed, "entry")
        sub(entry, "id", link)
        sub(entry, "title", e["title"])
        sub(entry, "link", rel="alternate", type="text/html", href=link)
        sub(entry, "published", _time(e["date"]))
        sub(entry, "updated", _time(e["date"]))
        sub(entry, "category", term=e["kind"], label=ui(f"feed_kind_{e['kind']}", lang))
        sub(entry, "summary", e["summary"])
    ET.indent(feed, space=" ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def generated(session, config, lang: str, text) -> dict[str, bytes]:
    """This language's feed: {path from the site root: bytes} (hooks/pages.py adds it to the site)."""
    data = session.data
    feed = atom(data.claims, lang, config.site_url, config.site_name, data.citation.authors, data.ui, text)
    return {path(lang): feed}
