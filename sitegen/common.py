"""What every piece of site glue shares: paths, languages, build settings, the build error, small helpers.

Not a hook. Plain Python apart from the error class, which is MkDocs' own so that a failed build prints one
clear line (file:line and the fix) and exits non-zero.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent  # the checkout being built
LANGS = ("hi", "en")  # the first is the default language: built first, served at /


def use_project_snippets(fresh: bool = False) -> None:
    """Import ``snippets`` from the project being built, never from another checkout: ROOT goes first on
    sys.path (MkDocs restores sys.path after loading hooks, so this runs when snippets are needed, and the
    compute workers inherit it), and a ``snippets`` imported from elsewhere is forgotten; ``fresh``: forgotten
    whatever its origin, so that the next import reads the code on disk now (a new build of `mkdocs serve`)."""
    global _CHECKED
    if not sys.path or sys.path[0] != str(ROOT):
        sys.path.insert(0, str(ROOT))
    loaded = sys.modules.get("snippets")
    if loaded is not None and not fresh and loaded is _CHECKED:  # a build asks thousands of times: check once
        return
    if loaded is not None and (fresh or Path(loaded.__file__).resolve().parent != ROOT / "snippets"):
        for name in [m for m in sys.modules if m == "snippets" or m.startswith("snippets.")]:
            del sys.modules[name]
    else:
        _CHECKED = loaded


_CHECKED = None  # the ``snippets`` module use_project_snippets last found to be this project's


def code_digest() -> str:
    """A hash of the site machinery's code on disk: hooks/ and sitegen/ (with its templates)."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(
        [*(ROOT / "hooks").glob("*.py"), *(ROOT / "sitegen").rglob("*.py"), *(ROOT / "sitegen").rglob("*.md")]
    ):
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


LOADED = code_digest()  # the machinery's code as this process imported it (part of cache keys made from it)


class PerObject:
    """``make(obj)``, worked out once for as long as it is asked about the same object (held, so that its id cannot
    be reused): for what a build derives from an object it never changes, e.g. a digest of its glossary."""

    def __init__(self, make):
        self.make, self.held = make, None

    def __call__(self, obj):
        if self.held is None or self.held[0] is not obj:
            self.held = (obj, self.make(obj))
        return self.held[1]


# Environment variables that set how many threads numerical libraries start in each process.
THREAD_LIMITS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def one_thread_per_process() -> None:
    """The build runs its computes and labs one process per core, so each process keeps to one thread (unless the
    environment says otherwise): by default OpenBLAS and OpenMP start a thread per core in every process, and on a
    busy machine those threads spin waiting for work, taking CPU the other processes need. The output is the same
    (the site built both ways is byte-identical but for the compute times it shows). Children inherit it: call it
    before the compute workers' forkserver and the lab kernels start."""
    for name in THREAD_LIMITS:
        os.environ.setdefault(name, "1")


class BuildError(PluginError):
    """A clear, non-zero-exit build error: MkDocs prints the message without a traceback."""


@dataclass(frozen=True)
class Settings:
    """Build settings from the environment, read once when a build starts (README: "Writing pages")."""

    cache_dir: Path  # VA_CACHE_DIR: compute, SVG and lab caches (default .cache)
    timeout: float  # VA_SNIPPET_TIMEOUT: seconds per compute / lab cell (default 120)
    workers: int  # VA_WORKERS: computes run in parallel (default: cores)
    no_exec: bool  # VA_NO_EXEC=1: benchmark only, execute nothing

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            cache_dir=ROOT / env.get("VA_CACHE_DIR", ".cache"),
            timeout=float(env.get("VA_SNIPPET_TIMEOUT", "120")),
            workers=int(env.get("VA_WORKERS", str(os.cpu_count() or 2))),
            no_exec=env.get("VA_NO_EXEC") == "1",
        )


def published(v: float) -> float:
    """A float as the site publishes it in a figure's or clip's data file: 6 significant digits. A clip is drawn
    from these values too, so the published data redraws it pixel for pixel.

    >>> published(0.123456789), published(published(-1.0000004)) == published(-1.0000004)
    (0.123457, True)
    """
    return float(f"{float(v):.6g}")


def page_lang(page) -> str:
    """The language of a page (mkdocs-static-i18n sets ``file.locale``)."""
    return getattr(page.file, "locale", None) or LANGS[0]


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def location(src_uri: str, line: int | str) -> str:
    """How every message names a place in a page: ``docs/topics/x.en.md:12``."""
    return f"docs/{src_uri}:{line}"


def md_link(target_src_uri: str, here_src_uri: str, anchor: str = "") -> str:
    """A Markdown link from one page's source to another's, language suffix dropped (mkdocs-static-i18n
    resolves ``page.md`` to the page in the language being built)."""

    def norm(uri):
        return re.sub(rf"\.(?:{'|'.join(LANGS)})\.md$", ".md", uri)

    target, here = norm(target_src_uri), norm(here_src_uri)
    if target == here:
        return f"#{anchor}" if anchor else ""
    path = posixpath.relpath(target, posixpath.dirname(here) or ".")
    return f"{path}#{anchor}" if anchor else path
