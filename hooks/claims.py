"""Claims are data: data/claims.yml → claim cards, the note's verdict table, the verdict scale, ClaimReview JSON-LD.

Markers (in page Markdown, outside code):
  <!-- md:claim ID -->          the claim's card (each claim is placed exactly once per language)
  <!-- md:claims-table -->      the note's summary table (claims with a table_row), linked to the cards
  <!-- md:claims-summary -->    every claim, grouped by the note's sections, linked to the cards
  <!-- md:verdict-scale -->     the verdict scale: icon, word, meaning
  <!-- md:final-verdict -->     the note's final verdict and ours, with the count of claims per verdict
  <!-- md:references -->        every source in data/references.yml, with the claims that cite it
  <!-- md:systems -->           the text-to-video systems of data/systems.yml and their temporal machinery

Text from the data file is HTML-escaped; ``{{module.value}}`` in it becomes a computed value (hooks/figures.py).
"""
from __future__ import annotations

import json
import re

from _common import DATA, LANGS, BuildError, esc, finditer_outside_code, load_yaml, md_link, page_lang, sub_outside_code, ui, where
from mkdocs.plugins import event_priority

CLAIMS_FILE = DATA / "claims.yml"
REFS_FILE = DATA / "references.yml"
SYSTEMS_FILE = DATA / "systems.yml"
MARKER = re.compile(r"<!--\s*md:(claim|claims-table|claims-summary|verdict-scale|final-verdict|references|systems)\b\s*([^>]*?)\s*-->")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEXT_FIELDS = ("claim", "note_says", "nuance")

_data: dict | None = None
_placed: dict[str, str] = {}  # claim id -> src_uri of the page showing its card (current language)


# ---------------------------------------------------------------- loading and validation
def load(path=CLAIMS_FILE, refs_path=REFS_FILE) -> dict:
    """Load and validate the claims file; any problem raises BuildError naming the file, line and claim."""
    data = load_yaml(path)
    refs = load_yaml(refs_path)
    name = path.name if path != CLAIMS_FILE else "data/claims.yml"

    def fail(line, msg):
        raise BuildError(f"{name}:{line}: {msg}")

    if not isinstance(data, dict) or not all(k in data for k in ("verdicts", "sections", "claims")):
        fail(1, "expected top-level keys 'verdicts', 'sections' and 'claims'")
    verdicts = {k: v for k, v in data["verdicts"].items() if k != "__line__"}
    for key, v in verdicts.items():
        for lang in LANGS:
            if not str(v.get(lang, "")).strip() or not str(v.get("meaning", {}).get(lang, "")).strip():
                fail(v["__line__"], f"verdict {key!r} has no {lang!r} label or meaning")
        if not isinstance(v.get("rating"), int) or not 1 <= v["rating"] <= 5 or not v.get("icon"):
            fail(v["__line__"], f"verdict {key!r} needs an icon and a rating from 1 to 5")
    sections = {k: v for k, v in data["sections"].items() if k != "__line__"}
    for number, titles in sections.items():
        for lang in LANGS:
            if not str(titles.get(lang, "")).strip():
                fail(titles["__line__"], f"section {number} has no {lang!r} title")

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
        for field in ("note_verdict", "verdict"):
            if c.get(field) not in verdicts:
                fail(line, f"{label}: unknown {field} {c.get(field)!r} (known: {', '.join(verdicts)})")
        row = c.get("table_row")
        if row is not None:
            if row in rows:
                fail(line, f"{label}: table_row {row} already used by claim {rows[row]!r}")
            rows[row] = cid
        for field in TEXT_FIELDS:
            texts = c.get(field)
            for lang in LANGS:
                if not isinstance(texts, dict) or not str(texts.get(lang, "")).strip():
                    fail(line, f"{label}: missing {lang!r} text for {field!r}")
        if c.get("differs") is not None or c["verdict"] != c["note_verdict"]:
            for lang in LANGS:
                if not str((c.get("differs") or {}).get(lang, "")).strip():
                    fail(line, f"{label}: our verdict differs from the note's, so 'differs' must say why ({lang!r})")
        for src in c.get("sources", []) or []:
            if src.get("ref") not in refs:
                fail(src.get("__line__", line), f"{label}: unknown source {src.get('ref')!r} (not in data/references.yml)")
        for ev in c.get("evidence", []) or []:
            if not isinstance(ev, str) or "." not in ev:
                fail(line, f"{label}: evidence must be figure ids like 'module.name', got {ev!r}")
    for key in ("final_verdict", "note_final_verdict"):
        texts = data.get(key)
        for lang in LANGS:
            if not isinstance(texts, dict) or not str(texts.get(lang, "")).strip():
                fail((texts or {}).get("__line__", 1) if isinstance(texts, dict) else 1, f"{key!r} needs {lang!r} text")
    for rid, ref in refs.items():
        if rid == "__line__":
            continue
        if not ref.get("title") or not ref.get("year") or not (ref.get("arxiv") or ref.get("url")):
            raise BuildError(f"data/references.yml:{ref.get('__line__', '?')}: source {rid!r} needs a title, a year and an arxiv id or url")
    systems = load_yaml(SYSTEMS_FILE)
    for system in systems:
        where_ = f"data/systems.yml:{system.get('__line__', '?')}: system {system.get('name')!r}"
        if system.get("ref") is not None and system["ref"] not in refs:
            raise BuildError(f"{where_}: unknown source {system['ref']!r}")
        for field in ("family", "temporal"):
            for lang in LANGS:
                if not str((system.get(field) or {}).get(lang, "")).strip():
                    raise BuildError(f"{where_}: missing {lang!r} text for {field!r}")
    return {"verdicts": verdicts, "sections": sections, "claims": data["claims"], "refs": refs,
            "final": data["final_verdict"], "note_final": data["note_final_verdict"], "systems": systems}


