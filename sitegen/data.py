"""The site's data files as typed models: claims, references, systems, glossary, UI strings.

Each file has one model (pydantic), which the build and the tests both use: every problem raises DataError naming
the file, the line and the entry, e.g. ``data/claims.yml:412: claim 'x': unknown verdict 'maybe' (known: ...)``.
Checks that need another file (a claim's sources, a system's reference) get it as validation context. Entries also
read like the YAML they come from (``claim["verdict"]``, ``ref.get("url")``); fields a file gains are kept.
Texts may quote computed values as ``{{module.value}}``; ``value_refs`` lists them with their lines.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    RootModel,
    ValidationError,
    field_validator,
    model_validator,
)

from sitegen.common import LANGS, ROOT

DATA = ROOT / "data"
VALUE = re.compile(r"\{\{\s*(?P<id>[^{}\s]+)\s*\}\}")
CLAIM_TEXTS = ("claim", "note_says", "nuance", "differs")
OBJECTIVES = ("diffusion", "flow-matching", "masked-tokens", "autoregressive", "unknown")
ARXIV = re.compile(r"\d{4}\.\d{4,5}")


class DataError(Exception):
    """A data file is wrong; the message starts with ``file:line``."""


# ---------------------------------------------------------------- reading YAML with line marks
class _LineLoader(yaml.CSafeLoader):
    """Remembers the line of every mapping (key ``__line__``), for messages. libyaml's parser (in PyYAML's wheels)
    gives the same nodes and marks as the pure-Python one, 20x faster on claims.yml."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def load_yaml(path: Path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=_LineLoader)
    except yaml.YAMLError as e:
        raise DataError(f"{rel(path)}: invalid YAML: {e}") from None
    except FileNotFoundError:
        raise DataError(f"{rel(path)}: file not found") from None


# ---------------------------------------------------------------- the models
class Entry(BaseModel):
    """An entry of a data file: typed fields, read as attributes or like a mapping; ``line`` is where it starts."""

    model_config = ConfigDict(extra="allow", frozen=False)
    _line: int | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_line(cls, data: Any, handler):
        line = data.get("__line__") if isinstance(data, dict) else None
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if k != "__line__"}
        entry = handler(data)
        entry._line = line
        return entry

    @property
    def line(self) -> int | None:
        return self._line

    def _attr(self, key: str) -> str:
        """The attribute a YAML key is read as (``def`` -> ``def_``: fields named after Python keywords)."""
        for name, info in type(self).model_fields.items():
            if info.alias == key:
                return name
        return key

    def __getitem__(self, key: str):
        try:
            return getattr(self, self._attr(key))
        except AttributeError:
            raise KeyError(key) from None

    def get(self, key: str, default=None):
        value = getattr(self, self._attr(key), None)
        return default if value is None else value

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None


NonEmpty = Field(min_length=1, pattern=r"\S")


class Texts(Entry):
    """The same text in both languages."""

    hi: str = NonEmpty
    en: str = NonEmpty


class Term(Entry):
    term: str = NonEmpty
    def_: str = Field(alias="def", min_length=1, pattern=r"\S")
    also: list[str] = []


class GlossaryEntry(Entry):
    hi: Term
    en: Term


class Reference(Entry):
    title: str = NonEmpty
    authors: str = ""
    year: int
    venue: str | None = None
    arxiv: str | None = None
    url: str | None = None

    @field_validator("arxiv", mode="before")
    @classmethod
    def _arxiv(cls, v):
        if v is None:
            return None
        if not ARXIV.fullmatch(str(v)):
            raise ValueError(f"arXiv id {v!r} is not of the form 2102.05095")
        return str(v)

    @model_validator(mode="after")
    def _somewhere(self):
        if not (self.arxiv or self.url):
            raise ValueError("needs a title, a year and an arxiv id or url")
        return self


SYSTEM_DETAILS = ("compression", "tokens", "attention", "objective", "params", "where")


