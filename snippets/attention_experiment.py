"""What do two small video tasks need: the *order* of frames, *cross-frame interaction*, or only one frame?

- ``order_check``: divided attention without a time embedding is blind to frame order (a shuffle test).
- Task 1, "left or right?" (``direction_clips``): a bar moves one column per frame, left or right, wrapping around
  at the edge, from a start column drawn uniformly from all columns. A left-moving clip is a right-moving clip
  played backwards, and in every single frame the bar's column is uniform in both classes.
- Task 2, "still or moving?" (``still_or_moving_clips``): the bar stays in one column or moves one column per
  frame (left or right, wrapping around), from a uniform start column; again every single frame is alike in both
  classes.
- Two variants of Task 1 that leak: ``leaky``, its first version (right-moving clips start in the left columns,
  left-moving ones in the right columns, so one timestamped frame gives the label away), and ``gapped``, starts
  drawn from six of the eight columns (no single frame decides the class, but several hint at it).
- Generalisation tests that need no retraining: the trained models on clips whose bar moves two columns per frame
  (``speed=2``); and, for Task 2, models trained without one start column, tested on clips that start there.

Seven models, one recipe (columns of a frame are its tokens; Adam; balanced classes; fixed seeds; the initial scale
of positions set per family of read-out, see ``ClipClassifier``):

- ``probe``: one frame of the clip, drawn at random, with its index (time embedding), through the per-frame
  encoder (space-only attention) and an MLP. Scored on every frame of a larger test set: above chance at some
  frame index, the label is in that frame.
- ``sum``: every frame through the same per-frame encoder, averaged over frames, a linear head: its logit is a sum
  over frames of one term per frame (the additive read-out, ``additive_limits``). TimeSformer's space-only model
  reads out this way (without a time embedding).
- ``pooled_mlp``: the same averaged per-frame features, an MLP head: a non-linear read-out after pooling.
- ``fusion``: the same per-frame features concatenated and fused by an MLP (late fusion): frames interact only in
  the read-out, never through attention. ``fusion_small``: the same with two hidden units, about the size of the
  divided-attention models.
- ``divided``: divided space-time attention (TimeSformer), mean-pooled, a linear head; no time embedding, so it
  cannot see order (a clip and its reverse give it the same output).
- ``divided+time``: the same with a learned time embedding.

The models' modules come from ``snippets.attention_models``.
"""

from __future__ import annotations

import functools
import itertools

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


def _start_columns(n: int, size: int, starts, g: torch.Generator):
    """A start column per clip, uniform over ``starts`` (default: every column)."""
    pool = torch.arange(size) if starts is None else torch.as_tensor(list(starts))
    return pool[torch.randint(0, len(pool), (n,), generator=g)]


def _draw_bar(cols, size: int, g: torch.Generator):
    """Clips (n, frames, size, size) with a bar of brightness 1 in column cols[i, t] of frame t, plus noise."""
    n, frames = cols.shape
    clips = torch.zeros(n, frames, size, size)
    clips[torch.arange(n)[:, None], torch.arange(frames), :, cols] = 1.0
    return clips + NOISE * torch.randn(clips.shape, generator=g)


def direction_clips(
    n: int, frames: int = 6, size: int = 8, seed: int = 0, start_cue: bool = False, speed: int = 1, starts=None
):
    """Task 1: label 1 = the bar moves right ``speed`` columns per frame, 0 = left, wrapping around at the edge.

    The start column is uniform over ``starts`` (default: all ``size`` columns, so that in every frame the bar's
    column is uniform in both classes). ``start_cue=True`` gives the leaky first version instead: starts in
    0 .. size - frames and no wrap-around, a left clip being a right clip reversed, so frame 0's column alone tells
    the class. Returns (clips (n, frames, size, size), labels (n,))."""
    g = torch.Generator().manual_seed(seed)
    labels = _balanced_labels(n, g)
    t = torch.arange(frames)
    if start_cue:
        start = torch.randint(0, size - frames + 1, (n,), generator=g)
        cols = torch.where(labels[:, None] == 1, start[:, None] + t, start[:, None] + frames - 1 - t)
    else:
        start = _start_columns(n, size, starts, g)
        cols = (start[:, None] + (2 * labels[:, None] - 1) * speed * t) % size
    return _draw_bar(cols, size, g), labels


