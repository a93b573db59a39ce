"""The build-time figure and value pipeline (hooks/figures.py, hooks/_compute.py), end to end.

Most tests build a throw-away copy of the project with probe snippets (tests/probes) added, and a page
pair that uses them. The compute cache is seeded from the real one so only the probes are computed.
"""
import hashlib
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CACHE, ROOT, build, copy_project

import figures
from _compute import Cache, cache_key, module_closure

PROBES = Path(__file__).parent / "probes"
PAGE = {
    "en": '# Probe\n\n![A line of twenty values](figure:probe.line "A probe figure")\n\nThe total is {{probe.total}}.\n',
    "hi": '# जाँच\n\n![बीस मानों की एक रेखा](figure:probe.line "एक जाँच चित्र")\n\nकुल {{probe.total}} है।\n',
}


def probe_project(tmp_path, page=PAGE, probes=("probe.py", "probe_helper.py", "probe_other.py")):
    project = copy_project(tmp_path / "project")
    for name in probes:
        shutil.copy(PROBES / name, project / "snippets" / name)
    for lang, text in page.items():
        (project / "docs" / f"probe.{lang}.md").write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - note.md\n", "  - note.md\n  - probe.md\n", 1), encoding="utf-8")
    return project


def fresh_cache(tmp_path, seed=True):
    cache = tmp_path / "cache"
    if seed and (CACHE / "compute").exists():  # the real snippets' results and labs: only probes get computed
        shutil.copytree(CACHE / "compute", cache / "compute")
        if (CACHE / "labs").exists():
            shutil.copytree(CACHE / "labs", cache / "labs")
    cache.mkdir(exist_ok=True)
    return cache


def runs(probe_dir, name):
    return len(list(Path(probe_dir).glob(f"{name}-*")))


def probe_build(project, site, cache, probe_dir, **env):
    probe_dir.mkdir(exist_ok=True)
    return build(project, site, VA_CACHE_DIR=cache, VA_PROBE_DIR=probe_dir, **env)


pytestmark = pytest.mark.slow


@pytest.fixture
def real_cache(site):
    """Depend on the session build so the real cache is warm before projects are seeded from it."""
    return CACHE


# ---------------------------------------------------------------- 1, 2: figures and values on pages
def test_figure_and_value_rendered_in_both_languages(tmp_path, real_cache):
    project, cache = probe_project(tmp_path), fresh_cache(tmp_path)
    done = probe_build(project, tmp_path / "site", cache, tmp_path / "runs")
    assert done.returncode == 0, done.stderr
    for lang, prefix in (("hi", ""), ("en", "en/")):
        html = (tmp_path / "site" / prefix / "probe" / "index.html").read_text(encoding="utf-8")
        img = re.search(r'<figure class="va-figure" id="fig-probe-line">\s*<img src="([^"]+)" alt="([^"]+)"', html)
        assert img and img.group(2) == PAGE[lang].split("![")[1].split("]")[0]
        svg = (tmp_path / "site" / prefix / "probe" / img.group(1)).resolve()
        assert svg.name == f"probe.line.{lang}.svg" and svg.read_bytes().startswith(b"<?xml")
        assert "<figcaption>" in html
    hi_svg = (tmp_path / "site/assets/figures/probe.line.hi.svg").read_bytes()
    en_svg = (tmp_path / "site/assets/figures/probe.line.en.svg").read_bytes()
    assert hi_svg != en_svg, "the Hindi figure must carry Hindi labels"
    hi = (tmp_path / "site/probe/index.html").read_text(encoding="utf-8")
    en = (tmp_path / "site/en/probe/index.html").read_text(encoding="utf-8")
    assert '<span class="va-value" data-value="probe.total">1,23,45,678</span>' in hi  # Indian grouping
    assert '<span class="va-value" data-value="probe.total">12,345,678</span>' in en


def test_format_value():
    assert figures.format_value(4.0368e-05, ".3g", "en") == "4.04 × 10⁻⁵"
    assert figures.format_value(1569, ",d", "hi") == "1,569"
    assert figures.format_value(123456789, ",d", "hi") == "12,34,56,789"
    assert figures.format_value(-1234567.5, ",.1f", "hi") == "-12,34,567.5"
    assert figures.format_value(7.6154, ".1f", "hi") == "7.6"


