"""Figures and values from snippets/: computed once per bilingual build, drawn once per language, formatted.

hooks/pages.py prepares them after indexing a language's pages, and the renderers (sitegen/render.py)
read them. Computes run in worker processes with a timeout behind a verified cache (_compute.py); the second
language finds every result in the session.
"""

from __future__ import annotations

import logging
import re
import time

from sitegen.common import LANGS, LOADED, BuildError, esc, published, use_project_snippets
from sitegen.compute import Cache, ComputeError, cache_key, module_key, run_all
from sitegen.text import format_value

MAX_SVG = 150 * 1024
PLACEHOLDER = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="80" viewBox="0 0 480 80">'
    '<rect width="480" height="80" fill="#eee"/><text x="240" y="45" text-anchor="middle" '
    'font-family="sans-serif" font-size="14">{id} (VA_NO_EXEC: not computed)</text></svg>'
)


def registry():
    use_project_snippets()
    from snippets import _registry

    return _registry


def find(kind: str, ref: str):
    return registry().find(kind, ref)


def key_of(session, compute) -> str:
    """The cache key of a compute, fixed for the whole build (a snippet edited mid-build changes nothing)."""
    ident = (compute.fn.__module__, compute.fn.__qualname__, repr(sorted(compute.params.items())))
    if ident not in session.keys:
        session.keys[ident] = cache_key(
            compute.fn.__module__.rpartition(".")[2], compute.fn.__qualname__, dict(compute.params)
        )
    return session.keys[ident]


def module_key_of(session, module: str) -> str:
    """The hash of a snippet module and what it imports, fixed for the whole build, as ``key_of`` is."""
    if ("module", module) not in session.keys:
        session.keys[("module", module)] = module_key(module)
    return session.keys[("module", module)]


def compute_all(session, build, log) -> None:
    """Make sure every compute behind this language's figures and values has a result in the session."""
    problems = registry().check_labels()
    if problems:
        raise BuildError("figure labels missing a translation:\n  " + "\n  ".join(problems))
    wanted = {}
    for kind, refs in (("FIGURES", build.figures), ("CLIPS", build.clips), ("VALUES", build.values)):
        for ref in refs:
            for part, compute in enumerate(find(kind, ref).computes):
                wanted.setdefault(key_of(session, compute), (kind, ref, part, compute))
    if session.settings.no_exec:
        return
    cache, jobs = Cache(session.settings.cache_dir / "compute", warn=log.info), []
    for key, (kind, ref, part, compute) in sorted(wanted.items()):
        if key in session.results:
            continue
        stored = cache.read(key)
        if stored is not None:
            session.results[key] = stored
            session.seconds[key] = cache.read(key, "time")
            session.stats["from_disk"] += 1
        else:
            timeout = compute.timeout or session.settings.timeout
            params = ", ".join(f"{k}={v!r}" for k, v in sorted(compute.params.items()))
            what = f"{compute.fn.__module__.rpartition('.')[2]}.{compute.fn.__qualname__}({params}) for {ref}"
            order = compute.timeout or 0  # a compute that sets itself a long timeout is heavy: it starts first
            jobs.append(
                {"kind": kind, "ref": ref, "part": part, "key": key, "timeout": timeout, "what": what, "order": order}
            )
    if jobs:
        started = time.monotonic()
        try:
            idle = _draw_ahead(session, cache, build.figures)
            session.stats["computed"] += run_all(jobs, cache, session.settings.workers, log=log.info, idle=idle)
        except ComputeError as e:
            raise BuildError(f"snippet compute failed: {e}") from None
        for job in jobs:
            session.written += [cache.path(job["key"]), cache.path(job["key"], "time")]
            session.results[job["key"]] = cache.read(job["key"])
            session.seconds[job["key"]] = cache.read(job["key"], "time")
        log.info(f"figures: computed {len(jobs)} snippet result(s) in {time.monotonic() - started:.1f} s")
    for ref, where in build.values.items():
        item = find("VALUES", ref)
        if item.key not in session.results[key_of(session, item.compute)]:
            raise BuildError(f"{where}: value {ref!r}: its compute returned no key {item.key!r}")


def _draw_ahead(session, cache: Cache, refs):
    """While the computes run, this process draws (``svg``, in every language) each figure of ``refs`` whose
    computes are done: one figure per call, so that it goes back to the workers in between. The drawing is then
    done by the time the pages need it, on a core that would otherwise wait for the last compute."""
    todo = [(ref, lang, [key_of(session, c) for c in find("FIGURES", ref).computes]) for ref in refs for lang in LANGS]

    def draw_one(done: set[str]) -> bool:
        for i, (ref, lang, keys) in enumerate(todo):
            if all(k in session.results or k in done for k in keys):
                for k in keys:
                    if k not in session.results:
                        session.results[k], session.seconds[k] = cache.read(k), cache.read(k, "time")
                del todo[i]
                if any(session.results[k] is None for k in keys):  # unreadable: the pages' own call reports it
                    return True
                svg(session, ref, lang)
                return True
        return False

    return draw_one