class System(Entry):
    name: str = NonEmpty
    year: int | None = None
    ref: str | None = None
    unpublished: bool = False
    report: bool = False
    family: Texts
    temporal: Texts
    compression: str | None = Field(default=None, pattern=r"^\d+×\d+×\d+$")
    tokens: Texts | None = None
    attention: Texts | None = None
    objective: str = "unknown"
    params: str | None = Field(default=None, pattern=r"^\d+(\.\d+)?[MB]$")
    where: str | None = None
    card: str | None = None  # unpublished rows: the model or system card (id in references.yml) that says something

    @model_validator(mode="before")
    @classmethod
    def _all_details_named(cls, data):
        missing = [f for f in SYSTEM_DETAILS if isinstance(data, dict) and f not in data]
        if missing:
            raise ValueError(f"missing {missing} (null when not published)")
        return data

    @model_validator(mode="after")
    def _sourced(self, info):
        refs = (info.context or {}).get("refs", {})
        if self.objective not in OBJECTIVES:
            raise ValueError(f"unknown objective {self.objective!r} (known: {', '.join(OBJECTIVES)})")
        if self.unpublished:
            if (
                self.ref is not None
                or self.objective != "unknown"
                or any(getattr(self, f) for f in SYSTEM_DETAILS if f != "objective")
            ):
                raise ValueError("unpublished, so ref, details and where must be empty and objective 'unknown'")
        elif self.ref is None:
            raise ValueError("give its source (ref) or mark it 'unpublished: true'")
        elif refs and self.ref not in refs:
            raise ValueError(f"unknown source {self.ref!r} (not in data/references.yml)")
        elif not self.where:
            raise ValueError("published, so 'where' must say where the details are")
        if self.report and refs.get(self.ref) is not None and refs[self.ref].arxiv:
            raise ValueError("marked as a report but its source is an arXiv paper")
        if self.card is not None and (not self.unpublished or (refs and self.card not in refs)):
            raise ValueError("'card' names a model card in data/references.yml, for unpublished systems only")
        return self


class Verdict(Entry):
    hi: str = NonEmpty
    en: str = NonEmpty
    meaning: Texts
    rating: int = Field(ge=1, le=5)
    icon: str = NonEmpty


class Source(Entry):
    ref: str
    where: str | None = None


class VerdictChange(Entry):
    from_: str = Field(alias="from")
    to: str


class Change(Entry):
    date: datetime.date
    verdict: VerdictChange | None = None
    what: Texts


class Published(Entry):
    date: datetime.date
    verdict: str


class Claim(Entry):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    section: int
    note_verdict: str
    verdict: str
    table_row: int | None = None
    claim: Texts
    note_says: Texts
    nuance: Texts
    differs: Texts | None = None
    evidence: list[str] = []
    sources: list[Source] = []
    published: Published
    reviewed: datetime.date
    history: list[Change] = []

    @property
    def anchor(self) -> str:
        """The id of the claim's card on its page (and of its share image)."""
        return f"claim-{self.id}"

    @field_validator("evidence")
    @classmethod
    def _figure_ids(cls, evidence):
        for ev in evidence:
            if "." not in ev:
                raise ValueError(f"evidence must be figure ids like 'module.name', got {ev!r}")
        return evidence

    @model_validator(mode="after")
    def _consistent(self, info):
        ctx = info.context or {}
        verdicts, sections, refs = ctx.get("verdicts", {}), ctx.get("sections", {}), ctx.get("refs", {})
        if sections and self.section not in sections:
            raise ValueError(f"unknown section {self.section!r} (known: {sorted(sections)})")
        for key in ("note_verdict", "verdict"):
            if verdicts and self[key] not in verdicts:
                raise ValueError(f"unknown {key} {self[key]!r} (known: {', '.join(verdicts)})")
        if (self.differs is not None or self.verdict != self.note_verdict) and self.differs is None:
            raise ValueError("our verdict differs from the note's, so 'differs' must say why, in 'hi' and 'en'")
        for src in self.sources:
            if refs and src.ref not in refs:
                raise ValueError(f"unknown source {src.ref!r} (not in data/references.yml)")
        self._check_history(verdicts)
        return self

    def _check_history(self, verdicts: dict) -> None:
        """``published: {date, verdict}`` is the first publication; every later change is a ``history`` entry
        ``{date, verdict: {from, to}, what: {en, hi}}`` (``verdict`` only when it changed). The chain must end at
        the claim's verdict, so a verdict changed without an entry saying why is an error."""
        if verdicts and self.published.verdict not in verdicts:
            raise ValueError(
                f"'published' must give its first publication, e.g. {{date: 2026-11-24, verdict: {self.verdict}}}"
            )
        current, last = self.published.verdict, self.published.date
        for h in self.history:
            if h.date < last:
                raise ValueError("history entries must be in date order, after the first publication")
            last = h.date
            if h.verdict is not None:
                if h.verdict.from_ != current or (verdicts and h.verdict.to not in verdicts):
                    raise ValueError(f"verdict change must be {{from: {current}, to: <verdict>}}, got {h.verdict!r}")
                current = h.verdict.to
        if current != self.verdict:
            raise ValueError(
                f"verdict is {self.verdict!r} but its history ends at {current!r}: add a history entry "
                f"{{date, verdict: {{from: {current}, to: {self.verdict}}}, what: {{en, hi}}}} saying why it changed"
            )
        if self.reviewed < last:
            raise ValueError(f"'reviewed' ({self.reviewed}) is older than its last change ({last})")


