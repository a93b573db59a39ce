"""Per-build state, in one place.

A *session* is one bilingual build (``mkdocs build``, or one ``mkdocs serve`` rebuild): the data files, loaded
and validated once, and the computed snippet results and drawn SVGs, so that each compute runs at most once for
both languages. A *language build* is one language's pass over the pages: its index of every reference on every
page. ``start(config)`` and ``between_languages(config)`` are the only code that knows how mkdocs-static-i18n
builds its second language (it calls MkDocs' ``build`` again, in-process, with ``current_language`` set): the
first language starts a new session, the next one reuses it. Nothing else outlives a build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils.meta import get_data

from sitegen import i18n
from sitegen.common import (
    LOADED,
    BuildError,
    Settings,
    code_digest,
    location,
    one_thread_per_process,
    use_project_snippets,
)
from sitegen.data import DataError, SiteData, value_refs
from sitegen.refs import PageError, Ref, scan, values_in


@dataclass
class Session:
    settings: Settings
    data: SiteData
    results: dict = field(default_factory=dict)  # compute key -> result (both languages)
    seconds: dict = field(default_factory=dict)  # compute key -> how long it took when it ran (from the cache)
    svgs: dict = field(default_factory=dict)  # (figure id, lang) -> SVG bytes
    clips: dict = field(default_factory=dict)  # clip id -> its sprites and layout (sitegen/clips.py: drawn)
    keys: dict = field(default_factory=dict)  # compute identity, ("module", name) -> key, fixed for the build
    labs: dict = field(default_factory=dict)  # lab cache key -> executed notebook JSON (both languages)
    shares: dict = field(default_factory=dict)  # share-image key -> PNG bytes, or a future of them
    cards: dict = field(default_factory=dict)  # share image's path in the site -> its PNG (sitegen/share.py: finish)
    pool: object = None  # the processes drawing share cards, if this build started them
    lab_memo: object = None  # the labs' trainings, shared by both languages' kernels (sitegen/lab_memo.py): a folder
    site_dir: Path | None = None  # the site's root folder (the other languages build into <lang>/)
    sources: dict = field(default_factory=dict)  # snippets/*.py -> sha256 of its text when the build started
    written: list = field(default_factory=list)  # cache files this build wrote from snippet code
    stats: dict = field(
        default_factory=lambda: {
            "computed": 0,
            "from_disk": 0,
            "svg_drawn": 0,
            "labs_executed": 0,
            "cards_drawn": 0,
            "pages_converted": 0,
        }
    )

    def check_sources(self) -> None:
        """Fail the build if a snippet changed since it started, forgetting what this build stored from snippet code:
        what it computed, drew or executed may come from either version, and must not be kept under either key. (In
        `mkdocs serve` the change has already asked for the next rebuild.)"""
        changed = sorted(name for name, digest in snippet_sources().items() if self.sources.get(name) != digest)
        changed += sorted(set(self.sources) - set(snippet_sources()))
        if changed:
            for path in self.written:
                Path(path).unlink(missing_ok=True)
            raise BuildError(f"{', '.join(changed)} changed while the site was being built: build again")

    def close(self) -> None:
        """Stop what this build left running (a failed build leaves its card drawing behind)."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        if self.lab_memo is not None:
            self.lab_memo.cleanup()
            self.lab_memo = None

    def cache(self, name: str):
        """The build's on-disk cache ``name`` (a folder of the cache directory), e.g. "html", "css"."""
        import logging

        from sitegen.compute import Cache

        return Cache(self.settings.cache_dir / name, warn=logging.getLogger("mkdocs.hooks").info)


@dataclass
class Page:
    src_uri: str
    body: str  # the page without its front matter: the Markdown MkDocs hands to on_page_markdown
    refs: list  # positions in ``body``; lines in the source file


@dataclass
class LangBuild:
    """One language's index: every page's references, where each claim card and each figure is shown."""

    lang: str
    pages: dict = field(default_factory=dict)  # src_uri -> Page
    placed: dict = field(default_factory=dict)  # claim id -> src_uri of its card
    claim_pages: dict = field(default_factory=dict)  # claim id -> src_uri of its own page (sitegen/claimpage.py)
    shown: dict = field(default_factory=dict)  # figure or clip id -> (src_uri, caption) of its first appearance
    alts: dict = field(default_factory=dict)  # figure or clip id -> its alt text where it first appears
    figures: dict = field(default_factory=dict)  # figure id -> first location
    clips: dict = field(default_factory=dict)  # clip id -> first location
    values: dict = field(default_factory=dict)  # value id -> first location (pages and claims data)

    def refs(self, src_uri: str) -> list[Ref]:
        return self.pages[src_uri].refs if src_uri in self.pages else []

    def claim_of(self, src_uri: str) -> str | None:
        """The id of the claim whose own page this is (None for every other page)."""
        return next((cid for cid, src in self.claim_pages.items() if src == src_uri), None)


_session: Session | None = None
_build: LangBuild | None = None


def snippet_sources() -> dict[str, str]:
    import hashlib

    from sitegen.common import ROOT

    return {
        f"snippets/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((ROOT / "snippets").glob("*.py"))
    }