def test_devanagari_is_shaped_by_matplotlib():
    """matplotlib >= 3.11 shapes text (libraqm): क + ् + ष becomes one conjunct glyph, not three letters."""
    from matplotlib.ft2font import FT2Font

    from snippets._figure import DEVANAGARI_FONT

    font = FT2Font(str(DEVANAGARI_FONT))
    font.set_text("क्ष")
    assert font.get_num_glyphs() == 1


# ---------------------------------------------------------------- 3: once per build, cache keys
def test_each_compute_runs_once_per_bilingual_build_and_never_when_warm(tmp_path, real_cache):
    project, cache, probe_dir = probe_project(tmp_path), fresh_cache(tmp_path), tmp_path / "runs"
    assert probe_build(project, tmp_path / "s1", cache, probe_dir).returncode == 0
    assert runs(probe_dir, "probe") == 1, "the figure and the value share one compute, run once for two languages"
    assert probe_build(project, tmp_path / "s2", cache, probe_dir).returncode == 0
    assert runs(probe_dir, "probe") == 1, "a warm build executes nothing"
    import json
    stats = json.loads((cache / "last-build-stats.json").read_text())
    assert stats["computed"] == 0 and stats["svg_drawn"] == 0


def test_editing_a_snippet_recomputes_only_what_depends_on_it(tmp_path, real_cache):
    page = {lang: text + "\nAlso {{probe_other.x}}.\n" for lang, text in PAGE.items()}
    project, cache, probe_dir = probe_project(tmp_path, page), fresh_cache(tmp_path), tmp_path / "runs"
    assert probe_build(project, tmp_path / "s1", cache, probe_dir).returncode == 0
    assert (runs(probe_dir, "probe"), runs(probe_dir, "other")) == (1, 1)
    helper = project / "snippets" / "probe_helper.py"
    helper.write_text(helper.read_text().replace("return 0.0", "return 1.0"))  # probe imports it; probe_other does not
    assert probe_build(project, tmp_path / "s2", cache, probe_dir).returncode == 0
    assert (runs(probe_dir, "probe"), runs(probe_dir, "other")) == (2, 1)


def test_cache_key_covers_imported_snippets_params_and_versions():
    assert module_closure("diffusion_process") == ["_figure", "_registry", "diffusion_process"]
    k = cache_key("diffusion_process", "schedule_curves", {"T": 1000})
    assert k == cache_key("diffusion_process", "schedule_curves", {"T": 1000})
    assert k != cache_key("diffusion_process", "schedule_curves", {"T": 999})
    assert k != cache_key("diffusion_process", "other_fn", {"T": 1000})
    import _compute
    saved = dict(_compute.VERSIONS)
    try:
        _compute.VERSIONS["torch"] = "0.0"
        assert k != cache_key("diffusion_process", "schedule_curves", {"T": 1000})
    finally:
        _compute.VERSIONS.update(saved)


# ---------------------------------------------------------------- 4: isolation, failures, timeouts
def test_failing_snippet_stops_the_build_with_id_file_line_and_traceback(tmp_path, real_cache):
    page = {lang: text + "\n{{probe_bad.boom}}\n" for lang, text in PAGE.items()}
    project = probe_project(tmp_path, page, probes=("probe.py", "probe_helper.py", "probe_bad.py"))
    done = probe_build(project, tmp_path / "s", fresh_cache(tmp_path), tmp_path / "runs")
    assert done.returncode != 0
    line = next(i for i, l in enumerate((PROBES / "probe_bad.py").read_text().splitlines(), 1) if "values[10]" in l)
    assert f"probe_bad.boom: compute failed (exit code 1) at snippets/probe_bad.py:{line}" in done.stderr
    assert "IndexError: list index out of range" in done.stderr and "Traceback" in done.stderr
    assert not (tmp_path / "s" / "probe").exists(), "a failed build serves nothing half-written"


def test_hanging_snippet_times_out_with_its_location(tmp_path, real_cache):
    page = {lang: text + "\n{{probe_bad.hang}}\n" for lang, text in PAGE.items()}
    project = probe_project(tmp_path, page, probes=("probe.py", "probe_helper.py", "probe_bad.py"))
    started = time.monotonic()
    done = probe_build(project, tmp_path / "s", fresh_cache(tmp_path), tmp_path / "runs")
    assert done.returncode != 0 and time.monotonic() - started < 60
    line = next(i for i, l in enumerate((PROBES / "probe_bad.py").read_text().splitlines(), 1) if "time.sleep(600)" in l)
    assert f"probe_bad.hang: compute timed out after 3 s at snippets/probe_bad.py:{line}" in done.stderr


