"""Shared fixtures: the built site, throw-away copies of the project, and the hooks on sys.path."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
collect_ignore = ["probes", "fixtures"]  # probe snippets are copied into throw-away projects, not imported here
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(Path(__file__).parent))
MKDOCS = [sys.executable, "-m", "mkdocs"]
CACHE = ROOT / ".cache"  # the real compute cache: test builds of the real project share it


def build(project: Path, site: Path, **env) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site``; returns the finished process (check returncode)."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "VA_CACHE_DIR": str(CACHE), **{k: str(v) for k, v in env.items()}}
    if project != ROOT:
        full_env["PYTHONPATH"] = str(project)  # the copy's snippets/ shadows the installed package
    return subprocess.run([*MKDOCS, "build", "--strict", "-d", str(site)], cwd=project, env=full_env,
                          capture_output=True, text=True, timeout=900)


def copy_project(dest: Path) -> Path:
    """A copy of the site's sources (docs, hooks, data, snippets, mkdocs.yml) to break on purpose."""
    for name in ("docs", "hooks", "data", "snippets", "mkdocs.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("site")
    done = build(ROOT, out)
    assert done.returncode == 0, f"strict build failed:\n{done.stdout}\n{done.stderr}"
    return out


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")
