"""The build-time figure and value pipeline (hooks/session.py, _state.py, _scan.py, _figures.py, _compute.py).

Error messages are unit tests over the scanner and the index; only what needs MkDocs builds a site, and then a
small project (tests/fixtures/mini: the real hooks, snippets and config, one page pair, one claim) with probe
snippets (tests/probes) that record each execution in $VA_PROBE_DIR.
"""

import difflib
import filecmp
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import _figures
import _state
import pytest
from _compute import Cache, cache_key, module_closure, uses_torch
from _render import MARKERS
from _scan import PageError, scan, values_in
from _site import BuildError, Settings
from conftest import ROOT, build, mini_project, shared_fonts

PROBES = Path(__file__).parent / "probes"


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
    return build(project, site, VA_CACHE_DIR=shared_fonts(cache), VA_PROBE_DIR=probe_dir, **env)


def stats(log: str, lang: str = "en") -> tuple[int, int, int]:
    m = re.search(rf"session \({lang}\): computed (\d+), read from cache (\d+), drew (\d+) SVG", log)
    return tuple(int(g) for g in m.groups())


# ---------------------------------------------------------------- scanning and indexing: messages name page and line
def test_scan_finds_every_kind_of_reference_outside_code():
    md = (
        '# T\n\n![alt {{m.v}}](figure:m.fig "cap")\n\n{{ m.v }} and [see](figure-ref:m.fig)\n\n'
        "```python\n{{m.hidden}}\n```\n\n    ```\n    {{m.hidden2}}\n    ```\n\n<!-- md:claim some-id -->\n"
    )
    refs = scan(md)
    assert [(r.kind, r.id, r.line) for r in refs] == [
        ("figure", "m.fig", 3),
        ("value", "m.v", 5),
        ("figref", "m.fig", 5),
        ("marker", "claim", 15),
    ]
    assert (refs[0].alt, refs[0].caption, refs[3].caption) == ("alt {{m.v}}", "cap", "some-id")


def test_scan_rejects_a_figure_without_alt_text():
    with pytest.raises(PageError, match=r"line 3: figure 'm.fig' has no alt text"):
        scan("# T\n\n![](figure:m.fig)\n")


class FakeRegistry:
    known = {"FIGURES": {"m.fig"}, "VALUES": {"m.v"}}

    def __call__(self, kind, ref):
        if ref not in self.known[kind]:
            raise LookupError(f"unknown {kind[:-1].lower()} id {ref!r} (known: {', '.join(sorted(self.known[kind]))})")
        return object()


@pytest.fixture
def indexing(monkeypatch):
    """Index pages against a fake registry and the real data files (no MkDocs, no snippets)."""
    from _data import SiteData

    session = _state.Session(Settings.from_env(), SiteData.load())
    monkeypatch.setattr(_state, "_session", session)
    all_claims = {cid: "x.en.md" for cid in session.data.claims.by_id}

    def run(page: str, claims_elsewhere=True):
        build = _state.LangBuild("en")
        pages = {"probe.en.md": page}
        if claims_elsewhere:  # the real claims and the figures they cite sit on another page
            pages["claims.en.md"] = "\n".join(f"<!-- md:claim {c} -->" for c in all_claims)
            cited = {ev for c in session.data.claims.claims for ev in c.get("evidence") or []}
            pages["figures.en.md"] = "\n".join(f"![a figure](figure:{ev})" for ev in sorted(cited))
            FakeRegistry.known = {"FIGURES": {"m.fig"} | cited, "VALUES": {"m.v"} | set(_data_values(session))}
        markers = {k: arg for k, (_, arg) in MARKERS.items()}
        _state.index(build, pages, markers, list(session.data.claims.by_id), FakeRegistry())
        return build

    return run


def _data_values(session):
    from _data import value_refs

    return value_refs(session.data.claims)


