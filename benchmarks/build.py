"""Build benchmark, in one run on one machine (timings are noisy; compare the ratios).

Builds a throw-away copy of the project:
  cold        empty compute cache: every snippet compute runs
  warm        the same cache again: nothing should execute
  no-exec     VA_NO_EXEC=1: placeholders instead of figures and values (a floor for comparison only)
  prose-edit  an in-process rebuild after editing one page's prose, as `mkdocs serve` does
Prints the computes per build, a page-weight table (HTML + the page's own figures), and the ratios;
the last line is ``warm/noexec=<ratio>``. Targets: warm/no-exec <= 1.15, prose-edit/no-exec <= 1.2,
every compute once per bilingual build, cold <= 120 s on 2 cores, heaviest page <= 300 KB, figure <= 150 KB.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def copy(dest: Path) -> Path:
    for name in ("docs", "hooks", "data", "snippets", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    return dest


def timed_build(project: Path, site: Path, cache: Path, **env) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=project,
                          env={**ENV, "PYTHONPATH": str(project), "VA_CACHE_DIR": str(cache), **env},
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"build failed:\n{done.stderr}")
    stats_file = cache / "last-build-stats.json"
    stats = json.loads(stats_file.read_text()) if stats_file.exists() and not env.get("VA_NO_EXEC") else {}
    return elapsed, stats


PROSE_EDIT = r'''
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
'''


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
        project, cache = copy(tmp / "project"), tmp / "cache"
        cold, cold_stats = timed_build(project, tmp / "site-cold", cache)
        warm, warm_stats = timed_build(project, tmp / "site-warm", cache)
        noexec, _ = timed_build(project, tmp / "site-noexec", tmp / "cache-noexec", VA_NO_EXEC="1")
        edit = float(subprocess.run([sys.executable, "-c", PROSE_EDIT, str(tmp / "site-serve")], cwd=project, check=True,
                                    env={**ENV, "PYTHONPATH": str(project), "VA_CACHE_DIR": str(cache)},
                                    capture_output=True, text=True).stdout.strip().splitlines()[-1])
        weights = page_weights(tmp / "site-warm")
        figures = sorted(((p.name, p.stat().st_size) for p in (tmp / "site-warm" / "assets" / "figures").glob("*.svg")),
                         key=lambda f: -f[1]) or [("-", 0)]

    print(f"{'build':<12}{'seconds':>9}   computes")
    print(f"{'cold':<12}{cold:9.2f}   {cold_stats.get('computed')} computed, {cold_stats.get('from_memory')} reused in the 2nd language")
    print(f"{'warm':<12}{warm:9.2f}   {warm_stats.get('computed')} computed, {warm_stats.get('from_disk')} from the cache")
    print(f"{'no-exec':<12}{noexec:9.2f}   none (placeholders)")
    print(f"{'prose-edit':<12}{edit:9.2f}   in-process rebuild after a prose edit")
    print()
    print(f"{'page':<48}{'HTML KB':>9}{'figures KB':>12}{'total KB':>10}")
    for name, html, figs in sorted(weights, key=lambda r: -(r[1] + r[2])):
        print(f"{name:<48}{html / 1024:9.1f}{figs / 1024:12.1f}{(html + figs) / 1024:10.1f}")
    heaviest = max(h + f for _, h, f in weights) / 1024
    print(f"heaviest page: {heaviest:.1f} KB (target <= 300); largest figure: {figures[0][0]} "
          f"{figures[0][1] / 1024:.1f} KB (target <= 150)")
    print()
    print(f"cold={cold:.2f}s (target <= 120 s)")
    print(f"prose-edit/noexec={edit / noexec:.2f} (target <= 1.2)")
    print(f"warm/noexec={warm / noexec:.2f}")


if __name__ == "__main__":
    main()
