"""The contract between evidence code and the site.

A snippet module (``snippets/<module>.py``) declares what pages may show:

* ``FIGURES = {"name": Figure(compute=Compute(fn, params), draw=draw_fn)}``
* ``VALUES  = {"name": Value(compute=Compute(fn, params), key="ratio", fmt=".1f")}`` (key defaults to "name")
* ``LABELS  = {"label_key": {"en": "...", "hi": "..."}}``  (all figure text, both languages)

Pages refer to ``<module>.<name>``.  ``compute`` is the expensive, language-free part: it returns a
dict of plain data (numbers, lists, numpy arrays) and is run once per build, in a worker process,
and cached.  ``draw(data, tr)`` is cheap and runs once per language; ``tr("label_key", **fmt)``
returns that language's text.  Nothing here imports MkDocs.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import snippets

LANGUAGES = ("hi", "en")


@dataclass(frozen=True)
class Compute:
    """A call ``fn(**params)`` returning a dict of plain data.  ``timeout`` in seconds (None: build default)."""

    fn: Callable[..., dict]
    params: Mapping[str, Any] = field(default_factory=dict)
    timeout: float | None = None

    def run(self) -> dict:
        return self.fn(**dict(self.params))


@dataclass(frozen=True)
class Figure:
    """``compute`` is one Compute, or a tuple of them: each runs (and is cached) on its own, and ``draw`` sees
    their results merged into one dict, so a figure can set two experiments side by side without running either
    twice. Their keys must not clash."""

    compute: Compute | tuple[Compute, ...]
    draw: Callable[[dict, Callable[..., str]], Any]  # -> matplotlib.figure.Figure

    @property
    def computes(self) -> tuple[Compute, ...]:
        return self.compute if isinstance(self.compute, tuple) else (self.compute,)

    def run(self) -> dict:
        return merge([c.run() for c in self.computes])


def merge(results: list[dict]) -> dict:
    """The results of a figure's computes as one dict; a key in two of them is an error."""
    out: dict = {}
    for data in results:
        clash = sorted(out.keys() & data.keys())
        if clash:
            raise ValueError(f"a figure's computes both return {', '.join(map(repr, clash))}: rename one")
        out.update(data)
    return out


@dataclass(frozen=True)
class Value:
    """One number from a compute's result: ``data[key]``, shown with the format spec ``fmt``. ``key`` defaults
    to the value's own name in ``VALUES``."""

    compute: Compute
    key: str | None = None
    fmt: str = ".3g"

    @property
    def computes(self) -> tuple[Compute, ...]:
        return (self.compute,)


class Translator:
    """``tr("key", **kw)``: the label in one language; a missing key or language is an error, never a blank."""

    def __init__(self, module: str, labels: Mapping[str, Mapping[str, str]], lang: str):
        self.module, self.labels, self.lang = module, labels, lang

    def __call__(self, key: str, **kw: Any) -> str:
        try:
            text = self.labels[key][self.lang]
        except KeyError:
            raise KeyError(f"snippets/{self.module}.py: LABELS has no {self.lang!r} text for {key!r}") from None
        return text.format(**kw) if kw else text


@functools.cache
def modules() -> list[str]:
    """Names of the snippet modules (not starting with ``_``), listed once per process (the site imports this
    module afresh for each build)."""
    return sorted(m.name for m in pkgutil.iter_modules(snippets.__path__) if not m.name.startswith("_"))


def load(module: str):
    return importlib.import_module(f"snippets.{module}")


def find(kind: str, ref: str):
    """Look up ``"<module>.<name>"`` in the module's FIGURES or VALUES (kind = "FIGURES" | "VALUES")."""
    module, _, name = ref.partition(".")
    if not name or module not in modules():
        raise LookupError(f"unknown {kind[:-1].lower()} id {ref!r} (no snippet module {module!r})")
    table = getattr(load(module), kind, {})
    if name not in table:
        known = ", ".join(f"{module}.{n}" for n in sorted(table)) or "none"
        raise LookupError(f"unknown {kind[:-1].lower()} id {ref!r} (known: {known})")
    item = table[name]
    return replace(item, key=name) if isinstance(item, Value) and item.key is None else item


def translator(module: str, lang: str) -> Translator:
    return Translator(module, getattr(load(module), "LABELS", {}), lang)


def check_labels() -> list[str]:
    """Every label of every module in every language: a list of problems (empty when complete)."""
    problems = []
    for module in modules():
        for key, texts in getattr(load(module), "LABELS", {}).items():
            for lang in LANGUAGES:
                if not str(texts.get(lang, "")).strip():
                    problems.append(f"snippets/{module}.py: LABELS[{key!r}] has no {lang!r} text")
    return problems