def data() -> dict:
    if _data is None:
        raise BuildError("hooks/claims.py: claims data not loaded (on_config did not run)")
    return _data


# ---------------------------------------------------------------- rendering helpers
def text(value: str) -> str:
    """Escape text from the data file; ``{{module.value}}`` becomes a computed-value reference."""
    return re.sub(r"\{\{\s*([a-z_0-9]+\.[a-z_0-9]+)\s*\}\}", r"{{\1}}", esc(value).replace("\n", " "))


def badge(verdict: str, lang: str) -> str:
    v = data()["verdicts"][verdict]
    return (f'<span class="va-verdict va-verdict--{verdict}" title="{esc(v["meaning"][lang])}">'
            f':{v["icon"]}: {esc(v[lang])}</span>')


def source_link(src: dict) -> str:
    ref = data()["refs"][src["ref"]]
    url = ref.get("url") or f"https://arxiv.org/abs/{ref['arxiv']}"
    where_ = f", {esc(src['where'])}" if src.get("where") else ""
    arxiv = f" · arXiv:{ref['arxiv']}" if ref.get("arxiv") else ""
    return f"[{esc(ref['title'])}]({url}) ({esc(ref['authors'])}, {ref['year']}{arxiv}){where_}"


def claim_href(cid: str, page) -> str:
    return md_link(_placed[cid], page.file.src_uri, f"claim-{cid}")


