"""What attention over video costs: query-key comparisons per patch, FLOPs and attention-matrix memory for
space-only, joint space-time and divided space-time attention (TimeSformer, arXiv:2102.05095, Sec. 3).

>>> comparisons_per_patch("joint", 196, 8), comparisons_per_patch("divided", 196, 8)
(1569, 206)
"""
from __future__ import annotations

import numpy as np

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value

SCHEMES = ("space", "joint", "divided")


# --8<-- [start:cost]
def comparisons_per_patch(scheme: str, n_patches: int, n_frames: int) -> int:
    """Query-key comparisons one patch makes, counting TimeSformer's classification token (+1 per attention).

    space: N + 1;  joint: N*F + 1;  divided: F (time) + N + 1 (space) + 1 = N + F + 2
    (TimeSformer, Sec. 3: the classification token is included in both the temporal and the spatial step).
    """
    if scheme == "space":
        return n_patches + 1
    if scheme == "joint":
        return n_patches * n_frames + 1
    if scheme == "divided":
        return n_patches + n_frames + 2
    raise ValueError(f"unknown scheme {scheme!r}; expected one of {SCHEMES}")


def attention_flops(scheme: str, n_patches: int, n_frames: int, dim: int = 768) -> int:
    """Multiply-adds of the score and value products for one layer: 2 * tokens * comparisons * dim."""
    return 2 * n_patches * n_frames * comparisons_per_patch(scheme, n_patches, n_frames) * dim


def attention_matrix_bytes(scheme: str, n_patches: int, n_frames: int, heads: int = 12, bytes_per: int = 4) -> int:
    """Memory of one layer's attention weights (float32): tokens x comparisons per token x heads."""
    return n_patches * n_frames * comparisons_per_patch(scheme, n_patches, n_frames) * heads * bytes_per
# --8<-- [end:cost]


def patches_at(resolution: int, patch: int = 16) -> int:
    return (resolution // patch) ** 2


def cost_curves() -> dict:
    frames = np.array([1, 2, 4, 8, 16, 32, 64, 96])
    res = np.array([112, 160, 224, 320, 448, 640])
    n224 = patches_at(224)
    out = {"frames": frames, "res": res, "n224": n224}
    for s in SCHEMES:
        out[f"{s}_vs_frames"] = np.array([comparisons_per_patch(s, n224, f) for f in frames])
        out[f"{s}_vs_res"] = np.array([comparisons_per_patch(s, patches_at(r), 8) for r in res])
    out["joint_224_8"] = comparisons_per_patch("joint", n224, 8)
    out["divided_224_8"] = comparisons_per_patch("divided", n224, 8)
    out["space_224_8"] = comparisons_per_patch("space", n224, 8)
    out["ratio_224_8"] = out["joint_224_8"] / out["divided_224_8"]
    out["ratio_224_32"] = comparisons_per_patch("joint", n224, 32) / comparisons_per_patch("divided", n224, 32)
    out["flops_ratio_224_8"] = attention_flops("joint", n224, 8) / attention_flops("divided", n224, 8)
    return out


def draw_cost(data, tr):
    fig, (a1, a2) = new_figure(7.2, 3.2, ncols=2)
    for s, style in zip(SCHEMES, ("-o", "-s", "-^")):
        a1.plot(data["frames"], data[f"{s}_vs_frames"], style, ms=4, label=tr(s + "_cost"))
        a2.plot(data["res"], data[f"{s}_vs_res"], style, ms=4)
    a1.axvline(8, color="grey", ls=":", lw=1)
    a1.annotate(tr("timesformer_setting"), (8, data["joint_224_8"]), xytext=(10, -5), textcoords="offset points", fontsize=8)
    a2.axvline(224, color="grey", ls=":", lw=1)
    for a in (a1, a2):
        a.set_yscale("log")
        a.set_ylabel(tr("comparisons"))
    a1.set_xscale("log", base=2)
    a1.set(xlabel=tr("frames_axis"), title=tr("vs_frames"))
    a2.set(xlabel=tr("res_axis"), title=tr("vs_res"))
    a1.legend(fontsize=8)
    return fig


LABELS = {
    "space_cost": {"en": "space only", "hi": "सिर्फ़ स्पेस"},
    "joint_cost": {"en": "joint space-time", "hi": "जॉइंट स्पेस-टाइम"},
    "divided_cost": {"en": "divided space-time", "hi": "डिवाइडेड स्पेस-टाइम"},
    "comparisons": {"en": "comparisons per patch", "hi": "हर पैच की तुलनाएँ"},
    "frames_axis": {"en": "frames F (224², 16×16 patches)", "hi": "फ्रेम F (224², 16×16 पैच)"},
    "res_axis": {"en": "resolution (8 frames)", "hi": "रेज़ोल्यूशन (8 फ्रेम)"},
    "vs_frames": {"en": "cost against frames", "hi": "फ्रेमों के साथ लागत"},
    "vs_res": {"en": "cost against resolution", "hi": "रेज़ोल्यूशन के साथ लागत"},
    "timesformer_setting": {"en": "TimeSformer: F = 8", "hi": "TimeSformer: F = 8"},
}

_COST = Compute(cost_curves)

FIGURES = {"cost_curve": Figure(_COST, draw_cost)}
VALUES = {
    "n_224": Value(_COST, "n224", "d"),
    "joint_224_8": Value(_COST, "joint_224_8", ",d"),
    "divided_224_8": Value(_COST, "divided_224_8", ",d"),
    "space_224_8": Value(_COST, "space_224_8", ",d"),
    "joint_divided_ratio": Value(_COST, "ratio_224_8", ".1f"),
    "joint_divided_ratio_32": Value(_COST, "ratio_224_32", ".1f"),
}
