"""Measured CPU cost of the attention schemes, in one run, reported as ratios (timings are noisy; ratios less so).

For a few clip sizes, times a forward pass of each module (best of several repeats, one thread) and measures the
peak memory of the attention weights from the tensors themselves (``last_weights``), next to the estimate of
``attention_matrix_bytes``. Run: ``.venv/bin/python benchmarks/attention_speed.py``. Not run by the tests or the
build (site builds must be byte-reproducible); results go to benchmarks/results/attention_speed.json.
"""

import json
import os
import platform
import time
from pathlib import Path

import torch

from snippets import attention_cost as cost
from snippets import attention_models as models

SIZES = [(64, 4), (64, 8), (196, 8), (196, 16)]  # (patches per frame, frames)
DIM, HEADS = 64, 4


def best_time(block, x, repeats: int = 5) -> float:
    with torch.no_grad():
        block(x)  # warm-up
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            block(x)
            times.append(time.perf_counter() - started)
    return min(times)


def weights_bytes(block) -> int:
    parts = [m.last_weights for m in block.modules() if isinstance(m, models.SelfAttention)]
    return sum(w.numel() * w.element_size() for w in parts)


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rows = []
    for n, f in SIZES:
        x = torch.randn(1, f, n, DIM)
        row = {"patches": n, "frames": f}
        for name, cls in (
            ("space", models.SpaceOnlyAttention),
            ("joint", models.JointSpaceTimeAttention),
            ("divided", models.DividedSpaceTimeAttention),
        ):
            block = cls(DIM, heads=HEADS).eval()
            row[f"{name}_seconds"] = best_time(block, x)
            row[f"{name}_weights_bytes"] = weights_bytes(block)
        row["time_joint_over_divided"] = row["joint_seconds"] / row["divided_seconds"]
        row["memory_joint_over_divided"] = row["joint_weights_bytes"] / row["divided_weights_bytes"]
        row["comparisons_joint_over_divided"] = cost.comparisons_per_patch("joint", n, f) / cost.comparisons_per_patch(
            "divided", n, f
        )
        rows.append(row)
        print(
            f"N={n:3d} F={f:2d}  time joint/divided {row['time_joint_over_divided']:5.1f}x   "
            f"attention memory joint/divided {row['memory_joint_over_divided']:5.1f}x   "
            f"comparisons joint/divided {row['comparisons_joint_over_divided']:5.1f}x"
        )
    out = Path(__file__).parent / "results" / "attention_speed.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "torch": torch.__version__,
                "cpu_count": os.cpu_count(),
                "machine": platform.machine(),
                "dim": DIM,
                "heads": HEADS,
                "rows": rows,
            },
            indent=1,
        )
    )
    print(f"written {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")


if __name__ == "__main__":
    main()
