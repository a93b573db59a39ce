"""What do two small video tasks need: the *order* of frames, *cross-frame interaction*, or only one frame?

- ``order_check``: divided attention without a time embedding is blind to frame order (a shuffle test).
- Task 1, "left or right?" (``direction_clips``): a bar moves one column per frame, left or right, wrapping around
  at the edge, from a start column drawn uniformly from all columns. A left-moving clip is a right-moving clip
  played backwards, and in every single frame the bar's column is uniform in both classes.
- Task 2, "still or moving?" (``still_or_moving_clips``): the bar stays in one column or moves one column per
  frame (left or right, wrapping around), from a uniform start column; again every single frame is alike in both
  classes.
- The leaky variant (``direction_clips(..., start_cue=True)``) is the first version of Task 1, kept to show what
  the single-frame probe catches: right-moving clips start in the left columns, left-moving ones in the right
  columns, so one timestamped frame gives the label away.

Five models, one recipe (columns of a frame are its tokens; Adam; balanced classes; fixed seeds; the initial scale
of positions set by the read-out, see ``ClipClassifier``):

- ``probe``: one frame of the clip, drawn at random, with its index (time embedding), through the per-frame
  encoder (space-only attention) and an MLP. Above chance means the label is in a single frame: the task leaks.
- ``sum``: every frame through the same per-frame encoder, averaged over frames, a linear head. Its logit is a sum
  over frames of one term per frame, g(frame_t, t); when every frame is alike in both classes, each term, and so
  the logit, has the same mean in both classes, so it cannot be right on every clip (the additive read-out).
- ``fusion``: the same per-frame features concatenated and fused by an MLP (late fusion): frames interact only in
  the read-out, never through attention.
- ``divided``: divided space-time attention (TimeSformer), mean-pooled, a linear head; no time embedding, so it
  cannot see order (a clip and its reverse give it the same output).
- ``divided+time``: the same with a learned time embedding.

The models' modules come from ``snippets.attention_models``.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from snippets._figure import new_figure
from snippets._registry import Compute, Figure, Value
from snippets.attention_models import DividedSpaceTimeAttention, SpaceOnlyAttention, TimeEmbedding


def order_check(frames: int = 8, patches: int = 16, dim: int = 32, seed: int = 0) -> dict:
    """Shuffle the frames of a random clip and compare outputs; pool a clip and its reverse.

    Without a time embedding, divided attention is permutation-equivariant over frames: the outputs are
    shuffled the same way, and a clip and its reverse mean-pool to the same vector (up to float error).
    """
    torch.manual_seed(seed)
    x = torch.randn(1, frames, patches, dim)
    perm = torch.randperm(frames)
    block = DividedSpaceTimeAttention(dim).eval()
    emb = TimeEmbedding(frames, dim, std=1.0)
    with torch.no_grad():
        equiv = (block(x)[:, perm] - block(x[:, perm])).abs().max().item()
        pooled = (block(x).mean((1, 2)) - block(x.flip(1)).mean((1, 2))).abs().max().item()
        equiv_t = (block(emb(x))[:, perm] - block(emb(x[:, perm]))).abs().max().item()
        pooled_t = (block(emb(x)).mean((1, 2)) - block(emb(x.flip(1))).mean((1, 2))).abs().max().item()
    return {"equiv_no_time": equiv, "pooled_no_time": pooled, "equiv_time": equiv_t, "pooled_time": pooled_t}


# ---------------------------------------------------------------- the tasks
NOISE = 0.1  # standard deviation of the pixel noise, the same in every frame of every class


def _balanced_labels(n: int, g: torch.Generator):
    """Exactly n // 2 clips of each class (n even), in random order: a constant guess scores 50 %."""
    if n % 2:
        raise ValueError(f"the number of clips must be even for balanced classes, got {n}")
    return torch.randperm(n, generator=g) % 2


def _draw_bar(cols, size: int, g: torch.Generator):
    """Clips (n, frames, size, size) with a bar of brightness 1 in column cols[i, t] of frame t, plus noise."""
    n, frames = cols.shape
    clips = torch.zeros(n, frames, size, size)
    clips[torch.arange(n)[:, None], torch.arange(frames), :, cols] = 1.0
    return clips + NOISE * torch.randn(clips.shape, generator=g)