def svg(session, ref: str, lang: str) -> bytes:
    """SVG of one figure in one language, cached on disk next to its data (same key + language)."""
    if session.settings.no_exec:
        return PLACEHOLDER.format(id=esc(ref)).encode()
    if (ref, lang) in session.svgs:
        return session.svgs[(ref, lang)]
    from sitegen import svg as writer

    figure, module = find("FIGURES", ref), ref.partition(".")[0]
    # its computes' keys cover their own modules; the figure's drawing and labels are in its own
    drawn_by = [module_key_of(session, module), writer.SOURCE[:16]]
    key = "-".join([*(key_of(session, c) for c in figure.computes), ref, lang, *drawn_by])

    def draw() -> bytes:
        try:
            data = writer.to_svg(
                figure.draw(results(session, figure), registry().translator(module, lang)),
                cache=Cache(session.settings.cache_dir / "fonts", warn=logging.getLogger("mkdocs.hooks.figures").info),
            )
        except Exception as e:
            raise BuildError(
                f"figure {ref!r} ({lang}): drawing failed in snippets/{module}.py: {type(e).__name__}: {e}"
            ) from e
        if len(data) > MAX_SVG:
            raise BuildError(
                f"figure {ref!r} ({lang}) is {len(data) / 1024:.0f} KB; the limit is {MAX_SVG // 1024} KB: "
                f"simplify it in snippets/{module}.py (fewer points, smaller images)"
            )
        session.stats["svg_drawn"] += 1
        return data

    session.svgs[(ref, lang)] = kept(session, key, "svg", draw)
    return session.svgs[(ref, lang)]


def kept(session, name: str, suffix: str, make):
    """What ``make()`` returns, kept in the compute cache as ``<name>.<suffix>``, a name made of all it is made from:
    made only when the cache lacks it, and then listed among what this build wrote from snippet code (a snippet
    edited during the build removes it: ``Session.check_sources``)."""
    cache = Cache(session.settings.cache_dir / "compute")
    value = cache.read(name, suffix)
    if value is None:
        value = make()
        cache.write(name, value, suffix)
        session.written.append(cache.path(name, suffix))
    return value


def results(session, figure) -> dict:
    """What a figure draws from: its computes' results, merged."""
    return registry().merge([session.results[key_of(session, c)] for c in figure.computes])


def svg_size(data: bytes) -> tuple[int, int]:
    """Pixel size of a matplotlib SVG (its width/height are in points)."""
    m = re.search(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', data)
    return (round(float(m.group(1)) * 4 / 3), round(float(m.group(2)) * 4 / 3)) if m else (480, 80)


def value_text(session, ref: str, lang: str) -> str:
    if session.settings.no_exec:
        return "…"
    item = find("VALUES", ref)
    return format_value(session.results[key_of(session, item.compute)][item.key], item.fmt, lang)


def plain(session, text: str, lang: str) -> str:
    """``text`` with each ``{{module.value}}`` written out as plain text (alt texts, titles, citations, JSON-LD)."""
    from sitegen.data import VALUE

    return VALUE.sub(lambda m: value_text(session, m.group("id"), lang), text)


# Kept between the builds of one `mkdocs serve` process, by compute key: the key hashes the snippet modules' source,
# so it fixes the function's line (a snippet edited during a build fails that build).
_LINES: dict[str, int] = {}


def _line(session, compute) -> int:
    import inspect

    key = key_of(session, compute)
    if key not in _LINES:
        _LINES[key] = inspect.getsourcelines(compute.fn)[1]
    return _LINES[key]


def provenance(session, ref: str, kind: str = "FIGURES") -> dict:
    """How a figure (or clip: ``kind`` "CLIPS") was made: each compute's function, source line, parameters and
    time; library versions."""
    from sitegen.compute import VERSIONS

    computes = [
        {
            "module": c.fn.__module__.rpartition(".")[2],
            "function": c.fn.__qualname__,
            "line": _line(session, c),
            "params": dict(c.params),
            "seconds": session.seconds.get(key_of(session, c)),
        }
        for c in find(kind, ref).computes
    ]
    versions = {k: v for k, v in VERSIONS.items() if k in ("torch", "numpy", "matplotlib")}
    return {**computes[0], "computes": computes, "versions": versions}


def export(session, ref: str, where: str, kind: str = "FIGURES") -> bytes:
    """The data behind a figure (or clip: ``kind`` "CLIPS") as JSON (arrays as nested lists, floats to 6
    significant digits)."""
    import json

    import numpy as np

    figure = find(kind, ref)
    data = results(session, figure) if all(key_of(session, c) in session.results for c in figure.computes) else {}
    if not data:
        raise BuildError(f"{where}: {kind[:-1].lower()} {ref!r} has no data to export (its compute returned nothing)")

    def plain(v):
        if isinstance(v, np.ndarray):
            return plain(v.tolist())
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, (float, np.floating)):
            return published(v)
        if isinstance(v, np.integer):
            return int(v)
        return v

    def make() -> bytes:
        body = {"figure": ref, **provenance(session, ref, kind), "data": {k: plain(v) for k, v in sorted(data.items())}}
        body.pop("seconds")  # the data file is the same whichever build made it
        for c in body["computes"]:
            c.pop("seconds")
        if len(body["computes"]) == 1:
            body.pop("computes")
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()

    # named by what it is made of: the computes (data, function, line) and this code (its format)
    return kept(session, "-".join([*(key_of(session, c) for c in figure.computes), ref, LOADED[:16]]), "json", make)
