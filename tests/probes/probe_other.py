"""An independent probe: imports no other probe module (so editing probe_helper must not recompute it)."""

import os
import uuid

from snippets._registry import Compute, Value


def compute_other():
    d = os.environ.get("VA_PROBE_DIR")
    if d:
        open(os.path.join(d, f"other-{uuid.uuid4().hex}"), "w").close()
    return {"x": 2}


VALUES = {"x": Value(Compute(compute_other), "x", "d")}
