"""Everything the pages show that is generated: figures, values, links to figures, claim cards, the note's
table, the summary, the verdict scale, the final verdict, references, systems, glossary, corrections.

Plain functions from the session's data to Markdown/HTML. A claim card calls the value and figure renderers
itself. ``MARKERS`` is the table of ``<!-- md:kind -->`` markers: kind -> (renderer, takes an argument).
Text from data files is HTML-escaped.
"""
from __future__ import annotations

from dataclasses import dataclass

import _figures
from _data import LANGS, VALUE
from _site import esc, md_link


@dataclass
class Ctx:
    """What a renderer needs to know about the page it renders into."""

    session: object
    build: object
    lang: str
    src_uri: str          # the page's source, e.g. topics/attention.en.md
    figure_url: object    # figure id -> URL of its SVG relative to this page
    counter: object = None

    @property
    def data(self):
        return self.session.data

    def ui(self, key: str) -> str:
        return self.session.data.ui(key, self.lang)


# ---------------------------------------------------------------- values and figures
def value_html(ctx: Ctx, ref: str) -> str:
    return f'<span class="va-value" data-value="{esc(ref)}">{esc(_figures.value_text(ctx.session, ref, ctx.lang))}</span>'


def plain_values(ctx: Ctx, text: str) -> str:
    """Alt texts and captions quote computed values as plain text."""
    return VALUE.sub(lambda m: _figures.value_text(ctx.session, m.group("id"), ctx.lang), text)


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
    return (f'<figure class="va-figure" id="{figure_anchor(ref)}">\n'
            f'<img src="{ctx.figure_url(ref)}" alt="{esc(plain_values(ctx, alt))}" width="{w}" height="{h}" loading="lazy">\n'
            f'<figcaption><strong>{esc(ctx.ui("figure"))} {number}.</strong> {esc(plain_values(ctx, caption))} '
            f'<small>({esc(ctx.ui("computed_by"))} <code>snippets/{module}.py</code>)</small></figcaption>\n'
            f"</figure>")


def figure_link(ctx: Ctx, ref: str, label: str = "") -> str:
    """A Markdown link to the figure where this language first shows it."""
    src, alt = ctx.build.shown[ref]
    return f"[{esc(label or alt)}]({md_link(src, ctx.src_uri, figure_anchor(ref))})"


# ---------------------------------------------------------------- claims
def badge(ctx: Ctx, verdict: str) -> str:
    v = ctx.data.claims.verdicts[verdict]
    return (f'<span class="va-verdict va-verdict--{verdict}" title="{esc(v["meaning"][ctx.lang])}">'
            f':{v["icon"]}: {esc(v[ctx.lang])}</span>')


def source_link(ctx: Ctx, src: dict) -> str:
    ref = ctx.data.refs[src["ref"]]
    url = ref.get("url") or f"https://arxiv.org/abs/{ref['arxiv']}"
    where = f", {esc(src['where'])}" if src.get("where") else ""
    arxiv = f" · arXiv:{ref['arxiv']}" if ref.get("arxiv") else ""
    return f"[{esc(ref['title'])}]({url}) ({esc(ref['authors'])}, {ref['year']}{arxiv}){where}"


def claim_href(ctx: Ctx, cid: str) -> str:
    return md_link(ctx.build.placed[cid], ctx.src_uri, f"claim-{cid}")