def direction_clips(n: int, frames: int = 6, size: int = 8, seed: int = 0, start_cue: bool = False):
    """Task 1: label 1 = the bar moves right one column per frame, 0 = left, wrapping around at the edge.

    The start column is uniform over all ``size`` columns, so in every frame the bar's column is uniform in both
    classes. ``start_cue=True`` gives the leaky first version instead: starts in 0 .. size - frames and no
    wrap-around, a left clip being a right clip reversed, so frame 0's column alone tells the class.
    Returns (clips (n, frames, size, size), labels (n,))."""
    g = torch.Generator().manual_seed(seed)
    labels = _balanced_labels(n, g)
    t = torch.arange(frames)
    if start_cue:
        start = torch.randint(0, size - frames + 1, (n,), generator=g)
        cols = torch.where(labels[:, None] == 1, start[:, None] + t, start[:, None] + frames - 1 - t)
    else:
        start = torch.randint(0, size, (n,), generator=g)
        cols = (start[:, None] + (2 * labels[:, None] - 1) * t) % size
    return _draw_bar(cols, size, g), labels


def still_or_moving_clips(n: int, frames: int = 6, size: int = 8, seed: int = 0):
    """Task 2: label 1 = the bar moves one column per frame (left or right, wrapping around at the edge),
    label 0 = it stays at one column. The start column is uniform over all ``size`` columns, so in every single
    frame the bar's column is uniform in both classes. Returns (clips (n, frames, size, size), labels (n,))."""
    g = torch.Generator().manual_seed(seed)
    labels = _balanced_labels(n, g)
    start = torch.randint(0, size, (n,), generator=g)
    step = torch.randint(0, 2, (n,), generator=g) * 2 - 1  # -1 left, +1 right
    cols = (start[:, None] + labels[:, None] * step[:, None] * torch.arange(frames)) % size
    return _draw_bar(cols, size, g), labels


TASKS = {
    "direction": direction_clips,
    "motion": still_or_moving_clips,
    "leaky": lambda n, frames, size, seed: direction_clips(n, frames, size, seed, start_cue=True),
}


def single_frame_bound(task: str, n: int = 20000, frames: int = 6, size: int = 8, seed: int = 99) -> float:
    """The best accuracy, in %, of a rule that reads one frame's bar column and the frame's index (the only content
    of a frame that may differ by class: brightness and noise are the same by construction, as the tests check):
    from ``n`` clips of the task's own generator, the commoner label of every (frame, column) on the first half,
    scored on every frame of the second half. 50 means no frame tells the class."""
    clips, labels = TASKS[task](n, frames, size, seed=seed)
    cols = clips.mean(dim=2).argmax(dim=-1)  # (n, frames): the bar's column
    t = torch.arange(frames).expand(n, -1)
    half = n // 2
    counts = torch.zeros(frames, size, 2).index_put_(
        (t[:half], cols[:half], labels[:half, None].expand(-1, frames)), torch.ones(half, frames), accumulate=True
    )
    rule = counts.argmax(dim=-1)  # (frames, size): the label to guess
    return float((rule[t[half:], cols[half:]] == labels[half:, None]).float().mean() * 100)


# ---------------------------------------------------------------- the models
KINDS = ("probe", "sum", "fusion", "divided", "divided+time")
DIRECTION_KINDS = ("probe", "sum", "fusion", "divided+time")
MOTION_KINDS = ("probe", "sum", "fusion", "divided")
POS_STD = {"probe": 0.02, "fusion": 0.02, "sum": 1.0, "divided": 1.0, "divided+time": 1.0}


