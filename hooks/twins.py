"""Both languages, always: every page has its twin (page.hi.md ↔ page.en.md, lab.hi.ipynb ↔ lab.en.ipynb).

mkdocs-static-i18n would quietly build a language with a page missing; we make that a build error.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

from mkdocs.plugins import event_priority

from sitegen.common import LANGS, BuildError


def missing_twins(src_uris) -> list[str]:
    """Pages (``name.<lang>.md`` or ``.ipynb``) whose other-language twin is missing, as messages."""
    present = set(src_uris)
    problems = []
    for uri in sorted(present):
        stem, _, ext = uri.rpartition(".")
        base, _, lang = stem.rpartition(".")
        if ext not in ("md", "ipynb"):
            continue
        if lang not in LANGS:
            problems.append(f"docs/{uri}: a page must end in .hi.{ext} or .en.{ext}")
            continue
        for other in LANGS:
            if f"{base}.{other}.{ext}" not in present:
                problems.append(f"docs/{base}.{other}.{ext} is missing (the {other} twin of docs/{uri})")
    return problems


@event_priority(50)  # before mkdocs-static-i18n filters the files down to one language
def on_files(files, config):
    problems = missing_twins(f.src_uri for f in files if f.src_uri.endswith((".md", ".ipynb")) and not f.generated_by)
    if problems:
        raise BuildError("pages without their other-language twin:\n  " + "\n  ".join(problems))
    return files
