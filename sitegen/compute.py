"""Run snippet computes once, in worker processes with a timeout, behind a verified on-disk cache.

sitegen/figures.py drives it. Free of MkDocs, so tests and benchmarks use it directly.

Cache entry = one file ``<key>.pkl``: a header line ``VA1 <sha256 of payload>`` and a pickle payload.
The key hashes the snippet module's source and the sources of the snippet modules it imports (recursively),
the compute function's name, its parameters, and the Python / torch / numpy / matplotlib versions.
Writes are atomic (temp file + fsync + os.replace), so two builds sharing a cache cannot corrupt it;
a read whose hash does not match is treated as missing (and reported), never used.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import json
import multiprocessing as mp
import os
import pickle
import platform
import re
import sys
import tempfile
import time
import traceback
from multiprocessing.connection import wait
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"  # the project being built (the workers import it: processes() puts ROOT first)
HEADER = b"VA1 "


class ComputeError(Exception):
    """A compute failed or timed out; the message names the figure/value id, the snippet's file:line and the
    traceback."""


# ---------------------------------------------------------------- cache keys
def _snippet_imports(path: Path) -> set[str]:
    """Names of the snippet modules that ``path`` imports (``snippets.x``, ``from snippets import x``,
    ``from . import x``)."""
    return {m for m in _imports(path.read_text(encoding="utf-8"))[0] if (SNIPPETS / f"{m}.py").exists()}


@functools.lru_cache(maxsize=256)
def _imports(source: str) -> tuple[frozenset[str], bool]:
    """What a module's source imports: the ``snippets`` names, and whether it imports torch. Parsed once per
    distinct source: every cache key of a build walks the same few modules (keyed by the text itself, so an edited
    file is parsed again)."""
    found, torch = set(), False
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("snippets.")}
            torch = torch or any(a.name.split(".")[0] == "torch" for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if mod.startswith("snippets.") or (node.level == 1 and mod):
                found.add(mod.split(".")[-1] if node.level == 0 else mod.split(".")[0])
            elif mod == "snippets" or (node.level == 1 and not mod):
                found |= {a.name for a in node.names}
            torch = torch or (node.level == 0 and mod.split(".")[0] == "torch")
    return frozenset(found), torch


def module_closure(module: str) -> list[str]:
    """The snippet module and every snippet module it imports, transitively, sorted."""
    todo, seen = [module], set()
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo += _snippet_imports(SNIPPETS / f"{m}.py")
    return sorted(seen)


def _versions() -> dict:
    out = {"python": platform.python_version()}
    for dist in ("torch", "numpy", "matplotlib"):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = None
    return out


VERSIONS = _versions()


def sources_key(code: str) -> str:
    """A hash of the snippet modules that ``code`` imports (with their imports) and the library versions."""
    h = hashlib.sha256(json.dumps(VERSIONS, sort_keys=True).encode())
    for m in sorted({m for top in _imports(code)[0] if (SNIPPETS / f"{top}.py").exists() for m in module_closure(top)}):
        h.update(m.encode() + b"\0" + (SNIPPETS / f"{m}.py").read_bytes() + b"\0")
    return h.hexdigest()


def _closure_hash(module: str):
    """A sha256 fed with the snippet module and every snippet module it imports, transitively."""
    h = hashlib.sha256()
    for m in module_closure(module):
        h.update(m.encode() + b"\0" + (SNIPPETS / f"{m}.py").read_bytes() + b"\0")
    return h


def cache_key(module: str, fn_name: str, params: dict) -> str:
    h = _closure_hash(module)
    h.update(json.dumps([fn_name, params, VERSIONS, ""], sort_keys=True, default=repr).encode())
    return h.hexdigest()[:32]


def module_key(module: str) -> str:
    """A hash of the snippet module and what it imports: the code a figure of that module is drawn by."""
    return _closure_hash(module).hexdigest()[:16]


# ---------------------------------------------------------------- verified, atomic cache files
class Cache:
    def __init__(self, directory: Path, warn=print):
        self.dir = Path(directory)
        self.warn = warn

    def path(self, key: str, suffix: str = "pkl") -> Path:
        return self.dir / f"{key}.{suffix}"

    def read(self, key: str, suffix: str = "pkl"):
        """The stored object, or None if absent.  A corrupted entry is reported, removed and treated as absent."""
        p = self.path(key, suffix)
        try:
            blob = p.read_bytes()
        except FileNotFoundError:
            return None
        head, _, payload = blob.partition(b"\n")
        if head != HEADER + hashlib.sha256(payload).hexdigest().encode():
            self.warn(f"cache entry {p} is corrupted (checksum mismatch): recomputing it")
            p.unlink(missing_ok=True)
            return None
        try:
            return pickle.loads(payload)
        except Exception as e:  # a valid checksum over an unreadable pickle: treat as corrupted too
            self.warn(f"cache entry {p} is unreadable ({e}): recomputing it")
            p.unlink(missing_ok=True)
            return None

    def get(self, parts, make, suffix: str = "pkl"):
        """The value stored under the hash of ``parts`` (JSON-able), or ``make()``, stored there first."""
        key = hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode()).hexdigest()[:32]
        value = self.read(key, suffix)
        if value is None:
            value = make()
            self.write(key, value, suffix)
        return value

    def write(self, key: str, obj, suffix: str = "pkl") -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps(obj, protocol=4)
        fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=f".{key}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(HEADER + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path(key, suffix))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


# ---------------------------------------------------------------- worker processes
def _worker(kind: str, ref: str, part: int, cache_dir: str, key: str, err_path: str, timeout: float) -> None:
    """Child process: run one compute (the ``part``-th of the figure or value ``ref``), store its result in the
    cache.  On timeout, dump the stack and exit."""
    import faulthandler
    import random

    with open(err_path, "w") as err:
        faulthandler.dump_traceback_later(timeout, exit=True, file=err)
        try:
            import numpy as np

            random.seed(0)
            np.random.seed(0)
            from snippets import _registry as reg

            started = time.monotonic()
            item = reg.find(kind, ref)  # imports the snippet module (and torch, if it uses it)
            if "torch" in sys.modules:
                import torch

                torch.manual_seed(0)
                torch.set_num_threads(1)  # the build runs one compute per core
            data = item.computes[part].run()
            seconds = time.monotonic() - started
            if not isinstance(data, dict):
                raise TypeError(f"compute of {ref} returned {type(data).__name__}, expected a dict of plain data")
            cache = Cache(Path(cache_dir))
            cache.write(key, round(seconds, 1), "time")  # shown under the figure; written first, so data implies time
            cache.write(key, data)
        except BaseException:
            faulthandler.cancel_dump_traceback_later()
            err.write(traceback.format_exc())
            err.flush()
            os._exit(1)
        faulthandler.cancel_dump_traceback_later()
    os._exit(0)


def _snippet_location(text: str) -> str:
    """The deepest ``snippets/*.py:line`` in a traceback or a faulthandler dump."""
    hits = re.findall(r'File "([^"]*/snippets/[^"/]+\.py)", line (\d+)', text)
    if not hits:
        return "snippets/? (no snippet frame in the traceback)"
    # tracebacks list the innermost frame last; faulthandler dumps list it first
    path, line = hits[0] if "most recent call first" in text else hits[-1]
    return f"snippets/{Path(path).name}:{line}"


def uses_torch(module: str) -> bool:
    """Whether the snippet module, or a snippet module it imports, imports torch."""
    return any(_imports((SNIPPETS / f"{m}.py").read_text(encoding="utf-8"))[1] for m in module_closure(module))


_CTX = None


def processes(torch: bool = True):
    """The forkserver the workers fork from, with numpy, matplotlib and the registry imported once for all of them,
    and torch when the first computes of this process need it (importing it takes seconds; a worker that needs it
    later imports it itself)."""
    global _CTX
    if str(ROOT) not in sys.path:  # the workers import this project's sitegen/ and snippets/ (sitegen/common.py)
        sys.path.insert(0, str(ROOT))
    if _CTX is None:
        _CTX = mp.get_context("forkserver")
        _CTX.set_forkserver_preload(["numpy", *(["torch"] if torch else []), "matplotlib"])
    return _CTX


def run_all(jobs: list[dict], cache: Cache, workers: int, log=print, idle=None) -> int:
    """Run ``jobs`` (dicts: kind, ref, part, key, timeout; optionally order) at most ``workers`` at a time, the
    highest ``order`` first (the timeout a compute sets itself: one that trains a model says so by its timeout,
    and starting it first keeps the other workers busy meanwhile); return how many ran.

    While the workers run, this process is free: ``idle(done)``, if given, is called between checks on the
    workers with the keys of the jobs done so far, and may do one piece of work with them (it returns whether it
    did; if not, this waits up to 0.5 s for a job to end).

    Any failure or timeout stops everything and raises ComputeError."""
    torch = any(uses_torch(job["ref"].partition(".")[0]) for job in jobs)
    pending = sorted(jobs, key=lambda job: -job.get("order", job["timeout"]))  # stable: equal orders keep theirs
    finished: set[str] = set()
    ctx, running, done = processes(torch), {}, 0
    tmp = tempfile.TemporaryDirectory(prefix="va-compute-")
    try:
        while pending or running:
            while pending and len(running) < max(1, workers):
                job = pending.pop(0)
                err = os.path.join(tmp.name, f"{job['key']}.err")
                p = ctx.Process(
                    target=_worker,
                    args=(job["kind"], job["ref"], job.get("part", 0), str(cache.dir), job["key"], err, job["timeout"]),
                    daemon=True,
                )
                p.start()
                running[p.sentinel] = (p, job, err, time.monotonic())
                log(f"computing {job.get('what', job['ref'])} (in a worker process)")
            if not (idle and idle(finished)):
                wait(list(running), timeout=0.5)
            for sentinel in list(running):
                p, job, err, started = running[sentinel]
                elapsed = time.monotonic() - started
                if p.exitcode is None and elapsed > job["timeout"] + 5:  # faulthandler did not fire: kill it
                    p.kill()
                    p.join()
                if p.exitcode is None:
                    continue
                del running[sentinel]
                if p.exitcode == 0 and cache.read(job["key"]) is not None:
                    done += 1
                    finished.add(job["key"])
                    log(f"computed {job.get('what', job['ref'])} in {elapsed:.1f} s")
                    continue
                text = Path(err).read_text() if os.path.exists(err) else ""
                timed_out = "Timeout" in text or elapsed >= job["timeout"]
                what = f"timed out after {job['timeout']:g} s" if timed_out else f"failed (exit code {p.exitcode})"
                raise ComputeError(f"{job['ref']}: compute {what} at {_snippet_location(text)}\n{text.strip()}")
    finally:
        for p, *_ in running.values():
            p.kill()
            p.join()
        tmp.cleanup()
    return done
