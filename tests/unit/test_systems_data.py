"""data/systems.yml and data/references.yml: every system has a source or says it is unpublished, the fields follow
the shared schema (helpers/schema.md), arXiv ids are well-formed and unique, and the checks catch bad rows."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
OBJECTIVES = {"diffusion", "flow-matching", "masked-tokens", "autoregressive", "unknown"}
FIELDS = ("compression", "tokens", "attention", "objective", "params", "where")
ARXIV = re.compile(r"^\d{4}\.\d{4,5}$")
COMPRESSION = re.compile(r"^\d+×\d+×\d+$")
PARAMS = re.compile(r"^\d+(\.\d+)?[MB]$")


def load(name):
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


def problems(systems, refs, ui):
    """Every schema problem of the systems file, as readable strings (empty when all is well)."""
    out = []
    for s in systems:
        name = s.get("name", "?")
        missing = [f for f in FIELDS if f not in s]
        if missing:
            out.append(f"{name}: missing {missing}")
        if s.get("unpublished"):
            if (
                s.get("ref") is not None
                or s.get("objective") != "unknown"
                or any(s.get(f) for f in FIELDS if f != "objective")
            ):
                out.append(f"{name}: unpublished, so ref, details and where must be empty and objective 'unknown'")
        elif s.get("ref") not in refs:
            out.append(f"{name}: neither a known source nor unpublished")
        elif not s.get("where"):
            out.append(f"{name}: published, so 'where' must say where the details are")
        if s.get("objective") not in OBJECTIVES or f"objective_{s.get('objective')}" not in ui:
            out.append(f"{name}: objective {s.get('objective')!r} is not one of {sorted(OBJECTIVES)} with a UI label")
        if s.get("compression") is not None and not COMPRESSION.match(str(s["compression"])):
            out.append(f"{name}: compression {s['compression']!r} is not time×height×width")
        if s.get("params") is not None and not PARAMS.match(str(s["params"])):
            out.append(f"{name}: params {s['params']!r} is not like '5B'")
        for field in ("family", "temporal", "tokens", "attention"):
            if s.get(field) is not None and not all(str(s[field].get(lang, "")).strip() for lang in ("en", "hi")):
                out.append(f"{name}: {field} needs en and hi")
        if s.get("report") and refs.get(s.get("ref"), {}).get("arxiv"):
            out.append(f"{name}: marked as a report but its source is an arXiv paper")
    return out


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
        "where": "abstract",
    }
    assert problems([good], refs, ui) == []
    for bad in (
        {"ref": None},
        {"ref": "no-such-paper"},
        {"where": None},
        {"objective": "gan"},
        {"compression": "4x8x8"},
        {"params": "five billion"},
        {"unpublished": True},
        {"tokens": {"en": "patches"}},
        {"report": True},
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


def test_arxiv_ids_are_well_formed_and_unique():
    refs = load("references.yml")
    ids = [r["arxiv"] for r in refs.values() if r.get("arxiv")]
    assert [i for i in ids if not ARXIV.match(str(i))] == []
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "name", ["Lumiere", "CogVideoX", "HunyuanVideo", "Movie Gen", "Open-Sora 2.0", "Wan 2.1", "LTX-Video", "Sora"]
)
def test_the_2024_26_generators_are_listed(name):
    assert name in {s["name"] for s in load("systems.yml")}


def test_unpublished_systems_are_marked_not_guessed():
    systems = {s["name"]: s for s in load("systems.yml")}
    for name in ("Veo", "Kling", "Pika", "Runway Gen-2", "Runway Gen-3 / Gen-4"):
        assert systems[name].get("unpublished") is True and systems[name]["ref"] is None
    assert systems["Sora"].get("report") is True
