"""Build benchmark, in one run on one machine (timings are noisy; compare the ratios).

Builds a throw-away copy of the project:
  cold        empty compute cache: every snippet compute runs
  warm        the same cache again: nothing should execute
  no-exec     VA_NO_EXEC=1: placeholders instead of figures and values (a floor for comparison only)
  prose-edit  an in-process rebuild after editing one page's prose, as `mkdocs serve` does
Prints the computes per build with the time of each compute (cold), a page-weight table (HTML + the page's own
figures), and the ratios; the last line is ``warm/noexec=<ratio>``. Targets: warm/no-exec <= 1.15, prose-edit/no-exec
<= 1.2, every compute once per bilingual build, cold <= 120 s on 2 cores, heaviest page <= 200 KB, figure <= 150 KB.
Builds are strict and not quiet (``-q`` would hide the warnings that strict mode turns into errors).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"NO_MKDOCS_2_WARNING": "1"}
sys.path.insert(0, str(ROOT / "tests"))
from conftest import copy_project  # noqa: E402  (one way to copy the project, shared with the tests)


def timed_build(project: Path, site: Path, cache: Path, **env) -> tuple[float, dict, dict]:
    """Seconds, the session's counts per language (from its log line) and the seconds of each compute."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project,
        env={**ENV, "VA_CACHE_DIR": str(cache), **env},
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"build failed:\n{done.stderr}")
    counts = {
        m.group(1): tuple(int(g) for g in m.groups()[1:])
        for m in re.finditer(r"session \((\w+)\): computed (\d+), read from cache (\d+), drew (\d+)", done.stderr)
    }
    times = {m.group(1): float(m.group(2)) for m in re.finditer(r"computed (.+?) in ([\d.]+) s", done.stderr)}
    return elapsed, counts, times


PROSE_EDIT = r"""
import sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
page = Path("docs/index.en.md")
config = load_config("mkdocs.yml", site_dir=sys.argv[1])
build(config)                                   # first build: the server's start
page.write_text(page.read_text() + "\nOne more sentence of prose.\n")
config = load_config("mkdocs.yml", site_dir=sys.argv[1])
started = time.perf_counter()
build(config)                                   # the rebuild after an edit
print(time.perf_counter() - started)
"""


def page_weights(site: Path) -> list[tuple[str, int, int]]:
    rows = []
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        figs = [(page.parent / src).resolve() for src in re.findall(r'<img src="([^"]*assets/figures/[^"]+)"', html)]
        rows.append((str(page.parent.relative_to(site)) + "/", len(html.encode()), sum(f.stat().st_size for f in figs)))
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="va-bench-") as tmp:
        tmp = Path(tmp)
        project, cache = copy_project(tmp / "project"), tmp / "cache"
        cold, cold_counts, cold_times = timed_build(project, tmp / "site-cold", cache)
        warm, warm_counts, _ = timed_build(project, tmp / "site-warm", cache)
        noexec, _, _ = timed_build(project, tmp / "site-noexec", tmp / "cache-noexec", VA_NO_EXEC="1")
        edit = float(
            subprocess.run(
                [sys.executable, "-c", PROSE_EDIT, str(tmp / "site-serve")],
                cwd=project,
                check=True,
                env={**ENV, "VA_CACHE_DIR": str(cache)},
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        weights = page_weights(tmp / "site-warm")
        figures = sorted(
            ((p.name, p.stat().st_size) for p in (tmp / "site-warm" / "assets" / "figures").glob("*.svg")),
            key=lambda f: -f[1],
        ) or [("-", 0)]

    def counts(c):
        return ", ".join(f"{lang}: {n} computed, {d} from the cache, {s} SVGs drawn" for lang, (n, d, s) in c.items())

    print(f"{'build':<12}{'seconds':>9}   computes")
    print(f"{'cold':<12}{cold:9.2f}   {counts(cold_counts)}")
    print(f"{'warm':<12}{warm:9.2f}   {counts(warm_counts)}")
    print(f"{'no-exec':<12}{noexec:9.2f}   none (placeholders)")
    print(f"{'prose-edit':<12}{edit:9.2f}   in-process rebuild after a prose edit")
    print()
    print(f"{'compute (cold, one worker each)':<48}{'seconds':>9}")
    for ref, seconds in sorted(cold_times.items(), key=lambda kv: -kv[1]):
        print(f"{ref:<48}{seconds:9.1f}")
    print()
    print(f"{'page':<48}{'HTML KB':>9}{'figures KB':>12}{'total KB':>10}")
    for name, html, figs in sorted(weights, key=lambda r: -(r[1] + r[2])):
        print(f"{name:<48}{html / 1024:9.1f}{figs / 1024:12.1f}{(html + figs) / 1024:10.1f}")
    heaviest = max(h + f for _, h, f in weights) / 1024
    print(
        f"heaviest page: {heaviest:.1f} KB (target <= 200); largest figure: {figures[0][0]} "
        f"{figures[0][1] / 1024:.1f} KB (target <= 150)"
    )
    print()
    print(f"cold={cold:.2f}s (target <= 120 s)")
    print(f"prose-edit/noexec={edit / noexec:.2f} (target <= 1.2)")
    print(f"warm/noexec={warm / noexec:.2f}")


if __name__ == "__main__":
    main()
