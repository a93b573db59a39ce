"""The pages as published without Material's JavaScript: no page loads the bundle; tables sit in their scroll box."""

import re

from sitegen.markup import SCROLL_OPEN as WRAP

from conftest import built_pages


def test_pages_load_no_theme_bundle_and_every_table_has_its_scroll_box(site):
    tables = 0
    for rel in built_pages(site):
        html = (site / rel / "index.html").read_text(encoding="utf-8")
        scripts = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', html)
        assert scripts and all(re.match(r"(\.\./)*assets/js/", s) for s in scripts), (rel, scripts)
        content = html.split('data-md-component="content"', 1)[1]
        for m in re.finditer(r"<table>", content):
            tables += 1
            assert content[: m.start()].endswith(WRAP), f"{rel}: a table without Material's scroll box"
    assert tables > 0
