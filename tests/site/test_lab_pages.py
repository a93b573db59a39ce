"""Labs as the built site publishes them: HTML pages with outputs, downloadable, executed once per build."""

import json
import os
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
import yaml
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from conftest import ROOT

LABS = sorted((ROOT / "docs" / "labs").glob("*.ipynb"))
REPO_URL = yaml.safe_load(
    "\n".join(line for line in (ROOT / "mkdocs.yml").read_text("utf-8").splitlines() if line.startswith("repo_url:"))
)["repo_url"]


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


def test_each_lab_executes_at_most_once_per_bilingual_build(site_log, rebuild):
    """The test site's build (`make test-site`: no lab in its cache) ran every lab of both languages exactly once;
    its rebuild, with the executed labs in its cache, none."""
    assert "executing docs/labs/" not in rebuild[1]
    for lab in LABS:
        runs = site_log.count(f"executing docs/labs/{lab.name}")
        assert runs == 1, f"{lab.name}: executed {runs} times"


RUNNER = """
import sys, nbformat, nbclient
nb = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False).execute()
nbformat.write(nb, sys.argv[2])
"""


@pytest.mark.parametrize("name", sorted({p.name.rsplit(".", 2)[0] for p in LABS}))
def test_a_downloaded_lab_runs_outside_the_checkout_with_the_package_installed(site, tmp_path, name):
    """The lab as a reader downloads it, run where the checkout is not on the path: its first code cell installs
    the evidence package (here the wheel built from packaging/snippets, into a folder of its own on top of the
    project's libraries: the repository it names is not reachable from the tests), and every cell then runs and
    prints what the page shows, byte for byte. That is also the labs' reproducibility test (the rebuild keeps the
    labs it executed): the Hindi copy is run, whose build reused the English copy's trainings (sitegen/lab_memo.py),
    so a fresh kernel must reproduce outputs that came from another one. (The two copies' code cells are the same.)"""
    page = site / "labs" / name / "index.html"
    href = re.search(r'<a class="md-content__button[^"]*va-download" href="([^"]+)"', page.read_text("utf-8"))
    nb = nbformat.read(page.parent / href.group(1), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    published = [c.outputs for c in code[1:]]  # the install cell's output names where it installed from
    install = code[0].source
    m = re.search(
        r'PACKAGE = "(video-analysis-snippets @ git\+(\S+)@([0-9a-f]{40}|main)#subdirectory=packaging/snippets)"',
        install,
    )
    assert m and m.group(2) == REPO_URL, install

    src, dist, target, work = (tmp_path / d for d in ("src", "dist", "target", "work"))
    shutil.copytree(ROOT / "snippets", src / "snippets", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "packaging" / "snippets", src / "packaging" / "snippets",
                    ignore=shutil.ignore_patterns("build", "*.egg-info"))  # fmt: skip
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    built = subprocess.run(pip + ["wheel", "--no-deps", "--no-build-isolation", "-w", str(dist),
                                  str(src / "packaging" / "snippets")], capture_output=True, text=True)  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("video_analysis_snippets-*.whl")

    code[0].source = install.replace(m.group(1), str(wheel))
    before = nbformat.v4.new_code_cell('import importlib.util\nassert importlib.util.find_spec("snippets") is None')
    after = nbformat.v4.new_code_cell("import snippets\nprint(snippets.__file__)")
    nb.cells = [before, *nb.cells, after]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    work.mkdir()
    target.mkdir()
    nbformat.write(nb, work / "lab.ipynb")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(target), PIP_TARGET=str(target), PIP_NO_DEPS="1", PIP_NO_INDEX="1")
    ran = subprocess.run([sys.executable, "-c", RUNNER, "lab.ipynb", "out.ipynb"], cwd=work, env=env,
                         capture_output=True, text=True, timeout=900)  # fmt: skip
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    out = nbformat.read(work / "out.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for o in out.cells[-1].outputs)
    assert printed.strip() == str(target / "snippets" / "__init__.py"), printed
    CoalesceStreamsPreprocessor().preprocess(out, {})  # as the build does: stdout's pieces end where timing says
    rerun = [c.outputs for c in out.cells[1:-1] if c.cell_type == "code"][1:]
    assert any(published) and len(rerun) == len(published), "no cell of the lab printed"
    for cell, (shown, printed) in enumerate(zip(published, rerun), 2):
        assert printed == shown, f"{name}: code cell {cell} printed something else than the page shows:\n{printed}"