@pytest.mark.parametrize(
    "bad, message",
    [
        ("![a figure](figure:m.nope)", r"docs/probe.en.md:3: unknown figure id 'm.nope' \(known: "),
        ("{{m.nope}}", r"docs/probe.en.md:3: unknown value id 'm.nope' \(known: "),
        ("![alt with {{m.nope}}](figure:m.fig)", r"docs/probe.en.md:3: unknown value id 'm.nope'"),
        ("<!-- md:nonsense -->", r"docs/probe.en.md:3: unknown or malformed marker '<!-- md:nonsense -->'"),
        ("<!-- md:claims-table extra -->", r"docs/probe.en.md:3: md:claims-table takes no argument, got 'extra'"),
        ("<!-- md:claim no-such-claim -->", r"docs/probe.en.md:3: unknown claim id 'no-such-claim'"),
        ("[see](figure-ref:m.fig)", r"docs/probe.en.md:3: figure-ref to 'm.fig', which no page shows"),
        ("![](figure:m.fig)", r"docs/probe.en.md:3: figure 'm.fig' has no alt text"),
    ],
)
def test_bad_reference_names_page_and_line(indexing, bad, message):
    with pytest.raises(BuildError, match=message):
        indexing("# Probe\n\n" + bad + "\n")


def test_claim_placed_twice_or_nowhere_is_an_error(indexing, monkeypatch):
    with pytest.raises(BuildError, match=r"docs/probe.en.md:3: claim '[a-z-]+' is already placed on docs/claims.en.md"):
        first = next(iter(_state.session().data.claims.by_id))
        indexing(f"# Probe\n\n<!-- md:claim {first} -->\n")
    with pytest.raises(BuildError, match=r"claims placed on no en page \("):
        indexing("# Probe\n", claims_elsewhere=False)


def test_index_records_where_each_figure_is_first_shown(indexing):
    build = indexing('# Probe\n\n![the alt](figure:m.fig "the caption")\n\nThen {{m.v}} and [](figure-ref:m.fig).\n')
    assert build.shown["m.fig"] == ("probe.en.md", "the caption")
    assert build.values["m.v"] == "docs/probe.en.md:5"


def test_format_value():
    assert _figures.format_value(4.0368e-05, ".3g", "en") == "4.04 × 10⁻⁵"
    assert _figures.format_value(1569, ",d", "hi") == "1,569"
    assert _figures.format_value(123456789, ",d", "hi") == "12,34,56,789"
    assert _figures.format_value(-1234567.5, ",.1f", "hi") == "-12,34,567.5"
    assert _figures.format_value(7.6154, ".1f", "hi") == "7.6"


def test_devanagari_is_shaped_by_matplotlib():
    """matplotlib >= 3.11 shapes text (libraqm): क + ् + ष becomes one conjunct glyph, not three letters."""
    from matplotlib.ft2font import FT2Font

    from snippets._figure import DEVANAGARI_FONT

    font = FT2Font(str(DEVANAGARI_FONT))
    font.set_text("क्ष")
    assert font.get_num_glyphs() == 1


def test_torch_is_loaded_for_the_computes_whose_snippets_import_it(tmp_path, monkeypatch):
    """The workers' forkserver imports torch (seconds) only when a compute's snippets import it, directly or
    through another snippet; a worker seeds it whenever it is loaded."""
    import _compute

    assert uses_torch("attention_experiment") and not uses_torch("diffusion_process")
    (tmp_path / "uses.py").write_text("from snippets import helper\n")
    (tmp_path / "helper.py").write_text("import numpy\nfrom torch import nn\n")
    (tmp_path / "plain.py").write_text("import numpy\nfrom . import other\n")
    (tmp_path / "other.py").write_text("torch = None  # a name, not an import\n")
    monkeypatch.setattr(_compute, "SNIPPETS", tmp_path)
    assert uses_torch("uses") and uses_torch("helper") and not uses_torch("plain")


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


# ---------------------------------------------------------------- cache safety (no build)
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


# ---------------------------------------------------------------- workers: failures, timeouts, parallelism (no build)
RUN_ALL = """
import json, sys
sys.path.insert(0, {hooks!r})
from pathlib import Path
from _compute import Cache, ComputeError, run_all
jobs = json.loads(sys.argv[1])
try:
    done = run_all(jobs, Cache(Path({cache!r})), workers=2, log=lambda m: None)
    print("DONE", done)
except ComputeError as e:
    print("ERROR", e)
"""


def run_jobs(tmp_path, probes, jobs, **env):
    """Run computes of a small project's probes in worker processes, as the build does."""
    project = probe_project(tmp_path, probes)
    script = RUN_ALL.format(hooks=str(project / "hooks"), cache=str(tmp_path / "cache"))
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script, __import__("json").dumps(jobs)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "VA_PROBE_DIR": str(tmp_path), **env},
    )
    return done.stdout + done.stderr, time.monotonic() - started