def test_default_timeout_is_configurable(tmp_path, real_cache):
    page = {lang: text + "\n{{probe.slow}}\n" for lang, text in PAGE.items()}
    project = probe_project(tmp_path, page)
    done = probe_build(project, tmp_path / "s", fresh_cache(tmp_path), tmp_path / "runs", VA_SNIPPET_TIMEOUT=1)
    assert done.returncode != 0 and "probe.slow: compute timed out after 1 s" in done.stderr


def test_computes_run_in_parallel_worker_processes(tmp_path, real_cache):
    """Two 4-second computes (probe.slow, and the same with other params) finish in well under 8 s on 2 workers."""
    slow2 = PROBES.joinpath("probe.py").read_text() + (
        '\nVALUES["slow2"] = Value(Compute(compute_slow, {"seconds": 4.01}), "done", "d")\n')
    page = {lang: text + "\n{{probe.slow}} {{probe.slow2}}\n" for lang, text in PAGE.items()}
    project = probe_project(tmp_path, page)
    (project / "snippets" / "probe.py").write_text(slow2)
    done = probe_build(project, tmp_path / "s", fresh_cache(tmp_path), tmp_path / "runs", VA_WORKERS=2)
    assert done.returncode == 0, done.stderr
    assert runs(tmp_path / "runs", "slow") == 2
    took = float(re.search(r"figures: computed \d+ snippet result\(s\) in ([\d.]+) s", done.stderr).group(1))
    assert took < 8, f"two 4-second computes took {took} s: they did not overlap"


