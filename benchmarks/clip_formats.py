"""How big each way of playing the site's clips would be (issue 26 asked for the format to be chosen by measure).

For every clip figure of a built site (``site/`` by default: `make build`), from the data the site exports for it
(assets/data/<id>.json), the same pixels encoded three ways:
  sprite   what the site serves (sitegen/clips.py): one grayscale PNG, every frame of every clip, stepped by
           clips.js; the same image is also the static strip (print, reduced motion, no JavaScript)
  webp     an animated WebP, lossless, of the figure's frames (all its clips side by side), plus the strip it still
           needs as a PNG for print and reduced motion (the sprite's bytes, counted again)
  svg      an SVG that animates the frames itself (each frame a group of one-row rectangles, one per run of equal
           pixels, shown in turn by CSS steps), served gzip-compressed as static hosts do
Prints bytes per figure, raw and gzip-compressed. Run: .venv/bin/python benchmarks/clip_formats.py [site]
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sitegen.clips import exported, registry, sprite  # noqa: E402
from snippets._clip import Explorer  # noqa: E402


def gray(clips, vmin, vmax) -> np.ndarray:
    """(n, frames, height, width) uint8."""
    a = np.asarray(clips, dtype=np.float64)
    a = a[:, :, None, :] if a.ndim == 3 else a
    return np.round((np.clip(a, vmin, vmax) - vmin) / (vmax - vmin) * 255).astype(np.uint8)


def frames_of(tracks, vmin, vmax) -> np.ndarray:
    """(frames, height, width): every clip of every track side by side, one picture per frame."""
    g = [gray(c, vmin, vmax) for c in tracks]
    rows = [np.concatenate(list(t), axis=2) for t in g]  # clips of a track side by side
    return np.concatenate(rows, axis=1)


def webp(frames: np.ndarray, fps: float) -> bytes:
    from PIL import Image

    pics = [Image.fromarray(f, "L").convert("RGB") for f in frames]
    out = io.BytesIO()
    pics[0].save(out, "WEBP", save_all=True, append_images=pics[1:], lossless=True, duration=round(1000 / fps), loop=0)
    return out.getvalue()


def svg(frames: np.ndarray, fps: float) -> bytes:
    n, h, w = frames.shape
    groups = []
    for i, f in enumerate(frames):
        rects = []
        for y in range(h):
            x = 0
            while x < w:
                end = x
                while end < w and f[y, end] == f[y, x]:
                    end += 1
                if f[y, x]:  # black is the background
                    shade = f"{f[y, x]:02x}" * 3
                    rects.append(f'<rect x="{x}" y="{y}" width="{end - x}" height="1" fill="#{shade}"/>')
                x = end
        groups.append(f'<g class="f" style="animation-delay:{-i / fps:.3f}s">{"".join(rects)}</g>')
    style = (
        f"<style>.f{{visibility:hidden;animation:s {n / fps:.3f}s steps(1,end) infinite}}"
        f"@keyframes s{{0%{{visibility:visible}}{100 / n:.3f}%{{visibility:hidden}}}}</style>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" shape-rendering="crispEdges">'
        f'<rect width="{w}" height="{h}"/>{style}{"".join(groups)}</svg>'
    ).encode()


def main(site: Path) -> None:
    print(f"{'clip figure':<32}{'sprite':>10}{'webp+strip':>12}{'svg':>10}{'svg gzip':>10}   (bytes)")
    for data_file in sorted((site / "assets" / "data").glob("*.json")):
        ref = data_file.stem
        try:
            item = registry().find("CLIPS", ref)
        except LookupError:
            continue  # a figure's data
        data = exported(data_file)
        if isinstance(item, Explorer):  # the default setting, as the page first shows it
            settings = item.settings(data)
            clips = next(c for choice, c, _ in settings if choice == item.default)
            tracks, wrap = [clips], None
        else:
            tracks, wrap = (
                [c for _, c in item.tracks(data, registry().translator(ref.partition(".")[0], "en"))],
                item.wrap,
            )
        png, _ = sprite(tracks, item.vmin, item.vmax, wrap)
        frames = frames_of(tracks, item.vmin, item.vmax)
        s = svg(frames, item.fps)
        sizes = (len(png), len(webp(frames, item.fps)) + len(png), len(s), len(gzip.compress(s, 9)))
        print(f"{ref:<32}{sizes[0]:>10}{sizes[1]:>12}{sizes[2]:>10}{sizes[3]:>10}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site")