class Note(Entry):
    title: Texts
    author: Texts
    language: str = NonEmpty


class ClaimsFile(Entry):
    note: Note
    verdicts: dict[str, Verdict]
    sections: dict[int, Texts]
    note_final_verdict: Texts
    final_verdict: Texts
    claims: list[Claim]


# ---------------------------------------------------------------- errors: file, line, entry
_LABELS = {"claims": "claim", "verdicts": "verdict", "sections": "section"}


def _error(path: Path, raw, e: ValidationError, label) -> DataError:
    """The first problem of ``e`` as ``file:line: entry: what``: the line of the innermost mapping on the
    problem's path in the raw YAML, the entry named by ``label(loc, raw)``."""
    err = e.errors(include_url=False)[0]
    loc, node, line = err["loc"], raw, raw.get("__line__", 1) if isinstance(raw, dict) else 1
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "__line__" in node:
            line = node["__line__"]
    msg = err["msg"].removeprefix("Value error, ")
    field_path = [str(p) for p in loc if not isinstance(p, int)]
    if err["type"] in ("missing", "string_too_short", "string_pattern_mismatch") and loc and loc[-1] in LANGS:
        msg = f"missing 'hi' or 'en' text for {loc[-2]!r}"
    elif err["type"] not in ("value_error", "assertion_error") and field_path:
        msg = f"{field_path[-1]!r}: {msg}"
    return DataError(f"{rel(path)}:{line}: {label(loc, raw)}{msg}")


def _validate(model, path: Path, raw, label, **context):
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as e:
        raise _error(path, raw, e, label) from None


def _entry_label(kind: str, key_of=lambda entry, key: key):
    def label(loc, raw):
        if not loc:
            return ""
        key = loc[0]
        try:
            entry = raw[key]
        except (KeyError, IndexError, TypeError):
            entry = None
        return f"{kind} {key_of(entry, key)!r}: "

    return label


# ---------------------------------------------------------------- loading each file
class UI:
    """``ui("key", "hi")``: a UI string (data/ui.yml, the translation table); every key has both languages."""

    def __init__(self, path: Path = DATA / "ui.yml"):
        raw = load_yaml(path)
        strings = {k: v for k, v in raw.items() if k != "__line__"} if isinstance(raw, dict) else raw
        self.strings = _validate(RootModel[dict[str, Texts]], path, strings, _entry_label("UI string")).root
        self.path = path

    def __call__(self, key: str, lang: str) -> str:
        if key not in self.strings:
            raise DataError(f"{rel(self.path)}: no UI string {key!r}")
        return self.strings[key][lang]


def load_references(path: Path = DATA / "references.yml") -> dict[str, Reference]:
    raw = load_yaml(path)
    entries = {k: v for k, v in raw.items() if k != "__line__"} if isinstance(raw, dict) else raw
    refs = _validate(RootModel[dict[str, Reference]], path, entries, _entry_label("source")).root
    seen: dict[str, str] = {}
    for rid, ref in refs.items():
        if ref.arxiv is not None:
            if ref.arxiv in seen:
                first = seen[ref.arxiv]
                raise DataError(
                    f"{rel(path)}:{ref.line}: source {rid!r}: arXiv id {ref.arxiv} is already used by {first!r}"
                )
            seen[ref.arxiv] = rid
    return refs


def load_systems(refs: dict, path: Path = DATA / "systems.yml") -> list[System]:
    raw = load_yaml(path)
    label = _entry_label("system", lambda entry, i: entry.get("name") if isinstance(entry, dict) else i)
    return _validate(RootModel[list[System]], path, raw, label, refs=refs).root


def load_glossary(path: Path = DATA / "glossary.yml") -> dict[str, GlossaryEntry]:
    raw = load_yaml(path)
    entries = {k: v for k, v in raw.items() if k != "__line__"} if isinstance(raw, dict) else raw
    if not isinstance(entries, dict) or len(entries) < 2:
        raise DataError(f"{rel(path)}: expected a mapping of term ids")
    return _validate(RootModel[dict[str, GlossaryEntry]], path, entries, _entry_label("term")).root


