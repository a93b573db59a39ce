"""Builds of throw-away projects: tests/fixtures/mini (the real hooks, sitegen/, snippet machinery and config, one
page pair, one claim) with probe snippets (tests/probes) that record each execution in $VA_PROBE_DIR; compute
workers run on such a project's snippets; `mkdocs serve` of one."""

import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

from test_index import shared_fonts

from sitegen.compute import Cache

from conftest import ROOT
from project import build, mini_project

PROBES = ROOT / "tests" / "probes"


def probe_project(tmp_path, probes=("probe.py", "probe_helper.py", "probe_other.py"), extra=""):
    project = mini_project(tmp_path / "project")
    for name in probes:
        shutil.copy(PROBES / name, project / "snippets" / name)
    if extra:
        for page in (project / "docs").glob("index.*.md"):
            page.write_text(page.read_text(encoding="utf-8") + "\n" + extra + "\n", encoding="utf-8")
    return project


def runs(probe_dir, name):
    return len(list(Path(probe_dir).glob(f"{name}-*")))


def probe_build(project, site, cache, probe_dir, **env):
    probe_dir.mkdir(exist_ok=True)
    return build(project, site, shared_fonts(cache), VA_PROBE_DIR=probe_dir, **env)


def stats(log: str, lang: str = "en") -> tuple[int, int, int]:
    m = re.search(rf"session \({lang}\): computed (\d+), read from cache (\d+), drew (\d+) SVG", log)
    return tuple(int(g) for g in m.groups())


# ---------------------------------------------------------------- workers: failures, timeouts, parallelism (no build)
RUN_ALL = """
import json, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from sitegen.compute import Cache, ComputeError, run_all
jobs = json.loads(sys.argv[1])
try:
    done = run_all(jobs, Cache(Path({cache!r})), workers=2, log=lambda m: None)
    print("DONE", done)
except ComputeError as e:
    print("ERROR", e)
"""


def run_jobs(tmp_path, probes, jobs, script=RUN_ALL, **env):
    """Run computes of a small project's probes in worker processes, as the build does (``script``: how)."""
    project = probe_project(tmp_path, probes)
    script = script.format(root=str(project), cache=str(tmp_path / "cache"))
    done = subprocess.run(
        [sys.executable, "-c", script, __import__("json").dumps(jobs)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "VA_PROBE_DIR": str(tmp_path), **env},
    )
    return done.stdout + done.stderr


def test_failing_snippet_names_id_file_line_and_traceback(tmp_path):
    out = run_jobs(
        tmp_path, ("probe_bad.py",), [{"kind": "VALUES", "ref": "probe_bad.boom", "key": "k1", "timeout": 30}]
    )
    line = next(i for i, l in enumerate((PROBES / "probe_bad.py").read_text().splitlines(), 1) if "values[10]" in l)
    assert f"probe_bad.boom: compute failed (exit code 1) at snippets/probe_bad.py:{line}" in out
    assert "IndexError: list index out of range" in out and "Traceback" in out


def test_hanging_snippet_times_out_with_its_location(tmp_path):
    out = run_jobs(
        tmp_path, ("probe_bad.py",), [{"kind": "VALUES", "ref": "probe_bad.hang", "key": "k2", "timeout": 3}]
    )
    line = next(
        i for i, l in enumerate((PROBES / "probe_bad.py").read_text().splitlines(), 1) if "time.sleep(600)" in l
    )
    # the 600 s sleep was cut: had it not been, subprocess.run's timeout (120 s) would have failed the test
    assert f"probe_bad.hang: compute timed out after 3 s at snippets/probe_bad.py:{line}" in out


def test_computes_run_in_parallel_worker_processes(tmp_path):
    """Two 3-second computes on 2 workers run at the same time: each started before the other ended (the times
    they record, not a threshold on the elapsed time, which a busy machine stretches)."""
    jobs = [{"kind": "VALUES", "ref": "probe.slow", "key": f"s{i}", "timeout": 30} for i in (1, 2)]
    out = run_jobs(tmp_path, ("probe.py", "probe_helper.py"), jobs)
    assert "DONE 2" in out and runs(tmp_path, "slow") == 2
    (a0, a1), (b0, b1) = [map(float, p.read_text().split()) for p in tmp_path.glob("slow-*")]
    assert a0 < b1 and b0 < a1, f"the computes ran one after the other: {a0:.2f}-{a1:.2f} and {b0:.2f}-{b1:.2f}"


