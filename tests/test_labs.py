"""Labs: notebooks executed once per build (cached), rendered as HTML pages with outputs, downloadable."""
import json
import re
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from conftest import CACHE, ROOT, build, copy_project
from nbclient import NotebookClient

LABS = sorted((ROOT / "docs" / "labs").glob("*.ipynb"))


def seeded_cache(tmp_path):
    """A cache with the real snippets' results (the session build made them) but no executed labs."""
    cache = tmp_path / "cache"
    shutil.copytree(CACHE / "compute", cache / "compute")
    return cache


def test_labs_exist_in_both_languages():
    names = {p.name.rsplit(".", 2)[0] for p in LABS}
    assert names, "no labs"
    for name in names:
        assert {p.name for p in LABS if p.name.startswith(name + ".")} == {f"{name}.hi.ipynb", f"{name}.en.ipynb"}


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_labs_are_kept_without_outputs(lab):
    nb = nbformat.read(lab, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{lab.name}: strip outputs before committing"


@pytest.mark.slow
@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_lab_runs_top_to_bottom_with_nbclient_in_two_minutes(lab):
    nb = nbformat.read(lab, as_version=4)
    started = time.monotonic()
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    assert time.monotonic() - started < 120
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.mark.slow
def test_built_lab_pages_are_html_with_outputs_and_a_download(site):
    for lab in LABS:
        name, lang = lab.name.rsplit(".", 2)[:2]
        page = site / ("en/" if lang == "en" else "") / "labs" / name / "index.html"
        assert page.exists(), f"{lab.name} was not published as a page (raw JSON trap)"
        html = page.read_text(encoding="utf-8")
        assert html.lstrip().startswith("<!doctype html>") and '"nbformat"' not in html[:2000]
        assert f'<html lang="{lang}"' in html
        assert len(re.findall(r'class="[^"]*jp-OutputArea-output', html)) >= 1, f"{lab.name}: no cell outputs on the page"
        link = re.search(r'<a class="md-content__button[^"]*va-download" href="([^"]+)"', html)
        assert link and (page.parent / link.group(1)).exists()
        downloaded = json.loads((page.parent / link.group(1)).read_text(encoding="utf-8"))
        assert any(c.get("outputs") for c in downloaded["cells"] if c["cell_type"] == "code")
    assert not list(site.rglob("labs/*.ipynb")), "a notebook must not be published as a bare file beside the pages"


@pytest.mark.slow
def test_labs_execute_once_per_build_and_not_when_warm(tmp_path, site):
    project, cache = copy_project(tmp_path / "project"), seeded_cache(tmp_path)
    assert build(project, tmp_path / "s1", VA_CACHE_DIR=cache).returncode == 0
    assert json.loads((cache / "last-build-labs.json").read_text())["executed"] == len(LABS)
    assert build(project, tmp_path / "s2", VA_CACHE_DIR=cache).returncode == 0
    assert json.loads((cache / "last-build-labs.json").read_text())["executed"] == 0


@pytest.mark.slow
def test_failing_cell_fails_the_build(tmp_path, site):
    project = copy_project(tmp_path / "project")
    lab = project / "docs" / "labs" / LABS[0].name
    nb = nbformat.read(lab, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('lab cell broken on purpose')"))
    nbformat.write(nb, lab)
    done = build(project, tmp_path / "s", VA_CACHE_DIR=seeded_cache(tmp_path))
    assert done.returncode != 0
    assert f"docs/labs/{LABS[0].name}: cell {len(nb.cells) - 1} failed" in done.stderr
    assert "lab cell broken on purpose" in done.stderr
