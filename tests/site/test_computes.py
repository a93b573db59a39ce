"""What the test site's build computed."""

import numpy as np

from sitegen.compute import Cache, cache_key
from snippets._registry import find, modules

from conftest import ROOT


def test_every_compute_result_is_plain_data(site):
    """After the session build, every registered compute has a verified cache entry holding plain data only
    (numbers, strings, lists, arrays: no tensors or objects that would tie the cache to a library's internals)."""
    cache = Cache(ROOT / "test-results" / "cache" / "compute")
    for module, kind, name in COMPUTES:
        for compute in find(kind, f"{module}.{name}").computes:  # a figure may draw from several
            home = compute.fn.__module__.rpartition(".")[2]  # where the compute function lives keys its result
            data = cache.read(cache_key(home, compute.fn.__qualname__, dict(compute.params)))
            assert data is not None, f"{module}.{name}: the session build left no result in the cache"
            for k, v in data.items():
                assert isinstance(v, (int, float, str, tuple, list, np.ndarray, np.integer, np.floating)), (
                    f"{module}.{name}: {k} is {type(v)}"
                )


COMPUTES = sorted(
    {
        (m, kind, name)
        for m in modules()
        for kind in ("FIGURES", "VALUES")
        for name in getattr(__import__(f"snippets.{m}", fromlist=["x"]), kind, {})
    },
    key=str,
)
