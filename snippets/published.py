"""Numbers we quote from papers, kept in one place so both languages show the same values.

TimeSformer (Bertasius et al. 2021, arXiv:2102.05095), Table 1: top-1 accuracy (%) of attention schemes on
Kinetics-400 (K400, appearance-heavy) and Something-Something-v2 (SSv2, where the direction of motion matters).
"""

import numpy as np

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value

TIMESFORMER_TABLE1 = {  # scheme: (K400, SSv2)
    "space": (76.9, 36.6),
    "joint": (77.4, 58.5),
    "divided": (78.0, 59.5),
    "sparse": (75.9, 56.3),
    "axial": (73.5, 56.2),
}


def table1() -> dict:
    out = {"schemes": list(TIMESFORMER_TABLE1)}
    for scheme, (k400, ssv2) in TIMESFORMER_TABLE1.items():
        out[f"{scheme}_k400"], out[f"{scheme}_ssv2"] = k400, ssv2
    out["space_ssv2_gap"] = TIMESFORMER_TABLE1["divided"][1] - TIMESFORMER_TABLE1["space"][1]
    out["space_k400_gap"] = TIMESFORMER_TABLE1["divided"][0] - TIMESFORMER_TABLE1["space"][0]
    return out


def draw_table1(data, tr):
    fig, ax = new_figure(6.0, 2.8)
    x = np.arange(len(data["schemes"]))
    ax.bar(x - 0.2, [data[f"{s}_k400"] for s in data["schemes"]], 0.4, label="Kinetics-400")
    ax.bar(x + 0.2, [data[f"{s}_ssv2"] for s in data["schemes"]], 0.4, label="Something-Something-v2")
    ax.set_xticks(x, [tr(s) for s in data["schemes"]], fontsize=8)
    ax.set(ylabel=tr("top1"), ylim=(0, 90), title=tr("title"))
    ax.legend(fontsize=8, loc="lower right")
    return fig


LABELS = {
    "space": {"en": "space only", "hi": "सिर्फ़-स्पेस"},
    "joint": {"en": "joint", "hi": "जॉइंट"},
    "divided": {"en": "divided", "hi": "डिवाइडेड"},
    "sparse": {"en": "sparse local-global", "hi": "स्पार्स लोकल-ग्लोबल"},
    "axial": {"en": "axial", "hi": "एक्सियल"},
    "top1": {"en": "top-1 accuracy (%)", "hi": "टॉप-1 एक्यूरेसी (%)"},
    "title": {"en": "TimeSformer, Table 1 (published numbers)", "hi": "TimeSformer, टेबल 1 (प्रकाशित संख्याएँ)"},
}

_T1 = Compute(table1)
FIGURES = {"timesformer_table1": Figure(_T1, draw_table1)}
VALUES = {f"timesformer_{s}_{d}": Value(_T1, f"{s}_{d}", ".1f") for s in TIMESFORMER_TABLE1 for d in ("k400", "ssv2")}
VALUES["timesformer_space_ssv2_gap"] = Value(_T1, "space_ssv2_gap", ".1f")
