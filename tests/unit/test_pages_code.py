"""Code on the page is code CI runs: every python/pycon block of every page, both languages."""

from pathlib import Path

import pytest

from collector import ROOT, PageCodeError, collect, run_page

PAGES = sorted((ROOT / "docs").rglob("*.md"))
FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_pages_found_in_both_languages():
    assert any(p.name.endswith(".hi.md") for p in PAGES) and any(p.name.endswith(".en.md") for p in PAGES)
    assert sum(len(collect(p)) for p in PAGES) > 0, "no code blocks on any page: the collector finds nothing"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT / "docs")))
def test_page_code_runs(page):
    run_page(page)


def test_collector_reports_wrong_output_with_page_and_line():
    with pytest.raises(PageCodeError, match=r"wrong_output\.md:8: pycon output differs"):
        run_page(FIXTURES / "wrong_output.md")


def test_collector_reports_exception_with_page_and_line():
    with pytest.raises(PageCodeError, match=r"raises\.md:11: ZeroDivisionError"):
        run_page(FIXTURES / "raises.md")


def test_collector_shares_one_namespace_per_page():
    assert run_page(FIXTURES / "shared.md") == 2


def test_collector_resolves_snippet_includes(tmp_path):
    page = tmp_path / "p.md"
    page.write_text('```python\n--8<-- "snippets/diffusion_process.py:nope"\n```\n')
    with pytest.raises(PageCodeError, match="has no section 'nope'"):
        run_page(page)