def card(ctx: Ctx, cid: str) -> str:
    """A claim's section: heading (anchor claim-ID), the verdicts, our nuance, evidence, sources."""
    c, lang, d = ctx.data.claims.by_id[cid], ctx.lang, ctx.data.claims
    lines = [
        f'### {text(ctx, c["claim"][lang])} {{#claim-{cid} }}',
        "",
        f'<div class="va-claim" data-claim="{cid}" data-verdict="{c["verdict"]}" data-note-verdict="{c["note_verdict"]}" markdown>',
        "",
        f'<span class="va-claim__verdict">{esc(ctx.ui("note_verdict"))}: {badge(ctx, c["note_verdict"])}</span> '
        f'<span class="va-claim__verdict">{esc(ctx.ui("our_verdict"))}: {badge(ctx, c["verdict"])}</span>',
        "",
        f'**{esc(ctx.ui("section"))} {c["section"]}** — {esc(d.sections[c["section"]][lang])}',
        "",
        f'**{esc(ctx.ui("note_nuance"))}:** {text(ctx, c["note_says"][lang])}',
        "",
        f'**{esc(ctx.ui("nuance"))}:** {text(ctx, c["nuance"][lang])}',
        "",
    ]
    if c["verdict"] != c["note_verdict"]:
        lines += [f'**{esc(ctx.ui("disagree"))}:** {text(ctx, c["differs"][lang])}', ""]
    if c.get("evidence"):
        lines += [f'**{esc(ctx.ui("evidence"))}:** ' + ", ".join(figure_link(ctx, ev) for ev in c["evidence"]), ""]
    if c.get("sources"):
        lines += [f'**{esc(ctx.ui("sources"))}:**', ""] + [f"- {source_link(ctx, s)}" for s in c["sources"]] + [""]
    lines += [f'<small class="va-claim__reviewed">{esc(ctx.ui("reviewed"))}: {c["reviewed"].isoformat()}</small>', ""]
    lines += ["</div>", ""]
    return "\n".join(lines)


def _table(ctx: Ctx, claims: list, first_col: str) -> str:
    head = [first_col, ctx.ui("claim"), ctx.ui("note_verdict"), ctx.ui("our_verdict")]
    rows = ["| " + " | ".join(esc(h) for h in head) + " |", "|---|---|---|---|"]
    for n, c in claims:
        rows.append(f'| {n} | [{text(ctx, c["claim"][ctx.lang])}]({claim_href(ctx, c["id"])}) | '
                    f'{badge(ctx, c["note_verdict"])} | {badge(ctx, c["verdict"])} |')
    return "\n".join(rows) + "\n"


def claims_table(ctx: Ctx, arg: str = "") -> str:
    """The note's own five-row table, with our verdicts beside its."""
    rows = sorted((c["table_row"], c) for c in ctx.data.claims.claims if c.get("table_row") is not None)
    return _table(ctx, rows, "#")


def claims_summary(ctx: Ctx, arg: str = "") -> str:
    out = []
    for number, titles in ctx.data.claims.sections.items():
        claims = [c for c in ctx.data.claims.claims if c["section"] == number]
        out += [f'#### {esc(ctx.ui("section"))} {number}: {esc(titles[ctx.lang])}', "",
                _table(ctx, list(enumerate(claims, 1)), "#"), ""]
    return "\n".join(out)


def verdict_scale(ctx: Ctx, arg: str = "") -> str:
    rows = [f'| {esc(ctx.ui("verdict_word"))} | {esc(ctx.ui("meaning"))} |', "|---|---|"]
    rows += [f'| {badge(ctx, k)} | {esc(v["meaning"][ctx.lang])} |' for k, v in ctx.data.claims.verdicts.items()]
    return "\n".join(rows) + "\n"


def final_verdict(ctx: Ctx, arg: str = "") -> str:
    d = ctx.data.claims
    counts = {k: sum(c["verdict"] == k for c in d.claims) for k in d.verdicts}
    agree = sum(c["verdict"] == c["note_verdict"] for c in d.claims)
    rows = [f'| {esc(ctx.ui("our_verdict"))} | {esc(ctx.ui("claims_count"))} |', "|---|---|"]
    rows += [f"| {badge(ctx, k)} | {n} |" for k, n in counts.items() if n]
    return "\n".join([
        f'**{esc(ctx.ui("note_final"))}:** {text(ctx, d.note_final[ctx.lang])}', "",
        f'**{esc(ctx.ui("our_final"))}:** {text(ctx, d.final[ctx.lang])}', "",
        "\n".join(rows), "",
        esc(ctx.ui("agreement").format(agree=agree, total=len(d.claims))), "",
    ])