class ClipClassifier(nn.Module):
    """Columns of each frame are its tokens: a linear embedding plus a learned column position.

    ``probe``, ``sum`` and ``fusion`` share a per-frame encoder: time embedding, then a residual space-only
    attention block; a frame's features are its tokens after it, concatenated. ``divided`` and ``divided+time``:
    divided space-time attention, mean-pooled over frames and tokens.

    ``pos_std``: initial scale of the column positions and the time embedding; by default ``POS_STD``, the scale at
    which each read-out trains. A linear read-out after attention sees positions only through attention, which
    needs them large from the start: at the customary 0.02 divided attention sits on a plateau. An MLP read-out
    over the concatenated tokens sees them directly, and at 1.0 their large constant part leaves the MLP in its
    nearly linear regime, where it computes little more than a sum over frames. ``tasks_experiment`` runs late
    fusion and divided attention at each other's scale to show both."""

    def __init__(self, kind: str, frames: int, size: int, dim: int = 16, pos_std=None, hidden: int = 64):
        super().__init__()
        if kind not in KINDS:
            raise ValueError(f"unknown model kind {kind!r}; expected one of {', '.join(KINDS)}")
        self.kind = kind
        std = POS_STD[kind] if pos_std is None else pos_std
        self.embed = nn.Linear(size, dim)
        self.space_pos = nn.Parameter(torch.randn(size, dim) * std)  # column position within a frame
        self.time = None if kind == "divided" else TimeEmbedding(frames, dim, std)
        if kind.startswith("divided"):
            self.block, self.head = DividedSpaceTimeAttention(dim, heads=1), nn.Linear(dim, 2)
            return
        self.block = SpaceOnlyAttention(dim, heads=1)
        width = size * dim * (frames if kind == "fusion" else 1)
        mlp = nn.Sequential(nn.Linear(width, hidden), nn.ReLU(), nn.Linear(hidden, 2))
        self.head = nn.Linear(width, 2) if kind == "sum" else mlp

    def forward(self, clips, when=None):
        """clips (b, t, h, w) -> logits (b, 2). The probe takes one frame per clip, (b, 1, h, w), and ``when`` (b,),
        the frame's index in its clip."""
        x = self.embed(clips.transpose(2, 3)) + self.space_pos  # columns as tokens: (b, t, w, dim)
        if self.kind == "probe":
            x = x + self.time.table[when][:, None, None, :]
        elif self.time is not None:
            x = self.time(x)
        if self.kind.startswith("divided"):  # a residual block: it adds its own skip connections
            return self.head(self.block(x).mean(dim=(1, 2)))
        x = x + self.block(x)  # the space-only block made residual too
        frames = x.flatten(2)  # per-frame features: (b, t, w * dim); no frame has seen another
        return self.head(frames.mean(dim=1) if self.kind == "sum" else frames.flatten(1))