def card(c: dict, lang: str) -> str:
    """A claim's section: heading (anchor claim-ID), the verdicts, our nuance, evidence, sources."""
    d = data()
    lines = [
        f'### {text(c["claim"][lang])} {{#claim-{c["id"]} }}',
        "",
        f'<div class="va-claim" data-claim="{c["id"]}" data-verdict="{c["verdict"]}" data-note-verdict="{c["note_verdict"]}" markdown>',
        "",
        f'<span class="va-claim__verdict">{esc(ui("note_verdict", lang))}: {badge(c["note_verdict"], lang)}</span> '
        f'<span class="va-claim__verdict">{esc(ui("our_verdict", lang))}: {badge(c["verdict"], lang)}</span>',
        "",
        f'**{esc(ui("section", lang))} {c["section"]}** — {esc(d["sections"][c["section"]][lang])}',
        "",
        f'**{esc(ui("note_nuance", lang))}:** {text(c["note_says"][lang])}',
        "",
        f'**{esc(ui("nuance", lang))}:** {text(c["nuance"][lang])}',
        "",
    ]
    if c["verdict"] != c["note_verdict"]:
        lines += [f'**{esc(ui("disagree", lang))}:** {text(c["differs"][lang])}', ""]
    if c.get("evidence"):
        refs = ", ".join(f"[](figure-ref:{ev})" for ev in c["evidence"])
        lines += [f'**{esc(ui("evidence", lang))}:** {refs}', ""]
    if c.get("sources"):
        lines += [f'**{esc(ui("sources", lang))}:**', ""] + [f"- {source_link(s)}" for s in c["sources"]] + [""]
    lines += ["</div>", ""]
    return "\n".join(lines)


def table(claims: list[dict], lang: str, page, first_col: str) -> str:
    head = [first_col, ui("claim", lang), ui("note_verdict", lang), ui("our_verdict", lang)]
    rows = ["| " + " | ".join(esc(h) for h in head) + " |", "|---|---|---|---|"]
    for n, c in claims:
        rows.append(f'| {n} | [{text(c["claim"][lang])}]({claim_href(c["id"], page)}) | '
                    f'{badge(c["note_verdict"], lang)} | {badge(c["verdict"], lang)} |')
    return "\n".join(rows) + "\n"


def summary(lang: str, page) -> str:
    d, out = data(), []
    for number, titles in d["sections"].items():
        claims = [c for c in d["claims"] if c["section"] == number]
        out += [f'#### {esc(ui("section", lang))} {number}: {esc(titles[lang])}', "",
                table(list(enumerate(claims, 1)), lang, page, "#"), ""]
    return "\n".join(out)


def scale(lang: str) -> str:
    rows = [f'| {esc(ui("verdict_word", lang))} | {esc(ui("meaning", lang))} |', "|---|---|"]
    rows += [f'| {badge(k, lang)} | {esc(v["meaning"][lang])} |' for k, v in data()["verdicts"].items()]
    return "\n".join(rows) + "\n"


def final_verdict(lang: str, page) -> str:
    d = data()
    counts = {k: sum(c["verdict"] == k for c in d["claims"]) for k in d["verdicts"]}
    agree = sum(c["verdict"] == c["note_verdict"] for c in d["claims"])
    rows = [f'| {esc(ui("our_verdict", lang))} | {esc(ui("claims_count", lang))} |', "|---|---|"]
    rows += [f"| {badge(k, lang)} | {n} |" for k, n in counts.items() if n]
    return "\n".join([
        f'**{esc(ui("note_final", lang))}:** {text(d["note_final"][lang])}', "",
        f'**{esc(ui("our_final", lang))}:** {text(d["final"][lang])}', "",
        "\n".join(rows), "",
        esc(ui("agreement", lang).format(agree=agree, total=len(d["claims"]))), "",
    ])


def references(lang: str, page) -> str:
    d, out = data(), []
    for rid, ref in sorted(((k, v) for k, v in d["refs"].items() if k != "__line__"), key=lambda kv: (kv[1]["authors"], kv[1]["year"])):
        citing = [c for c in d["claims"] if any(s["ref"] == rid for s in c.get("sources", []) or [])]
        cited = ", ".join(f"[{i}]({claim_href(c['id'], page)})" for i, c in enumerate(citing, 1))
        venue = f" {esc(ref['venue'])}." if ref.get("venue") else ""
        out.append(f'- <span id="ref-{rid}"></span>{source_link({"ref": rid})}.{venue}'
                   + (f' {esc(ui("cited_by", lang))}: {cited}' if cited else ""))
    return "\n".join(out) + "\n"


