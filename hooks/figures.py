"""Figures and numbers from snippets/, computed once per build, drawn per language.

Page syntax (outside code blocks):
  ![alt text](figure:module.name "optional caption")   a figure; alt text in the page's language is required
  {{module.name}}                                       a computed value, formatted for the page's language
  [](figure-ref:module.name)                            a link to the figure where a page shows it

Each build: scan this language's pages for references (unknown id or missing alt → error with page:line),
run the missing computes in worker processes (hooks/_compute.py: timeout, verified cache), draw each
figure in this language (SVG cached too), add the SVGs to the site as assets/figures/<id>.<lang>.svg.
The second language's build finds everything in memory: each compute runs at most once per build.

Environment: VA_CACHE_DIR (default .cache), VA_SNIPPET_TIMEOUT (default 120 s), VA_WORKERS (default: cores),
VA_NO_EXEC=1 (benchmark only: placeholder figures and values, nothing executed).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import time

from _common import CACHE_DIR, DATA, NO_EXEC, ROOT, TIMEOUT, WORKERS, BuildError, esc, finditer_outside_code, md_link, page_lang, sub_outside_code, ui, where
from _compute import Cache, ComputeError, cache_key, run_all
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.figures")

FIGURE = re.compile(r'!\[(?P<alt>[^\]]*)\]\(figure:(?P<id>[^\s)"]+)(?:\s+"(?P<caption>[^"]*)")?\)')
VALUE = re.compile(r"\{\{\s*(?P<id>[^{}\s]+)\s*\}\}")
FIGREF = re.compile(r"\[(?P<text>[^\]]*)\]\(figure-ref:(?P<id>[^\s)]+)\)")
MAX_SVG = 150 * 1024


_data: dict[str, dict] = {}       # compute key -> result (this process)
_svg: dict[tuple, bytes] = {}     # (figure id, lang) -> SVG bytes
_shown: dict[str, tuple] = {}     # figure id -> (src_uri of the first page showing it, alt text), this language
STATS = {"computed": 0, "from_disk": 0, "from_memory": 0, "svg_drawn": 0}


def _reg():
    from snippets import _registry

    return _registry


def _cache() -> Cache:
    return Cache(CACHE_DIR / "compute", warn=log.warning)


_keys: dict = {}  # per build: a snippet edited while the site builds must not change keys half-way


def _key(compute) -> str:
    ident = (compute.fn.__module__, compute.fn.__qualname__, repr(sorted(compute.params.items())))
    if ident not in _keys:
        _keys[ident] = cache_key(compute.fn.__module__.rpartition(".")[2], compute.fn.__qualname__, dict(compute.params))
    return _keys[ident]


def _lookup(kind: str, ref: str, loc: str):
    try:
        return _reg().find(kind, ref)
    except LookupError as e:
        raise BuildError(f"{loc}: {e}") from None


# ---------------------------------------------------------------- scanning and computing
def _scan(files) -> tuple[dict, dict]:
    """Every figure and value referenced by this language's pages: {ref: first location}."""
    figures, values = {}, {}
    _shown.clear()
    for f in files.documentation_pages():
        if not f.src_uri.endswith(".md"):
            continue
        md = f.content_string

        def loc(m):
            return f"docs/{f.src_uri}:{md.count(chr(10), 0, m.start()) + 1}"

        for m in finditer_outside_code(FIGURE, md):
            if not m.group("alt").strip():
                raise BuildError(f"{loc(m)}: figure {m.group('id')!r} has no alt text: write ![what the figure shows](figure:{m.group('id')})")
            figures.setdefault(m.group("id"), loc(m))
            _shown.setdefault(m.group("id"), (f.src_uri, m.group("alt").strip()))
        for m in finditer_outside_code(VALUE, md):
            values.setdefault(m.group("id"), loc(m))
    claims = (DATA / "claims.yml").read_text(encoding="utf-8")  # claim texts may cite values too
    for m in VALUE.finditer(claims):
        values.setdefault(m.group("id"), f"data/claims.yml:{claims.count(chr(10), 0, m.start()) + 1}")
    return figures, values


