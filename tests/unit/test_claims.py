"""Claims are data: validation errors name the file, line and claim; text is escaped; both languages agree."""

import datetime

import pytest
import yaml

from sitegen.data import DataError, load_claims, load_references

from conftest import ROOT

CLAIMS = ROOT / "data" / "claims.yml"
REFS = ROOT / "data" / "references.yml"


def raw():
    return yaml.load(CLAIMS.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def write(tmp_path, data):
    path = tmp_path / "claims.yml"
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def load(path=CLAIMS):
    return load_claims(load_references(REFS), path)


def test_real_claims_file_is_valid():
    data = load()
    assert len(data.claims) >= 5
    rows = sorted(c.table_row for c in data.claims if c.table_row is not None)
    assert rows == [1, 2, 3, 4, 5], "the note's table has five rows, each a claim"
    assert {c.section for c in data.claims} == {1, 2, 3, 4, 5, 6}, "every section of the note has claims"


@pytest.mark.parametrize("field", ["verdict", "note_verdict"])
def test_unknown_verdict_is_an_error(tmp_path, field):
    data = raw()
    data["claims"][1][field] = "sorta"
    with pytest.raises(
        DataError, match=rf"claims\.yml:\d+: claim '{data['claims'][1]['id']}': unknown {field} 'sorta'"
    ):
        load(write(tmp_path, data))


@pytest.mark.parametrize("field", ["claim", "nuance", "note_says"])
def test_missing_language_is_an_error(tmp_path, field):
    data = raw()
    del data["claims"][0][field]["hi"]
    with pytest.raises(DataError, match=rf"claim '{data['claims'][0]['id']}': missing 'hi' or 'en' text for '{field}'"):
        load(write(tmp_path, data))


def test_duplicate_id_is_an_error(tmp_path):
    data = raw()
    data["claims"][2]["id"] = data["claims"][0]["id"]
    with pytest.raises(DataError, match=rf"claim '{data['claims'][0]['id']}': duplicate id"):
        load(write(tmp_path, data))


def test_unknown_source_is_an_error(tmp_path):
    data = raw()
    data["claims"][0]["sources"] = [{"ref": "no-such-paper"}]
    with pytest.raises(DataError, match="unknown source 'no-such-paper'"):
        load(write(tmp_path, data))


def test_different_verdict_needs_a_reason(tmp_path):
    data = raw()
    c = next(c for c in data["claims"] if c["verdict"] == c["note_verdict"])
    c["verdict"] = "false" if c["note_verdict"] != "false" else "true"
    c.pop("differs", None)
    with pytest.raises(DataError, match=rf"claim '{c['id']}': our verdict differs from the note's"):
        load(write(tmp_path, data))


def test_error_names_the_line(tmp_path):
    data = raw()
    data["claims"][3]["verdict"] = "nope"
    path = write(tmp_path, data)
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if f"id: {data['claims'][3]['id']}" in l)
    with pytest.raises(DataError, match=rf"claims\.yml:{line}:"):
        load(path)


def test_verdict_changed_without_a_history_entry_is_an_error(tmp_path):
    """A verdict that differs from the last recorded one needs a history entry saying why."""
    data = raw()
    c = data["claims"][0]
    c["verdict"] = "false" if c["verdict"] != "false" else "true"
    c["differs"] = {"en": "because", "hi": "क्योंकि"}
    with pytest.raises(DataError, match=rf"claim '{c['id']}': verdict is '{c['verdict']}' but its history ends at"):
        load(write(tmp_path, data))
    c["history"] = (c.get("history") or []) + [
        {
            "date": datetime.date(2026, 11, 26),
            "verdict": {
                "from": c["published"]["verdict"] if not c.get("history") else c["history"][-1]["verdict"]["to"],
                "to": c["verdict"],
            },
            "what": {"en": "Re-judged.", "hi": "फिर से परखा।"},
        }
    ]
    c["reviewed"] = datetime.date(2026, 11, 26)
    assert load(write(tmp_path, data)).by_id[c["id"]]["verdict"] == c["verdict"]


def test_history_entry_needs_both_languages_and_a_review_date(tmp_path):
    data = raw()
    c = data["claims"][0]
    c["history"] = [{"date": datetime.date(2026, 11, 25), "what": {"en": "Nuance revised."}}]
    with pytest.raises(DataError, match=rf"claim '{c['id']}': missing 'hi' or 'en' text for 'what'"):
        load(write(tmp_path, data))
    c["history"][0]["what"]["hi"] = "बारीकी बदली।"
    c["reviewed"] = datetime.date(2026, 11, 24)
    with pytest.raises(DataError, match=rf"claim '{c['id']}': 'reviewed' \(2026-11-24\) is older than its last change"):
        load(write(tmp_path, data))
