"""What a snippet declares for clips that play on a page; the site draws them (sitegen/clips.py).

* ``CLIPS = {"name": Clip(compute, tracks)}``: clips played together, in sync, frame for frame. ``tracks(data, tr)``
  returns rows ``[(label, clips), ...]``; ``clips`` is (n, frames, width), a line of pixels per frame (shown as that
  line playing above its space-time picture), or (n, frames, height, width), pictures (shown playing beside their
  strip of frames). Every row has the same n and shape; ``columns(tr)`` may label the n columns.
* ``CLIPS = {"name": Explorer(...)}``: one clip per setting the reader chooses, with its metrics (see Explorer).

Pages refer to ``<module>.<name>`` as they do to figures: ``![alt](clip:module.name "caption")``.

Kept out of _registry.py on purpose: a compute's cache key hashes every snippet module it imports, and every
experiment imports _registry.py, so a change there would retrain them all.

>>> import numpy as np
>>> Clip(None, lambda data, tr: [("a", np.zeros((2, 8, 32)))]).tracks(None, str)[0][1].shape
(2, 8, 32)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class _Computed:
    compute: Any  # a Compute, or a tuple of them (their results merged, as for a Figure)

    @property
    def computes(self) -> tuple:
        return self.compute if isinstance(self.compute, tuple) else (self.compute,)


@dataclass(frozen=True)
class Clip(_Computed):
    """Clips played together. ``wrap``: frames per row of a picture clip's strip (None: all in one row);
    pixel values run from ``vmin`` (black) to ``vmax`` (white)."""

    tracks: Callable[[dict, Callable[..., str]], list] = None
    columns: Callable[[Callable[..., str]], list] | None = None
    fps: float = 4.0
    wrap: int | None = None
    vmin: float = -1.0
    vmax: float = 1.0


@dataclass(frozen=True)
class Explorer(_Computed):
    """Settings the reader switches between, every one computed when the site is built.

    ``axes``: ((axis, (option, ...)), ...) in the order they are shown; an axis depends only on the ones before it
    (the correlation on the noise scheme). ``settings(data)``: [(choice, clips, metrics)] with choice
    {axis: option} (an axis that does not apply to a setting is left out), clips (n, frames, width) and metrics
    {metric: value}. ``metrics``: ((metric, format spec), ...), the rows of its table; ``reference(data)``: a column
    of the same metrics to read them against (label ``tr("reference")``). Labels: ``tr(axis)``, ``tr(option)``
    where LABELS has it (else the option as written), ``tr(metric)``; ``tr("describe")``: the clip's alt text, a
    template of ``{axis}`` and ``{metric}`` fields filled in the browser for each setting."""

    axes: tuple = ()
    settings: Callable[[dict], list] = None
    metrics: tuple = ()
    reference: Callable[[dict], dict] | None = None
    default: dict | None = None  # the setting shown first (and without JavaScript); None: the first setting
    fps: float = 4.0
    vmin: float = -1.0
    vmax: float = 1.0
