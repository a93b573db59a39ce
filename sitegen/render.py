"""Everything the pages show that is generated: figures, clips (sitegen/clips.py), values, links to figures, claim
cards, claim pages, the note's table, the summary, the verdict scale, the final verdict, references, systems,
glossary, corrections, the open-data links.

Plain functions from the session's data to Markdown/HTML. A claim card calls the value and figure renderers
itself. ``MARKERS`` is the table of ``<!-- md:kind -->`` markers: kind -> (renderer, takes an argument).
Text from data files is HTML-escaped.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import cite, claimpage
from sitegen import clips as _clips
from sitegen import figures as _figures
from sitegen import share as _share
from sitegen.common import esc, md_link
from sitegen.data import LANGS, VALUE
from sitegen.refs import replace, scan


@dataclass
class Ctx:
    """What a renderer needs to know about the page it renders into."""

    session: object
    build: object
    lang: str
    src_uri: str  # the page's source, e.g. topics/attention.en.md
    figure_url: object  # figure id -> URL of its SVG relative to this page
    counter: object = None
    page_url: str = ""  # the page's absolute URL (from site_url)
    root_url: object = None  # path from the site root (files both languages share) -> URL relative to this page
    repo_url: str = ""  # the repository, for links to source lines
    once: set = field(default_factory=set)  # what a page includes once (clips.js)
    site_url: str = ""  # the site's root (mkdocs.yml, SITE_URL), for absolute links to claim pages
    site_name: str = ""  # in the page's language

    @property
    def data(self):
        return self.session.data

    def ui(self, key: str) -> str:
        return self.session.data.ui(key, self.lang)


# ---------------------------------------------------------------- values and figures
def value_html(ctx: Ctx, ref: str) -> str:
    return (
        f'<span class="va-value" data-value="{esc(ref)}">{esc(_figures.value_text(ctx.session, ref, ctx.lang))}</span>'
    )


def plain_values(ctx: Ctx, text: str) -> str:
    """Alt texts, captions and citations quote computed values as plain text."""
    return _figures.plain(ctx.session, text, ctx.lang)


def text(ctx: Ctx, value: str) -> str:
    """Text from a data file: escaped, one line, ``{{module.value}}`` rendered as a value."""
    return VALUE.sub(lambda m: value_html(ctx, m.group("id")), esc(value).replace("\n", " "))


def figure_anchor(ref: str) -> str:
    return "fig-" + ref.replace(".", "-")


def figure_html(ctx: Ctx, ref: str, alt: str, caption: str) -> str:
    svg = _figures.svg(ctx.session, ref, ctx.lang)
    w, h = _figures.svg_size(svg)
    module = ref.partition(".")[0]
    number = next(ctx.counter)
    return (
        # tabindex: a figure scrolls sideways inside its box on phones, so a keyboard must reach it (axe)
        f'<figure class="va-figure" tabindex="0" id="{figure_anchor(ref)}">\n'
        f'<img src="{ctx.figure_url(ref)}" alt="{esc(plain_values(ctx, alt))}" width="{w}" height="{h}" '
        f'loading="lazy">\n'
        f"<figcaption><strong>{esc(ctx.ui('figure'))} {number}.</strong> {esc(plain_values(ctx, caption))} "
        f"<small>({esc(ctx.ui('computed_by'))} <code>snippets/{module}.py</code>)</small></figcaption>\n"
        # after the figure: HTML allows nothing after a figure's caption, and the figure scrolls sideways on phones
        f"</figure>\n{provenance_html(ctx, ref)}"
    )


def provenance_html(ctx: Ctx, ref: str, kind: str = "FIGURES") -> str:
    """A collapsed "how this figure was made" block: the compute function (linked to its source line), its
    parameters, the library versions, the compute time and the figure's data file."""
    if ctx.session.settings.no_exec:
        return ""
    p = _figures.provenance(ctx.session, ref, kind)
    rows = []
    for c in p["computes"]:  # a figure may draw from several computes: each with its code, parameters and time
        source = f"snippets/{c['module']}.py"
        link = f"{ctx.repo_url.rstrip('/')}/blob/main/{source}#L{c['line']}" if ctx.repo_url else ""
        code = f"<code>{esc(c['module'])}.{esc(c['function'])}</code> (<code>{source}:{c['line']}</code>)"
        params = ", ".join(f"{k}={v!r}" for k, v in sorted(c["params"].items())) or "—"
        seconds = f"{c['seconds']:.1f} {ctx.ui('seconds')}" if c["seconds"] is not None else "—"
        rows += [
            (ctx.ui("figure_source"), f'<a href="{esc(link)}">{code}</a>' if link else code),
            (ctx.ui("figure_params"), f"<code>{esc(params)}</code>"),
            (ctx.ui("figure_time"), esc(seconds)),
        ]
    versions = ", ".join(f"{k} {v}" for k, v in p["versions"].items())
    rows += [
        (ctx.ui("figure_versions"), f"<code>{esc(versions)}</code>"),
        (
            ctx.ui("figure_data"),
            f'<a href="{ctx.root_url(f"assets/data/{ref}.json")}" download><code>{esc(ref)}.json</code></a>',
        ),
    ]
    items = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<details class="va-provenance"><summary>{esc(ctx.ui("how_made"))}</summary><dl>{items}</dl></details>\n'


