"""The verdicts as a dataset (issue 28), at stable URLs under the site's root, both languages in each file:

data/claims.json         a schema.org DataFeed, the shape in which ClaimReview collections are exchanged: one
                         DataFeedItem per claim holding its two ClaimReviews (Hindi and English, the records the
                         claim pages carry as JSON-LD) and, under ``claim``, our fields as data/claims.yml names them
                         (both verdicts, the note's view, nuance, evidence, sources, first publication, history)
data/claims.csv          one row per claim and language, for spreadsheets (UTF-8, RFC 4180 quoting)
data/claims.schema.json  the JSON Schema (2020-12) claims.json follows; claims.json names it as its schemaVersion
data/LICENSE.txt         CC BY 4.0, and how to credit it (the authors of CITATION.cff)

Texts quote computed values as the pages do (``{{module.value}}`` → the number, in that language's digits).
Built once per bilingual build, from the same data as the pages (hooks/pages.py), so it cannot disagree with them.
"""

from __future__ import annotations

import csv
import io
import json

from sitegen import claimpage, jsonld
from sitegen.common import LANGS
from sitegen.data import VALUE

FOLDER = "data"
LICENSE = ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")
CSV_COLUMNS = (
    "id",
    "lang",
    "url",
    "section",
    "section_title",
    "table_row",
    "claim",
    "note_verdict",
    "note_verdict_name",
    "verdict",
    "verdict_name",
    "rating",
    "note_says",
    "nuance",
    "differs",
    "evidence",
    "sources",
    "published",
    "published_verdict",
    "reviewed",
    "changes",
)


def plain(texts, lang: str, value_text) -> str | None:
    """A data text ({lang: text}) in ``lang`` with its ``{{module.value}}`` written out by ``value_text(ref, lang)``."""
    if texts is None:
        return None
    return VALUE.sub(lambda m: value_text(m.group("id"), lang), texts[lang])


def urls(site_url: str) -> dict[str, str]:
    """The dataset's files and their absolute URLs: {"claims.json": "https://…/data/claims.json", …}."""
    root = (site_url or "/").rstrip("/") + "/"
    return {
        name: f"{root}{FOLDER}/{name}" for name in ("claims.json", "claims.csv", "claims.schema.json", "LICENSE.txt")
    }