ORDERED = """
import json, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from sitegen.compute import Cache, run_all
jobs, started, seen = json.loads(sys.argv[1]), [], []

def idle(done):
    seen.append(sorted(done))
    return False

log = lambda m: started.append(m.split()[1]) if m.startswith("computing") else None
run_all(jobs, Cache(Path({cache!r})), workers=1, log=log, idle=idle)
print(json.dumps([started, seen]))
"""


def test_the_heaviest_compute_starts_first_and_the_idle_hook_sees_each_one_done(tmp_path):
    """One worker: jobs start by ``order`` (highest first, equal ones as listed), and between its checks on the
    workers the build's own process is offered the keys of the jobs done so far (figures.py draws with them)."""
    jobs = [
        {"kind": "VALUES", "ref": "probe_other.x", "key": "light", "timeout": 30, "order": 0},
        {"kind": "VALUES", "ref": "probe.total", "key": "heavy", "timeout": 30, "order": 600},
        {"kind": "VALUES", "ref": "probe.slow", "key": "middle", "timeout": 30, "order": 300},
    ]
    out = run_jobs(tmp_path, ("probe.py", "probe_helper.py", "probe_other.py"), jobs, script=ORDERED)
    assert out.startswith("[["), out[-3000:]
    started, seen = __import__("json").loads(out.splitlines()[0])
    assert started == ["probe.total", "probe.slow", "probe_other.x"]
    assert seen[0] == [] and ["heavy"] in seen and ["heavy", "middle"] in seen, seen


# ---------------------------------------------------------------- whole builds of the small project
def test_pipeline_end_to_end(tmp_path):
    """Figures and values in both languages; each compute once per bilingual build; claim text HTML-escaped; a warm
    build computes and draws nothing; a corrupted cache entry is recomputed with a message and the strict build
    still passes. The project is a copy with snippets this checkout does not have, built with no PYTHONPATH: its
    workers and cache keys must use its own snippets/ (sitegen/common.py)."""
    project, cache, probe_dir = probe_project(tmp_path), tmp_path / "cache", tmp_path / "runs"
    claims = project / "data" / "claims.yml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace('en: "Probes count to', 'en: "Probes <script>alert(1)</script> & count to'))
    assert not (ROOT / "snippets" / "probe.py").exists()
    done = probe_build(project, tmp_path / "s1", cache, probe_dir)
    assert done.returncode == 0, done.stderr[-3000:]
    assert runs(probe_dir, "probe") == 1, "the figure and the value share one compute, run once for two languages"
    site = tmp_path / "s1"
    for lang, prefix in (("hi", ""), ("en", "en/")):
        html = (site / prefix / "index.html").read_text(encoding="utf-8")
        page_md = (project / "docs" / f"index.{lang}.md").read_text(encoding="utf-8")
        img = re.search(
            r'<figure class="va-figure"[^>]* id="fig-probe-line">.*?<img src="([^"]+)" alt="([^"]+)"', html, re.S
        )
        assert img and img.group(2) == page_md.split("![")[1].split("]")[0]
        svg = (site / prefix / img.group(1)).resolve()
        assert svg.name == f"probe.line.{lang}.svg" and svg.read_bytes().startswith(b"<?xml")
        assert 'href="#fig-probe-line"' in html, "the claim card links its evidence to the figure"
    assert (site / "assets/figures/probe.line.hi.svg").read_bytes() != (
        site / "assets/figures/probe.line.en.svg"
    ).read_bytes()
    hi, en = (site / "index.html").read_text(encoding="utf-8"), (site / "en/index.html").read_text(encoding="utf-8")
    assert '<span class="va-value" data-value="probe.total">1,23,45,678</span>' in hi  # Indian grouping
    assert '<span class="va-value" data-value="probe.total">12,345,678</span>' in en
    assert "Probes &lt;script&gt;alert(1)&lt;/script&gt; &amp; count to" in en and "<script>alert(1)" not in en
    assert 'count to <span class="va-value" data-value="probe.total">12,345,678</span>' in en, (
        "a claim card renders the values its text quotes"
    )

    done = probe_build(project, tmp_path / "s2", cache, probe_dir)
    assert done.returncode == 0 and runs(probe_dir, "probe") == 1, "a warm build executes nothing"
    assert stats(done.stderr, "hi") == (0, 1, 0) and stats(done.stderr, "en") == (0, 1, 0)

    for entry in (cache / "compute").glob("*.pkl"):
        if pickle.loads(entry.read_bytes().partition(b"\n")[2]).get("total") == 12345678:
            entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")
    done = probe_build(project, tmp_path / "s3", cache, probe_dir)
    assert done.returncode == 0, "a repaired cache entry does not fail the strict build"
    assert "is corrupted (checksum mismatch): recomputing it" in done.stderr and runs(probe_dir, "probe") == 2


