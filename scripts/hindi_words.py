"""How much of the Hindi prose is English: per file, the share of Latin-script words and of transliterated English
words (Devanagari words from scripts/hindi_loanwords.txt, a hand-made list, so a lower bound). Adapted from the Hindi
review's latin_share.py / loan_share.py.

    .venv/bin/python scripts/hindi_words.py            # table for the whole site
    .venv/bin/python scripts/hindi_words.py docs/note.hi.md
    .venv/bin/python scripts/hindi_words.py --built site      # what a reader sees on each built Hindi page
    .venv/bin/python scripts/hindi_words.py --built site --no-links   # the same without links to other sites

Counted: prose, alt texts and captions of the Hindi pages and labs, the `hi` strings of data/*.yml and of the
snippets' LABELS. Left out: front matter, code, math, {{values}}, HTML comments, link targets, URLs. A Latin word is
"allowed" when it is a name or acronym (NAMES, or all capitals/digits), a "gloss" when it stands alone in brackets
after a Hindi term, e.g. (slerp), and "stranded" otherwise: the style sheet (HINDI-STYLE.md) wants none.

--built SITE counts what a reader sees on each built Hindi page instead (visible_text: the text of <body>, with
code, math, drawings and scripts left out, as with the sources): there the source locators, the theme's strings and
the paper titles of the source lists count too. tests/site/test_hindi_pages.py keeps it within a budget.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
NAMES = set(
    """
