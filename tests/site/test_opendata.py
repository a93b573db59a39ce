"""The open data as the built site publishes it: the claims dataset (data/claims.json against its JSON Schema, and
claims.csv) matches data/claims.yml and the claim pages; the Atom feeds, read by a real feed parser (feedparser),
list every review and correction and point at the claim pages' records; every page names its language's feed."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from urllib.parse import urljoin, urlparse

import feedparser
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from sitegen.data import VALUE, load_claims, load_references

DATA = load_claims(load_references())
LANGS = ("hi", "en")
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def prefix(lang: str) -> str:
    return "" if lang == "hi" else "en/"


def same_text(published: str, source: str) -> bool:
    """A published text is its source with each ``{{module.value}}`` written out (whatever its format): the text
    around the values is the same."""
    parts = VALUE.split(source)  # text, value id, text, …
    pattern = "".join(re.escape(part) if i % 2 == 0 else r".+?" for i, part in enumerate(parts))
    return re.fullmatch(pattern, published, re.S) is not None


@pytest.fixture(scope="module")
def dataset(site):
    return json.loads((site / "data" / "claims.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schema(site):
    return json.loads((site / "data" / "claims.schema.json").read_text(encoding="utf-8"))


def test_dataset_follows_its_schema_and_the_schema_rejects_what_it_should(dataset, schema, site_url):
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(dataset)]
    assert errors == []
    assert schema["$id"] == dataset["schemaVersion"] == f"{site_url}data/claims.schema.json"
    assert dataset["url"] == f"{site_url}data/claims.json" and dataset["license"] == CC_BY
    for path, value in [  # each would be a wrong dataset: the schema must say so
        (("claim", "verdict"), "maybe"),
        (("claim", "reviewed"), "3 December"),
        (("claim", "nuance"), {"en": "only one language"}),
        (("item",), []),
        (("claim", "unknown_field"), 1),
    ]:
        bad = copy.deepcopy(dataset)
        node = bad["dataFeedElement"][0]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        assert list(validator.iter_errors(bad)), f"the schema accepts {path} = {value!r}"


def test_dataset_matches_the_claims_data(dataset):
    items = dataset["dataFeedElement"]
    assert [i["claim"]["id"] for i in items] == [c.id for c in DATA.claims]
    assert len(items) == 31 == len(DATA.claims)
    for item, c in zip(items, DATA.claims):
        mine = item["claim"]
        assert (mine["verdict"], mine["note_verdict"], mine["section"], mine["table_row"]) == (
            c.verdict, c.note_verdict, c.section, c.table_row
        )  # fmt: skip
        assert mine["published"] == {"date": str(c.published.date), "verdict": c.published.verdict}
        assert mine["reviewed"] == str(c.reviewed) == item["dateModified"]
        assert [s["ref"] for s in mine["sources"]] == [s.ref for s in c.sources]
        assert [e["figure"] for e in mine["evidence"]] == c.evidence
        assert [(h["date"], h["verdict"]) for h in mine["history"]] == [
            (str(h.date), {"from": h.verdict.from_, "to": h.verdict.to} if h.verdict else None) for h in c.history
        ]
        for key in ("claim", "note_says", "nuance", "differs"):
            for lang in LANGS:
                source = c.get(key)
                if source is None:
                    assert mine[key] is None
                else:
                    assert same_text(mine[key][lang], source[lang]), (c.id, key, lang)
                    assert "{{" not in mine[key][lang]
        reviews = {r["inLanguage"]: r for r in item["item"]}
        assert set(reviews) == set(LANGS)
        for lang, r in reviews.items():
            assert r["claimReviewed"] == c.claim[lang] and r["url"] == mine["pages"][lang]
            assert r["reviewRating"]["alternateName"] == DATA.verdicts[c.verdict][lang]
            assert r["reviewRating"]["ratingValue"] == DATA.verdicts[c.verdict].rating
            assert (r["datePublished"], r["dateModified"]) == (str(c.published.date), str(c.reviewed))


def test_dataset_reviews_are_the_ones_the_claim_pages_carry(site, dataset):
    """The same ClaimReview, whether read from the dataset or from the claim's page (JSON-LD, read by extruct)."""
    from test_jsonld import page_reviews

    for item in dataset["dataFeedElement"][::5]:
        for review in item["item"]:
            lang, cid = review["inLanguage"], item["claim"]["id"]
            (on_page,) = page_reviews((site / prefix(lang) / "claims" / cid / "index.html").read_text("utf-8"))
            for key in ("url", "claimReviewed", "datePublished", "dateModified", "reviewRating", "inLanguage"):
                assert on_page[key] == review[key], (cid, lang, key)
            assert on_page["author"]["name"] == review["author"]["name"]