def test_editing_a_snippet_recomputes_only_what_depends_on_it(tmp_path):
    project = probe_project(tmp_path, extra="Also {{probe_other.x}}.")
    cache, probe_dir = tmp_path / "cache", tmp_path / "runs"
    assert probe_build(project, tmp_path / "s1", cache, probe_dir).returncode == 0
    assert (runs(probe_dir, "probe"), runs(probe_dir, "other")) == (1, 1)
    helper = project / "snippets" / "probe_helper.py"
    helper.write_text(helper.read_text().replace("return 0.0", "return 1.0"))  # probe imports it; probe_other does not
    assert probe_build(project, tmp_path / "s2", cache, probe_dir).returncode == 0
    assert (runs(probe_dir, "probe"), runs(probe_dir, "other")) == (2, 1)


def test_a_figure_is_redrawn_when_its_own_module_changes_though_its_compute_lives_in_another(tmp_path):
    """A figure's drawing and labels live in its module, its computes may live in another (the learned models'
    figures draw from video_diffusion's training): an edited label redraws the figure without recomputing, and the
    build from the same cache gives the bytes a build from an empty cache gives."""
    probes = ("probe.py", "probe_helper.py", "probe_view.py")
    project = probe_project(tmp_path, probes, "![A view](figure:probe_view.line)")
    cache, probe_dir, svg = tmp_path / "cache", tmp_path / "runs", "assets/figures/probe_view.line.en.svg"
    assert probe_build(project, tmp_path / "s1", cache, probe_dir).returncode == 0
    view = project / "snippets" / "probe_view.py"
    view.write_text(view.read_text(encoding="utf-8").replace("Seen from elsewhere", "Seen again"), encoding="utf-8")
    done = probe_build(project, tmp_path / "s2", cache, probe_dir)
    assert done.returncode == 0 and runs(probe_dir, "probe") == 1, "the compute's module did not change"
    assert probe_build(project, tmp_path / "s3", tmp_path / "empty", probe_dir).returncode == 0
    first, kept, fresh = ((tmp_path / s / svg).read_bytes() for s in ("s1", "s2", "s3"))
    assert kept == fresh != first


def test_failing_compute_fails_the_build_and_serves_nothing(tmp_path):
    project = probe_project(
        tmp_path, probes=("probe.py", "probe_helper.py", "probe_bad.py"), extra="{{probe_bad.boom}}"
    )
    done = probe_build(project, tmp_path / "s", tmp_path / "cache", tmp_path / "runs")
    assert done.returncode != 0 and "probe_bad.boom: compute failed" in done.stderr
    assert not (tmp_path / "s" / "index.html").exists(), "a failed build serves nothing half-written"


