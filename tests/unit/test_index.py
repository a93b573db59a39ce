"""The figure and value pipeline's parts, called directly (no build): the page scanner and index (messages name page
and line), value formatting, cache keys, the verified cache, figure size and export checks, and dead registry
entries."""

import sys
from pathlib import Path

import pytest

from sitegen import figures as _figures
from sitegen import state as _state
from sitegen.common import BuildError, Settings
from sitegen.compute import Cache, cache_key, module_closure, uses_torch
from sitegen.refs import PageError, scan, values_in
from sitegen.text import format_value

from conftest import ROOT

PROBES = ROOT / "tests" / "probes"
FONTS = ROOT / "test-results" / "cache" / "fonts"  # font subsets, shared by the tests' caches (made once)


def shared_fonts(cache: Path) -> Path:
    """``cache`` (a test's own cache folder), its font subsets kept in the tests' shared font cache."""
    FONTS.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / "fonts").exists():
        (cache / "fonts").symlink_to(FONTS, target_is_directory=True)
    return cache


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
    with pytest.raises(PageError, match=r"line 3: figure 'm.fig' has no alt text") as e:
        scan("# T\n\n![](figure:m.fig)\n")
    assert e.value.line == 3
    assert [r.line for r in scan("![a](figure:m.fig)", first_line=5)] == [5]  # a page body after its front matter


class FakeRegistry:
    known = {"FIGURES": {"m.fig"}, "VALUES": {"m.v"}}

    def __call__(self, kind, ref):
        if ref not in self.known[kind]:
            raise LookupError(f"unknown {kind[:-1].lower()} id {ref!r} (known: {', '.join(sorted(self.known[kind]))})")
        return object()


@pytest.fixture
def indexing(monkeypatch):
    """Index pages against a fake registry and the real data files (no MkDocs, no snippets)."""
    from sitegen.data import SiteData

    session = _state.Session(Settings.from_env(), SiteData.load())
    monkeypatch.setattr(_state, "_session", session)
    all_claims = {cid: "x.en.md" for cid in session.data.claims.by_id}

    def run(page: str, claims_elsewhere=True):
        build = _state.LangBuild("en")
        pages = {"probe.en.md": page}
        if claims_elsewhere:  # the real claims and the figures they cite sit on another page
            pages["claims.en.md"] = "\n".join(f"<!-- md:claim {c} -->" for c in all_claims)
            cited = {ev for c in session.data.claims.claims for ev in c.evidence}
            pages["figures.en.md"] = "\n".join(f"![a figure](figure:{ev})" for ev in sorted(cited))
            FakeRegistry.known = {"FIGURES": {"m.fig"} | cited, "VALUES": {"m.v"} | set(_data_values(session))}
        _state.index(build, pages, session.data.claims, FakeRegistry())
        return build

    return run


def _data_values(session):
    from sitegen.data import value_refs

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
    assert format_value(4.0368e-05, ".3g", "en") == "4.04 × 10⁻⁵"
    assert format_value(1569, ",d", "hi") == "1,569"
    assert format_value(123456789, ",d", "hi") == "12,34,56,789"
    assert format_value(-1234567.5, ",.1f", "hi") == "-12,34,567.5"
    assert format_value(7.6154, ".1f", "hi") == "7.6"
    assert format_value(1234567.25, ",.2f", "en") == "1,234,567.25"


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
    from sitegen import compute as _compute

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
    from sitegen import compute as _compute

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


def test_too_heavy_figure_fails_with_its_id_size_and_file(tmp_path, monkeypatch):
    """A figure over the size limit is never written: the message names it, its size and the snippet to simplify.
    (A unit test over _figures.svg; test_failing_compute_fails_the_build_and_serves_nothing shows that a
    BuildError leaves no site behind.)"""
    import importlib.util

    from sitegen.data import SiteData

    spec = importlib.util.spec_from_file_location("snippets.probe_bad", PROBES / "probe_bad.py")
    probe_bad = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe_bad)
    monkeypatch.setitem(sys.modules, "snippets.probe_bad", probe_bad)  # for its labels, as if in snippets/
    heavy = probe_bad.FIGURES["heavy"]
    settings = Settings(cache_dir=shared_fonts(tmp_path / "cache"), timeout=60, workers=1, no_exec=False)
    session = _state.Session(settings, SiteData.load())
    monkeypatch.setattr(_figures, "find", lambda kind, ref: heavy)
    monkeypatch.setattr(_figures, "key_of", lambda session, compute: "heavy")
    monkeypatch.setattr(_figures, "module_key_of", lambda session, module: "probe")  # not in snippets/ on disk
    session.results["heavy"] = heavy.compute.run()
    with pytest.raises(
        BuildError, match=r"figure 'probe_bad.heavy' \(hi\) is \d+ KB; the limit is 150 KB: .*probe_bad\.py"
    ):
        _figures.svg(session, "probe_bad.heavy", "hi")
    assert not list(tmp_path.glob("cache/compute/*.svg")), "the heavy SVG was cached"


def test_every_registered_figure_and_value_is_used_by_a_page_or_a_claim():
    """A figure or value no page shows is dead code: delete it, or show it."""
    from sitegen.data import SiteData, value_refs
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
    from sitegen.data import SiteData
    from snippets._registry import Compute, Figure
    from snippets.diffusion_process import schedule_curves

    session = _state.Session(Settings.from_env(), SiteData.load())
    empty = Figure(Compute(schedule_curves, {"T": 10}), lambda data, tr: None)
    monkeypatch.setattr(_figures, "find", lambda kind, ref: empty)
    session.results[_figures.key_of(session, empty.compute)] = {}
    with pytest.raises(BuildError, match=r"docs/x.en.md:7: figure 'm.empty' has no data to export"):
        _figures.export(session, "m.empty", "docs/x.en.md:7")
