"""Every page has its other-language twin (sitegen/i18n.py: missing_twins; the build fails without one)."""

from sitegen.i18n import missing_twins

from conftest import ROOT


def test_every_source_page_has_its_twin():
    uris = [str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*") if p.suffix in (".md", ".ipynb")]
    assert missing_twins(uris) == []


def test_missing_twin_is_found_and_named():
    assert missing_twins(["a.hi.md", "a.en.md", "b/c.hi.md"]) == [
        "docs/b/c.en.md is missing (the en twin of docs/b/c.hi.md)"
    ]
    assert missing_twins(["x.md"]) == ["docs/x.md: a page must end in .hi.md or .en.md"]
