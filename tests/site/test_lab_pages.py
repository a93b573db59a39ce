"""Labs as the built site publishes them: HTML pages with outputs, downloadable, executed once per build."""

import json
import re

from conftest import ROOT

LABS = sorted((ROOT / "docs" / "labs").glob("*.ipynb"))


def test_built_lab_pages_are_html_with_outputs_and_a_download(site):
    for lab in LABS:
        name, lang = lab.name.rsplit(".", 2)[:2]
        page = site / ("en/" if lang == "en" else "") / "labs" / name / "index.html"
        assert page.exists(), f"{lab.name} was not published as a page (raw JSON trap)"
        html = page.read_text(encoding="utf-8")
        assert html.lstrip().startswith("<!doctype html>") and '"nbformat"' not in html[:2000]
        assert f'<html lang="{lang}"' in html
        assert len(re.findall(r'class="[^"]*jp-OutputArea-output', html)) >= 1, (
            f"{lab.name}: no cell outputs on the page"
        )
        link = re.search(r'<a class="md-content__button[^"]*va-download" href="([^"]+)"', html)
        assert link and (page.parent / link.group(1)).exists()
        downloaded = json.loads((page.parent / link.group(1)).read_text(encoding="utf-8"))
        assert any(c.get("outputs") for c in downloaded["cells"] if c["cell_type"] == "code")
    assert not list(site.rglob("labs/*.ipynb")), "a notebook must not be published as a bare file beside the pages"


def test_each_lab_executes_at_most_once_per_bilingual_build(rebuild):
    """The rebuild (`make test-site`: no lab in its cache) ran every lab of both languages exactly once."""
    log = rebuild[1]
    for lab in LABS:
        assert log.count(f"executing docs/labs/{lab.name}") == 1, f"{lab.name}: executed {log.count(lab.name)} times"