def train(
    task: str,
    kind: str,
    seed: int,
    steps: int = 400,
    n_train: int = 512,
    n_test: int = 256,
    pos_std=None,
    frames: int = 6,
    size: int = 8,
    batch: int = 64,
    lr: float = 5e-3,
    every: int = 25,
) -> dict:
    """Train one classifier on one task; return its final test accuracy, the test accuracy every ``every`` steps
    and chance (the share of the test set's commoner label: what a constant guess scores).

    The probe sees one frame per clip, drawn at random, and that frame's index; its test set is one random frame
    of each test clip."""
    torch.manual_seed(seed)
    xtr, ytr = TASKS[task](n_train, frames, size, seed=1000 + seed)
    xte, yte = TASKS[task](n_test, frames, size, seed=2000 + seed)
    model = ClipClassifier(kind, frames, size, pos_std=pos_std)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    pick = torch.Generator().manual_seed(3000 + seed)  # which frame the probe sees

    def inputs(x, idx):
        if kind != "probe":
            return (x[idx],)
        when = torch.randint(0, frames, (len(idx),), generator=pick)
        return x[idx, when][:, None], when

    test = inputs(xte, torch.arange(n_test))  # drawn once: the probe's test frames stay the same
    curve = []
    for step in range(steps):
        idx = torch.randint(0, n_train, (batch,))
        loss = nn.functional.cross_entropy(model(*inputs(xtr, idx)), ytr[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % every == every - 1:
            with torch.no_grad():
                curve.append((model(*test).argmax(1) == yte).float().mean().item())
    share = yte.float().mean().item()
    return {"accuracy": curve[-1], "curve": np.array(curve), "chance": max(share, 1 - share)}


def fusion_regime(seeds=(0, 1, 2), n: int = 256) -> dict:
    """Why late fusion stalls when positions start at 1.0: the share (%) of its MLP's hidden units whose input has the
    same sign on all ``n`` clips of Task 1 at initialisation (a unit always on or always off is linear there), per
    initial scale, averaged over ``seeds``."""
    clips = direction_clips(n, seed=4000)[0]
    out = {}
    for std, name in ((1.0, "fixed_sign_1"), (0.02, "fixed_sign_002")):
        shares = []
        for seed in seeds:
            torch.manual_seed(seed)
            model = ClipClassifier("fusion", clips.shape[1], clips.shape[2], pos_std=std)
            seen = []
            hook = model.head[1].register_forward_hook(lambda module, args, result: seen.append(args[0]))
            with torch.no_grad():
                model(clips)
            hook.remove()
            shares.append(((seen[0] > 0).all(0) | (seen[0] <= 0).all(0)).float().mean().item() * 100)
        out[name] = float(np.mean(shares))
    return out


SOLVED = 95.0  # final test accuracy (%) at which a run counts as solving its task


def _runs(task: str, kind: str, seeds, steps: int, every: int, **kw) -> dict:
    """One model on one task, once per seed: accuracies in %, curves, and what the pages quote."""
    runs = [train(task, kind, s, steps, every=every, **kw) for s in seeds]
    acc = np.array([r["accuracy"] for r in runs]) * 100
    curve = np.array([r["curve"] for r in runs]) * 100
    reached = [int(np.argmax(c >= SOLVED) + 1) * every for c in curve if c[-1] >= SOLVED]
    out = {"acc": acc, "curve": curve, "min": float(acc.min()), "max": float(acc.max())}
    out |= {"solved": int((acc >= SOLVED).sum()), "by": max(reached, default=0)}
    out["chance"] = float(max(r["chance"] for r in runs) * 100)
    return out | {f"s{i}": float(a) for i, a in enumerate(acc)}


def _experiment(task: str, kinds, seeds, steps: int, every: int = 25, extra=()) -> dict:
    """Every model of ``kinds`` on ``task``; ``extra``: (name, task, kind, steps, keywords) for further runs. Keys
    start with ``task``: ``direction_fusion_s0``, ``direction_leaky_probe_curve``."""
    out = {"steps": steps, "kinds": list(kinds), "every": every}
    runs = [(kind, task, kind, steps, {}) for kind in kinds] + list(extra)
    for name, run_task, kind, run_steps, kw in runs:
        for key, value in _runs(run_task, kind, seeds, run_steps, every, **kw).items():
            out[f"{name}_{key}"] = value
    out["chance"] = max(out[f"{name}_chance"] for name, *_ in runs)
    return {f"{task}_{key}": value for key, value in out.items()}


def tasks_experiment(seeds=(0, 1, 2), direction_steps: int = 400, motion_steps: int = 200, leaky_steps: int = 200):
    """Both tasks, three seeds per model, and the best single-frame rule on each task's data.

    Task 1 for the models that can see order (divided attention without a time embedding cannot: a clip and its
    reverse give it the same output, ``order_check``); the probe and the additive read-out on the leaky first
    version; each family at the other's initial scale of positions (``ClipClassifier``). Task 2 for the probe, the
    two per-frame read-outs and divided attention without a time embedding: a still bar is still in any order."""
    extra = [
        ("leaky_probe", "leaky", "probe", leaky_steps, {}),
        ("leaky_sum", "leaky", "sum", leaky_steps, {}),
        ("fusion_1", "direction", "fusion", direction_steps, {"pos_std": 1.0}),
        ("divided_time_002", "direction", "divided+time", direction_steps, {"pos_std": 0.02}),
    ]
    out = {"seeds": np.array(seeds)}
    out |= _experiment("direction", DIRECTION_KINDS, seeds, direction_steps, extra=extra)
    out |= _experiment("motion", MOTION_KINDS, seeds, motion_steps)
    return out | {f"{task}_bound": single_frame_bound(task) for task in ("direction", "leaky", "motion")}


# ---------------------------------------------------------------- figure
COLORS = {kind: f"C{i}" for i, kind in enumerate(KINDS)}  # one colour per model
EXTRA_LINES = {"probe": "leaky_probe", "sum": "leaky_sum", "fusion": "fusion_1", "divided+time": "divided_time_002"}


def draw_tasks(data, tr):
    """Task 1 above, Task 2 below; one panel per model: the test accuracy of each seed along training (the last
    point is the final accuracy). Dashed, in Task 1's panels: the leaky first version, and each family started at
    the other's scale."""
    kinds = {task: data[f"{task}_kinds"] for task in ("direction", "motion")}
    fig, axes = new_figure(7.2, 4.4, nrows=2, ncols=max(map(len, kinds.values())), sharey=True)
    for row, (task, task_kinds) in zip(axes, kinds.items()):
        steps_max, every = data[f"{task}_steps"], data[f"{task}_every"]
        for ax, kind in zip(row, task_kinds):
            extra = EXTRA_LINES.get(kind) if f"{task}_{EXTRA_LINES.get(kind)}_curve" in data else None
            for name, style in ((kind, "-"), (extra, "--")) if extra else ((kind, "-"),):
                curves = data[f"{task}_{name}_curve"]
                steps = np.arange(1, curves.shape[1] + 1) * every
                for j, c in enumerate(curves):
                    label = tr(name) if extra and j == 0 else None
                    ax.plot(steps, c, color=COLORS[kind], ls=style, lw=1.1, alpha=0.85, label=label)
            ax.axhline(data[f"{task}_chance"], color="grey", ls=":", lw=1)
            ax.set_title(tr(f"title_{kind}"), fontsize=8)
            ax.set(xlim=(0, steps_max), ylim=(0, 105), xticks=[0, steps_max // 2, steps_max], yticks=[0, 50, 100])
            ax.grid(False, axis="x")  # fewer lines: the figure stays light on a phone
            ax.tick_params(labelsize=7)
            if extra:
                ax.legend(fontsize=6, loc="lower right", handlelength=1.6)
        row[0].set_ylabel(tr(f"row_{task}"), fontsize=8)
    fig.supxlabel(tr("step"), fontsize=8)
    return fig


LABELS = {
    "title_probe": {"en": "single-frame probe", "hi": "एक फ़्रेम वाला प्रोब"},
    "title_sum": {"en": "per frame, summed", "hi": "फ़्रेम-दर-फ़्रेम, योग"},
    "title_fusion": {"en": "per frame, late fusion", "hi": "फ़्रेम-दर-फ़्रेम, लेट फ़्यूज़न"},
    "title_divided": {"en": "divided, no time emb.", "hi": "डिवाइडेड, बिना टाइम एम्बेडिंग"},
    "title_divided+time": {"en": "divided + time emb.", "hi": "डिवाइडेड + टाइम एम्बेडिंग"},
    "row_direction": {"en": "Task 1: left or right?\ntest accuracy (%)", "hi": "काम 1: बाएँ या दाएँ?\nटेस्ट एक्यूरेसी (%)"},
    "row_motion": {"en": "Task 2: still or moving?\ntest accuracy (%)", "hi": "काम 2: रुकी या चलती?\nटेस्ट एक्यूरेसी (%)"},
    "probe": {"en": "this task", "hi": "यह काम"},
    "sum": {"en": "this task", "hi": "यह काम"},
    "leaky_probe": {"en": "old Task 1", "hi": "पुराना काम 1"},
    "leaky_sum": {"en": "old Task 1", "hi": "पुराना काम 1"},
    "fusion": {"en": "init σ 0.02", "hi": "शुरुआती σ 0.02"},
    "fusion_1": {"en": "init σ 1.0", "hi": "शुरुआती σ 1.0"},
    "divided+time": {"en": "init σ 1.0", "hi": "शुरुआती σ 1.0"},
    "divided_time_002": {"en": "init σ 0.02", "hi": "शुरुआती σ 0.02"},
    "step": {"en": "training step", "hi": "ट्रेनिंग स्टेप"},
}

_ORDER = Compute(order_check)
_REGIME = Compute(fusion_regime)
# About 65 s of CPU alone (36 training runs); the timeout leaves room for a build that shares its cores with the tests.
_TASKS = Compute(tasks_experiment, timeout=300)

FIGURES = {"tasks": Figure(_TASKS, draw_tasks)}
VALUES = {
    "equiv_no_time": Value(_ORDER, "equiv_no_time", ".1e"),
    "pooled_no_time": Value(_ORDER, "pooled_no_time", ".1e"),
    "equiv_time": Value(_ORDER, "equiv_time", ".2f"),
    "fusion_fixed_sign_1": Value(_REGIME, "fixed_sign_1", ".0f"),
    "fusion_fixed_sign_002": Value(_REGIME, "fixed_sign_002", ".0f"),
    "direction_steps": Value(_TASKS, fmt="d"),
    "motion_steps": Value(_TASKS, fmt="d"),
    "direction_chance": Value(_TASKS, fmt=".0f"),
    **{f"{task}_bound": Value(_TASKS, fmt=".0f") for task in ("direction", "leaky", "motion")},
}
# What the pages quote of each run: each seed's final accuracy (the results tables), how many seeds solved the task,
# the lowest or highest final accuracy, the step by which every solving seed had passed 95 %.
_QUOTED = {
    "direction": {"probe": ("max",), "sum": (), "fusion": ("solved",), "divided+time": ("solved", "by")},
    "direction_leaky": {"probe": ("min",), "sum": ("solved",)},
    "motion": {"probe": ("max",), "sum": ("min", "max"), "fusion": ("solved",), "divided": ("solved",)},
}
for _task, _runs_quoted in _QUOTED.items():
    for _kind, _stats in _runs_quoted.items():
        for _key in ("s0", "s1", "s2", *_stats):
            _name = f"{_task}_{_kind}_{_key}"
            VALUES[_name.replace("+", "_")] = Value(_TASKS, _name, ".0f")
for _name in ("direction_fusion_1_solved", "direction_divided_time_002_solved"):
    VALUES[_name] = Value(_TASKS, _name, ".0f")
