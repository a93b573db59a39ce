"""The labs' trainings, run once per bilingual build: the English and the Hindi copy of a lab train the same models
with the same arguments (they differ only in the words they print), so the second kernel loads what the first one
trained instead of training it again (about 20 of the 60 seconds of CPU the four labs take).

sitegen/labs.py imports this module in every lab kernel it starts (ipykernel's ``exec_lines``, before the first
cell) with ``VA_LAB_MEMO`` naming a folder of this build; without that variable it does nothing, so a reader's own
run of a lab never meets it. Each function of ``MEMOISED`` is wrapped: its result, and the random number generators'
states it leaves behind, are stored under a hash of its name and arguments by the first kernel that calls it; a later
call with the same arguments gets a copy of the result and the same generator states, so every later cell computes
and prints exactly what it would have (tests/unit/test_lab_memo.py). Snippets cannot change during a build (a build
during which one did fails), so the folder lives for one build only.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
import pickle
import random
from pathlib import Path

MEMOISED = (("snippets.video_diffusion", "train"), ("snippets.attention_experiment", "train"))


def _states():
    import numpy as np
    import torch

    return torch.get_rng_state(), np.random.get_state(), random.getstate()


def _restore(states) -> None:
    import numpy as np
    import torch

    torch.set_rng_state(states[0])
    np.random.set_state(states[1])
    random.setstate(states[2])


def memoised(fn, folder: Path, name: str):
    """``fn`` with its results kept in ``folder`` (the build's cache format), by ``name`` and the arguments of each
    call."""
    from sitegen.compute import Cache

    cache = Cache(folder)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = hashlib.sha256(pickle.dumps((name, args, sorted(kwargs.items())))).hexdigest()
        kept = cache.read(key)
        if kept is not None:  # the result, and the random states the call left behind
            result, states = kept
            _restore(states)
            return result
        result = fn(*args, **kwargs)
        cache.write(key, (result, _states()))
        return result

    return wrapper


def install(folder: str | None = os.environ.get("VA_LAB_MEMO")) -> None:
    if not folder:
        return
    for module_name, function in MEMOISED:
        module = importlib.import_module(module_name)
        setattr(module, function, memoised(getattr(module, function), Path(folder), f"{module_name}.{function}"))


install()