def test_failing_snippet_names_id_file_line_and_traceback(tmp_path):
    out, _ = run_jobs(
        tmp_path, ("probe_bad.py",), [{"kind": "VALUES", "ref": "probe_bad.boom", "key": "k1", "timeout": 30}]
    )
    line = next(i for i, l in enumerate((PROBES / "probe_bad.py").read_text().splitlines(), 1) if "values[10]" in l)
    assert f"probe_bad.boom: compute failed (exit code 1) at snippets/probe_bad.py:{line}" in out
    assert "IndexError: list index out of range" in out and "Traceback" in out


def test_hanging_snippet_times_out_with_its_location(tmp_path):
    out, took = run_jobs(
        tmp_path, ("probe_bad.py",), [{"kind": "VALUES", "ref": "probe_bad.hang", "key": "k2", "timeout": 3}]
    )
    line = next(
        i for i, l in enumerate((PROBES / "probe_bad.py").read_text().splitlines(), 1) if "time.sleep(600)" in l
    )
    assert f"probe_bad.hang: compute timed out after 3 s at snippets/probe_bad.py:{line}" in out and took < 60


def test_computes_run_in_parallel_worker_processes(tmp_path):
    """Two 3-second computes on 2 workers run at the same time: each started before the other ended (the times
    they record, not a threshold on the elapsed time, which a busy machine stretches)."""
    jobs = [{"kind": "VALUES", "ref": "probe.slow", "key": f"s{i}", "timeout": 30} for i in (1, 2)]
    out, _ = run_jobs(tmp_path, ("probe.py", "probe_helper.py"), jobs)
    assert "DONE 2" in out and runs(tmp_path, "slow") == 2
    (a0, a1), (b0, b1) = [map(float, p.read_text().split()) for p in tmp_path.glob("slow-*")]
    assert a0 < b1 and b0 < a1, f"the computes ran one after the other: {a0:.2f}-{a1:.2f} and {b0:.2f}-{b1:.2f}"


# ---------------------------------------------------------------- whole builds of the small project
def test_pipeline_end_to_end(tmp_path):
    """Figures and values in both languages; each compute once per bilingual build; claim text HTML-escaped; a warm
    build computes and draws nothing; a corrupted cache entry is recomputed with a message and the strict build
    still passes. The project is a copy with snippets this checkout does not have, built with no PYTHONPATH: its
    workers and cache keys must use its own snippets/ (hooks/_site.py)."""
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


def test_failing_compute_fails_the_build_and_serves_nothing(tmp_path):
    project = probe_project(
        tmp_path, probes=("probe.py", "probe_helper.py", "probe_bad.py"), extra="{{probe_bad.boom}}"
    )
    done = probe_build(project, tmp_path / "s", tmp_path / "cache", tmp_path / "runs")
    assert done.returncode != 0 and "probe_bad.boom: compute failed" in done.stderr
    assert not (tmp_path / "s" / "index.html").exists(), "a failed build serves nothing half-written"


def test_too_heavy_figure_fails_with_its_id_size_and_file(tmp_path, monkeypatch):
    """A figure over the size limit is never written: the message names it, its size and the snippet to simplify.
    (A unit test over _figures.svg; test_failing_compute_fails_the_build_and_serves_nothing shows that a
    BuildError leaves no site behind.)"""
    import importlib.util

    from _data import SiteData

    spec = importlib.util.spec_from_file_location("snippets.probe_bad", PROBES / "probe_bad.py")
    probe_bad = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe_bad)
    monkeypatch.setitem(sys.modules, "snippets.probe_bad", probe_bad)  # for its labels, as if in snippets/
    heavy = probe_bad.FIGURES["heavy"]
    settings = Settings(cache_dir=shared_fonts(tmp_path / "cache"), timeout=60, workers=1, no_exec=False)
    session = _state.Session(settings, SiteData.load())
    monkeypatch.setattr(_figures, "find", lambda kind, ref: heavy)
    monkeypatch.setattr(_figures, "key_of", lambda session, compute: "heavy")
    session.results["heavy"] = heavy.compute.run()
    with pytest.raises(
        BuildError, match=r"figure 'probe_bad.heavy' \(hi\) is \d+ KB; the limit is 150 KB: .*probe_bad\.py"
    ):
        _figures.svg(session, "probe_bad.heavy", "hi")
    assert not list(tmp_path.glob("cache/compute/*.svg")), "the heavy SVG was cached"