TimeSformer ViViT C-ViViT Kinetics-400 Something-Something-v2 Something-Something v2 PYoCo DDPM DDIM VDM SVD
Make-A-Video Phenaki Stable Video Diffusion AnimateDiff Runway Gen-1 Gen-2 Pika Labs Latte DiT VBench FVD CLIP DINO
GAN VAE VQ-VAE CNN RNN RMSE U-Net VTN Swin MViT LDM YouTube PPT Cold Python arXiv Bertasius Arnab Ge Ho Lai Nichol
Dhariwal et al I3D Fréchet Distance Denoising Probabilistic Models Implicit Improved RTS Video F N T d q n x t D
Student-t Kuglin Hines dy dx
Lumiere Sora Open-Sora CogVideoX CogVideoX1 HunyuanVideo LTX-Video Movie Gen Wan Wan-VAE Google Kuaishou unCLIP
ResNet ViT-B Sec ClaimReview NumPy PyTorch Matplotlib
ViT Burgert Chang Singer Wu FreeInit Go-with-the-Flow How I Warped Your Noise
""".split()
)
LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ0-9\-']*")
DEVANAGARI = re.compile(r"[\u0900-\u0963\u0966-\u097F]+(?:-[\u0900-\u0963\u0966-\u097F]+)*")  # words, not the danda
GLOSS = re.compile(r"[\u0900-\u097F][\u0900-\u097F\s-]*\(([A-Za-z][A-Za-z -]*)\)")


def is_loan(part: str) -> bool:
    """A transliterated word, also with a plural ending (the vowel signs ो ं े stripped from its end)."""
    return plain(part) in LOANS or plain(part).rstrip("ोंें") in LOANS  # noqa: B005 (a set of endings, on purpose)


def plain(word: str) -> str:
    """Nukta-blind form, so फ्रेम and फ़्रेम count as the same loanword."""
    return unicodedata.normalize("NFD", word).replace("\u093c", "")


LOANS = {plain(w) for w in (ROOT / "scripts/hindi_loanwords.txt").read_text(encoding="utf-8").split()}


def prose(text: str) -> str:
    """Markdown minus everything that is not prose."""
    for pattern, flags in [
        (r"\A---\n.*?\n---\n", re.S),
        (r"```.*?```", re.S),
        (r"<!--.*?-->", re.S),
        (r"\{\{.*?\}\}", 0),
        (r"\$\$.*?\$\$", re.S),
        (r"\$[^$\n]+\$", 0),
        (r"`[^`]*`", 0),
        (r"https?://\S+", 0),
        (r"\b[a-z]_[a-z0-9]+\b", 0),
        (r"\{\w+\}p\b", 0),
        (r"\{\w+\}", 0),
        (r"\{#[\w-]+\}", 0),
    ]:  # the last: heading ids {#report-an-error}
        text = re.sub(pattern, " ", text, flags=flags)
    text = re.sub(r"\]\((?:figure:[\w.]+|[^)\s]+)", "](", text)  # link and figure targets (keeps the caption)
    # code identifiers (motion_bucket_id) and video formats (720p) are not English words
    return re.sub(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b\d+p\b", " ", text)


def hindi_strings(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "hi" and isinstance(value, str):
                yield value
            elif key == "hi" and isinstance(value, dict):
                yield from (v for v in value.values() if isinstance(v, str))
            else:
                yield from hindi_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from hindi_strings(value)


def sources():
    """(name, prose) for every Hindi source of the site."""
    for path in sorted((ROOT / "docs").rglob("*.hi.md")):
        yield str(path.relative_to(ROOT)), prose(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "docs").rglob("*.hi.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        yield (
            str(path.relative_to(ROOT)),
            prose("\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")),
        )
    for path in sorted((ROOT / "data").glob("*.yml")):
        yield (
            f"{path.relative_to(ROOT)} (hi)",
            prose("\n\n".join(hindi_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))),
        )
    labels = []
    for path in sorted((ROOT / "snippets").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "LABELS" for t in node.targets):
                labels += [v["hi"] for v in ast.literal_eval(node.value).values()]
    yield "snippets/*.py LABELS (hi)", prose("\n\n".join(labels))


class _Visible(HTMLParser):
    """The text a reader sees in <body>: no code, math, figures drawn as SVG, scripts, or hidden elements. An end
    tag closes every element opened after its own (minified HTML leaves out optional end tags: </p>, </li>)."""

    SKIP = {"code", "pre", "math", "svg", "script", "style", "template", "kbd"}
    HIDDEN = {"clipboard-copy-txt"}  # hidden by a stylesheet: the labs' plain copy of each code cell
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, links: bool = True):
        super().__init__(convert_charrefs=True)
        self.stack, self.parts, self.body, self.links = [], [], False, links

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.body = True
        if tag in self.VOID:
            return
        a = dict(attrs)
        hidden = "hidden" in a or a.get("aria-hidden") == "true" or self.HIDDEN & set((a.get("class") or "").split())
        name = not self.links and tag == "a" and (a.get("href") or "").startswith(("http://", "https://"))
        self.stack.append((tag, tag in self.SKIP or bool(hidden) or name))

    def handle_endtag(self, tag):
        if any(t == tag for t, _ in self.stack):
            while self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if self.body and not any(skip for _, skip in self.stack):
            self.parts.append(data)


def visible_text(html: str, links: bool = True) -> str:
    """``links=False``: without the text of links to other sites (titles of papers, repositories, products)."""
    parser = _Visible(links)
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def built_pages(site: Path, links: bool = True):
    """(page, visible text) of every Hindi page of a built site (the English ones live under en/)."""
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site)
        if rel.parts[:1] != ("en",) and "assets" not in rel.parts:
            yield (str(rel) if rel.parts else "index"), visible_text(path.read_text(encoding="utf-8"), links)
    yield "404", visible_text((site / "404.html").read_text(encoding="utf-8"), links)


def count(text: str) -> dict:
    latin = LATIN.findall(text)
    odd = [w for w in latin if w not in NAMES and not re.fullmatch(r"[A-Z0-9\-]+", w)]
    glosses = []
    for g in (g for m in GLOSS.finditer(text) for g in LATIN.findall(m.group(1))):
        if g in odd:
            odd.remove(g)
            glosses.append(g)
    deva = DEVANAGARI.findall(text)
    loans = [w for w in deva if any(is_loan(part) for part in w.split("-"))]
    return {"deva": len(deva), "latin": len(latin), "stranded": odd, "glosses": len(glosses), "loans": len(loans)}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--built"] and len(argv) in (2, 3) and argv[2:] in ([], ["--no-links"]):
        rows = [(name, count(prose(text))) for name, text in built_pages(Path(argv[1]), links=argv[2:] == [])]
        return table(rows)
    wanted = [str(Path(a)) for a in argv]
    rows = [(name, count(text)) for name, text in sources() if not wanted or any(name.startswith(w) for w in wanted)]
    return table(rows) if rows else (print(f"no Hindi source matches {' '.join(argv)}", file=sys.stderr) or 2)


def table(rows) -> int:
    print(f"{'file':40s} {'words':>6s} {'Latin%':>7s} {'translit%':>9s} {'gloss':>5s}  stranded Latin words")
    total = {"deva": 0, "latin": 0, "loans": 0, "glosses": 0, "stranded": []}
    for name, c in rows + [("TOTAL", total)]:
        if name != "TOTAL":
            for k in total:
                total[k] += c[k]
        words = c["deva"] + c["latin"]
        print(
            f"{name:40s} {words:6d} {100 * c['latin'] / max(words, 1):6.1f}% "
            f"{100 * c['loans'] / max(c['deva'], 1):8.1f}% "
            f"{c['glosses']:5d}  {' '.join(sorted(set(c['stranded'])))}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