# ---------------------------------------------------------------- 5: cache safety
def test_corrupted_or_truncated_entry_is_recomputed_never_served(tmp_path):
    warnings = []
    cache = Cache(tmp_path, warn=warnings.append)
    cache.write("k", {"v": 1})
    blob = cache.path("k").read_bytes()
    cache.path("k").write_bytes(blob[:-5] + bytes([blob[-5] ^ 0xFF]) + blob[-4:])  # flip one byte
    assert cache.read("k") is None and "corrupted" in warnings[-1] and not cache.path("k").exists()
    cache.write("k", {"v": 1})
    cache.path("k").write_bytes(cache.path("k").read_bytes()[: len(blob) // 2])  # truncated
    assert cache.read("k") is None and not cache.path("k").exists()
    cache.write("k", {"v": 2})
    assert cache.read("k") == {"v": 2}


def test_corrupted_entry_in_a_build_is_recomputed_with_a_warning(tmp_path, real_cache):
    project, cache, probe_dir = probe_project(tmp_path), fresh_cache(tmp_path), tmp_path / "runs"
    assert probe_build(project, tmp_path / "s1", cache, probe_dir).returncode == 0
    import json
    for entry in (cache / "compute").glob("*.pkl"):
        data = pickle.loads(entry.read_bytes().partition(b"\n")[2])
        if data.get("total") == 12345678:
            entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")
    done = probe_build(project, tmp_path / "s2", cache, probe_dir)
    # strict mode turns the warning into a failed build: a corrupted entry is never served silently
    assert "is corrupted (checksum mismatch): recomputing it" in done.stderr
    assert runs(probe_dir, "probe") == 2
    assert probe_build(project, tmp_path / "s3", cache, probe_dir).returncode == 0, "the entry was rewritten"


def _hammer(directory, n):
    cache = Cache(Path(directory))
    for i in range(n):
        cache.write("same", {"payload": list(range(5000)), "i": i})
        got = cache.read("same")
        assert got is None or len(got["payload"]) == 5000


def test_concurrent_writers_never_corrupt_an_entry(tmp_path):
    import multiprocessing as mp

    procs = [mp.get_context("spawn").Process(target=_hammer, args=(str(tmp_path), 40)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    assert Cache(tmp_path).read("same")["payload"] == list(range(5000))
    assert not list(tmp_path.glob(".*.tmp")), "no temp files left behind"


def test_two_builds_at_once_on_one_cache(tmp_path, real_cache):
    project, cache = probe_project(tmp_path), fresh_cache(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "VA_CACHE_DIR": str(cache), "PYTHONPATH": str(project),
           "VA_PROBE_DIR": str(tmp_path / "runs")}
    (tmp_path / "runs").mkdir()
    procs = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / f"s{i}")],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in (1, 2)]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    a = (tmp_path / "s1/assets/figures/probe.line.hi.svg").read_bytes()
    assert a == (tmp_path / "s2/assets/figures/probe.line.hi.svg").read_bytes()
    assert all(Cache(cache / "compute").read(p.stem) is not None for p in (cache / "compute").glob("*.pkl"))


def test_make_clean_clears_the_cache():
    text = (ROOT / "Makefile").read_text()
    clean = text.split("\nclean:", 1)[1].split("\n\n", 1)[0]
    assert ".cache" in clean and "site" in clean


# ---------------------------------------------------------------- 6: SVG quality
def test_svgs_are_deterministic_light_and_undated(tmp_path, site):
    svgs = sorted((site / "assets" / "figures").glob("*.svg"))
    assert svgs and {p.name.rsplit(".", 2)[1] for p in svgs} == {"hi", "en"}
    for svg in svgs:
        data = svg.read_bytes()
        assert len(data) <= 150 * 1024, f"{svg.name} is {len(data) // 1024} KB"
        assert b"<dc:date>" not in data
    from snippets import _registry as reg
    from snippets._figure import to_svg
    fig = reg.find("FIGURES", "diffusion_process.schedules")
    data = fig.compute.run()
    one = to_svg(fig.draw(data, reg.translator("diffusion_process", "hi")))
    two = to_svg(fig.draw(data, reg.translator("diffusion_process", "hi")))
    assert hashlib.sha256(one).digest() == hashlib.sha256(two).digest()
    assert one == (site / "assets/figures/diffusion.schedules.hi.svg").read_bytes()


def test_figures_are_not_in_the_search_index(site):
    text = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<svg" not in text and "<path" not in text and "figures/" not in text


def test_figures_readable_in_dark_mode():
    css = (ROOT / "docs/assets/css/site.css").read_text()
    assert re.search(r"\.va-figure img \{[^}]*background: #fff", css), "SVGs need a light backdrop in dark mode"


def test_too_heavy_figure_fails_the_build(tmp_path, real_cache):
    page = {lang: text + f"\n![heavy]({'figure:probe_bad.heavy'})\n" for lang, text in PAGE.items()}
    project = probe_project(tmp_path, page, probes=("probe.py", "probe_helper.py", "probe_bad.py"))
    done = probe_build(project, tmp_path / "s", fresh_cache(tmp_path), tmp_path / "runs")
    assert done.returncode != 0 and re.search(r"figure 'probe_bad.heavy' \(hi\) is \d+ KB; the limit is 150 KB", done.stderr)


# ---------------------------------------------------------------- 7: bad references
@pytest.mark.parametrize("bad, message", [
    ("![](figure:probe.line)", r"docs/probe.en.md:7: figure 'probe.line' has no alt text"),
    ("![a figure](figure:probe.nope)", r"docs/probe.en.md:7: unknown figure id 'probe.nope' \(known: probe.line\)"),
    ("{{probe.nope}}", r"docs/probe.en.md:7: unknown value id 'probe.nope' \(known: probe.slow, probe.total\)"),
    ("{{nomodule.x}}", r"docs/probe.en.md:7: unknown value id 'nomodule.x' \(no snippet module 'nomodule'\)"),
    ("<!-- md:nonsense -->", r"docs/probe.en.md:7: unknown or malformed marker '<!-- md:nonsense -->'"),
])
def test_bad_reference_names_page_and_line(tmp_path, real_cache, bad, message):
    page = dict(PAGE, en=PAGE["en"] + "\n" + bad + "\n")
    project = probe_project(tmp_path, page)
    done = probe_build(project, tmp_path / "s", fresh_cache(tmp_path), tmp_path / "runs")
    assert done.returncode != 0
    assert re.search(message, done.stderr), done.stderr[-2000:]


# ---------------------------------------------------------------- 8: no-execution switch
def test_no_exec_build_executes_nothing(tmp_path, real_cache):
    project, probe_dir = probe_project(tmp_path), tmp_path / "runs"
    done = probe_build(project, tmp_path / "s", fresh_cache(tmp_path, seed=False), probe_dir, VA_NO_EXEC=1)
    assert done.returncode == 0, done.stderr
    assert runs(probe_dir, "probe") == 0
    assert b"not computed" in (tmp_path / "s/assets/figures/probe.line.hi.svg").read_bytes()