def figure_link(ctx: Ctx, ref: str, label: str = "") -> str:
    """A Markdown link to the figure where this language first shows it, labelled with its caption by default."""
    src, caption = ctx.build.shown[ref]
    return f"[{esc(label or plain_values(ctx, caption))}]({md_link(src, ctx.src_uri, figure_anchor(ref))})"


# ---------------------------------------------------------------- claims
def badge(ctx: Ctx, verdict: str) -> str:
    v = ctx.data.claims.verdicts[verdict]
    return (
        f'<span class="va-verdict va-verdict--{verdict}" title="{esc(v["meaning"][ctx.lang])}">'
        f":{v['icon']}: {esc(v[ctx.lang])}</span>"
    )


def source_link(ctx: Ctx, src: dict) -> str:
    ref = ctx.data.refs[src["ref"]]
    url = ref.get("url") or f"https://arxiv.org/abs/{ref['arxiv']}"
    where = f", {esc(src['where'][ctx.lang])}" if src.get("where") else ""
    arxiv = f" · arXiv:{ref['arxiv']}" if ref.get("arxiv") else ""
    return f"[{esc(ref['title'])}]({url}) ({esc(ref['authors'])}, {ref['year']}{arxiv}){where}"


def claim_href(ctx: Ctx, cid: str) -> str:
    """A Markdown link to the claim's own page (sitegen/claimpage.py), where every list of claims points."""
    return md_link(ctx.build.claim_pages[cid], ctx.src_uri)


def card_href(ctx: Ctx, cid: str) -> str:
    """A Markdown link to the claim's card on its topic page (the claim in the context of its section)."""
    return md_link(ctx.build.placed[cid], ctx.src_uri, ctx.data.claims.by_id[cid].anchor)


def _claim_args(ctx: Ctx, c) -> dict:
    """What a claim's card and its page both show."""
    return dict(
        c=c,
        lang=ctx.lang,
        ui=ctx.ui,
        text=lambda value: text(ctx, value),
        badge=lambda verdict: badge(ctx, verdict),
        section=ctx.data.claims.sections[c.section][ctx.lang],
        sources=[source_link(ctx, s) for s in c.sources],
        claim_url=claimpage.url(ctx.site_url, c.id, ctx.lang),
        share_image=ctx.root_url(_share.image_path(c.anchor, ctx.lang)),
    )


def card(ctx: Ctx, cid: str) -> str:
    """A claim's section (templates/claim.md): heading with the claim's anchor, the verdicts, our nuance, evidence,
    sources, review date, a link to the claim's page, copy-link button (the page's URL) and share image."""
    c = ctx.data.claims.by_id[cid]
    return template("claim.md").render(
        **_claim_args(ctx, c),
        evidence=[figure_link(ctx, ev) for ev in c.evidence],
        page_href=ctx.root_url(claimpage.path(cid, ctx.lang)),  # inside the card's HTML: a URL, not a Markdown link
    )


def change_html(ctx: Ctx, h) -> str:
    """A history entry's change: the verdict's move (both badges) or "nuance revised"."""
    change = h.get("verdict")
    return f"{badge(ctx, change['from'])} → {badge(ctx, change['to'])}" if change else esc(ctx.ui("nuance_changed"))


def history_anchor(n: int) -> str:
    """The id of an entry of a claim's record: ``published`` for the first, ``change-N`` after it (N from 1); the
    feeds' entries point at them (sitegen/feeds.py)."""
    return "published" if n == 0 else f"change-{n}"