def test_csv_has_a_row_per_claim_and_language_matching_the_json(site, dataset):
    text = (site / "data" / "claims.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2 * len(DATA.claims)
    by_key = {(r["id"], r["lang"]): r for r in rows}
    for item in dataset["dataFeedElement"]:
        mine = item["claim"]
        for lang in LANGS:
            r = by_key[(mine["id"], lang)]
            assert r["url"] == mine["pages"][lang] and r["verdict"] == mine["verdict"]
            assert r["claim"] == mine["claim"][lang] and r["nuance"] == mine["nuance"][lang]
            assert r["verdict_name"] == dataset["verdicts"][mine["verdict"]]["name"][lang]
            assert r["reviewed"] == mine["reviewed"] and int(r["changes"]) == len(mine["history"])
            assert r["evidence"].split() == [e["figure"] for e in mine["evidence"]]


@pytest.mark.parametrize("lang", LANGS)
def test_methodology_links_the_dataset_licence_and_feeds(site, site_url, lang):
    html = (site / prefix(lang) / "methodology" / "index.html").read_text(encoding="utf-8")
    section = html.split('id="open-data"', 1)[1].split("</article>", 1)[0]
    here = f"http://x/{prefix(lang)}methodology/"
    reached = {urlparse(urljoin(here, href)).path.lstrip("/") for href in re.findall(r'href="([^"#]+)"', section)}
    for path in ("data/claims.json", "data/claims.csv", "data/claims.schema.json", "data/LICENSE.txt", "feed.xml"):
        assert path in reached and (site / path).is_file(), path
    assert "en/feed.xml" in reached and (site / "en/feed.xml").is_file()
    assert f"<code>{site_url}data/claims.json</code>" in section
    licence = (site / "data" / "LICENSE.txt").read_text(encoding="utf-8")
    assert licence.count(CC_BY) == 2 and "The video-analysis-site contributors" in licence


@pytest.mark.parametrize("lang", LANGS)
def test_feed_parses_and_lists_every_review_and_correction(site, site_url, lang):
    raw = (site / prefix(lang) / "feed.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == feed.feed.links[0].href == f"{site_url}{prefix(lang)}feed.xml"
    assert feed.feed.language == lang if "language" in feed.feed else raw.count(f'xml:lang="{lang}"'.encode()) == 1
    want = {}
    for c in DATA.claims:
        page = f"{site_url}{prefix(lang)}claims/{c.id}/"
        want[page + "#published"] = (c, str(c.published.date), "review")
        for n, h in enumerate(c.history, 1):
            want[f"{page}#change-{n}"] = (c, str(h.date), "correction")
    got = {e.id: e for e in feed.entries}
    assert set(got) == set(want) and len(feed.entries) == len(want) == len(DATA.claims) + sum(
        len(c.history) for c in DATA.claims
    )
    dates = [e.updated[:10] for e in feed.entries]
    assert dates == sorted(dates, reverse=True), "entries newest first"
    assert feed.feed.updated[:10] == dates[0]
    for entry_id, (c, day, kind) in want.items():
        e = got[entry_id]
        assert e.link == entry_id and e.updated.startswith(day) and e.published.startswith(day)
        assert e.tags[0].term == kind and c.claim[lang] in e.title and e.summary
        page, anchor = entry_id.split("#")
        html = (site / page.removeprefix(site_url) / "index.html").read_text(encoding="utf-8")
        assert f'<span id="{anchor}"></span>{day}' in html, f"{entry_id}: no such record on the claim page"


def test_every_page_names_its_languages_feed(site, site_url):
    pages = [p for p in site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(pages) > 2 * len(DATA.claims)
    for path in pages:
        html = path.read_text(encoding="utf-8")
        lang = "en" if path.relative_to(site).parts[0] == "en" else "hi"
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)" title="[^"]+">', html)
        assert links == [f"{site_url}{prefix(lang)}feed.xml"], path.relative_to(site)