class Dataset:
    """The dataset of one build: ``files()`` gives each file's bytes.

    ``site_names``: {lang: the site's name in it}; ``value_text(ref, lang)``: a computed value as prose shows it."""

    def __init__(self, data, site_url: str, site_names: dict, value_text, repo_url: str = ""):
        self.data, self.claims, self.names = data, data.claims, site_names
        self.site_url, self.repo_url, self.value_text = (site_url or "/").rstrip("/") + "/", repo_url, value_text
        self.urls = urls(site_url)

    def text(self, texts, lang: str) -> str | None:
        return plain(texts, lang, self.value_text)

    def texts(self, texts) -> dict | None:
        return None if texts is None else {lang: self.text(texts, lang) for lang in LANGS}

    def home(self, lang: str) -> str:
        return self.site_url + ("" if lang == LANGS[0] else f"{lang}/")

    def review(self, c, lang: str) -> dict:
        """The ClaimReview the claim's page carries, with the nodes it refers to written in place."""
        home = self.home(lang)
        nodes = jsonld.shared_nodes(self.claims.note, lang, home + "note/", self.names[lang], home)
        page = claimpage.url(self.site_url, c.id, lang)
        review = jsonld.claim_review(self.claims, c, lang, page, home + "note/", home, self.text(c.claim, lang))
        return jsonld.inline(review, nodes)

    def record(self, c) -> dict:
        """Our fields of claim ``c``, named as in data/claims.yml, texts in both languages."""
        return {
            "id": c.id,
            "pages": {lang: claimpage.url(self.site_url, c.id, lang) for lang in LANGS},
            "section": c.section,
            "section_title": self.texts(self.claims.sections[c.section]),
            "table_row": c.table_row,
            "note_verdict": c.note_verdict,
            "verdict": c.verdict,
            "claim": self.texts(c.claim),
            "note_says": self.texts(c.note_says),
            "nuance": self.texts(c.nuance),
            "differs": self.texts(c.differs),
            "evidence": [{"figure": ev, "data": f"{self.site_url}assets/data/{ev}.json"} for ev in c.evidence],
            "sources": [self.source(s) for s in c.sources],
            "published": {"date": c.published.date.isoformat(), "verdict": c.published.verdict},
            "reviewed": c.reviewed.isoformat(),
            "history": [
                {
                    "date": h.date.isoformat(),
                    "verdict": {"from": h.verdict.from_, "to": h.verdict.to} if h.verdict else None,
                    "what": self.texts(h.what),
                }
                for h in c.history
            ],
        }

    def source(self, s) -> dict:
        ref = self.data.refs[s.ref]
        return {
            "ref": s.ref,
            "where": s.where,
            "title": ref.title,
            "authors": ref.authors,
            "year": ref.year,
            "arxiv": ref.arxiv,
            "url": ref.url or f"https://arxiv.org/abs/{ref.arxiv}",
        }

    def feed(self) -> dict:
        """claims.json: a schema.org DataFeed of the claims' reviews, with our fields under ``claim`` (a JSON
        literal in JSON-LD 1.1, so a JSON-LD reader keeps it as it is)."""
        verdicts = self.claims.verdicts
        return {
            "@context": [
                "https://schema.org",
                {"@version": 1.1, "claim": {"@id": self.urls["claims.schema.json"] + "#claim", "@type": "@json"}},
            ],
            "@type": "DataFeed",
            "@id": self.urls["claims.json"],
            "url": self.urls["claims.json"],
            "name": self.names["en"],
            "alternateName": [self.names[lang] for lang in LANGS if lang != "en"],
            "inLanguage": list(LANGS),
            "license": LICENSE[1],
            "sdLicense": LICENSE[1],
            "schemaVersion": self.urls["claims.schema.json"],
            "creator": {"@type": "Organization", "name": self.names["en"], "url": self.site_url},
            **({"isBasedOn": self.repo_url} if self.repo_url else {}),
            "dateModified": max(c.reviewed for c in self.claims.claims).isoformat(),
            "verdicts": {
                key: {"rating": v.rating, "name": {lang: v[lang] for lang in LANGS}, "meaning": self.texts(v.meaning)}
                for key, v in verdicts.items()
            },
            "dataFeedElement": [
                {
                    "@type": "DataFeedItem",
                    "dateCreated": c.published.date.isoformat(),
                    "dateModified": c.reviewed.isoformat(),
                    "claim": self.record(c),
                    "item": [self.review(c, lang) for lang in LANGS],
                }
                for c in self.claims.claims
            ],
        }

    def csv(self) -> str:
        """claims.csv: one row per claim and language (columns ``CSV_COLUMNS``)."""
        out = io.StringIO()
        writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        verdicts = self.claims.verdicts
        for c in self.claims.claims:
            for lang in LANGS:
                writer.writerow(
                    {
                        "id": c.id,
                        "lang": lang,
                        "url": claimpage.url(self.site_url, c.id, lang),
                        "section": c.section,
                        "section_title": self.claims.sections[c.section][lang],
                        "table_row": c.table_row if c.table_row is not None else "",
                        "claim": self.text(c.claim, lang),
                        "note_verdict": c.note_verdict,
                        "note_verdict_name": verdicts[c.note_verdict][lang],
                        "verdict": c.verdict,
                        "verdict_name": verdicts[c.verdict][lang],
                        "rating": verdicts[c.verdict].rating,
                        "note_says": self.text(c.note_says, lang),
                        "nuance": self.text(c.nuance, lang),
                        "differs": self.text(c.differs, lang) or "",
                        "evidence": " ".join(c.evidence),
                        "sources": " ".join(s.ref for s in c.sources),
                        "published": c.published.date.isoformat(),
                        "published_verdict": c.published.verdict,
                        "reviewed": c.reviewed.isoformat(),
                        "changes": len(c.history),
                    }
                )
        return out.getvalue()

    def schema(self) -> dict:
        """The JSON Schema of claims.json; the verdict keys, sections and languages are this build's."""
        verdict = {"enum": list(self.claims.verdicts)}
        date = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        url = {"type": "string", "format": "uri", "pattern": "^https?://"}
        text = {"type": "string", "minLength": 1}
        both = {"type": "object", "required": list(LANGS), "additionalProperties": False}
        both["properties"] = {lang: text for lang in LANGS}
        maybe_both = {"oneOf": [{"$ref": "#/$defs/texts"}, {"type": "null"}]}
        thing = {"type": "object", "required": ["@type", "name"], "properties": {"name": text}}
        review = {
            "type": "object",
            "required": ["@type", "url", "inLanguage", "claimReviewed", "datePublished", "dateModified"]
            + ["author", "reviewRating", "itemReviewed"],
            "properties": {
                "@type": {"const": "ClaimReview"},
                "url": url,
                "inLanguage": {"enum": list(LANGS)},
                "claimReviewed": text,
                "datePublished": date,
                "dateModified": date,
                "author": {**thing, "properties": {"@type": {"const": "Organization"}, "name": text, "url": url}},
                "reviewRating": {
                    "type": "object",
                    "required": ["@type", "ratingValue", "bestRating", "worstRating", "alternateName", "name"],
                    "properties": {
                        "@type": {"const": "Rating"},
                        "ratingValue": {"type": "integer"},
                        "bestRating": {"type": "integer"},
                        "worstRating": {"type": "integer"},
                        "alternateName": text,
                        "name": text,
                    },
                },
                "itemReviewed": {
                    "type": "object",
                    "required": ["@type", "author", "appearance", "firstAppearance"],
                    "properties": {
                        "@type": {"const": "Claim"},
                        "author": thing,
                        "appearance": {**thing, "properties": {"url": url}},
                        "firstAppearance": {**thing, "properties": {"url": url}},
                    },
                },
            },
        }
        claim = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                "pages": {**both, "properties": {lang: url for lang in LANGS}},
                "section": {"enum": list(self.claims.sections)},
                "section_title": {"$ref": "#/$defs/texts"},
                "table_row": {"type": ["integer", "null"], "minimum": 1},
                "note_verdict": verdict,
                "verdict": verdict,
                "claim": {"$ref": "#/$defs/texts"},
                "note_says": {"$ref": "#/$defs/texts"},
                "nuance": {"$ref": "#/$defs/texts"},
                "differs": maybe_both,
                "evidence": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["figure", "data"],
                        "additionalProperties": False,
                        "properties": {"figure": {"type": "string", "pattern": r"^\w+\.\w+$"}, "data": url},
                    },
                },
                "sources": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["ref", "where", "title", "authors", "year", "arxiv", "url"],
                        "additionalProperties": False,
                        "properties": {
                            "ref": text,
                            "where": {"type": ["string", "null"]},
                            "title": text,
                            "authors": {"type": "string"},
                            "year": {"type": "integer"},
                            "arxiv": {"type": ["string", "null"], "pattern": r"^\d{4}\.\d{4,5}$"},
                            "url": url,
                        },
                    },
                },
                "published": {
                    "type": "object",
                    "required": ["date", "verdict"],
                    "additionalProperties": False,
                    "properties": {"date": date, "verdict": verdict},
                },
                "reviewed": date,
                "history": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["date", "verdict", "what"],
                        "additionalProperties": False,
                        "properties": {
                            "date": date,
                            "verdict": {
                                "oneOf": [
                                    {
                                        "type": "object",
                                        "required": ["from", "to"],
                                        "additionalProperties": False,
                                        "properties": {"from": verdict, "to": verdict},
                                    },
                                    {"type": "null"},
                                ]
                            },
                            "what": {"$ref": "#/$defs/texts"},
                        },
                    },
                },
            },
        }
        claim["required"] = list(claim["properties"])  # every field is there (null when the claim has none)
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": self.urls["claims.schema.json"],
            "title": "Claims and verdicts: a schema.org DataFeed of ClaimReviews with the site's own fields",
            "description": (
                "One DataFeedItem per claim: 'item' holds its ClaimReview in each language, 'claim' the fields of "
                "data/claims.yml in the site's repository (texts in every language, computed values written out)."
            ),
            "type": "object",
            "required": ["@context", "@type", "url", "license", "dateModified", "verdicts", "dataFeedElement"],
            "properties": {
                "@type": {"const": "DataFeed"},
                "url": url,
                "license": {"const": LICENSE[1]},
                "dateModified": date,
                "verdicts": {
                    "type": "object",
                    "propertyNames": verdict,
                    "additionalProperties": {
                        "type": "object",
                        "required": ["rating", "name", "meaning"],
                        "properties": {
                            "rating": {"type": "integer"},
                            "name": {"$ref": "#/$defs/texts"},
                            "meaning": {"$ref": "#/$defs/texts"},
                        },
                    },
                },
                "dataFeedElement": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["@type", "dateCreated", "dateModified", "claim", "item"],
                        "properties": {
                            "@type": {"const": "DataFeedItem"},
                            "dateCreated": date,
                            "dateModified": date,
                            "claim": {"$ref": "#/$defs/claim"},
                            "item": {
                                "type": "array",
                                "minItems": len(LANGS),
                                "maxItems": len(LANGS),
                                "items": {"$ref": "#/$defs/review"},
                            },
                        },
                    },
                },
            },
            "$defs": {"texts": both, "claim": claim, "review": review},
        }

    def license(self, notice: dict) -> str:
        """LICENSE.txt: the licence and how to credit, in every language (``notice``: {lang: text from ui.yml})."""
        who = self.data.citation
        credit = f"{', '.join(who.authors)}. {who.title}. {self.urls['claims.json']}"
        return "\n\n".join(notice[lang].format(license=LICENSE[1], credit=credit) for lang in LANGS) + "\n"

    def files(self, notice: dict) -> dict[str, bytes]:
        """Every file of the dataset: {path from the site root: bytes}."""

        def dump(obj):
            return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode()

        return {
            f"{FOLDER}/claims.json": dump(self.feed()),
            f"{FOLDER}/claims.csv": self.csv().encode(),
            f"{FOLDER}/claims.schema.json": dump(self.schema()),
            f"{FOLDER}/LICENSE.txt": self.license(notice).encode(),
        }


def generated(session, config, lang: str, value_text) -> dict[str, bytes]:
    """The dataset's files, {path from the site root: bytes}, in the default language's build (one copy at the
    site's root for both languages); nothing in the others."""
    from sitegen import i18n

    if lang != LANGS[0]:
        return {}
    data = session.data
    dataset = Dataset(data, config.site_url, i18n.site_names(config), value_text, config.repo_url or "")
    return dataset.files({x: data.ui("dataset_license", x) for x in LANGS})