def history(ctx: Ctx, c) -> list[tuple[str, str, str]]:
    """The claim's record, oldest first: (anchor, date, what happened) for its first publication and each change."""
    first = f"{esc(ctx.ui('first_published'))}: {badge(ctx, c.published.verdict)}"
    rows = [(history_anchor(0), c.published.date.isoformat(), first)]
    for n, h in enumerate(c.history, 1):
        rows.append((history_anchor(n), h.date.isoformat(), f"{change_html(ctx, h)}: {text(ctx, h.what[ctx.lang])}"))
    return rows


def claim_page(ctx: Ctx, cid: str) -> str:
    """A claim's own page (templates/claim_page.md): the claim, both verdicts, the note's view and ours, evidence
    figures, sources, its record (first publication, every change), last review, share image, copy link and how to
    cite it."""
    c = ctx.data.claims.by_id[cid]
    verdict = ctx.data.claims.verdicts[c.verdict][ctx.lang]
    who, url, claim = (
        ctx.data.citation,
        claimpage.url(ctx.site_url, cid, ctx.lang),
        plain_values(ctx, c.claim[ctx.lang]),
    )
    figures = [  # evidence is a figure or a clip (sitegen/clips.py), shown as where a page first shows it
        (_clips.figure_html if ev in ctx.build.clips else figure_html)(
            ctx, ev, ctx.build.alts[ev], ctx.build.shown[ev][1]
        )
        for ev in c.evidence
    ]
    summary = next(  # the page that lists every claim (<!-- md:claims-summary -->), if the site has one
        (
            src
            for src, p in ctx.build.pages.items()
            if any(r.kind == "marker" and r.id == "claims-summary" for r in p.refs)
        ),
        None,
    )
    return template("claim_page.md").render(
        **_claim_args(ctx, c),
        figures=figures,
        card_href=card_href(ctx, cid),
        summary_href=md_link(summary, ctx.src_uri) if summary else "",
        history=history(ctx, c),
        plain=esc(cite.plain(who, ctx.ui("cite_plain"), claim, verdict, ctx.site_name, url, c.reviewed)),
        bibtex=cite.bibtex(who, cid, claim, verdict, ctx.ui("cite_note"), ctx.site_name, url, c.reviewed, ctx.lang),
    )


@functools.cache
def template(name: str):
    """A template of sitegen/templates/ (Jinja, as MkDocs and Material render theirs). No autoescape: data text
    arrives escaped by the renderers here, and the ``esc`` filter escapes exactly as they do."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["esc"] = esc
    return env.get_template(name)


def _table(ctx: Ctx, claims: list, first_col: str) -> str:
    head = [first_col, ctx.ui("claim"), ctx.ui("note_verdict"), ctx.ui("our_verdict")]
    rows = ["| " + " | ".join(esc(h) for h in head) + " |", "|---|---|---|---|"]
    for n, c in claims:
        rows.append(
            f"| {n} | [{text(ctx, c['claim'][ctx.lang])}]({claim_href(ctx, c['id'])}) | "
            f"{badge(ctx, c['note_verdict'])} | {badge(ctx, c['verdict'])} |"
        )
    return "\n".join(rows) + "\n"


def claims_table(ctx: Ctx, arg: str = "") -> str:
    """The note's own five-row table, with our verdicts beside its."""
    rows = sorted((c["table_row"], c) for c in ctx.data.claims.claims if c.get("table_row") is not None)
    return _table(ctx, rows, "#")


def claims_summary(ctx: Ctx, arg: str = "") -> str:
    out = []
    for number, titles in ctx.data.claims.sections.items():
        claims = [c for c in ctx.data.claims.claims if c["section"] == number]
        out += [
            f"### {esc(ctx.ui('section'))} {number}: {esc(titles[ctx.lang])}",
            "",
            _table(ctx, list(enumerate(claims, 1)), "#"),
            "",
        ]
    return "\n".join(out)


def verdict_scale(ctx: Ctx, arg: str = "") -> str:
    rows = [f"| {esc(ctx.ui('verdict_word'))} | {esc(ctx.ui('meaning'))} |", "|---|---|"]
    rows += [f"| {badge(ctx, k)} | {esc(v['meaning'][ctx.lang])} |" for k, v in ctx.data.claims.verdicts.items()]
    return "\n".join(rows) + "\n"


