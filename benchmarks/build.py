"""Build benchmark, in one run on one machine (timings are noisy; compare the ratios).

Builds a throw-away copy of the project:
  cold        empty cache: every snippet compute and every lab runs
  warm        the same cache again: nothing executes
  no-exec     VA_NO_EXEC=1 on the same cache: nothing that executes (computes, labs) even runs; placeholders
              instead of figures and values, everything else as in a warm build (the floor of a build)
  serve edit  `mkdocs serve` of the copy: one page's prose edited, then the page asked for through the server until
              it shows the new sentence (edit -> visible, three times)
Prints the computes per build with the time of each compute (cold), a page-weight table (HTML + the page's own
figures), and the ratios. Targets: warm/no-exec <= 1.05, serve edit -> visible <= 2 s, every compute once per
bilingual build, heaviest page <= 200 KB, figure <= 150 KB. Warm and no-exec builds alternate, five of each after a
first one of each (which fills the caches a build of that kind keeps); each kind's time is its median, and
warm/no-exec the median of the five pairs' ratios. Before each build the same fixed loop is timed, and the range of
its times is printed: how steady the machine was (on one of ours it swung by 1.5x within a minute). Builds are strict
and not quiet (``-q`` would hide the warnings that strict mode turns into errors).
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from project import Serve, build_env, copy_project  # noqa: E402  (one way to copy and build the project)

# Warm and no-exec builds, alternated. The ratio is the median of the pairs' ratios: the two builds of a pair run a
# few seconds apart, so a slow minute of the machine slows both. (One machine's pairs ranged 0.94-1.21 while the
# medians of six pairs were 1.02; three pairs' medians of each kind once gave 1.18 there.)
PAIRS = 5
LOOPS: list[float] = []  # seconds of the same fixed loop, timed before each build: how steady the machine was


def fixed_loop() -> None:
    started, x = time.perf_counter(), 0
    for i in range(8_000_000):
        x += i * i
    LOOPS.append(time.perf_counter() - started)


def timed_build(project: Path, site: Path, cache: Path, **env) -> tuple[float, tuple, dict]:
    """Seconds, the session's counts (its last log line: the whole bilingual build's) and the seconds of each
    compute."""
    fixed_loop()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project,
        env=build_env(cache, **env),
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"build failed:\n{done.stderr}")
    counts = [
        tuple(int(g) for g in m.groups())
        for m in re.finditer(r"session \(\w+\): computed (\d+), read from cache (\d+), drew (\d+)", done.stderr)
    ][-1]
    times = {m.group(1): float(m.group(2)) for m in re.finditer(r"computed (.+?) in ([\d.]+) s", done.stderr)}
    return elapsed, counts, times


def serve_edit(project: Path, cache: Path, log: Path, times: int = 3) -> list[float]:
    """Seconds from saving a prose edit of docs/index.en.md to `mkdocs serve` serving the page with it."""
    page, served = project / "docs" / "index.en.md", Serve(project, cache, log)
    try:
        served.wait("en/", lambda body: True, timeout=900)
        seconds = []
        for n in range(times):
            sentence = f"One more sentence of prose, number {n}."
            page.write_text(page.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
            seconds.append(served.wait("en/", lambda body, s=sentence: s.encode() in body, timeout=300))
        return seconds
    finally:
        served.stop()


def page_weights(site: Path) -> list[tuple[str, int, int]]:
    rows = []
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        figs = {  # each image once, as tests/site/test_weight.py counts it (an explorer shows one sprite many times)
            (page.parent / src).resolve()
            for src in re.findall(r'<img src="([^"]*assets/(?:figures|clips)/[^"]+)"', html)
        }
        rows.append((str(page.parent.relative_to(site)) + "/", len(html.encode()), sum(f.stat().st_size for f in figs)))
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="va-bench-") as tmp:
        tmp = Path(tmp)
        project, cache = copy_project(tmp / "project"), tmp / "cache"
        cold, cold_counts, cold_times = timed_build(project, tmp / "site-cold", cache)
        timed_build(project, tmp / "site-warm", cache)
        timed_build(project, tmp / "site-noexec", cache, VA_NO_EXEC="1")
        warms, noexecs = [], []
        for _ in range(PAIRS):  # alternated, so a slow minute of the machine slows both kinds alike
            seconds, warm_counts, _ = timed_build(project, tmp / "site-warm", cache)
            warms.append(seconds)
            noexecs.append(timed_build(project, tmp / "site-noexec", cache, VA_NO_EXEC="1")[0])
        warm, noexec = statistics.median(warms), statistics.median(noexecs)
        ratios = [w / n for w, n in zip(warms, noexecs)]
        edits = serve_edit(project, cache, tmp / "serve.log")
        weights = page_weights(tmp / "site-warm")
        figures = sorted(
            ((p.name, p.stat().st_size) for p in (tmp / "site-warm" / "assets" / "figures").glob("*.svg")),
            key=lambda f: -f[1],
        ) or [("-", 0)]

    def counts(c):
        return "{} computed, {} from the cache, {} SVGs drawn (both languages)".format(*c)

    def listed(seconds):
        return ", ".join(f"{s:.2f}" for s in seconds)

    each = listed(edits)
    print(f"{'build':<12}{'seconds':>9}   computes")
    print(f"{'cold':<12}{cold:9.2f}   {counts(cold_counts)}")
    print(f"{'warm':<12}{warm:9.2f}   {counts(warm_counts)} (median of {listed(warms)})")
    print(f"{'no-exec':<12}{noexec:9.2f}   none (placeholders) (median of {listed(noexecs)})")
    print(f"{'serve edit':<12}{max(edits):9.2f}   prose edit -> visible through `mkdocs serve` (max of {each})")
    print()
    print(f"{'compute (cold, one worker each)':<48}{'seconds':>9}")
    for ref, seconds in sorted(cold_times.items(), key=lambda kv: -kv[1]):
        print(f"{ref:<48}{seconds:9.1f}")
    print()
    print(f"{'page':<48}{'HTML KB':>9}{'figs+clips KB':>12}{'total KB':>10}")
    for name, html, figs in sorted(weights, key=lambda r: -(r[1] + r[2])):
        print(f"{name:<48}{html / 1024:9.1f}{figs / 1024:12.1f}{(html + figs) / 1024:10.1f}")
    heaviest = max(h + f for _, h, f in weights) / 1024
    print(
        f"heaviest page: {heaviest:.1f} KB (target <= 200); largest figure: {figures[0][0]} "
        f"{figures[0][1] / 1024:.1f} KB (target <= 150)"
    )
    print()
    print(f"cold={cold:.2f}s")
    print(f"serve-edit-visible={max(edits):.2f}s (target <= 2 s; each edit: {each})")
    print(f"warm/noexec={statistics.median(ratios):.2f} (target <= 1.05; median of the pairs: {listed(ratios)})")
    print(
        f"machine: one fixed loop took {min(LOOPS):.2f}-{max(LOOPS):.2f} s before the builds "
        f"({max(LOOPS) / min(LOOPS):.2f}x): timings that differ by less than that may be the machine, not the code"
    )


if __name__ == "__main__":
    main()