def still_or_moving_clips(n: int, frames: int = 6, size: int = 8, seed: int = 0, speed: int = 1, starts=None):
    """Task 2: label 1 = the bar moves ``speed`` columns per frame (left or right, wrapping around at the edge),
    label 0 = it stays at one column. The start column is uniform over ``starts`` (default: all ``size`` columns,
    so that in every single frame the bar's column is uniform in both classes).
    Returns (clips (n, frames, size, size), labels (n,))."""
    g = torch.Generator().manual_seed(seed)
    labels = _balanced_labels(n, g)
    start = _start_columns(n, size, starts, g)
    step = torch.randint(0, 2, (n,), generator=g) * 2 - 1  # -1 left, +1 right
    cols = (start[:, None] + labels[:, None] * step[:, None] * speed * torch.arange(frames)) % size
    return _draw_bar(cols, size, g), labels


GAPPED_STARTS = (0, 1, 2, 4, 5, 7)  # Task 1 with two start columns missing: no frame decides, several hint
TASKS = {
    "direction": direction_clips,
    "motion": still_or_moving_clips,
    "leaky": functools.partial(direction_clips, start_cue=True),
    "gapped": functools.partial(direction_clips, starts=GAPPED_STARTS),
}


def bar_columns(clips):
    """The bar's column in each frame, (n, frames): the brightest column (the bar is 1, the noise 0.1)."""
    return clips.mean(dim=2).argmax(dim=-1)


def single_frame_bound(task: str, n: int = 20000, frames: int = 6, size: int = 8, seed: int = 99) -> list[float]:
    """Per frame index, the best accuracy (%) of a rule that reads that frame's bar column (the only content of a
    frame that may differ by class: brightness and noise are the same by construction, as the tests check): from
    ``n`` clips of the task's own generator, the commoner label of every (frame, column) on the first half, scored
    on the second half. 50 at every index means no frame tells the class; their mean is what a rule reading one
    frame drawn at random scores."""
    clips, labels = TASKS[task](n, frames, size, seed=seed)
    cols = bar_columns(clips)
    t = torch.arange(frames).expand(n, -1)
    half = n // 2
    counts = torch.zeros(frames, size, 2).index_put_(
        (t[:half], cols[:half], labels[:half, None].expand(-1, frames)), torch.ones(half, frames), accumulate=True
    )
    rule = counts.argmax(dim=-1)  # (frames, size): the label to guess
    hits = rule[t[half:], cols[half:]] == labels[half:, None]
    return (hits.float().mean(dim=0) * 100).tolist()


def clip_kinds(task: str, frames: int = 6, size: int = 8):
    """Every kind of clip the task's generator makes, before noise: (bar columns (k, frames), labels (k,), weights
    (k,)). A kind's weight is its share of clips: half the clips per class, shared equally by the class's kinds
    (every start column and, for moving bars, both directions are equally likely)."""
    clips, labels = TASKS[task](4096, frames, size, seed=98)
    kinds = torch.unique(torch.cat([bar_columns(clips), labels[:, None]], dim=1), dim=0).numpy()
    cols, y = kinds[:, :-1], kinds[:, -1]
    weights = 0.5 / np.array([np.sum(y == label) for label in y])
    return cols, y, weights


