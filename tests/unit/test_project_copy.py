"""The copy of the project the benchmarks build (scripts/project.py: copy_project)."""

import os
import subprocess
import sys

from project import copy_project

READ = "from sitegen import labs; print(labs.__file__); print(labs.package()['name'])"


def test_a_copy_of_the_project_builds_from_its_own_files(tmp_path):
    """The copy has what a checkout has, including what the build reads outside the site's folders (the evidence
    package's pins in packaging/: a hand-kept list once left them out and `make bench` failed), and nothing a
    checkout does not have (the venv, caches, built sites)."""
    copy = copy_project(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    ran = subprocess.run([sys.executable, "-c", READ], cwd=copy, env=env, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr[-2000:]
    where, name = ran.stdout.split()
    assert where.startswith(str(copy)) and name == "video-analysis-snippets", ran.stdout
    assert (copy / "mkdocs.yml").is_file() and (copy / "docs" / "index.en.md").is_file()
    assert not any((copy / name).exists() for name in (".venv", ".cache", "site", "test-results", "node_modules"))
