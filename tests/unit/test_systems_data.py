"""data/systems.yml and data/references.yml: every system has a source or says it is unpublished, its details follow
the one model of the file (sitegen/data.py: System, as the build checks it), arXiv ids are well-formed and unique,
and the checks catch bad rows."""

import re

import pytest
import yaml
from pydantic import RootModel, ValidationError

from sitegen.data import System, load_references

from conftest import ROOT

ARXIV = re.compile(r"^\d{4}\.\d{4,5}$")


def load(name):
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


def problems(systems, refs, ui):
    """Every problem the build finds in these rows (sitegen.data.System, with the references as context), as
    readable strings, and objectives without a UI label (empty when all is well)."""
    try:
        rows = RootModel[list[System]].model_validate(systems, context={"refs": load_references()}).root
    except ValidationError as e:
        return [f"{systems[err['loc'][0]].get('name', '?')}: {err['msg']}" for err in e.errors(include_url=False)]
    return [
        f"{s.name}: objective {s.objective!r} has no UI label" for s in rows if f"objective_{s.objective}" not in ui
    ]


def test_systems_follow_the_schema():
    assert problems(load("systems.yml"), load("references.yml"), load("ui.yml")) == []


def test_the_check_catches_bad_rows():
    refs, ui = load("references.yml"), load("ui.yml")
    good = {
        "name": "X",
        "ref": "cogvideox",
        "family": {"en": "a", "hi": "ब"},
        "temporal": {"en": "a", "hi": "ब"},
        "compression": "4×8×8",
        "tokens": None,
        "attention": None,
        "objective": "diffusion",
        "params": "5B",
        "where": {"en": "abstract", "hi": "सार"},
    }
    assert problems([good], refs, ui) == []
    for bad in (
        {"ref": None},
        {"ref": "no-such-paper"},
        {"where": None},
        {"where": "abstract"},  # a locator in one language only
        {"objective": "gan"},
        {"compression": "4x8x8"},
        {"params": "five billion"},
        {"unpublished": True},
        {"tokens": {"en": "patches"}},
        {"report": True},
        {"card": "sora-2-card"},
    ):
        assert problems([{**good, **bad}], refs, ui), bad
    unpublished = {
        **good,
        "ref": None,
        "unpublished": True,
        "compression": None,
        "params": None,
        "where": None,
        "objective": "unknown",
    }
    assert problems([unpublished], refs, ui) == []
    assert problems([{**unpublished, "card": "sora-2-card"}], refs, ui) == []
    assert problems([{**unpublished, "card": "no-such-card"}], refs, ui)


def test_arxiv_ids_are_well_formed_and_unique():
    refs = load("references.yml")
    ids = [r["arxiv"] for r in refs.values() if r.get("arxiv")]
    assert [i for i in ids if not ARXIV.match(str(i))] == []
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "name",
    ["Lumiere", "CogVideoX", "HunyuanVideo", "Movie Gen", "Open-Sora 2.0", "Wan 2.1", "LTX-Video", "Sora"]
    + ["Step-Video-T2V", "Wan 2.2", "HunyuanVideo 1.5", "MAGI-1", "Self Forcing", "LTX-2"]
    + ["Seaweed-7B", "Seedance 1.0"],
)
def test_the_2024_26_generators_are_listed(name):
    assert name in {s["name"] for s in load("systems.yml")}


def test_unpublished_systems_are_marked_not_guessed():
    systems = {s["name"]: s for s in load("systems.yml")}
    for name in ("Veo / Veo 3", "Kling", "Pika", "Runway Gen-2", "Runway Gen-3 / Gen-4", "Sora 2"):
        assert systems[name].get("unpublished") is True and systems[name]["ref"] is None
    assert systems["Sora 2"]["card"] == "sora-2-card"
    assert systems["Sora"].get("report") is True