def systems(lang: str) -> str:
    rows = [f'| {esc(ui("system", lang))} | {esc(ui("family", lang))} | {esc(ui("temporal_machinery", lang))} | {esc(ui("paper", lang))} |',
            "|---|---|---|---|"]
    for s in data()["systems"]:
        paper = source_link({"ref": s["ref"]}) if s["ref"] else f'*{esc(ui("unpublished", lang))}*'
        rows.append(f'| **{esc(s["name"])}** | {esc(s["family"][lang])} | {esc(s["temporal"][lang])} | {paper} |')
    return "\n".join(rows) + "\n"


def claim_review(c: dict, lang: str, url: str, site_name: str) -> dict:
    v = data()["verdicts"][c["verdict"]]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{url}#claim-{c['id']}",
        "inLanguage": lang,
        "claimReviewed": c["claim"][lang],
        "author": {"@type": "Organization", "name": site_name},
        "reviewRating": {"@type": "Rating", "ratingValue": v["rating"], "bestRating": 5, "worstRating": 1,
                         "alternateName": v[lang]},
        "itemReviewed": {"@type": "Claim", "appearance": {"@type": "CreativeWork",
                                                           "name": "वीडियो विश्लेषण: शक्तियाँ और सीमाएँ (video-analysis-note.hi.md)"}},
    }


# ---------------------------------------------------------------- MkDocs events
def on_config(config):
    global _data
    _data = load()


@event_priority(-110)  # after mkdocs-static-i18n (-100) has chosen this language's files
def on_files(files, config):
    """Find where each claim's card is, in this language's pages: every claim exactly once."""
    _placed.clear()
    for f in files.documentation_pages():
        if not f.src_uri.endswith(".md"):
            continue
        md = f.content_string
        for m in finditer_outside_code(MARKER, md):
            if m.group(1) != "claim":
                continue
            cid = m.group(2).strip()
            loc = f"docs/{f.src_uri}:{md.count(chr(10), 0, m.start()) + 1}"
            if cid not in {c["id"] for c in data()["claims"]}:
                raise BuildError(f"{loc}: unknown claim id {cid!r} (not in data/claims.yml)")
            if cid in _placed:
                raise BuildError(f"{loc}: claim {cid!r} is already placed on docs/{_placed[cid]}")
            _placed[cid] = f.src_uri
    missing = [c["id"] for c in data()["claims"] if c["id"] not in _placed]
    if missing:
        raise BuildError(f"data/claims.yml: claims placed on no page ({', '.join(missing)}): add <!-- md:claim ID --> to a page")
    return files


def on_page_markdown(markdown, page, config, files):
    lang = page_lang(page)
    by_id = {c["id"]: c for c in data()["claims"]}

    def repl(m, offset):
        kind, arg = m.group(1), m.group(2).strip()
        if kind == "claim":
            return card(by_id[arg], lang)
        if arg:
            raise BuildError(f"{where(page, markdown, offset + m.start())}: md:{kind} takes no argument, got {arg!r}")
        if kind == "claims-table":
            rows = sorted((c["table_row"], c) for c in data()["claims"] if c.get("table_row") is not None)
            return table(rows, lang, page, "#")
        if kind == "claims-summary":
            return summary(lang, page)
        if kind == "final-verdict":
            return final_verdict(lang, page)
        if kind == "references":
            return references(lang, page)
        if kind == "systems":
            return systems(lang)
        return scale(lang)

    return sub_outside_code(MARKER, repl, markdown)


def on_post_page(output, page, config):
    """ClaimReview JSON-LD for every claim whose card is on this page."""
    lang = page_lang(page)
    reviews = [claim_review(c, lang, page.canonical_url or page.abs_url, config.site_name)
               for c in data()["claims"] if _placed.get(c["id"]) == page.file.src_uri]
    if not reviews:
        return output
    blob = json.dumps(reviews, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return output.replace("</head>", f'<script type="application/ld+json">{blob}</script>\n</head>', 1)