def _reachable(null, sign, wrong) -> bool:
    """Is there a logit vector z with null @ z = 0 and sign_i z_i > 0 for every kind i not in ``wrong``?

    By the theorem of the alternative (Gordan, Motzkin), no such z exists exactly when some nonzero
    y = null.T @ mu vanishes on ``wrong`` and has sign_i y_i >= 0 elsewhere. mu lives in the null space of
    null[:, wrong].T, of dimension <= 3 here; the cone {nu: M nu >= 0} there is nonzero when M has a null vector
    or an extreme ray, and each extreme ray is the null direction of some d - 1 independent rows of M."""
    right = np.setdiff1d(np.arange(null.shape[1]), wrong)
    _, s, vt = np.linalg.svd(null[:, wrong].T) if len(wrong) else (None, np.zeros(0), np.eye(len(null)))
    basis = vt[int(np.sum(s > 1e-9)) :].T  # mu = basis @ nu
    d = basis.shape[1]
    if d == 0:
        return True
    m = (sign[right, None] * null[:, right].T) @ basis
    if np.linalg.matrix_rank(m, tol=1e-9) < d:
        return False
    for rows in itertools.combinations(range(len(m)), d - 1):
        sub = m[list(rows)].reshape(d - 1, d)
        _, s, vt = np.linalg.svd(sub)
        if int(np.sum(s > 1e-9)) < d - 1:
            continue
        ray = m @ vt[-1]
        if (ray >= -1e-9).all() or (ray <= 1e-9).all():
            return False
    return True


def additive_limits(task: str, frames: int = 6, size: int = 8) -> dict:
    """What a read-out that adds one term per frame, g(column_t, t) plus a constant, can do on the task's kinds of
    clip (``clip_kinds``): the rank of the logits it can reach; the largest gradient of the expected cross-entropy
    at a constant logit (0: since every (frame, column) is equally common in both classes, a constant is where
    cross-entropy, convex in g, has its minimum among additive read-outs); and the best accuracy (%) any additive
    rule reaches, with the fewest (lightest) kinds of clip wrong."""
    cols, y, w = clip_kinds(task, frames, size)
    design = np.zeros((len(y), frames * size + 1))
    design[np.arange(len(y))[:, None], np.arange(frames) * size + cols] = 1.0
    design[:, -1] = 1.0  # the constant
    rank = np.linalg.matrix_rank(design)
    _, _, vt = np.linalg.svd(design.T)
    null = vt[rank:]  # every reachable logit vector z satisfies null @ z = 0
    gradient = np.abs(design.T @ (w * (0.5 - y))).max()  # d(expected cross-entropy)/dg at a constant logit of 0
    sign = 2.0 * y - 1
    candidates = [c for k in range(3) for c in itertools.combinations(range(len(y)), k)]
    wrong = min((c for c in candidates if _reachable(null, sign, list(c))), key=lambda c: w[list(c)].sum())
    return {
        "kinds": len(y),
        "rank": int(rank),
        "gradient": float(gradient),
        "best": float(100 * (1 - w[list(wrong)].sum())),
    }


def additive_experiment() -> dict:
    return {f"{task}_{key}": value for task in ("direction", "motion") for key, value in additive_limits(task).items()}


# ---------------------------------------------------------------- the models
KINDS = ("probe", "sum", "pooled_mlp", "fusion", "fusion_small", "divided", "divided+time")
DIRECTION_KINDS = ("probe", "sum", "pooled_mlp", "fusion", "fusion_small", "divided+time")
MOTION_KINDS = ("probe", "sum", "pooled_mlp", "fusion", "fusion_small", "divided")
# The initial scale of positions per family of read-out, chosen by looking at these runs (``ClipClassifier``).
POS_STD = {"probe": 0.02, "pooled_mlp": 0.02, "fusion": 0.02, "fusion_small": 0.02}
POS_STD |= {"sum": 1.0, "divided": 1.0, "divided+time": 1.0}
HIDDEN = {"probe": 64, "pooled_mlp": 64, "fusion": 64, "fusion_small": 2}  # hidden units of the MLP read-outs