def test_two_builds_at_once_on_one_cache(tmp_path):
    project, cache = probe_project(tmp_path), shared_fonts(tmp_path / "cache")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "VA_CACHE_DIR": str(cache), "VA_PROBE_DIR": str(tmp_path / "runs")}
    env.pop("PYTHONPATH", None)
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


# ---------------------------------------------------------------- the real site's figures
def test_svgs_are_deterministic_light_and_undated(site):
    import hashlib

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
    assert one == (site / "assets/figures/diffusion_process.schedules.hi.svg").read_bytes()


def test_every_registered_figure_and_value_is_used_by_a_page_or_a_claim():
    """A figure or value no page shows is dead code: delete it, or show it."""
    from _data import SiteData, value_refs

    from snippets import _registry as reg

    used = set(value_refs(SiteData.load().claims))
    for page in (ROOT / "docs").rglob("*.md"):
        for ref in scan(page.read_text(encoding="utf-8")):
            used.add(ref.id)
            used.update(values_in(ref.alt + ref.caption))
    for module in reg.modules():
        for kind in ("FIGURES", "VALUES"):
            unused = sorted(f"{module}.{n}" for n in getattr(reg.load(module), kind, {}) if f"{module}.{n}" not in used)
            assert not unused, f"snippets/{module}.py: {kind} no page uses: {', '.join(unused)}"


def test_a_figure_without_data_to_export_fails_with_its_id_and_place(monkeypatch):
    """Every figure links its data; a compute that returned nothing cannot back a figure."""
    from _data import SiteData

    from snippets._registry import Compute, Figure
    from snippets.diffusion_process import schedule_curves

    session = _state.Session(Settings.from_env(), SiteData.load())
    empty = Figure(Compute(schedule_curves, {"T": 10}), lambda data, tr: None)
    monkeypatch.setattr(_figures, "find", lambda kind, ref: empty)
    session.results[_figures.key_of(session, empty.compute)] = {}
    with pytest.raises(BuildError, match=r"docs/x.en.md:7: figure 'm.empty' has no data to export"):
        _figures.export(session, "m.empty", "docs/x.en.md:7")


# ---------------------------------------------------------------- the real site: reproducible builds
@pytest.mark.slow
def test_a_rebuild_that_redraws_every_figure_and_reruns_every_lab_is_byte_identical(site, rebuild):
    """A second build with the same SOURCE_DATE_EPOCH, keeping only the computed data, the time each compute took
    (shown under its figure; each experiment's reproducibility from its seed is tested with the experiment), the
    font subsets and the share images (both tested across processes in test_figure_fonts.py and
    test_share_card.py), redraws every SVG and re-executes every lab: it must produce the same bytes in every file.
    Started in the background as soon as the session's build is done (tests/conftest.py)."""
    again, code, log = rebuild
    assert code == 0, log[-3000:]
    labs = sorted((ROOT / "docs" / "labs").glob("*.ipynb"))
    not_run = [p.name for p in labs if f"executing docs/labs/{p.name}" not in log]
    assert labs and not not_run and "drew 0 SVG" not in log, (
        f"the rebuild did not execute {not_run} again, or drew no figure: it must redo both\n{log[-3000:]}"
    )
    differ = []

    def walk(cmp, prefix=""):
        differ.extend(prefix + n for n in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(site, again, ignore=[]))
    # dircmp compares shallowly by stat; confirm byte equality of all files explicitly
    for f in site.rglob("*"):
        if f.is_file() and (again / f.relative_to(site)).exists():
            if f.read_bytes() != (again / f.relative_to(site)).read_bytes():
                differ.append(str(f.relative_to(site)))
    assert sorted(set(differ)) == [], _first_difference(site, again, sorted(set(differ)))


def _first_difference(site, again, names) -> str:
    """The first lines that differ in the first differing text file: what a red CI run needs to say."""
    for name in names:
        a, b = site / name, again / name
        if a.exists() and b.exists() and a.suffix in {".html", ".ipynb", ".svg", ".json", ".xml", ".css", ".js"}:
            left, right = (x.read_text(errors="replace").splitlines() for x in (a, b))
            diff = difflib.unified_diff(left, right, name, "again", n=1)
            return "\n".join(line[:300] for line in list(diff)[:40])
    return ""