def _ensure_computed(computes: dict) -> None:
    """computes: {key: (kind, ref, Compute)}; fills _data from memory, disk cache, or worker processes."""
    cache, jobs = _cache(), []
    for key, (kind, ref, compute) in sorted(computes.items()):
        if key in _data:
            STATS["from_memory"] += 1
            continue
        stored = cache.read(key)
        if stored is not None:
            _data[key] = stored
            STATS["from_disk"] += 1
        else:
            jobs.append({"kind": kind, "ref": ref, "key": key, "timeout": compute.timeout or TIMEOUT})
    if not jobs:
        return
    started = time.monotonic()
    try:
        STATS["computed"] += run_all(jobs, cache, WORKERS, log=log.info)
    except ComputeError as e:
        raise BuildError(f"snippet compute failed: {e}") from None
    for job in jobs:
        _data[job["key"]] = cache.read(job["key"])
    log.info(f"figures: computed {len(jobs)} snippet result(s) in {time.monotonic() - started:.1f} s")


PLACEHOLDER = ('<svg xmlns="http://www.w3.org/2000/svg" width="480" height="80" viewBox="0 0 480 80">'
               '<rect width="480" height="80" fill="#eee"/><text x="240" y="45" text-anchor="middle" '
               'font-family="sans-serif" font-size="14">{id} (VA_NO_EXEC: not computed)</text></svg>')


def _draw(ref: str, figure, lang: str) -> bytes:
    """SVG of one figure in one language, cached on disk next to its data (same key + language)."""
    if NO_EXEC:
        return PLACEHOLDER.format(id=esc(ref)).encode()
    if (ref, lang) in _svg:
        return _svg[(ref, lang)]
    from snippets import _figure

    figure_src = hashlib.sha256((ROOT / "snippets" / "_figure.py").read_bytes()).hexdigest()[:16]
    key = f"{_key(figure.compute)}-{ref}-{lang}-{figure_src}"
    cache = _cache()
    svg = cache.read(key, "svg")
    if svg is None:
        module = ref.partition(".")[0]
        try:
            svg = _figure.to_svg(figure.draw(_data[_key(figure.compute)], _reg().translator(module, lang)))
        except Exception as e:
            raise BuildError(f"figure {ref!r} ({lang}): drawing failed in snippets/{module}.py: {type(e).__name__}: {e}") from e
        if len(svg) > MAX_SVG:
            raise BuildError(f"figure {ref!r} ({lang}) is {len(svg) / 1024:.0f} KB; the limit is {MAX_SVG // 1024} KB: "
                             f"simplify it in snippets/{module}.py (fewer points, smaller images)")
        cache.write(key, svg, "svg")
        STATS["svg_drawn"] += 1
    _svg[(ref, lang)] = svg
    return svg


def on_pre_build(config):
    """A new bilingual build starts (first language): snippet sources may have changed since the last one."""
    i18n = config.plugins["i18n"]
    if i18n.current_language in (None, i18n.default_language):
        _keys.clear()
        _svg.clear()


@event_priority(-110)  # after mkdocs-static-i18n (-100) has chosen this language's files
def on_files(files, config):
    problems = _reg().check_labels()
    if problems:
        raise BuildError("figure labels missing a translation:\n  " + "\n  ".join(problems))
    figures, values = _scan(files)
    computes = {}
    for kind, refs in (("FIGURES", figures), ("VALUES", values)):
        for ref, loc in refs.items():
            item = _lookup(kind, ref, loc)
            computes[_key(item.compute)] = (kind, ref, item.compute)
    if not NO_EXEC:
        _ensure_computed(computes)
        for kind, ref, compute in computes.values():
            if kind == "VALUES":
                item = _reg().find(kind, ref)
                if item.key not in _data[_key(compute)]:
                    raise BuildError(f"{values[ref]}: value {ref!r}: its compute returned no key {item.key!r}")
    lang = config.plugins["i18n"].current_language
    for ref in figures:
        src_uri = f"assets/figures/{ref}.{lang}.svg"
        files.append(File.generated(config, src_uri, content=_draw(ref, _reg().find("FIGURES", ref), lang)))
    _write_stats()
    return files


