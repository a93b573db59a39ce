"""The link-preview template (overrides/main.html) on a tiny throw-away Material site whose hook sets
``page.meta.va_share``: the metadata a parser reads back exactly, and none on a page without it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, og

SHARE = {
    "image": "https://example.org/site/assets/share/index.hi.png",
    "url": "https://example.org/site/",
    "title": 'दावे "और" <फ़ैसले> & कोड',
    "description": "क्या ट्रांसफ़ॉर्मर वीडियो मॉडल कर सकते हैं?",
    "locale": "hi_IN",
    "alternate_locale": "en_US",
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A two-page Material site using the project's overrides/; returns its site dir."""
    root = tmp_path_factory.mktemp("tiny")
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Home\n\nText.\n", encoding="utf-8")
    (root / "docs/other.md").write_text("# Other\n\nNo share metadata here.\n", encoding="utf-8")
    (root / "hook.py").write_text(
        textwrap.dedent(f"""
        def on_page_markdown(markdown, page, config, files):
            if page.file.src_uri == "index.md":
                page.meta["va_share"] = {SHARE!r}
            return markdown
    """),
        encoding="utf-8",
    )
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(f"""
        site_name: Tiny
        site_url: https://example.org/site/
        theme: {{name: material, custom_dir: {ROOT / "overrides"}, font: false}}
        markdown_extensions: [md_in_html, attr_list]
        hooks: [hook.py]
        nav: [index.md, other.md]
    """),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    return root / "site"


def test_share_metadata_from_page_meta(tiny):
    meta = og((tiny / "index.html").read_text(encoding="utf-8"))
    assert meta["og:title"] == [SHARE["title"]]  # escaped in HTML, parsed back exactly
    assert meta["og:description"] == [SHARE["description"]]
    assert meta["og:image"] == [SHARE["image"]] and meta["og:url"] == [SHARE["url"]]
    assert meta["og:locale"] == ["hi_IN"] and meta["og:locale:alternate"] == ["en_US"]
    assert meta["og:image:width"] == ["1200"] and meta["og:image:height"] == ["630"]
    assert meta["twitter:card"] == ["summary_large_image"]


def test_no_share_metadata_without_page_meta(tiny):
    html = (tiny / "other" / "index.html").read_text(encoding="utf-8")
    assert 'property="og:' not in html and 'name="twitter:' not in html
