"""Claims are data: validation errors name the file, line and claim; text is escaped; both languages agree."""
import re
import shutil

import pytest
import yaml
from conftest import ROOT, build

import claims
from _common import BuildError

CLAIMS = ROOT / "data" / "claims.yml"
REFS = ROOT / "data" / "references.yml"


def raw():
    return yaml.safe_load(CLAIMS.read_text(encoding="utf-8"))


def write(tmp_path, data):
    path = tmp_path / "claims.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_real_claims_file_is_valid():
    data = claims.load()
    assert len(data["claims"]) >= 5
    rows = sorted(c["table_row"] for c in data["claims"] if c.get("table_row") is not None)
    assert rows == [1, 2, 3, 4, 5], "the note's table has five rows, each a claim"
    assert {c["section"] for c in data["claims"]} == {1, 2, 3, 4, 5, 6}, "every section of the note has claims"


@pytest.mark.parametrize("field", ["verdict", "note_verdict"])
def test_unknown_verdict_is_an_error(tmp_path, field):
    data = raw()
    data["claims"][1][field] = "sorta"
    with pytest.raises(BuildError, match=rf"claims\.yml:\d+: claim '{data['claims'][1]['id']}': unknown {field} 'sorta'"):
        claims.load(write(tmp_path, data), REFS)


@pytest.mark.parametrize("field", ["claim", "nuance", "note_says"])
def test_missing_language_is_an_error(tmp_path, field):
    data = raw()
    del data["claims"][0][field]["hi"]
    with pytest.raises(BuildError, match=rf"claim '{data['claims'][0]['id']}': missing 'hi' text for '{field}'"):
        claims.load(write(tmp_path, data), REFS)


def test_duplicate_id_is_an_error(tmp_path):
    data = raw()
    data["claims"][2]["id"] = data["claims"][0]["id"]
    with pytest.raises(BuildError, match=rf"claim '{data['claims'][0]['id']}': duplicate id"):
        claims.load(write(tmp_path, data), REFS)


def test_unknown_source_is_an_error(tmp_path):
    data = raw()
    data["claims"][0]["sources"] = [{"ref": "no-such-paper"}]
    with pytest.raises(BuildError, match="unknown source 'no-such-paper'"):
        claims.load(write(tmp_path, data), REFS)


def test_different_verdict_needs_a_reason(tmp_path):
    data = raw()
    c = next(c for c in data["claims"] if c["verdict"] == c["note_verdict"])
    c["verdict"] = "false" if c["note_verdict"] != "false" else "true"
    c.pop("differs", None)
    with pytest.raises(BuildError, match=rf"claim '{c['id']}': our verdict differs from the note's"):
        claims.load(write(tmp_path, data), REFS)


def test_error_names_the_line(tmp_path):
    data = raw()
    data["claims"][3]["verdict"] = "nope"
    path = write(tmp_path, data)
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if f"id: {data['claims'][3]['id']}" in l)
    with pytest.raises(BuildError, match=rf"claims\.yml:{line}:"):
        claims.load(path, REFS)


@pytest.mark.slow
def test_broken_claims_file_fails_the_build(project, tmp_path):
    text = (project / "data" / "claims.yml").read_text(encoding="utf-8")
    (project / "data" / "claims.yml").write_text(text.replace('verdict: "false"', 'verdict: "fasle"', 1), encoding="utf-8")
    done = build(project, tmp_path / "site", VA_NO_EXEC=1)
    assert done.returncode != 0
    assert re.search(r"data/claims\.yml:\d+: claim '[a-z-]+': unknown (note_)?verdict 'fasle'", done.stderr + done.stdout)


@pytest.mark.slow
def test_claim_text_is_html_escaped(project, tmp_path):
    path = project / "data" / "claims.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'en: "Transformers cannot model video."', 'en: "Transformers <script>alert(1)</script> & video."'), encoding="utf-8")
    done = build(project, tmp_path / "site", VA_NO_EXEC=1)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "en" / "note" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; video" in html
    assert "<script>alert(1)" not in html


@pytest.mark.slow
def test_claim_placed_nowhere_fails_the_build(project, tmp_path):
    for page in (project / "docs").rglob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("<!-- md:claim per-frame-works-for-static -->", ""), encoding="utf-8")
    done = build(project, tmp_path / "site", VA_NO_EXEC=1)
    assert done.returncode != 0
    assert "per-frame-works-for-static" in done.stderr and "placed on no page" in done.stderr


def verdict_rows(html: str):
    table = html.split("<table>", 1)[1].split("</table>", 1)[0]
    return re.findall(r'va-verdict--([a-z]+)', table)


@pytest.mark.slow
def test_note_table_is_generated_in_both_languages_with_the_same_verdicts(site):
    data = claims.load()
    expected = []
    for c in sorted((c for c in data["claims"] if c.get("table_row")), key=lambda c: c["table_row"]):
        expected += [c["note_verdict"], c["verdict"]]
    hi = verdict_rows((site / "note" / "index.html").read_text(encoding="utf-8"))
    en = verdict_rows((site / "en" / "note" / "index.html").read_text(encoding="utf-8"))
    assert hi == en == expected