class ClipClassifier(nn.Module):
    """Columns of each frame are its tokens: a linear embedding plus a learned column position.

    ``probe``, ``sum``, ``pooled_mlp`` and the two ``fusion`` models share a per-frame encoder: time embedding, then
    a residual space-only attention block; a frame's features are its tokens after it, concatenated. ``sum``
    averages them over frames into a linear head, ``pooled_mlp`` into an MLP; ``fusion`` concatenates the frames'
    features into an MLP. ``divided`` and ``divided+time``: divided space-time attention, mean-pooled over frames and
    tokens, a linear head.

    ``pos_std``: initial scale of the column positions and the time embedding; by default ``POS_STD``, chosen per
    family by looking at these runs. A linear read-out after attention sees positions only through attention, which
    needs them large from the start: at the customary 0.02 divided attention sits on a plateau. An MLP read-out over
    the concatenated tokens sees them directly, and at 1.0 their large constant part switches many of its hidden
    units off on every clip, where they get no gradient. ``direction_experiment`` runs late fusion and divided attention
    at each other's scale to show both."""

    def __init__(self, kind: str, frames: int, size: int, dim: int = 16, pos_std=None, hidden=None):
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
        width = size * dim * (frames if kind.startswith("fusion") else 1)
        if kind == "sum":
            self.head = nn.Linear(width, 2)
        else:
            units = HIDDEN[kind] if hidden is None else hidden
            self.head = nn.Sequential(nn.Linear(width, units), nn.ReLU(), nn.Linear(units, 2))

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
        return self.head(frames.mean(dim=1) if self.kind in ("sum", "pooled_mlp") else frames.flatten(1))


def parameter_count(kind: str, frames: int = 6, size: int = 8) -> int:
    """The number of trained parameters of a model kind on clips of ``frames`` frames of ``size`` columns."""
    return sum(p.numel() for p in ClipClassifier(kind, frames, size).parameters())


def train(
    task: str,
    kind: str,
    seed: int,
    steps: int = 400,
    n_train: int = 512,
    n_test: int = 256,
    pos_std=None,
    starts=None,
    frames: int = 6,
    size: int = 8,
    batch: int = 64,
    lr: float = 5e-3,
    every: int = 25,
) -> dict:
    """Train one classifier on one task; return the trained model, its final test accuracy, the test accuracy every
    ``every`` steps and chance (the share of the test set's commoner label: what a constant guess scores).
    ``starts``: training and test clips start only in these columns.

    The probe sees one frame per clip, drawn at random, and that frame's index; its test set is one random frame
    of each test clip (``probe_accuracy_per_frame`` scores it on every frame)."""
    torch.manual_seed(seed)
    where = {} if starts is None else {"starts": starts}
    xtr, ytr = TASKS[task](n_train, frames, size, seed=1000 + seed, **where)
    xte, yte = TASKS[task](n_test, frames, size, seed=2000 + seed, **where)
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
    return {"accuracy": curve[-1], "curve": np.array(curve), "chance": max(share, 1 - share), "model": model}


@torch.no_grad()
def accuracy(model, clips, labels) -> float:
    """Accuracy (%) of a clip classifier on ``clips``."""
    return float((model(clips).argmax(1) == labels).float().mean() * 100)


@torch.no_grad()
def probe_accuracy_per_frame(model, clips, labels) -> list[float]:
    """The probe scored on every frame of every clip: accuracy (%) per frame index."""
    n, frames = clips.shape[:2]
    return [
        float((model(clips[:, t : t + 1], torch.full((n,), t)).argmax(1) == labels).float().mean() * 100)
        for t in range(frames)
    ]


def leak_threshold(n: int) -> float:
    """50 % plus three standard errors of an accuracy measured on ``n`` clips at chance: a probe above it at some
    frame index has found the class in that frame."""
    return 50 + 3 * 100 * (0.25 / n) ** 0.5


@torch.no_grad()
def dead_units(model, clips) -> int:
    """Hidden units of an MLP read-out that are off (ReLU input <= 0) on every one of ``clips``: a unit off on every
    input gets no gradient, so training cannot switch it back on."""
    seen = []
    hook = model.head[1].register_forward_hook(lambda module, args, result: seen.append(args[0]))
    model(clips)
    hook.remove()
    return int((seen[0] <= 0).all(dim=0).sum())


def fusion_regime(seeds=(0, 1, 2), n: int = 256) -> dict:
    """Late fusion's hidden units that are off on all ``n`` clips of Task 1 at initialisation, per initial scale of
    positions, averaged over ``seeds``."""
    clips = direction_clips(n, seed=4000)[0]
    out = {}
    for std, name in ((1.0, "dead_init_1"), (0.02, "dead_init_002")):
        counts = []
        for seed in seeds:
            torch.manual_seed(seed)
            counts.append(dead_units(ClipClassifier("fusion", clips.shape[1], clips.shape[2], pos_std=std), clips))
        out[name] = float(np.mean(counts))
    return out