def start(config) -> LangBuild:
    """Begin a language build; the default (first) language begins a new session. Called from ``on_config``."""
    global _session, _build
    lang = i18n.language(config)
    if _session is None or i18n.starts_bilingual_build(config):
        if code_digest() != LOADED:
            raise BuildError(
                "hooks/ or sitegen/ changed since this process loaded them (MkDocs loads hooks once per process): "
                "restart `mkdocs serve`"
            )
        if _session is not None:
            _session.close()
        use_project_snippets(fresh=True)  # this build imports the snippets as they are on disk now
        one_thread_per_process()  # before any compute worker or lab kernel starts
        try:
            _session = Session(Settings.from_env(), SiteData.load(), site_dir=Path(config.site_dir))
            _session.sources = snippet_sources()  # before any snippet is imported (hooks/pages.py forgot them all)
        except DataError as e:
            raise BuildError(str(e)) from None
    _build = LangBuild(lang)
    return _build


def session() -> Session:
    if _session is None:
        raise BuildError("sitegen/state.py: no build started (hooks/pages.py's on_config did not run)")
    return _session


def build() -> LangBuild:
    if _build is None:
        raise BuildError("sitegen/state.py: no build started (hooks/pages.py's on_config did not run)")
    return _build


def index(build: LangBuild, pages: dict[str, str], claims, find) -> None:
    """Read every page of this language once and record its references; check them all.

    ``pages``: src_uri -> the page's source; ``claims``: sitegen.data.Claims; ``find(kind, id)`` looks up a figure,
    clip or value in the snippet registry (LookupError if unknown)."""
    from sitegen.render import MARKERS

    markers = {kind: takes_arg for kind, (_, takes_arg) in MARKERS.items()}
    claim_ids = list(claims.by_id)
    for src_uri, source in sorted(pages.items()):
        body = get_data(source)[0]
        try:
            refs = scan(body, first_line=source[: len(source) - len(body)].count("\n") + 1)
        except PageError as e:
            raise BuildError(f"docs/{src_uri}:{e.line}: {e.message}") from None
        build.pages[src_uri] = Page(src_uri, body, refs)
        for ref in refs:
            where = location(src_uri, ref.line)
            if ref.kind == "marker":
                if ref.id not in markers:
                    raise BuildError(
                        f"{where}: unknown or malformed marker '<!-- md:{ref.id} -->' "
                        f"(known: {', '.join(sorted(markers))})"
                    )
                if bool(ref.caption) != markers[ref.id]:
                    need = "an argument" if markers[ref.id] else "no argument"
                    raise BuildError(f"{where}: md:{ref.id} takes {need}, got {ref.caption!r}")
                if ref.id == "claim":
                    if ref.caption not in claim_ids:
                        raise BuildError(f"{where}: unknown claim id {ref.caption!r} (not in data/claims.yml)")
                    if ref.caption in build.placed:
                        raise BuildError(
                            f"{where}: claim {ref.caption!r} is already placed on docs/{build.placed[ref.caption]}"
                        )
                    build.placed[ref.caption] = src_uri
                if ref.id == "claim-page":
                    if ref.caption not in claim_ids or ref.caption in build.claim_pages:
                        raise BuildError(f"{where}: claim page of an unknown or already paged claim {ref.caption!r}")
                    build.claim_pages[ref.caption] = src_uri
            elif ref.kind in ("figure", "clip"):
                _lookup(find, "FIGURES" if ref.kind == "figure" else "CLIPS", ref.id, where)
                (build.figures if ref.kind == "figure" else build.clips).setdefault(ref.id, where)
                build.shown.setdefault(ref.id, (src_uri, ref.caption))
                build.alts.setdefault(ref.id, ref.alt)
                for value in values_in(ref.alt + " " + ref.caption):
                    _lookup(find, "VALUES", value, where)
                    build.values.setdefault(value, where)
            elif ref.kind == "value":
                _lookup(find, "VALUES", ref.id, where)
                build.values.setdefault(ref.id, where)
    missing = [cid for cid in claim_ids if cid not in build.placed]
    if missing:
        raise BuildError(
            f"data/claims.yml: claims placed on no {build.lang} page ({', '.join(missing)}): "
            f"add <!-- md:claim ID --> to a page"
        )
    for src_uri, page in build.pages.items():
        for ref in page.refs:
            if ref.kind == "figref" and ref.id not in build.shown:
                raise BuildError(f"{location(src_uri, ref.line)}: figure-ref to {ref.id!r}, which no page shows")
    for cid in build.placed:  # a claim's evidence links to figures: they must be shown
        for ev in claims.by_id[cid].get("evidence") or []:
            if ev not in build.shown:
                raise BuildError(
                    f"data/claims.yml:{claims.by_id[cid].line}: claim {cid!r} cites figure {ev!r}, "
                    f"which no {build.lang} page shows"
                )
    for value, where in value_refs(claims).items():
        _lookup(find, "VALUES", value, where)
        build.values.setdefault(value, where)


def _lookup(find, kind: str, ref: str, where: str):
    try:
        return find(kind, ref)
    except LookupError as e:
        raise BuildError(f"{where}: {e}") from None
