"""Copies of the project and builds of them, for the tests and the benchmarks: a build in a subprocess with a
given cache and date, a copy of the site's sources, a small project with the site's machinery and one page pair,
and `mkdocs serve` of a project in a process of its own."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
EPOCH = "1795000000"  # test and benchmark builds are dated, reproducibly, by SOURCE_DATE_EPOCH


def build_env(cache: Path, **env) -> dict:
    """A build's environment: its own cache, a fixed date, no PYTHONPATH (a project builds with its own code)."""
    full = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "VA_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": EPOCH}
    full.update({k: str(v) for k, v in env.items()})
    full.pop("PYTHONPATH", None)
    return full


def build(project: Path, site: Path, cache: Path, **env) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site``; returns the finished process (check returncode)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project,
        env=build_env(cache, **env),
        capture_output=True,
        text=True,
        timeout=900,
    )


def project_files() -> list[str]:
    """The files a checkout of the project has, as paths under it: what git tracks and new files it does not
    ignore (a hand-kept list of folders fell behind once: the bench's copy lacked packaging/)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    return sorted(p for p in listed.stdout.decode().split("\0") if p and (ROOT / p).is_file())


def copy_project(dest: Path) -> Path:
    """A copy of the project as a checkout has it, with this working tree's edits."""
    for name in project_files():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    return dest


def _evidence_modules(directory, names):
    return [n for n in names if n == "__pycache__" or (n.endswith(".py") and not n.startswith("_"))]


def mini_project(dest: Path) -> Path:
    """A small project: the site's hooks, sitegen/, snippet machinery (snippets/_*.py), overrides and config, but
    one page pair and one claim (tests/fixtures/mini) and none of the site's evidence modules (which import torch):
    it builds in seconds. Tests add their probe snippets."""
    shutil.copytree(ROOT / "snippets", dest / "snippets", ignore=_evidence_modules)
    for name in ("hooks", "sitegen", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(MINI, dest, dirs_exist_ok=True)
    shutil.copy2(ROOT / "data" / "ui.yml", dest / "data" / "ui.yml")
    shutil.copy2(ROOT / "CITATION.cff", dest / "CITATION.cff")
    (dest / "docs" / "assets" / "css").mkdir(parents=True)
    shutil.copy2(ROOT / "docs" / "assets" / "css" / "site.css", dest / "docs" / "assets" / "css")  # verdict colours
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(config.split("\nnav:", 1)[0] + "\nnav:\n  - index.md\n", encoding="utf-8")
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    """`mkdocs serve` of ``project`` on a free port, in a process of its own; ``stop()`` ends it."""

    def __init__(self, project: Path, cache: Path, log: Path, **env):
        self.url = f"http://127.0.0.1:{free_port()}/"
        self.log = open(log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", self.url[7:-1]],
            cwd=project,
            env=build_env(cache, **env),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def get(self, path: str = "") -> bytes:
        """The file at ``path`` as the server sends it now (it waits for a rebuild under way to finish)."""
        with urllib.request.urlopen(self.url + path, timeout=300) as answer:
            return answer.read()

    def wait(self, path: str, ready, timeout: float = 300) -> float:
        """Seconds until ``ready(bytes at path)`` is true, asking every 20 ms; TimeoutError after ``timeout``."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mkdocs serve exited with {self.proc.returncode}")
            try:
                if ready(self.get(path)):
                    return time.perf_counter() - started
            except OSError:
                pass  # not listening yet
            time.sleep(0.02)
        raise TimeoutError(f"{self.url}{path}: not ready after {timeout} s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