SOLVED = 95.0  # final test accuracy (%) at which a run counts as solving its task
N_EVAL = 512  # clips of each generalisation test (one standard error at 50 %: 2.2 points)
N_FRAMES_TEST = 2048  # clips on every frame of which the probe is scored (one standard error at 50 %: 1.1 points)
HELD_OUT = (0,)  # the start column that Task 2's held-out runs never see in training
SEEDS = (0, 1, 2)  # every model of both tasks is trained once per seed


def _runs(task: str, kind: str, seeds, steps: int, every: int, tests: dict, held_out=None, **kw) -> dict:
    """One model on one task, once per seed: accuracies in %, curves, what the pages quote, and the trained
    models scored on ``tests`` ({name: (clips, labels)}: generalisation tests, or for the probe every frame)."""
    starts = None if held_out is None else [s for s in range(kw.get("size", 8)) if s not in held_out]
    runs = [train(task, kind, s, steps, every=every, starts=starts, **kw) for s in seeds]
    acc = np.array([r["accuracy"] for r in runs]) * 100
    curve = np.array([r["curve"] for r in runs]) * 100
    reached = [int(np.argmax(c >= SOLVED) + 1) * every for c in curve if c[-1] >= SOLVED]
    out = {"acc": acc, "curve": curve, "min": float(acc.min()), "max": float(acc.max())}
    out |= {"solved": int((acc >= SOLVED).sum()), "by": max(reached, default=0)}
    out["chance"] = float(max(r["chance"] for r in runs) * 100)
    out |= {f"s{i}": float(a) for i, a in enumerate(acc)}
    models = [r["model"] for r in runs]
    if kind == "probe":
        clips, labels = tests["frames"]
        frames = np.array([probe_accuracy_per_frame(m, clips, labels) for m in models])
        return out | {"frames": frames, "frame_max": float(frames.max()), "threshold": leak_threshold(len(labels))}
    for name, (clips, labels) in tests.items():
        if name != "frames" and (name == "held" or held_out is None):
            out |= {f"{name}_s{i}": accuracy(m, clips, labels) for i, m in enumerate(models)}
    if isinstance(models[0].head, nn.Sequential):
        out |= {f"dead_s{i}": dead_units(m, tests["frames"][0][:N_EVAL]) for i, m in enumerate(models)}
    return out


def _experiment(task: str, kinds, seeds, steps: int, every: int, extra=()) -> dict:
    """Every model of ``kinds`` on ``task``; ``extra``: (name, task, kind, steps, keywords) for further runs. Keys
    start with ``task``: ``direction_fusion_s0``, ``direction_leaky_probe_curve``, ``motion_fusion_speed2_s1``."""
    out = {"steps": steps, "kinds": list(kinds), "every": every}
    runs = [(kind, task, kind, steps, {}) for kind in kinds] + list(extra)
    for name, run_task, kind, run_steps, kw in runs:
        tests = {"frames": TASKS[run_task](N_FRAMES_TEST, seed=7000)}
        if run_task in ("direction", "motion"):
            tests["speed2"] = TASKS[run_task](N_EVAL, seed=5000, speed=2)
        if "held_out" in kw:
            tests["held"] = TASKS[run_task](N_EVAL, seed=6000, starts=kw["held_out"])
        for key, value in _runs(run_task, kind, seeds, run_steps, every, tests, **kw).items():
            out[f"{name}_{key}"] = value
    out["chance"] = max(out[f"{name}_chance"] for name, *_ in runs)
    return {f"{task}_{key}": value for key, value in out.items()}


def tasks_setup(seeds=SEEDS) -> dict:
    """What both tasks' runs share: the seeds, every model's parameter count and hidden units, the held-out start
    column and the size of the probe's test set."""
    out = {"seeds": np.array(seeds), "held_out_column": HELD_OUT[0], "frames_test": N_FRAMES_TEST}
    out |= {f"params_{kind}".replace("+", "_"): parameter_count(kind) for kind in KINDS}
    out |= {f"hidden_{kind}": units for kind, units in HIDDEN.items()}
    out["fusion_size_ratio"] = out["params_fusion"] / out["params_divided_time"]
    return out