def final_verdict(ctx: Ctx, arg: str = "") -> str:
    d = ctx.data.claims
    counts = {k: sum(c["verdict"] == k for c in d.claims) for k in d.verdicts}
    agree = sum(c["verdict"] == c["note_verdict"] for c in d.claims)
    rows = [f"| {esc(ctx.ui('our_verdict'))} | {esc(ctx.ui('claims_count'))} |", "|---|---|"]
    rows += [f"| {badge(ctx, k)} | {n} |" for k, n in counts.items() if n]
    return "\n".join(
        [
            f"**{esc(ctx.ui('note_final'))}:** {text(ctx, d.note_final[ctx.lang])}",
            "",
            f"**{esc(ctx.ui('our_final'))}:** {text(ctx, d.final[ctx.lang])}",
            "",
            "\n".join(rows),
            "",
            esc(ctx.ui("agreement").format(agree=agree, total=len(d.claims))),
            "",
        ]
    )


def references(ctx: Ctx, arg: str = "") -> str:
    out, claims = [], ctx.data.claims.claims
    for rid, ref in sorted(ctx.data.refs.items(), key=lambda kv: (kv[1]["authors"], kv[1]["year"])):
        citing = [c for c in claims if any(s["ref"] == rid for s in c.get("sources") or [])]
        cited = ", ".join(f"[{i}]({claim_href(ctx, c['id'])})" for i, c in enumerate(citing, 1))
        venue = ref.get("venue")
        venue = f" {esc(venue if isinstance(venue, str) else venue[ctx.lang])}." if venue else ""
        out.append(
            f'- <span id="ref-{rid}"></span>{source_link(ctx, {"ref": rid})}.{venue}'
            + (f" {esc(ctx.ui('cited_by'))}: {cited}" if cited else "")
        )
    return "\n".join(out) + "\n"


def systems(ctx: Ctx, arg: str = "") -> str:
    """Two tables from data/systems.yml: what handles time in each system, then the published technical details
    (latent compression, tokens, attention, objective, parameters, where the source says so)."""
    lang, none = ctx.lang, "—"

    def paper(s):
        if not s.get("ref"):  # an unpublished system may still have a model or system card that says something
            card = f" ({source_link(ctx, {'ref': s['card']})})" if s.get("card") else ""
            return f"*{esc(ctx.ui('unpublished'))}*{card}"
        report = f" *({esc(ctx.ui('report'))})*" if s.get("report") else ""
        return source_link(ctx, {"ref": s["ref"]}) + report

    def txt(s, key):
        return esc(s[key][lang]) if s.get(key) else none

    head = [ctx.ui("system"), ctx.ui("family"), ctx.ui("temporal_machinery"), ctx.ui("paper")]
    rows = ["| " + " | ".join(esc(h) for h in head) + " |", "|---|---|---|---|"]
    for s in ctx.data.systems:
        rows.append(
            f"| **{esc(s['name'])}** ({s.get('year', none)}) | {txt(s, 'family')} | {txt(s, 'temporal')} | {paper(s)} |"
        )
    head = [
        ctx.ui("system"),
        ctx.ui("compression"),
        ctx.ui("tokens"),
        ctx.ui("attention_scheme"),
        ctx.ui("objective"),
        ctx.ui("params"),
        ctx.ui("where"),
    ]
    details = ["| " + " | ".join(esc(h) for h in head) + " |", "|---|---|---|---|---|---|---|"]
    for s in ctx.data.systems:
        objective = ctx.ui(f"objective_{s.get('objective', 'unknown')}")
        details.append(
            f"| **{esc(s['name'])}** | {esc(s.get('compression') or none)} | {txt(s, 'tokens')} | "
            f"{txt(s, 'attention')} | {esc(objective)} | {esc(s.get('params') or none)} | "
            f"{txt(s, 'where')} |"
        )
    return "\n".join(rows) + "\n\n" + f"**{esc(ctx.ui('systems_details'))}**" + "\n\n" + "\n".join(details) + "\n"


def glossary(ctx: Ctx, arg: str = "") -> str:
    lang = ctx.lang
    other = next(x for x in LANGS if x != lang)
    rows = [f"| {esc(ctx.ui('term'))} | {esc(ctx.ui('term_other'))} | {esc(ctx.ui('definition'))} |", "|---|---|---|"]
    for tid, e in sorted(ctx.data.glossary.items(), key=lambda kv: kv[1][lang]["term"].lower()):
        rows.append(
            f'| <span id="term-{tid}">**{esc(e[lang]["term"])}**</span> | {esc(e[other]["term"])} | '
            f"{esc(e[lang]['def'])} |"
        )
    return "\n".join(rows) + "\n"


