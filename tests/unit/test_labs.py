"""Labs: notebooks executed once per build (cached), rendered as HTML pages with outputs, downloadable."""

from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

LABS = sorted((ROOT / "docs" / "labs").glob("*.ipynb"))


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


def tiny_notebook(path: Path, *code) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A lab")] + [nbformat.v4.new_code_cell(c) for c in code]
    return nbformat.writes(nb)


class Log:
    def __init__(self):
        self.lines = []

    def info(self, msg):
        self.lines.append(msg)


def test_lab_execution_is_cached_per_build_and_on_disk(tmp_path):
    from sitegen import labs
    from sitegen.common import Settings
    from sitegen.data import SiteData
    from sitegen.state import Session

    text = tiny_notebook(
        tmp_path,
        "from snippets.diffusion_process import alpha_bar",
        "print(round(float(alpha_bar('linear', 1000)[-1]), 8))",
    )
    settings = Settings(cache_dir=tmp_path / "cache", timeout=60, workers=1, no_exec=False)
    session, log = Session(settings, SiteData.load()), Log()
    first = labs.executed(session, text, "docs/labs/tiny.en.ipynb", log)
    assert "4.036e-05" in first and session.stats["labs_executed"] == 1
    assert labs.executed(session, text, "docs/labs/tiny.hi.ipynb", log) == first and session.stats["labs_executed"] == 1
    fresh = Session(settings, session.data)  # the next build: from the disk cache, nothing executed
    assert labs.executed(fresh, text, "docs/labs/tiny.en.ipynb", log) == first and fresh.stats["labs_executed"] == 0
    assert labs.lab_key(text) != labs.lab_key(text.replace("1000", "999")), "the key covers the code"


@pytest.mark.parametrize(
    "code, message, detail",
    [
        (
            "raise RuntimeError('lab cell broken on purpose')",
            "failed while executing the lab",
            "lab cell broken on purpose",
        ),
        # stderr would be published with the lab and can differ between runs (matplotlib's font-cache notice did)
        ("import sys; print('a notice on stderr', file=sys.stderr)", "wrote to stderr", "a notice on stderr"),
    ],
)
def test_a_failing_or_noisy_cell_fails_with_the_lab_and_cell_named(tmp_path, code, message, detail):
    from sitegen import labs
    from sitegen.common import BuildError

    text = tiny_notebook(tmp_path, "x = 1", code)
    with pytest.raises(BuildError, match=rf"docs/labs/x.en.ipynb: cell 2 {message}") as e:
        labs.execute(text, "docs/labs/x.en.ipynb", 60)
    assert detail in str(e.value)


def test_stdout_sent_in_pieces_becomes_one_output(tmp_path):
    """The kernel flushes stdout on a timer: a line written in two parts with a pause between them arrives as two
    pieces (on a busy machine, without a pause). The published lab must not depend on that timing."""
    from sitegen import labs

    pieces = "sys.stdout.write('a'); sys.stdout.flush(); time.sleep(0.5); print('b')"
    text = tiny_notebook(tmp_path, "import sys, time", pieces)
    outputs = nbformat.reads(labs.execute(text, "docs/labs/x.en.ipynb", 60), as_version=4).cells[2].outputs
    assert [(o.output_type, o.name, o.text) for o in outputs] == [("stream", "stdout", "ab\n")]
