"""The site's data files, loaded and validated: claims, references, systems, glossary, UI strings.

Plain Python (no MkDocs): hooks, tests and benchmarks load the same way. Every problem raises DataError naming the
file, the line and the entry, e.g. ``data/claims.yml:412: claim 'x': unknown verdict 'maybe' (known: ...)``.
Texts may quote computed values as ``{{module.value}}``; ``value_refs`` lists them with their lines.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitegen.common import LANGS, ROOT

DATA = ROOT / "data"
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VALUE = re.compile(r"\{\{\s*(?P<id>[^{}\s]+)\s*\}\}")
CLAIM_TEXTS = ("claim", "note_says", "nuance", "differs")
OBJECTIVES = ("diffusion", "flow-matching", "masked-tokens", "autoregressive", "unknown")


class DataError(Exception):
    """A data file is wrong; the message starts with ``file:line``."""


class _LineLoader(yaml.CSafeLoader):
    """A YAML loader that remembers the line of every mapping (key ``__line__``), for messages. libyaml's parser
    (PyYAML's wheels include it) gives the same nodes and marks as the pure-Python one, 20x faster on claims.yml."""

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


def entries(mapping: dict) -> dict:
    """A loaded mapping without the line markers."""
    return {k: v for k, v in mapping.items() if k != "__line__"}


def _texts(entry, field_name: str) -> bool:
    texts = entry.get(field_name)
    return isinstance(texts, dict) and all(str(texts.get(lang, "")).strip() for lang in LANGS)


# ---------------------------------------------------------------- UI strings
class UI:
    """``ui("key", "hi")``: a UI string (data/ui.yml, the translation table); every key has both languages."""

    def __init__(self, path: Path = DATA / "ui.yml"):
        data = load_yaml(path)
        for key, entry in entries(data).items():
            if not _texts({"t": entry}, "t"):
                line = entry.get("__line__", "?") if isinstance(entry, dict) else "?"
                raise DataError(f"{rel(path)}:{line}: UI string {key!r} needs 'hi' and 'en' text")
        self.strings, self.path = entries(data), path

    def __call__(self, key: str, lang: str) -> str:
        if key not in self.strings:
            raise DataError(f"{rel(self.path)}: no UI string {key!r}")
        return self.strings[key][lang]


# ---------------------------------------------------------------- references and systems
def load_references(path: Path = DATA / "references.yml") -> dict:
    refs = entries(load_yaml(path))
    arxiv_seen = {}
    for rid, ref in refs.items():
        where = f"{rel(path)}:{ref.get('__line__', '?')}: source {rid!r}"
        if not ref.get("title") or not ref.get("year") or not (ref.get("arxiv") or ref.get("url")):
            raise DataError(f"{where} needs a title, a year and an arxiv id or url")
        arxiv = ref.get("arxiv")
        if arxiv is not None:
            if not re.fullmatch(r"\d{4}\.\d{4,5}", str(arxiv)):
                raise DataError(f"{where}: arXiv id {arxiv!r} is not of the form 2102.05095")
            if arxiv in arxiv_seen:
                raise DataError(f"{where}: arXiv id {arxiv} is already used by {arxiv_seen[arxiv]!r}")
            arxiv_seen[arxiv] = rid
    return refs


def load_systems(refs: dict, path: Path = DATA / "systems.yml") -> list:
    systems = load_yaml(path)
    for s in systems:
        where = f"{rel(path)}:{s.get('__line__', '?')}: system {s.get('name')!r}"
        if s.get("ref") is None and not s.get("unpublished"):
            raise DataError(f"{where}: give its source (ref) or mark it 'unpublished: true'")
        if s.get("ref") is not None and s["ref"] not in refs:
            raise DataError(f"{where}: unknown source {s['ref']!r} (not in data/references.yml)")
        for name in ("family", "temporal"):
            if not _texts(s, name):
                raise DataError(f"{where}: missing 'hi' or 'en' text for {name!r}")
        for name in ("tokens", "attention"):
            if s.get(name) is not None and not _texts(s, name):
                raise DataError(f"{where}: {name!r} needs 'hi' and 'en' text (or null)")
        if s.get("objective", "unknown") not in OBJECTIVES:
            raise DataError(f"{where}: unknown objective {s.get('objective')!r} (known: {', '.join(OBJECTIVES)})")
    return systems


# ---------------------------------------------------------------- glossary
def load_glossary(path: Path = DATA / "glossary.yml") -> dict:
    data = load_yaml(path)
    if not isinstance(data, dict) or len(entries(data)) < 2:
        raise DataError(f"{rel(path)}: expected a mapping of term ids")
    for tid, entry in entries(data).items():
        for lang in LANGS:
            e = entry.get(lang) if isinstance(entry, dict) else None
            if not isinstance(e, dict) or not str(e.get("term", "")).strip() or not str(e.get("def", "")).strip():
                line = entry.get("__line__", "?") if isinstance(entry, dict) else "?"
                raise DataError(f"{rel(path)}:{line}: term {tid!r} needs a {lang!r} term and def")
    return entries(data)


# ---------------------------------------------------------------- claims
@dataclass
class Claims:
    verdicts: dict
    sections: dict
    claims: list
    final: dict
    note_final: dict
    note: dict  # the note we check: title, author (in both languages), language
    path: Path
    by_id: dict = field(init=False)

    def __post_init__(self):
        self.by_id = {c["id"]: c for c in self.claims}

    def published(self, claim: dict) -> datetime.date:
        return claim["published"]["date"]

    def corrections(self) -> list:
        """Every change after first publication, newest first: (date, claim, history entry)."""
        out = [(h["date"], c, h) for c in self.claims for h in c.get("history") or []]
        return sorted(out, key=lambda t: (t[0], t[1]["id"]), reverse=True)


def _date(value, where: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    raise DataError(f"{where}: expected a date like 2026-11-25, got {value!r}")


def _check_history(c: dict, verdicts: dict, fail) -> None:
    """``published: {date, verdict}`` is the claim's first publication; every later change is a ``history`` entry
    ``{date, verdict: {from, to}, what: {en, hi}}`` (``verdict`` only when it changed). The chain must end at the
    claim's verdict, so a verdict changed without an entry saying why is an error. ``reviewed``: last review."""
    label, line = f"claim {c['id']!r}", c["__line__"]
    published = c.get("published")
    if not isinstance(published, dict) or published.get("verdict") not in verdicts:
        fail(
            line,
            f"{label}: 'published' must give its first publication, e.g. "
            f"{{date: 2026-11-24, verdict: {c.get('verdict')}}}",
        )
    current, last = published["verdict"], _date(published.get("date"), f"line {line}: {label} 'published'")
    history = c.get("history") or []
    if not isinstance(history, list):
        fail(line, f"{label}: 'history' must be a list of changes")
    for h in history:
        hline = h.get("__line__", line)
        day = _date(h.get("date"), f"line {hline}: {label} history")
        if day < last:
            fail(hline, f"{label}: history entries must be in date order, after the first publication")
        last = day
        if not _texts(h, "what"):
            fail(hline, f"{label}: a history entry needs 'what' in 'hi' and 'en': what changed and why")
        change = h.get("verdict")
        if change is not None:
            if not isinstance(change, dict) or change.get("from") != current or change.get("to") not in verdicts:
                fail(hline, f"{label}: verdict change must be {{from: {current}, to: <verdict>}}, got {change!r}")
            current = change["to"]
    if current != c["verdict"]:
        fail(
            line,
            f"{label}: verdict is {c['verdict']!r} but its history ends at {current!r}: add a history entry "
            f"{{date, verdict: {{from: {current}, to: {c['verdict']}}}, what: {{en, hi}}}} saying why it changed",
        )
    reviewed = _date(c.get("reviewed"), f"line {line}: {label} 'reviewed'")
    if reviewed < last:
        fail(line, f"{label}: 'reviewed' ({reviewed}) is older than its last change ({last})")


def load_claims(refs: dict, path: Path = DATA / "claims.yml") -> Claims:
    """Load and validate the claims file; any problem raises DataError naming the file, line and claim."""
    name = rel(path)

    def fail(line, msg):
        raise DataError(f"{name}:{line}: {msg}")

    data = load_yaml(path)
    if not isinstance(data, dict) or not all(k in data for k in ("verdicts", "sections", "claims")):
        fail(1, "expected top-level keys 'verdicts', 'sections' and 'claims'")
    verdicts, sections = entries(data["verdicts"]), entries(data["sections"])
    for key, v in verdicts.items():
        if not _texts(v, "meaning") or not all(str(v.get(lang, "")).strip() for lang in LANGS):
            fail(v["__line__"], f"verdict {key!r} needs a 'hi' and 'en' label and meaning")
        if not isinstance(v.get("rating"), int) or not 1 <= v["rating"] <= 5 or not v.get("icon"):
            fail(v["__line__"], f"verdict {key!r} needs an icon and a rating from 1 to 5")
    for number, titles in sections.items():
        if not all(str(titles.get(lang, "")).strip() for lang in LANGS):
            fail(titles["__line__"], f"section {number} needs a 'hi' and 'en' title")
    seen, rows = {}, {}
    for c in data["claims"]:
        line, cid = c.get("__line__", "?"), c.get("id")
        label = f"claim {cid!r}"
        if not isinstance(cid, str) or not ID.match(cid):
            fail(line, f"{label}: id must be lower-case words joined by '-'")
        if cid in seen:
            fail(line, f"{label}: duplicate id (first at line {seen[cid]})")
        seen[cid] = line
        if c.get("section") not in sections:
            fail(line, f"{label}: unknown section {c.get('section')!r} (known: {sorted(sections)})")
        for key in ("note_verdict", "verdict"):
            if c.get(key) not in verdicts:
                fail(line, f"{label}: unknown {key} {c.get(key)!r} (known: {', '.join(verdicts)})")
        row = c.get("table_row")
        if row is not None:
            if row in rows:
                fail(line, f"{label}: table_row {row} already used by claim {rows[row]!r}")
            rows[row] = cid
        for key in ("claim", "note_says", "nuance"):
            if not _texts(c, key):
                fail(line, f"{label}: missing 'hi' or 'en' text for {key!r}")
        if (c.get("differs") is not None or c["verdict"] != c["note_verdict"]) and not _texts(c, "differs"):
            fail(line, f"{label}: our verdict differs from the note's, so 'differs' must say why, in 'hi' and 'en'")
        for src in c.get("sources") or []:
            if src.get("ref") not in refs:
                fail(
                    src.get("__line__", line),
                    f"{label}: unknown source {src.get('ref')!r} (not in data/references.yml)",
                )
        for ev in c.get("evidence") or []:
            if not isinstance(ev, str) or "." not in ev:
                fail(line, f"{label}: evidence must be figure ids like 'module.name', got {ev!r}")
        _check_history(c, verdicts, fail)
    for key in ("final_verdict", "note_final_verdict"):
        texts = data.get(key)
        if not _texts({"t": texts}, "t"):
            fail(texts.get("__line__", 1) if isinstance(texts, dict) else 1, f"{key!r} needs 'hi' and 'en' text")
    note = data.get("note")
    if (
        not isinstance(note, dict)
        or not _texts(note, "title")
        or not _texts(note, "author")
        or not note.get("language")
    ):
        fail(
            note.get("__line__", 1) if isinstance(note, dict) else 1,
            "'note' must describe the note we check: title and author (hi, en) and its language",
        )
    return Claims(verdicts, sections, data["claims"], data["final_verdict"], data["note_final_verdict"], note, path)


def value_refs(claims: Claims) -> dict:
    """Every ``{{module.value}}`` quoted by a claim text or a final verdict: {ref: 'data/claims.yml:line'}."""
    found = {}
    texts = [(c["__line__"], c.get(k) or {}) for c in claims.claims for k in CLAIM_TEXTS]
    texts += [(claims.final["__line__"], claims.final), (claims.note_final["__line__"], claims.note_final)]
    for line, by_lang in texts:
        for lang in LANGS:
            for m in VALUE.finditer(str(by_lang.get(lang, ""))):
                found.setdefault(m.group("id"), f"{rel(claims.path)}:{line}")
    return found


@dataclass
class SiteData:
    """Everything in data/, loaded once per build."""

    ui: UI
    refs: dict
    systems: list
    claims: Claims
    glossary: dict

    @classmethod
    def load(cls, data_dir: Path = DATA) -> SiteData:
        refs = load_references(data_dir / "references.yml")
        return cls(
            UI(data_dir / "ui.yml"),
            refs,
            load_systems(refs, data_dir / "systems.yml"),
            load_claims(refs, data_dir / "claims.yml"),
            load_glossary(data_dir / "glossary.yml"),
        )