def references(ctx: Ctx, arg: str = "") -> str:
    out, claims = [], ctx.data.claims.claims
    for rid, ref in sorted(ctx.data.refs.items(), key=lambda kv: (kv[1]["authors"], kv[1]["year"])):
        citing = [c for c in claims if any(s["ref"] == rid for s in c.get("sources") or [])]
        cited = ", ".join(f"[{i}]({claim_href(ctx, c['id'])})" for i, c in enumerate(citing, 1))
        venue = f" {esc(ref['venue'])}." if ref.get("venue") else ""
        out.append(f'- <span id="ref-{rid}"></span>{source_link(ctx, {"ref": rid})}.{venue}'
                   + (f' {esc(ctx.ui("cited_by"))}: {cited}' if cited else ""))
    return "\n".join(out) + "\n"


def systems(ctx: Ctx, arg: str = "") -> str:
    lang = ctx.lang
    rows = [f'| {esc(ctx.ui("system"))} | {esc(ctx.ui("family"))} | {esc(ctx.ui("temporal_machinery"))} | {esc(ctx.ui("paper"))} |',
            "|---|---|---|---|"]
    for s in ctx.data.systems:
        paper = source_link(ctx, {"ref": s["ref"]}) if s.get("ref") else f'*{esc(ctx.ui("unpublished"))}*'
        rows.append(f'| **{esc(s["name"])}** | {esc(s["family"][lang])} | {esc(s["temporal"][lang])} | {paper} |')
    return "\n".join(rows) + "\n"


def glossary(ctx: Ctx, arg: str = "") -> str:
    lang = ctx.lang
    other = next(x for x in LANGS if x != lang)
    rows = [f'| {esc(ctx.ui("term"))} | {esc(ctx.ui("term_other"))} | {esc(ctx.ui("definition"))} |', "|---|---|---|"]
    for tid, e in sorted(ctx.data.glossary.items(), key=lambda kv: kv[1][lang]["term"].lower()):
        rows.append(f'| <span id="term-{tid}">**{esc(e[lang]["term"])}**</span> | {esc(e[other]["term"])} | {esc(e[lang]["def"])} |')
    return "\n".join(rows) + "\n"


def corrections(ctx: Ctx, arg: str = "") -> str:
    """Every verdict change and material change of nuance since first publication, newest first."""
    changes = ctx.data.claims.corrections()
    if not changes:
        return f'*{esc(ctx.ui("no_corrections"))}*\n'
    rows = [f'| {esc(ctx.ui("date"))} | {esc(ctx.ui("claim"))} | {esc(ctx.ui("change"))} | {esc(ctx.ui("why"))} |',
            "|---|---|---|---|"]
    for day, c, h in changes:
        change = h.get("verdict")
        what = (f'{badge(ctx, change["from"])} → {badge(ctx, change["to"])}' if change
                else esc(ctx.ui("nuance_changed")))
        rows.append(f'| {day.isoformat()} | [{text(ctx, c["claim"][ctx.lang])}]({claim_href(ctx, c["id"])}) | '
                    f'{what} | {text(ctx, h["what"][ctx.lang])} |')
    return "\n".join(rows) + "\n"


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
}


def render(ctx: Ctx, ref) -> str:
    """One reference found by _scan, rendered."""
    if ref.kind == "figure":
        return figure_html(ctx, ref.id, ref.alt, ref.caption)
    if ref.kind == "figref":
        return figure_link(ctx, ref.id, ref.alt)
    if ref.kind == "value":
        return value_html(ctx, ref.id)
    fn, _ = MARKERS[ref.id]
    return fn(ctx, ref.caption)
