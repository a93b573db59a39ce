"""Clips that play on a page: drawn once per build from computed data, as one small PNG per clip figure (a sprite).

A clip figure is rows ("tracks") of clips played in sync. All its clips sit in one grayscale PNG, each clip as a
block of its frames: a line of pixels per frame stacked downwards (the clip's space-time picture), or pictures side
by side (its strip). The page shows every clip twice from that one image, cropped by CSS: the current frame, and the
whole block (the static picture, which is also what print and reduced motion show). docs/assets/js/clips.js steps
the frame: it sets ``--fx``/``--fy`` (the frame's column and row in a block) on the figure, and every view of every
clip moves with it, so the clips cannot drift apart. Why this format, measured against animated WebP and an SVG
animated by CSS steps: benchmarks/clip_formats.py and the README ("How to add a clip").

An explorer (snippets/_clip.py: Explorer) has one sprite per setting, loaded when the reader chooses it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np

from sitegen.common import LOADED, BuildError, esc, published


@dataclass(frozen=True)
class Layout:
    """Where each clip's block sits in a sprite. A frame is ``frame_w`` x ``frame_h`` pixels (a line: height 1);
    a block holds a clip's frames, ``wrap`` per row."""

    width: int
    height: int
    frame_w: int
    frame_h: int
    frames: int
    wrap: int
    rows: int  # tracks
    columns: int  # clips per track

    @property
    def block_w(self) -> int:
        return self.wrap * self.frame_w

    @property
    def block_h(self) -> int:
        return -(-self.frames // self.wrap) * self.frame_h

    @property
    def line(self) -> bool:
        return self.frame_h == 1 and self.wrap == 1


def sprite(tracks: list, vmin: float = -1.0, vmax: float = 1.0, wrap: int | None = None) -> tuple[bytes, Layout]:
    """One grayscale PNG holding every clip of ``tracks`` (a list of arrays (n, frames, width) or
    (n, frames, height, width), all of one shape), and where each sits. The bytes depend only on the values, taken
    as the site publishes them (``published``), so a clip's data file redraws it exactly.

    >>> png, layout = sprite([np.zeros((2, 8, 32)), np.ones((2, 8, 32))])
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", (layout.width, layout.height, layout.line)
    (True, (64, 16, True))
    >>> png == sprite([np.zeros((2, 8, 32)), np.ones((2, 8, 32))])[0]
    True
    >>> sprite([np.zeros((1, 6, 8, 8))], wrap=4)[1].block_h    # 6 frames, 4 to a row: two rows of 8 pixels
    16
    """
    from PIL import Image

    shapes = {np.shape(t) for t in tracks}
    if len(shapes) != 1:
        raise ValueError(f"every track of a clip figure must have one shape, got {sorted(shapes)}")
    n, frames, *size = shapes.pop()
    if len(size) == 1:
        frame_h, frame_w, wrap = 1, size[0], 1
    elif len(size) == 2:
        frame_h, frame_w = size
        wrap = min(wrap or frames, frames)
    else:
        raise ValueError(f"clips are (n, frames, width) or (n, frames, height, width), got {(n, frames, *size)}")
    layout = Layout(0, 0, frame_w, frame_h, frames, wrap, len(tracks), n)
    width, height = n * layout.block_w, len(tracks) * layout.block_h
    layout = Layout(width, height, frame_w, frame_h, frames, wrap, len(tracks), n)
    pixels = np.zeros((height, width), dtype=np.uint8)
    for r, clips in enumerate(tracks):
        values = np.vectorize(published, otypes=[np.float64])(np.asarray(clips, dtype=np.float64))  # as exported
        gray = np.round((np.clip(values, vmin, vmax) - vmin) / (vmax - vmin) * 255)
        gray = gray.astype(np.uint8).reshape(n, frames, frame_h, frame_w)
        for c in range(n):
            for f in range(frames):
                y = r * layout.block_h + (f // wrap) * frame_h
                x = c * layout.block_w + (f % wrap) * frame_w
                pixels[y : y + frame_h, x : x + frame_w] = gray[c, f]
    out = io.BytesIO()
    Image.fromarray(pixels, "L").save(out, "PNG", optimize=True)
    return out.getvalue(), layout


def exported(path) -> dict:
    """A clip's data as the built site exports it (assets/data/<id>.json, sitegen/figures.py: export), with its
    numeric lists as arrays again: what the clip's ``tracks`` or ``settings`` take (tests,
    benchmarks/clip_formats.py)."""
    import json
    from pathlib import Path

    def array(v):
        if isinstance(v, list) and v:
            a = np.asarray(v)
            if a.dtype.kind in "fiub":
                return a
        return v

    return {k: array(v) for k, v in json.loads(Path(path).read_text(encoding="utf-8"))["data"].items()}


# ---------------------------------------------------------------- drawing, once per build for both languages
def registry():
    from sitegen.figures import registry as figures_registry

    return figures_registry()


def find(ref: str):
    return registry().find("CLIPS", ref)


def drawn(session, ref: str) -> dict:
    """A clip figure's files and what its markup needs, made once per build (both languages show the same pixels):
    {"files": {site path: PNG}, "layout": Layout} and, for an explorer, "settings" [{choice, key, metrics}] and
    "default" (its choice)."""
    if ref in session.clips:
        return session.clips[ref]
    from sitegen.figures import kept, key_of, module_key_of

    item, module = find(ref), ref.partition(".")[0]
    # named by what it is drawn from: its computes, its own module (tracks, labels) and this code
    name = [*(key_of(session, c) for c in item.computes), module_key_of(session, module), ref, LOADED[:16]]
    session.clips[ref] = kept(session, "-".join(name), "clip", lambda: _draw(session, ref, item, module))
    return session.clips[ref]


def _draw(session, ref: str, item, module: str) -> dict:
    from sitegen.figures import results
    from snippets._clip import Explorer

    data = results(session, item)
    try:
        if isinstance(item, Explorer):
            out = _draw_explorer(ref, item, data)
        else:
            tracks = item.tracks(data, registry().translator(module, "en"))
            png, layout = sprite([clips for _, clips in tracks], item.vmin, item.vmax, item.wrap)
            out = {"files": {f"assets/clips/{ref}.png": png}, "layout": layout}
    except Exception as e:
        raise BuildError(f"clip {ref!r}: drawing failed in snippets/{module}.py: {type(e).__name__}: {e}") from e
    for path, png in out["files"].items():
        if len(png) > MAX_PNG:
            raise BuildError(
                f"clip {ref!r}: {path} is {len(png) / 1024:.0f} KB; the limit is {MAX_PNG // 1024} KB: "
                f"show fewer or smaller clips in snippets/{module}.py"
            )
    return out


MAX_PNG = 30 * 1024  # a clip figure's sprite (issue 26: about 30 KB a clip)


def setting_key(choice: dict, axes) -> str:
    """A setting's file name: its options in the order of the axes, e.g. ``mixed-0.99-image``."""
    return "-".join(str(choice[axis]) for axis, _ in axes if axis in choice)


def _draw_explorer(ref: str, item, data) -> dict:
    settings, files, layout = [], {}, None
    for choice, clips, metrics in item.settings(data):
        unknown = {a: o for a, o in choice.items() if o not in dict(item.axes).get(a, ())}
        if unknown:
            raise ValueError(f"setting {choice}: not among the explorer's axes and options: {unknown}")
        png, shape = sprite([clips], item.vmin, item.vmax)
        if layout is not None and shape != layout:
            raise ValueError(f"every setting's clips must have one shape: {choice} differs")
        layout, key = shape, setting_key(choice, item.axes)
        files[f"assets/clips/{ref}/{key}.png"] = png
        settings.append({"choice": choice, "key": key, "metrics": metrics})
    default = item.default or settings[0]["choice"]
    if not any(s["choice"] == default for s in settings):
        raise ValueError(f"the default setting {default} is not one of the settings")
    return {"files": files, "layout": layout, "settings": settings, "default": default}


# ---------------------------------------------------------------- markup, once per language
LINE_NOW, LINE_ROW = 4, 2  # a line clip's views, in units of its pixels' width: the playing line 4 tall, each
# frame of the space-time picture 2 tall (as the figures draw it)


def _pct(x: float) -> str:
    return f"{x * 100:.4g}%"


def _view_sizes(L: Layout) -> str:
    """The figure's CSS variables for its two views (the same in every cell, so they are set once): each view's
    aspect ratio (--na, --wa) and the sprite's size in it (--nw/--nh, --ww/--wh), in which the image keeps the
    sprite's own aspect ratio (a browser, and Lighthouse, see it undistorted); a line clip's pixels are drawn
    taller than wide by --nsy/--wsy, a transform that moves no layout."""
    if L.line:
        now, whole = (L.frame_w, LINE_NOW), (L.frame_w, L.frames * LINE_ROW)
    else:
        now, whole = (L.frame_w, L.frame_h), (L.block_w, L.block_h)
    out = ""
    for v, view, (w, h) in (("n", now, (L.frame_w, L.frame_h)), ("w", whole, (L.block_w, L.block_h))):
        stretch = (w / h) / (view[0] / view[1])
        out += f"--{v}a:{view[0]}/{view[1]};--{v}w:{_pct(L.width / w)};--{v}h:{_pct(L.height / h / stretch)};"
        out += f"--{v}sy:{stretch:.4g};" if stretch != 1 else ""
    return out


def _views(src: str, L: Layout, row: int, col: int) -> str:
    """The current frame and the whole clip (its static picture, with the current frame marked), both cropped
    from the sprite ``src``: the image is scaled so that one frame (one block) fills the view (``_view_sizes``)
    and shifted to its clip; clips.css moves the current frame's image by --fx/--fy frames."""
    bx, by = col * L.block_w, row * L.block_h

    def img(w, h):
        return (
            f'<img src="{src}" alt="" width="{L.width}" height="{L.height}" loading="lazy" decoding="async" '
            f'style="left:{_pct(-bx / w)};top:{_pct(-by / h)}">'
        )

    return (
        f'<span class="va-clip__cell"><span class="va-clip__now">{img(L.frame_w, L.frame_h)}</span>'
        f'<span class="va-clip__whole">{img(L.block_w, L.block_h)}<span class="va-clip__mark"></span></span></span>'
    )


def _open(ctx, ref: str, L: Layout, fps: float, extra_class: str = "") -> str:
    """The figure's opening tag (the frame count and speed for clips.js; the sprite's size in frames and the
    block's in frames for clips.css) and its play/pause bar. The button holds both its labels in one grid cell,
    the one not in use hidden (clips.css): it is as wide for either, so nothing beside it moves when it changes;
    the frame number keeps the width of the largest."""
    from sitegen.render import figure_anchor

    rows = -(-L.frames // L.wrap)
    return (
        f'<figure class="va-clip{" va-clip--line" if L.line else ""}{extra_class}" id="{figure_anchor(ref)}" '
        f'data-frames="{L.frames}" data-fps="{fps:g}" data-wrap="{L.wrap}" '
        f'style="--sw:{L.width // L.frame_w};--sh:{L.height // L.frame_h};'
        f'--wrap:{L.wrap};--brows:{rows};--cols:{L.columns};{_view_sizes(L)}--fx:0;--fy:0">\n'
        f'<div class="va-clip__bar"><button type="button" class="va-clip__play" disabled>'
        f'<span class="va-clip__icon" aria-hidden="true"></span><span class="va-clip__say">'
        f'<span class="va-clip__to-play">{esc(ctx.ui("clip_play"))}</span>'
        f'<span class="va-clip__to-pause">{esc(ctx.ui("clip_pause"))}</span></span></button> '
        f'<span class="va-clip__count">{esc(ctx.ui("clip_frame"))} '
        f'<span class="va-clip__f" style="min-width:{len(str(L.frames))}ch">1</span> / {L.frames}</span></div>\n'
    )


def _caption(ctx, ref: str, caption: str, extra: str = "") -> str:
    from sitegen.render import plain_values

    module = ref.partition(".")[0]
    return (
        f"<figcaption><strong>{esc(ctx.ui('figure'))} {next(ctx.counter)}.</strong> "
        f"{esc(plain_values(ctx, caption))}{extra} "
        f"<small>({esc(ctx.ui('computed_by'))} <code>snippets/{module}.py</code>)</small></figcaption>\n</figure>\n"
    )


def _script(ctx) -> str:
    """clips.js, once per page (deferred: it runs after the page is parsed, and nothing waits for it)."""
    if "clips.js" in ctx.once:
        return ""
    ctx.once.add("clips.js")
    return f'<script src="{ctx.root_url("assets/js/clips.js")}" defer></script>\n'


def figure_html(ctx, ref: str, alt: str, caption: str) -> str:
    """A clip figure (snippets/_clip.py: Clip or Explorer) as the page shows it, then how it was made."""
    from sitegen.render import plain_values, provenance_html
    from snippets._clip import Explorer

    item, session = find(ref), ctx.session
    alt = plain_values(ctx, alt)
    if session.settings.no_exec:  # the anchor stays, so links to the clip still resolve
        from sitegen.render import figure_anchor

        note = f"{esc(ref)} (VA_NO_EXEC: not computed): {esc(alt)}"
        return f'<p class="va-clip-placeholder" id="{figure_anchor(ref)}">{note}</p>\n'
    d = drawn(session, ref)
    html = (_explorer_html if isinstance(item, Explorer) else _clip_html)(ctx, ref, item, d, alt, caption)
    return html + _script(ctx) + provenance_html(ctx, ref, "CLIPS")


def _clip_html(ctx, ref, item, d, alt, caption) -> str:
    from sitegen.figures import results

    L = d["layout"]
    tr = registry().translator(ref.partition(".")[0], ctx.lang)
    tracks = item.tracks(results(ctx.session, item), tr)
    src = ctx.root_url(f"assets/clips/{ref}.png")
    cells = []
    if item.columns:
        cells += [f'<span class="va-clip__head">{esc(label)}</span>' for label in item.columns(tr)]
    for r, (label, _) in enumerate(tracks):
        if label:
            cells.append(f'<span class="va-clip__row">{esc(label)}</span>')
        cells += [_views(src, L, r, c) for c in range(L.columns)]
    grid = f'<div class="va-clip__grid" role="img" aria-label="{esc(alt)}">{"".join(cells)}</div>\n'
    return _open(ctx, ref, L, item.fps) + grid + _caption(ctx, ref, caption)


def _option_label(tr, axis: str, option: str) -> str:
    for key in (f"{axis}={option}", option):
        try:
            return tr(key)
        except KeyError:
            continue
    return option


def metric_text(value, spec: str, lang: str) -> str:
    """An explorer's metric as its table shows it ("—" where there was nothing to measure: None or NaN)."""
    from sitegen.text import format_value

    return "—" if value is None or value != value else format_value(value, spec, lang)


def _explorer_html(ctx, ref, item, d, alt, caption) -> str:
    """Radio buttons for each axis, the chosen setting's clips and its metrics beside the reference column, and
    every setting's file and formatted metrics as JSON for clips.js. Without JavaScript: the default setting, the
    controls disabled."""
    import json

    from sitegen.figures import results
    from sitegen.render import figure_anchor

    L, settings, default = d["layout"], d["settings"], d["default"]
    tr = registry().translator(ref.partition(".")[0], ctx.lang)
    name = figure_anchor(ref)

    def fmt(value, spec):
        return metric_text(value, spec, ctx.lang)

    present = {a for s in settings for a in s["choice"]}
    fields = []
    for axis, options in item.axes:
        if axis not in present:
            continue
        radios = "".join(
            f'<label><input type="radio" name="{name}-{axis}" value="{esc(o)}"'
            f"{' checked' if default.get(axis) == o else ''}> {esc(_option_label(tr, axis, o))}</label>"
            for o in options
        )
        fields.append(
            f'<fieldset class="va-explorer__axis" data-axis="{esc(axis)}" disabled>'
            f"<legend>{esc(tr(axis))}</legend>{radios}</fieldset>"
        )
    chosen = next(s for s in settings if s["choice"] == default)
    reference = item.reference(results(ctx.session, item)) if item.reference else {}
    head = [ctx.ui("explorer_metric"), ctx.ui("explorer_setting")] + ([tr("reference")] if item.reference else [])
    rows = "".join(
        f'<tr><th scope="row">{esc(tr(metric))}</th><td data-metric="{esc(metric)}">'
        f"{esc(fmt(chosen['metrics'][metric], spec))}</td>"
        + (f"<td>{esc(fmt(reference[metric], spec))}</td>" if item.reference else "")
        + "</tr>"
        for metric, spec in item.metrics
    )
    table = (
        '<table class="va-explorer__table"><thead><tr>'
        + "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
        + f"</tr></thead><tbody>{rows}</tbody></table>"
    )
    base = ctx.root_url(f"assets/clips/{ref}/")
    cells = "".join(_views(f"{base}{chosen['key']}.png", L, 0, c) for c in range(L.columns))
    labels = {f"{axis}={o}": _option_label(tr, axis, o) for axis, options in item.axes for o in options}
    payload = {
        "axes": [[axis, list(options)] for axis, options in item.axes if axis in present],
        "labels": labels,
        "base": base,
        "alt": alt,  # the page's alt text; clips.js adds the setting's description
        "describe": tr("describe"),
        "metrics": [metric for metric, _ in item.metrics],
        "settings": [
            {"k": s["key"], "c": s["choice"], "v": [fmt(s["metrics"][m], spec) for m, spec in item.metrics]}
            for s in settings
        ],
    }
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    title = " · ".join(labels[f"{a}={o}"] for a, _ in item.axes if (o := default.get(a)) is not None)
    values = dict(zip(payload["metrics"], payload["settings"][settings.index(chosen)]["v"]))
    alt = f"{alt} {payload['describe'].format(title=title, **values)}"
    return (
        _open(ctx, ref, L, item.fps, " va-explorer")
        + f'<div class="va-explorer__choose">{"".join(fields)}</div>\n'
        + f'<div class="va-explorer__out"><div class="va-clip__grid" role="img" aria-label="{esc(alt)}">{cells}</div>'
        + f"{table}</div>\n"
        + f'<noscript><p class="va-explorer__nojs">{esc(ctx.ui("explorer_nojs"))}</p></noscript>\n'
        + f'<script type="application/json" class="va-explorer__data">{data}</script>\n'
        + _caption(ctx, ref, caption, f' <span class="va-explorer__now" aria-live="polite">{esc(title)}</span>')
    )