def test_a_kept_page_conversion_is_never_stale(tmp_path):
    """Each page's conversion to HTML is kept between builds (sitegen/convert.py): the first build converts its four
    pages (a page and a claim's page, in two languages), a warm build none;
    an edit to a file a page includes (pymdownx.snippets) shows in the next build; a link to a missing page fails
    every strict build, not only the one that first converted it."""
    project, cache, probe_dir = probe_project(tmp_path), tmp_path / "cache", tmp_path / "runs"
    page, included = project / "docs" / "index.en.md", project / "included.md"
    included.write_text("Included sentence one.\n", encoding="utf-8")
    page.write_text(page.read_text(encoding="utf-8") + '\n--8<-- "included.md"\n', encoding="utf-8")

    def site(n):
        done = probe_build(project, tmp_path / f"s{n}", cache, probe_dir)
        converted = re.search(r"session \(en\): .*converted (\d+) page", done.stderr)
        html = tmp_path / f"s{n}" / "en" / "index.html"
        return done, int(converted.group(1)) if converted else None, html.read_text(encoding="utf-8")

    done, converted, html = site(1)
    assert done.returncode == 0 and converted == 4 and "Included sentence one." in html, done.stderr[-3000:]
    done, converted, again = site(2)
    assert done.returncode == 0 and converted == 0 and again == html, done.stderr[-3000:]
    included.write_text("Included sentence two.\n", encoding="utf-8")
    done, converted, html = site(3)
    assert converted == 1 and "Included sentence two." in html and "one." not in html, done.stderr[-3000:]
    page.write_text(page.read_text(encoding="utf-8") + "\n[a page that is not there](missing.md)\n", encoding="utf-8")
    for n in (4, 5):
        done = probe_build(project, tmp_path / f"s{n}", cache, probe_dir)
        assert done.returncode != 0 and "missing.md" in done.stderr, f"build {n} passed:\n{done.stderr[-3000:]}"


def test_two_builds_at_once_on_one_cache(tmp_path):
    project, cache = probe_project(tmp_path), shared_fonts(tmp_path / "cache")
    from project import build_env

    env = build_env(cache, VA_PROBE_DIR=tmp_path / "runs")
    (tmp_path / "runs").mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / f"s{i}")],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in (1, 2)
    ]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    a = (tmp_path / "s1/assets/figures/probe.line.hi.svg").read_bytes()
    assert a == (tmp_path / "s2/assets/figures/probe.line.hi.svg").read_bytes()
    assert all(Cache(cache / "compute").read(p.stem) is not None for p in (cache / "compute").glob("*.pkl"))


def test_no_exec_build_executes_nothing(tmp_path):
    project, probe_dir = probe_project(tmp_path), tmp_path / "runs"
    done = probe_build(project, tmp_path / "s", tmp_path / "cache", probe_dir, VA_NO_EXEC=1)
    assert done.returncode == 0, done.stderr[-2000:]
    assert runs(probe_dir, "probe") == 0
    assert b"not computed" in (tmp_path / "s/assets/figures/probe.line.hi.svg").read_bytes()


# ---------------------------------------------------------------- mkdocs serve
def test_serve_redraws_an_edited_snippet_and_leaves_no_stale_drawing_in_the_cache(tmp_path):
    """Serving the small project, a figure label edited in its snippet is in the figure served after the rebuild
    (the snippet is imported afresh), and a build from the same cache then gives the bytes a build from an empty
    cache gives: the served rebuild stored the new drawing under the new source's key, not the old one."""
    from project import Serve

    project, cache = probe_project(tmp_path), shared_fonts(tmp_path / "cache")
    svg = "assets/figures/probe.line.en.svg"
    served = Serve(project, cache, tmp_path / "serve.log", VA_PROBE_DIR=tmp_path)
    try:
        served.wait(svg, lambda body: b"A probe" in body)
        probe = project / "snippets" / "probe.py"
        probe.write_text(probe.read_text().replace('"en": "A probe"', '"en": "An edited probe"'))
        served.wait(svg, lambda body: b"An edited probe" in body, timeout=120)
    finally:
        served.stop()
    assert probe_build(project, tmp_path / "after", cache, tmp_path / "runs").returncode == 0
    fresh = probe_build(project, tmp_path / "fresh", tmp_path / "empty", tmp_path / "runs")
    assert fresh.returncode == 0, fresh.stderr[-2000:]
    after, clean = (tmp_path / "after" / svg).read_bytes(), (tmp_path / "fresh" / svg).read_bytes()
    assert b"An edited probe" in after and after == clean
