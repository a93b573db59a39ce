"""Numbers in prose come from code: a page never types a number the snippets compute.

The numbers written in a page's prose (outside code, math, links and {{value}} references) are compared with
the computed values as the built site shows them: an exact copy of any computed value, or a number within 15%
of a value the same page shows (with the same number of decimals: a stale or rounded copy), is reported with
page:line — write {{module.value}} instead. Whole numbers are inputs (frames, steps, sizes) and not checked.
"""

import re
from pathlib import Path

import pytest

from sitegen.text import prose

from conftest import ROOT

PAGES = sorted((ROOT / "docs").rglob("*.md"))
NUMBER = re.compile(r"(?<![\w.\-/:#=])(\d+(?:[.,]\d+)*)(?![\w/])")


SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def as_float(shown: str) -> float:
    m = re.fullmatch(r"(-?[\d.]+) × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", shown)
    return float(m.group(1)) * 10 ** int(m.group(2).translate(SUPERSCRIPT)) if m else float(shown.replace(",", ""))


def built(page: Path, site: Path) -> Path:
    rel = page.relative_to(ROOT / "docs")
    stem, lang = rel.name.rsplit(".", 2)[0], rel.name.rsplit(".", 2)[1]
    folder = rel.parent / ("" if stem == "index" else stem)
    return site / ("en" if lang == "en" else "") / folder / "index.html"


def shown_values(html: str) -> dict:
    return {
        ref: (as_float(text), text)
        for ref, text in re.findall(r'<span class="va-value" data-value="([^"]+)">([^<]*)</span>', html)
    }


@pytest.fixture(scope="module")
def values(site):
    """Every computed value the site shows, and which values each page shows."""
    everything, per_page = {}, {}
    for page in PAGES:
        html = built(page, site).read_text(encoding="utf-8")
        per_page[page] = shown_values(html)
        everything.update(per_page[page])
    return everything, per_page


# A number right after a product name or a locator is part of it: HunyuanVideo 1.5, LTX 2.3, Wan 2.1, Sec. 5.3. Names
# are words with two capitals or the few one-capital names and locators the pages use; "Only 0.7" is still checked.
NAMED = re.compile(  # a name or version (Wan 2.1), or a section locator in either language (Sec. 5.3, सेक्शन 5.3)
    r"(?:\b[A-Z]\w*[A-Z][\w\-]*|\b(?:Wan|Veo|Sora|Kling|Seedance|Seaweed|Sec\.|Table|Fig\.|v"
    r"|सेक्शन|टेबल|फ़िगर|समीकरण|अध्याय))\s?$"
)


def numbers(line: str):
    """The numbers of a prose line that could be results (not part of a name, version or section locator)."""
    return [m for m in NUMBER.finditer(line) if not NAMED.search(line[: m.start()])]


def prose_lines(text: str):  # text of a page, or any Markdown
    """(line number, prose): sitegen.text.prose, line by line."""
    yield from enumerate(prose(text).splitlines(), 1)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT / "docs")))
def test_prose_states_no_computed_number_by_hand(page, values):
    everything, per_page = values
    problems = []
    for n, line in prose_lines(page.read_text(encoding="utf-8")):
        for m in numbers(line):
            text = m.group(1).replace(",", "")
            if "." not in text:
                continue  # whole numbers in prose are inputs (frames, steps, sizes, years), not results
            x, decimals = float(text), len(text.split(".")[1])
            for ref, (v, shown) in everything.items():
                near = (
                    ref in per_page[page]
                    and "." in shown
                    and len(shown.split(".")[-1].split(" ")[0]) == decimals
                    and v
                    and abs(x - v) <= 0.15 * abs(v)
                )
                if shown == m.group(1) or near:
                    problems.append(
                        f"{page.relative_to(ROOT)}:{n}: '{m.group(1)}' looks like {ref} = {shown}: write {{{{{ref}}}}}"
                    )
    assert problems == [], "\n".join(problems)


def test_the_check_catches_a_hand_typed_number(values):
    text = (
        "Joint attention is 7.5 times dearer.\n\nThe ratio is {{attention_cost.joint_divided_ratio}}, `1.5` in code.\n"
    )
    found = [m.group(1) for n, line in prose_lines(text) for m in numbers(line)]
    assert found == ["7.5"]
    names = "HunyuanVideo 1.5 and Wan 2.1 (Sec. 5.3) beat 2.5 by 1.5. Only 0.7"
    assert [m.group(1) for m in numbers(names)] == ["2.5", "1.5", "0.7"]
    assert [m.group(1) for m in numbers("DDIM का सेक्शन 5.3 और टेबल 1 में 2.5")] == ["2.5"]
    v, shown = values[0]["attention_cost.joint_divided_ratio"]
    assert shown == "7.6" and abs(7.5 - v) <= 0.15 * v
    assert as_float("4.04 × 10⁻⁵") == pytest.approx(4.04e-5) and as_float("1,23,456") == 123456


def test_claims_data_states_no_computed_number_by_hand(values):
    """Card text comes from data/claims.yml, not from a page: a number there that the site shows as a computed or
    published value (e.g. an accuracy from a paper's table) must be a {{value}} reference too. Version numbers
    and locators (Wan 2.1, Sec. 5.3) are skipped, and only exact copies of a shown value are reported."""
    import yaml

    everything, _ = values
    shown = {text: ref for ref, (_, text) in everything.items() if "." in text}
    data = yaml.safe_load((ROOT / "data" / "claims.yml").read_text(encoding="utf-8"))
    problems = []

    def texts(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from texts(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from texts(v, f"{path}[{i}]")
        elif isinstance(node, str):
            yield path, node

    for claim in data["claims"]:
        for path, text in texts(claim, claim["id"]):
            for _, line in prose_lines(text):
                for m in numbers(line):
                    if m.group(1) in shown:
                        ref = shown[m.group(1)]
                        problems.append(f"data/claims.yml: {path}: '{m.group(1)}' is {ref}: write {{{{{ref}}}}}")
    assert problems == [], "\n".join(problems)