def _write_stats():
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    (CACHE_DIR / "last-build-stats.json").write_text(json.dumps(STATS))


def on_startup(command, dirty):
    for k in STATS:
        STATS[k] = 0


# ---------------------------------------------------------------- rendering into pages
def format_value(x, fmt: str, lang: str) -> str:
    """Format a number for prose: ``4.04e-05`` → ``4.04 × 10⁻⁵``; Hindi pages group thousands the Indian way."""
    s = format(x, fmt)
    m = re.fullmatch(r"(-?[\d.]+)e([+-])0*(\d+)", s)
    if m:
        sup = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
        exp = ("-" if m.group(2) == "-" else "") + m.group(3)
        return f"{m.group(1)} × 10{exp.translate(sup)}"
    if lang == "hi" and "," in s:  # 12,34,567 (lakh grouping)
        whole, dot, frac = s.partition(".")
        sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
        digits = digits.replace(",", "")
        if len(digits) > 3:
            head, tail = digits[:-3], digits[-3:]
            head = ",".join(re.findall(r"\d{1,2}", head[::-1]))[::-1]
            digits = f"{head},{tail}"
        s = sign + digits + dot + frac
    return s


def value_text(ref: str, lang: str) -> str:
    item = _reg().find("VALUES", ref)
    if NO_EXEC:
        return "…"
    return format_value(_data[_key(item.compute)][item.key], item.fmt, lang)


def _svg_size(svg: bytes) -> tuple[int, int]:
    m = re.search(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', svg)
    return (round(float(m.group(1)) * 4 / 3), round(float(m.group(2)) * 4 / 3)) if m else (480, 80)


def on_page_markdown(markdown, page, config, files):
    lang = page_lang(page)
    here = page.file.src_uri
    counter = iter(range(1, 1000))

    def plain_values(text):  # alt text and captions may quote computed values too, as plain text
        return VALUE.sub(lambda v: value_text(v.group("id"), lang), text)

    def figure(m, offset):
        ref, alt = m.group("id"), plain_values(m.group("alt").strip())
        caption = plain_values((m.group("caption") or m.group("alt")).strip())
        src = files.get_file_from_path(f"assets/figures/{ref}.{lang}.svg").url
        w, h = _svg_size(_draw(ref, _reg().find("FIGURES", ref), lang))
        module = ref.partition(".")[0]
        return (f'<figure class="va-figure" id="fig-{ref.replace(".", "-")}">\n'
                f'<img src="{get_relative_url(src, page.url)}" alt="{esc(alt)}" width="{w}" height="{h}" loading="lazy">\n'
                f'<figcaption><strong>{esc(ui("figure", lang))} {next(counter)}.</strong> {esc(caption)} '
                f'<small>({esc(ui("computed_by", lang))} <code>snippets/{module}.py</code>)</small></figcaption>\n'
                f"</figure>")

    def value(m, offset):
        ref = m.group("id")
        try:
            text = value_text(ref, lang)
        except LookupError as e:
            raise BuildError(f"{where(page, markdown, offset + m.start())}: {e}") from None
        return f'<span class="va-value" data-value="{esc(ref)}">{esc(text)}</span>'

    def figref(m, offset):
        ref = m.group("id")
        if ref not in _shown:
            raise BuildError(f"{where(page, markdown, offset + m.start())}: figure-ref to {ref!r}, which no page shows")
        src, alt = _shown[ref]
        label = m.group("text").strip() or alt
        return f"[{esc(label)}]({md_link(src, here, 'fig-' + ref.replace('.', '-'))})"

    markdown = sub_outside_code(FIGURE, figure, markdown)
    markdown = sub_outside_code(FIGREF, figref, markdown)
    return sub_outside_code(VALUE, value, markdown)
