"""Every page of the test site, both languages, loaded once in Debian's chromium (Playwright) as a phone with an
empty cache, in the worst case for layout shift (tests/browser/visits.py); the site served on 127.0.0.1 under a
sub-path, as a static host serves it. The loads start with the first browser test and run beside the others; this
file comes last, so its tests wait for them only at the end."""

import re

import pytest

from conftest import built_pages

FIRST_VIEW_MAX = 500_000  # bytes, uncompressed, everything a first view of a page downloads
SEARCH_REQUEST = re.compile(r"/pagefind/|/assets/js/search\.js|/search/search_index\.json|/lunr/|/workers/search")


@pytest.fixture(scope="module")
def visits(page_visits):
    """The page visits the first browser test started (tests/conftest.py: page_visits), once they are done."""
    return page_visits.result()


def test_every_page_loads_without_errors_or_foreign_requests(site, visits):
    """Every page of both languages: status 200, no console error or failed request, no request leaving
    127.0.0.1, every image rendered once scrolled to."""
    assert set(visits) == set(built_pages(site))
    assert any(p.startswith("en") for p in visits) and any(not p.startswith("en") for p in visits)
    problems = []
    for visit in visits.values():
        if visit.failure:
            problems.append(f"{visit.url}: the visit failed: {visit.failure}")
        if visit.status != 200:
            problems.append(f"{visit.url}: status {visit.status}")
        problems += [f"{visit.url}: {p}" for p in visit.images]
        problems += [f"{visit.url}: console or request error: {e}" for e in visit.errors]
        problems += [f"{visit.url}: request to another host: {u}" for u in visit.foreign]
    assert problems == [], "\n".join(problems)
    assert sum(v.checked_images for v in visits.values()) > 0, "no image was checked on any page"


def test_axe_finds_no_serious_or_critical_violation(visits):
    """axe-core on every page of both languages, as loaded."""
    problems = []
    for visit in visits.values():
        if visit.axe is None:
            problems.append(f"{visit.name}: axe did not run ({visit.failure})")
        problems += [f"{visit.name}: {v}" for v in visit.axe or []]
    assert problems == [], "\n".join(problems)


def test_text_does_not_move_in_the_worst_case_load(visits):
    """The worst case of a slow network and a busy phone, made deterministic (tests/browser/visits.py): the HTML
    arrives in pieces, and every font file, script and image is held back until the page has painted. No frame is
    drawn before the whole visible page is parsed or while a face the page carries inline is not ready, no
    stylesheet comes after the first paint, and no text moves on any page (layout shift 0)."""
    assert sum(v.held_fonts for v in visits.values()) > 0, "no page fetched a font file: nothing was held back"
    problems = [f"{v.name}: layout shift {v.shift:.3f}: {v.shifted}" for v in visits.values() if v.shift]
    problems += [f"{v.name}: {e}" for v in visits.values() for e in v.early[:3]]
    problems += [
        f"{v.name}: stylesheet requested after the first paint: {u}" for v in visits.values() for u in v.late_styles
    ]
    assert problems == [], "\n".join(problems)


def test_first_view_is_light_and_loads_no_search(visits):
    """On every page of both languages, with an empty cache: at most 500 KB on the first view and no request for
    search until the reader opens it."""
    problems, weights = [], {}
    for path, visit in visits.items():
        weights[path or "/"] = total = sum(n for _, n in visit.sent)
        if total > FIRST_VIEW_MAX:
            problems.append(f"/{path}: first view {total // 1000} KB > {FIRST_VIEW_MAX // 1000} KB")
        early = [p for p, _ in visit.sent if SEARCH_REQUEST.search(p)]
        if early:
            problems.append(f"/{path}: search requested before it was opened: {early}")
    assert problems == [], "\n".join(problems)
    assert len(weights) >= 20 and min(weights.values()) > 50_000, weights  # the pages were measured, not skipped
