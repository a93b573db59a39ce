"""The claims data as the built site shows it: the note's table in both languages."""

import re

from sitegen.data import load_claims, load_references


def load():
    return load_claims(load_references())


def verdict_rows(html: str):
    table = html.split("<table>", 1)[1].split("</table>", 1)[0]
    return re.findall(r"va-verdict--([a-z]+)", table)


def test_note_table_is_generated_in_both_languages_with_the_same_verdicts(site):
    data = load()
    expected = []
    for c in sorted((c for c in data.claims if c.get("table_row")), key=lambda c: c["table_row"]):
        expected += [c["note_verdict"], c["verdict"]]
    hi = verdict_rows((site / "note" / "index.html").read_text(encoding="utf-8"))
    en = verdict_rows((site / "en" / "note" / "index.html").read_text(encoding="utf-8"))
    assert hi == en == expected