def _bounds(*tasks: str) -> dict:
    """The best single-frame rule on each task's data: per frame index, its best, its mean."""
    out = {}
    for task in tasks:
        bound = single_frame_bound(task)
        out |= {
            f"{task}_bound_frames": np.array(bound),
            f"{task}_bound": max(bound),
            f"{task}_bound_mean": float(np.mean(bound)),
        }
    return out


def direction_experiment(seeds=SEEDS, steps: int = 400, leaky_steps: int = 100, gapped_steps: int = 200) -> dict:
    """Task 1, three seeds per model, for the models that can see order (divided attention without a time
    embedding cannot: a clip and its reverse give it the same output, ``order_check``); the probe and the additive
    read-out on the leaky first version, the additive read-out on the gapped one; each family at the other's
    initial scale of positions (``ClipClassifier``). Its own compute, as ``motion_experiment`` is: the build runs
    them side by side."""
    extra = [
        ("leaky_probe", "leaky", "probe", leaky_steps, {}),
        ("leaky_sum", "leaky", "sum", leaky_steps, {}),
        ("gapped_sum", "gapped", "sum", gapped_steps, {}),
        ("fusion_1", "direction", "fusion", steps, {"pos_std": 1.0}),
        ("divided_time_002", "direction", "divided+time", steps, {"pos_std": 0.02}),
    ]
    out = _experiment("direction", DIRECTION_KINDS, seeds, steps, 25, extra=extra)
    speed2 = [out[f"direction_{kind}_speed2_s{i}"] for kind in DIRECTION_KINDS[1:] for i in range(len(seeds))]
    out |= {"direction_speed2_best": max(speed2), "direction_speed2_worst": min(speed2)}
    return out | _bounds("direction", "leaky", "gapped")


def motion_experiment(seeds=SEEDS, steps: int = 100) -> dict:
    """Task 2, three seeds per model, for every model but divided attention with a time embedding (a still bar is
    still in any order), and again, for the models that solve it, trained without one start column
    (``HELD_OUT``)."""
    extra = [
        (f"heldout_{kind}", "motion", kind, steps, {"held_out": HELD_OUT})
        for kind in ("pooled_mlp", "fusion", "divided")
    ]
    return _experiment("motion", MOTION_KINDS, seeds, steps, 10, extra=extra) | _bounds("motion")


# ---------------------------------------------------------------- figure
COLORS = {kind: f"C{i}" for i, kind in enumerate(KINDS)}  # one colour per model
# Task 1's further runs, drawn in the panel of the model they vary: (run, line style)
EXTRA_LINES = {
    "probe": [("leaky_probe", "--")],
    "sum": [("leaky_sum", "--"), ("gapped_sum", "-.")],
    "fusion": [("fusion_1", "--")],
    "divided+time": [("divided_time_002", "--")],
}


