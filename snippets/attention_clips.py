"""Clips of the two attention tasks of ``attention_experiment``, as the page plays them: one clip of each class.

In a module of its own so that showing clips leaves the experiment's cache key, and its training, alone.

>>> data = task_clips()
>>> data["clips"].shape                  # right, left (Task 1); still, moving (Task 2): 6 frames of 8x8 pixels
(4, 6, 8, 8)
>>> [int(c) for c in data["columns"][1]]  # the left-moving bar's column in each frame
[5, 4, 3, 2, 1, 0]
"""

from __future__ import annotations

import numpy as np
import torch

from snippets._clip import Clip
from snippets._registry import Compute
from snippets.attention_experiment import NOISE, TASKS, bar_columns

SHOWN = (("direction", 1), ("direction", 0), ("motion", 0), ("motion", 1))  # (task, label) of each clip shown


def task_clips(seed: int = 3) -> dict:
    """The first clip of each (task, label) of SHOWN among a few clips of the task's own generator (seeded), with
    its bar's column in each frame."""
    clips = []
    for task, label in SHOWN:
        made, labels = TASKS[task](8, seed=seed)
        clips.append(made[int(np.flatnonzero(labels.numpy() == label)[0])].numpy())
    clips = np.stack(clips)
    return {"clips": clips, "columns": bar_columns(torch.from_numpy(clips)).numpy(), "noise": NOISE}


def tracks(data, tr):
    return [("", data["clips"])]


LABELS = {
    "direction_1": {"en": "Task 1: moves right", "hi": "काम 1: दाएँ चलती"},
    "direction_0": {"en": "Task 1: moves left", "hi": "काम 1: बाएँ चलती"},
    "motion_0": {"en": "Task 2: still", "hi": "काम 2: रुकी हुई"},
    "motion_1": {"en": "Task 2: moving", "hi": "काम 2: चलती हुई"},
}

CLIPS = {
    "tasks": Clip(
        Compute(task_clips),
        tracks,
        columns=lambda tr: [tr(f"{task}_{label}") for task, label in SHOWN],
        fps=2.0,
        vmin=-3 * NOISE,
        vmax=1 + 3 * NOISE,
    )
}