class Claims:
    """The claims file: the verdict scale, the note's sections, every claim, both final verdicts, the note."""

    def __init__(self, data: ClaimsFile, path: Path):
        self.verdicts, self.sections, self.claims = data.verdicts, data.sections, data.claims
        self.final, self.note_final, self.note, self.path = data.final_verdict, data.note_final_verdict, data.note, path
        self.by_id = {c.id: c for c in self.claims}

    def published(self, claim: Claim) -> datetime.date:
        return claim.published.date

    def corrections(self) -> list:
        """Every change after first publication, newest first: (date, claim, history entry)."""
        out = [(h.date, c, h) for c in self.claims for h in c.history]
        return sorted(out, key=lambda t: (t[0], t[1].id), reverse=True)


def _claims_label(loc, raw):
    if not loc:
        return ""
    kind = _LABELS.get(loc[0])
    if kind is None or len(loc) < 2:
        return ""
    try:
        entry = raw[loc[0]][loc[1]]
    except (KeyError, IndexError, TypeError):
        entry = None
    name = entry.get("id") if loc[0] == "claims" and isinstance(entry, dict) else loc[1]
    return f"{kind} {name!r}: " if kind != "section" else f"section {name}: "


def load_claims(refs: dict, path: Path = DATA / "claims.yml") -> Claims:
    """Load and validate the claims file; any problem raises DataError naming the file, line and claim."""
    raw = load_yaml(path)
    if not isinstance(raw, dict) or not all(k in raw for k in ("verdicts", "sections", "claims")):
        raise DataError(f"{rel(path)}:1: expected top-level keys 'verdicts', 'sections' and 'claims'")
    verdicts = {k: v for k, v in raw["verdicts"].items() if k != "__line__"}
    sections = {k: v for k, v in raw["sections"].items() if k != "__line__"}
    raw = {**raw, "verdicts": verdicts, "sections": sections}
    data = _validate(ClaimsFile, path, raw, _claims_label, verdicts=verdicts, sections=sections, refs=refs)
    seen, rows = {}, {}
    for c in data.claims:
        if c.id in seen:
            raise DataError(f"{rel(path)}:{c.line}: claim {c.id!r}: duplicate id (first at line {seen[c.id]})")
        seen[c.id] = c.line
        if c.table_row is not None:
            if c.table_row in rows:
                other = rows[c.table_row]
                raise DataError(
                    f"{rel(path)}:{c.line}: claim {c.id!r}: table_row {c.table_row} already used by {other!r}"
                )
            rows[c.table_row] = c.id
    return Claims(data, path)


def value_refs(claims: Claims) -> dict:
    """Every ``{{module.value}}`` quoted by a claim text or a final verdict: {ref: 'data/claims.yml:line'}."""
    found = {}
    texts = [(c.line, c.get(k)) for c in claims.claims for k in CLAIM_TEXTS]
    texts += [(claims.final.line, claims.final), (claims.note_final.line, claims.note_final)]
    for line, by_lang in texts:
        for lang in LANGS:
            for m in VALUE.finditer(str(by_lang[lang]) if by_lang is not None else ""):
                found.setdefault(m.group("id"), f"{rel(claims.path)}:{line}")
    return found


class SiteData:
    """Everything in data/, loaded and checked once per build."""

    def __init__(self, ui: UI, refs: dict, systems: list, claims: Claims, glossary: dict, citation=None):
        self.ui, self.refs, self.systems, self.claims, self.glossary = ui, refs, systems, claims, glossary
        self.citation = citation  # CITATION.cff (sitegen/cite.py): who to cite for a review

    @classmethod
    def load(cls, data_dir: Path = DATA) -> SiteData:
        refs = load_references(data_dir / "references.yml")
        ui = UI(data_dir / "ui.yml")
        systems = load_systems(refs, data_dir / "systems.yml")
        for s in systems:
            if f"objective_{s.objective}" not in ui.strings:
                raise DataError(
                    f"{rel(data_dir / 'systems.yml')}:{s.line}: system {s.name!r}: objective "
                    f"{s.objective!r} has no UI label 'objective_{s.objective}' in data/ui.yml"
                )
        from sitegen import cite

        cff = data_dir.parent / "CITATION.cff"
        try:
            citation = cite.project(cff)
        except (OSError, KeyError, TypeError, yaml.YAMLError) as e:
            raise DataError(f"{rel(cff)}: cannot read the project's title and authors: {e}") from None
        claims = load_claims(refs, data_dir / "claims.yml")
        return cls(ui, refs, systems, claims, load_glossary(data_dir / "glossary.yml"), citation)