def draw_tasks(data, tr):
    """Task 1 above, Task 2 below; one panel per model: the test accuracy of each seed along training (the last
    point is the final accuracy). In Task 1's panels, dashed or dash-dotted: the leaky and gapped versions, and each
    family started at the other's scale."""
    kinds = {task: data[f"{task}_kinds"] for task in ("direction", "motion")}
    fig, axes = new_figure(7.2, 4.6, nrows=2, ncols=max(map(len, kinds.values())), sharey=True)
    for row, (task, task_kinds) in zip(axes, kinds.items()):
        steps_max, every = data[f"{task}_steps"], data[f"{task}_every"]
        for ax, kind in zip(row, task_kinds):
            extra = [(n, s) for n, s in EXTRA_LINES.get(kind, []) if f"{task}_{n}_curve" in data]
            for name, style in [(kind, "-"), *extra]:
                curves = data[f"{task}_{name}_curve"]
                steps = np.arange(1, curves.shape[1] + 1) * every
                for j, c in enumerate(curves):
                    label = tr(name) if extra and j == 0 else None
                    ax.plot(steps, c, color=COLORS[kind], ls=style, lw=1.1, alpha=0.85, label=label)
            ax.axhline(data[f"{task}_chance"], color="grey", ls=":", lw=1)
            ax.set_title(tr(f"title_{kind}"), fontsize=7)
            ax.set(xlim=(0, steps_max), ylim=(0, 105), xticks=[0, steps_max // 2, steps_max], yticks=[0, 50, 100])
            ax.grid(False, axis="x")  # fewer lines: the figure stays light on a phone
            ax.tick_params(labelsize=6.5)
            if extra:
                ax.legend(fontsize=5.5, loc="lower right", handlelength=1.6)
        row[0].set_ylabel(tr(f"row_{task}"), fontsize=7.5)
    fig.supxlabel(tr("step"), fontsize=8)
    return fig


LABELS = {
    "title_probe": {"en": "single-frame\nprobe", "hi": "एक फ़्रेम\nवाला प्रोब"},
    "title_sum": {"en": "per frame,\naveraged, linear", "hi": "फ़्रेम-दर-फ़्रेम,\nऔसत, रैखिक"},
    "title_pooled_mlp": {"en": "per frame,\naveraged, MLP", "hi": "फ़्रेम-दर-फ़्रेम,\nऔसत, MLP"},
    "title_fusion": {"en": "per frame,\nlate fusion", "hi": "फ़्रेम-दर-फ़्रेम,\nलेट फ़्यूज़न"},
    "title_fusion_small": {"en": "late fusion,\n2 hidden units", "hi": "लेट फ़्यूज़न,\n2 हिडन यूनिट"},
    "title_divided": {"en": "divided,\nno time emb.", "hi": "डिवाइडेड, बिना\nटाइम एम्बेडिंग"},
    "title_divided+time": {"en": "divided +\ntime emb.", "hi": "डिवाइडेड +\nटाइम एम्बेडिंग"},
    "row_direction": {"en": "Task 1: left or right?\ntest accuracy (%)", "hi": "काम 1: बाएँ या दाएँ?\nटेस्ट एक्यूरेसी (%)"},
    "row_motion": {"en": "Task 2: still or moving?\ntest accuracy (%)", "hi": "काम 2: रुकी या चलती?\nटेस्ट एक्यूरेसी (%)"},
    "probe": {"en": "this task", "hi": "यह काम"},
    "sum": {"en": "this task", "hi": "यह काम"},
    "leaky_probe": {"en": "old Task 1", "hi": "पुराना काम 1"},
    "leaky_sum": {"en": "old Task 1", "hi": "पुराना काम 1"},
    "gapped_sum": {"en": "6 start cols", "hi": "6 शुरुआती कॉलम"},
    "fusion": {"en": "init σ 0.02", "hi": "शुरुआती σ 0.02"},
    "fusion_1": {"en": "init σ 1.0", "hi": "शुरुआती σ 1.0"},
    "divided+time": {"en": "init σ 1.0", "hi": "शुरुआती σ 1.0"},
    "divided_time_002": {"en": "init σ 0.02", "hi": "शुरुआती σ 0.02"},
    "step": {"en": "training step", "hi": "ट्रेनिंग स्टेप"},
}

_ORDER = Compute(order_check)
_REGIME = Compute(fusion_regime)
_ADDITIVE = Compute(additive_experiment)
# Task 1 takes about 50 s of CPU, Task 2 about 14 s (60 training runs of 100 to 400 steps in all): two computes,
# each started when a core is free, the longer first (a longer timeout starts first). The timeouts leave room for a
# build that shares its cores with the tests, as video_diffusion's training does.
_SETUP = Compute(tasks_setup)
_DIRECTION = Compute(direction_experiment, timeout=600)
_MOTION = Compute(motion_experiment, timeout=300)


def _tasks(key: str) -> Compute:
    """The compute that returns ``key``: Task 1's (direction, leaky, gapped), Task 2's (motion) or the setup's."""
    task = key.partition("_")[0]
    return _DIRECTION if task in ("direction", "leaky", "gapped") else _MOTION if task == "motion" else _SETUP


FIGURES = {"tasks": Figure((_SETUP, _DIRECTION, _MOTION), draw_tasks)}
VALUES = {
    "equiv_no_time": Value(_ORDER, "equiv_no_time", ".1e"),
    "pooled_no_time": Value(_ORDER, "pooled_no_time", ".1e"),
    "equiv_time": Value(_ORDER, "equiv_time", ".2f"),
    "fusion_dead_init_1": Value(_REGIME, "dead_init_1", ".0f"),
    "fusion_dead_init_002": Value(_REGIME, "dead_init_002", ".0f"),
    **{
        f"{task}_{name}": Value(_ADDITIVE, f"{task}_{key}", fmt)
        for task in ("direction", "motion")
        for name, key, fmt in (
            ("clip_kinds", "kinds", "d"),
            ("additive_rank", "rank", "d"),
            ("additive_best", "best", "g"),
        )
    },
    **{name: Value(_tasks(name), fmt="d") for name in ("direction_steps", "motion_steps", "held_out_column")},
    "frames_test": Value(_SETUP, fmt=",d"),
    **{f"hidden_{kind}": Value(_SETUP, fmt="d") for kind in HIDDEN if kind.startswith("fusion")},
    **{f"params_{kind}".replace("+", "_"): Value(_SETUP, fmt=",d") for kind in KINDS},
    "fusion_size_ratio": Value(_SETUP, fmt=".0f"),
    "direction_chance": Value(_DIRECTION, fmt=".0f"),
    "direction_speed2_best": Value(_DIRECTION, fmt=".0f"),
    "direction_speed2_worst": Value(_DIRECTION, fmt=".0f"),
    **{f"{task}_bound": Value(_tasks(task), fmt=".0f") for task in ("direction", "leaky", "motion", "gapped")},
    "leaky_bound_mean": Value(_DIRECTION, fmt=".0f"),
}
# What the pages quote of each run: each seed's final accuracy (acc), and further statistics: how many seeds solved
# the task, the lowest or highest final accuracy, the step by which every solving seed had passed 95 %, the probe's
# best frame index and the threshold it must stay under, each seed's accuracy on the generalisation tests (speed2,
# held) and each seed's dead hidden units.
_QUOTED = {
    "direction": {
        "probe": ("acc", "frame_max", "threshold"),
        "sum": ("acc", "speed2"),
        "pooled_mlp": ("acc", "solved", "speed2"),
        "fusion": ("acc", "solved", "by", "speed2"),
        "fusion_small": ("acc", "solved", "speed2"),
        "divided+time": ("acc", "solved", "by", "speed2"),
        "leaky_probe": ("acc", "min", "frame_max"),
        "leaky_sum": ("acc", "solved"),
        "gapped_sum": ("acc", "solved"),
        "fusion_1": ("solved", "dead"),
        "divided_time_002": ("solved",),
    },
    "motion": {
        "probe": ("acc", "frame_max"),
        "sum": ("acc", "min", "max", "speed2"),
        "pooled_mlp": ("acc", "solved", "speed2"),
        "fusion": ("acc", "solved", "speed2"),
        "fusion_small": ("acc", "solved", "speed2"),
        "divided": ("acc", "solved", "speed2"),
        "heldout_pooled_mlp": ("acc", "held"),
        "heldout_fusion": ("acc", "held"),
        "heldout_divided": ("acc", "held"),
    },
}
_PER_SEED = {"acc": "s{}", "speed2": "speed2_s{}", "held": "held_s{}", "dead": "dead_s{}"}
for _task, _runs_quoted in _QUOTED.items():
    for _kind, _stats in _runs_quoted.items():
        for _stat in _stats:
            for _key in [_PER_SEED[_stat].format(i) for i in range(3)] if _stat in _PER_SEED else [_stat]:
                _name = f"{_task}_{_kind}_{_key}"
                VALUES[_name.replace("+", "_")] = Value(_tasks(_name), _name, ".1f" if _key == "threshold" else ".0f")