def corrections(ctx: Ctx, arg: str = "") -> str:
    """Every verdict change and material change of nuance since first publication, newest first."""
    changes = ctx.data.claims.corrections()
    if not changes:
        return f"*{esc(ctx.ui('no_corrections'))}*\n"
    rows = [
        f"| {esc(ctx.ui('date'))} | {esc(ctx.ui('claim'))} | {esc(ctx.ui('change'))} | {esc(ctx.ui('why'))} |",
        "|---|---|---|---|",
    ]
    for day, c, h in changes:
        rows.append(
            f"| {day.isoformat()} | [{text(ctx, c['claim'][ctx.lang])}]({claim_href(ctx, c['id'])}) | "
            f"{change_html(ctx, h)} | {text(ctx, h['what'][ctx.lang])} |"
        )
    return "\n".join(rows) + "\n"


def open_data(ctx: Ctx, arg: str = "") -> str:
    """What the site publishes as data (sitegen/dataset.py, sitegen/feeds.py, CITATION.cff), as links. Raw HTML:
    the files are generated at the site's root, outside the pages MkDocs checks links against."""
    from sitegen import dataset, feeds

    def link(path, label, lang=""):
        hreflang = f' hreflang="{lang}"' if lang else ""
        return f'<a href="{ctx.root_url(path)}"{hreflang}>{esc(label)}</a>'

    folder = dataset.FOLDER
    feeds_html = " · ".join(link(feeds.path(x), ctx.data.ui("language_name", x), x) for x in LANGS)
    cff = f"{ctx.repo_url.rstrip('/')}/blob/main/CITATION.cff"
    rows = [
        f"{link(f'{folder}/claims.json', 'claims.json')}: {esc(ctx.ui('open_json'))}",
        f"{link(f'{folder}/claims.csv', 'claims.csv')}: {esc(ctx.ui('open_csv'))}",
        f"{link(f'{folder}/claims.schema.json', 'claims.schema.json')}: {esc(ctx.ui('open_schema'))}",
        f"{link(f'{folder}/LICENSE.txt', 'LICENSE.txt')}: {esc(ctx.ui('open_license'))}",
        f"{esc(ctx.ui('open_feed'))}: {feeds_html}",
        f'<a href="{esc(cff)}">CITATION.cff</a>: {esc(ctx.ui("open_cite"))}',
    ]
    stable = dataset.urls(ctx.site_url)["claims.json"]
    return "\n".join(f"- {r}" for r in rows) + f"\n\n{esc(ctx.ui('open_stable'))}: `{stable}`\n"


# kind -> (renderer, takes an argument)
MARKERS = {
    "claim": (card, True),
    "claims-table": (claims_table, False),
    "claims-summary": (claims_summary, False),
    "verdict-scale": (verdict_scale, False),
    "final-verdict": (final_verdict, False),
    "references": (references, False),
    "systems": (systems, False),
    "glossary": (glossary, False),
    "corrections": (corrections, False),
    "claim-page": (claim_page, True),
    "open-data": (open_data, False),
}


def render(ctx: Ctx, ref) -> str:
    """One reference found by sitegen/refs.py, rendered."""
    if ref.kind == "figure":
        return figure_html(ctx, ref.id, ref.alt, ref.caption)
    if ref.kind == "clip":
        return _clips.figure_html(ctx, ref.id, ref.alt, ref.caption)
    if ref.kind == "figref":
        return figure_link(ctx, ref.id, ref.alt)
    if ref.kind == "value":
        return value_html(ctx, ref.id)
    fn, _ = MARKERS[ref.id]
    return fn(ctx, ref.caption)


def page(markdown: str, page, config, files) -> str:
    """The page's Markdown with every reference the index found in it rendered."""
    from mkdocs.utils import get_relative_url

    from sitegen import i18n, state

    build = state.build()
    indexed = build.pages.get(page.file.src_uri)
    refs = indexed.refs if indexed is not None and indexed.body == markdown else scan(markdown)
    if not refs:
        return markdown
    lang = i18n.page_lang(page)

    def figure_url(ref):
        return get_relative_url(files.get_file_from_path(f"assets/figures/{ref}.{lang}.svg").url, page.url)

    def root_url(path):  # files shared by both languages sit at the site root (page URLs carry the <lang>/ prefix)
        return get_relative_url(path, page.url)

    ctx = Ctx(
        state.session(),
        build,
        lang,
        page.file.src_uri,
        figure_url,
        itertools.count(1),
        page_url=page.canonical_url or page.abs_url or "",
        root_url=root_url,
        repo_url=config.repo_url or "",
        site_url=config.site_url or "",
        site_name=config.site_name,
    )
    return replace(markdown, refs, lambda ref: render(ctx, ref))
