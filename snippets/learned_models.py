"""The learned video model against the same network run frame by frame, and against the data (figures, clips,
values).

The models, their training and their measurements are in ``video_diffusion``; this module only shows them.

>>> sorted(FIGURES), sorted(CLIPS)
(['training'], ['samples'])
"""

from __future__ import annotations

from snippets._clip import Clip
from snippets._figure import new_figure
from snippets._registry import Figure, Value
from snippets.line_world import METRICS
from snippets.video_diffusion import DATA, IMAGE, THRESHOLDS, VIDEO

ROWS = ("data", "video", "image")  # the three sources of clips, in the order figures and tables show them


def sample_tracks(data, tr):
    """Three clips of each source from independent noise, played together."""
    return [(tr(r), data[f"{r}_samples"]) for r in ROWS]


PANELS = ("clean", "cosine", "speed", "straightness_rmse")


def draw_training(data, tr):
    """Metrics of the final-weight averages at each checkpoint, against training steps; the data as a line."""
    fig, axes = new_figure(7.2, 2.6, ncols=len(PANELS))
    for ax, metric in zip(axes, PANELS):
        j = METRICS.index(metric)
        for kind, style in (("video", "-o"), ("image", "--s")):
            ax.plot(data[f"{kind}_steps"], data[f"{kind}_curve"][:, j], style, ms=3, label=tr(kind))
        ax.axhline(data[f"data_{metric}"], color="k", ls=":", lw=1, label=tr("data"))
        ax.set_title(tr(metric), fontsize=8)
        ax.set_xlabel(tr("steps"), fontsize=8)
        ax.tick_params(labelsize=7)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=7)
    return fig


LABELS = {
    "data": {"en": "data", "hi": "डेटा"},
    "video": {"en": "video model", "hi": "वीडियो मॉडल"},
    "image": {"en": "image model, frame by frame", "hi": "इमेज मॉडल, फ़्रेम-दर-फ़्रेम"},
    "steps": {"en": "training steps", "hi": "ट्रेनिंग स्टेप"},
    "clean": {"en": "clean frames (%)", "hi": "साफ़ फ़्रेम (%)"},
    "cosine": {"en": "direction kept (cosine)", "hi": "दिशा की निरंतरता (कोसाइन)"},
    "speed": {"en": "speed (px/frame)", "hi": "रफ़्तार (पिक्सेल/फ़्रेम)"},
    "straightness_rmse": {"en": "off a straight path (px)", "hi": "सीधे रास्ते से भटकाव (पिक्सेल)"},
}

FIGURES = {"training": Figure((DATA, VIDEO, IMAGE), draw_training)}
CLIPS = {"samples": Clip((DATA, VIDEO, IMAGE), sample_tracks)}
FORMATS = {"clean": ".0f", "clean_clips": ".0f", "flicker": ".2f", "speed": ".2f", "frozen": ".0f", "jump": ".0f",
           "cosine": ".2f", "net_over_path": ".2f", "one_direction": ".0f", "straightness_rmse": ".2f"}  # fmt: skip
TABLE = (
    "clean",
    "clean_clips",
    "speed",
    "jump",
    "cosine",
    "net_over_path",
    "one_direction",
    "straightness_rmse",
    "flicker",
)
VALUES = {"speed_min": Value(DATA, "data_speed_min", ".1f"), "speed_max": Value(DATA, "data_speed_max", ".1f")}
for _metric in TABLE:  # the page's table: the data, independent positions, the video model, the image model
    VALUES[f"data_{_metric}"] = Value(DATA, f"data_{_metric}", FORMATS[_metric])
    VALUES[f"chance_{_metric}"] = Value(DATA, f"chance_{_metric}", FORMATS[_metric])
    for _kind, _compute in (("video", VIDEO), ("image", IMAGE)):
        VALUES[f"{_kind}_{_metric}"] = Value(_compute, f"{_kind}_{_metric}", FORMATS[_metric])
for _kind, _compute in (("video", VIDEO), ("image", IMAGE)):
    VALUES[f"{_kind}_speed_error"] = Value(_compute, f"{_kind}_speed_error", ".2f")
VALUES["data_frozen"] = Value(DATA, "data_frozen", FORMATS["frozen"])
VALUES["data_speed_mean"] = Value(DATA, "data_speed_mean", ".2f")
for _name, _fmt in (("width", "d"), ("frames", "d"), ("box", "g"), ("patch", "d"), ("patches", "d")):
    VALUES[_name] = Value(DATA, _name, _fmt)
for _source, _compute in (("data", DATA), ("video", VIDEO)):  # what the means hide: direction balance, speed spread
    VALUES[f"{_source}_right"] = Value(_compute, f"{_source}_right", ".0f")
    VALUES[f"{_source}_speed_sd"] = Value(_compute, f"{_source}_speed_sd", ".2f")
for _tol in THRESHOLDS:  # the video model's motion columns at other clean thresholds
    _tag = f"video_tol{str(_tol).replace('.', '')}"
    VALUES[f"{_tag}_value"] = Value(VIDEO, f"{_tag}_value", ".3f")
    for _metric in ("clean_clips", "one_direction", "one_direction_all"):
        VALUES[f"{_tag}_{_metric}"] = Value(VIDEO, f"{_tag}_{_metric}", ".0f")
VALUES["chance_one_direction_theory"] = Value(DATA, "chance_one_direction_theory", ".1f")
VALUES.update(  # along training
    {
        "video_steps": Value(VIDEO, "video_steps_total", ",d"),
        "video_first_steps": Value(VIDEO, "video_steps_first", ",d"),
        "video_eval_videos": Value(VIDEO, "video_eval_videos", "d"),
        "video_clean_first": Value(VIDEO, "video_clean_first", FORMATS["clean"]),
        "video_second_steps": Value(VIDEO, "video_steps_second", ",d"),
        "video_early_videos": Value(VIDEO, "video_early_videos", "d"),
        "video_curve_n_second": Value(VIDEO, "video_curve_n_second", ".0f"),
    }
)
