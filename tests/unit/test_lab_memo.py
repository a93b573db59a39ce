"""sitegen/lab_memo.py: the second language's kernel gets what the first one trained, and leaves the random number
generators as the training would have."""

import random

import numpy as np
import torch

from sitegen.lab_memo import memoised


def test_a_kept_training_returns_its_result_and_the_generator_states_it_left(tmp_path):
    calls = []

    def train(seed, steps=3):
        calls.append((seed, steps))
        torch.manual_seed(seed)
        return {"weights": torch.randn(steps), "noise": np.random.standard_normal(2), "pick": random.random()}

    first, second = memoised(train, tmp_path, "train"), memoised(train, tmp_path, "train")  # two kernels
    made = first(1, steps=4)
    after = (torch.rand(3), np.random.random(3), random.random())  # what the next cell would draw
    kept = second(1, steps=4)
    assert calls == [(1, 4)], "the second kernel does not train again"
    assert torch.equal(kept["weights"], made["weights"]) and np.array_equal(kept["noise"], made["noise"])
    assert kept["pick"] == made["pick"]
    again = (torch.rand(3), np.random.random(3), random.random())
    assert torch.equal(again[0], after[0]) and np.array_equal(again[1], after[1]) and again[2] == after[2]
    second(1, steps=5)
    second(2, steps=4)
    assert calls == [(1, 4), (1, 5), (2, 4)], "other arguments are other trainings"
