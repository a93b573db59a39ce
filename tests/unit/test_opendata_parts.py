"""Open data without a build: the evidence package's pins, CITATION.cff against mkdocs.yml, citations read by a
BibTeX parser, the feeds' entries, the published lab's extra cells, the dataset's schema."""

from __future__ import annotations

import ast
import datetime
import sys
import tomllib

import nbformat
import pytest
import yaml

from sitegen import cite, dataset, feeds, labs
from sitegen.data import SiteData, load_claims, load_references

from conftest import ROOT

STDLIB = set(sys.stdlib_module_names)


def mkdocs_config() -> dict:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return yaml.load(text.replace("!ENV", "").replace("!!python/name:", ""), Loader=yaml.BaseLoader)


def pins(requirements) -> dict[str, str]:
    """{distribution name, lower case (it is the module's name for these): version} of ``name==version`` pins."""
    return {n.lower(): v for n, v in (r.split("#")[0].strip().split("==") for r in requirements if "==" in r)}


def test_the_package_pins_what_snippets_import_as_the_site_pins_it():
    """The wheel of snippets/ depends on exactly the third-party libraries its modules import, at the versions the
    site is built and tested with (the root pyproject.toml): a snippet that starts importing scipy fails here."""
    imported = set()
    for path in (ROOT / "snippets").glob("*.py"):
        if path.name == "__main__.py":  # `python -m snippets` renders a figure with the site's machinery
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            imported |= {n.split(".")[0] for n in names}
    third_party = imported - STDLIB - {"snippets", "__future__"}
    package = pins(labs.package()["dependencies"])
    site = pins(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"])
    assert set(package) == third_party, f"snippets imports {sorted(third_party)}, the package pins {sorted(package)}"
    assert package == {name: site[name] for name in package}
    assert (
        labs.package()["requires-python"]
        == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    )


def test_citation_file_names_the_project_as_the_site_does():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors"):  # required by Citation File Format 1.2.0
        assert cff.get(key), key
    assert cff["cff-version"] == "1.2.0" and cff["type"] in ("software", "dataset")
    assert all(a.get("name") or a.get("family-names") for a in cff["authors"])
    config = mkdocs_config()
    english = next(x for x in config["plugins"][1]["i18n"]["languages"] if x["locale"] == "en")
    assert cff["title"] == english["site_name"]
    assert cff["repository-code"] == config["repo_url"]
    assert dataset.LICENSE[0] in cff["license"] and "MIT" in cff["license"]  # text and data CC BY 4.0, code MIT
    assert cite.project().authors == tuple(a["name"] for a in cff["authors"])


@pytest.mark.parametrize("claim", ["Plain claim.", "50% of A_1 & {b} cost $3 #1 ~ x^2 \\ y", "दावा: “उद्धरण”, 50%"])
def test_bibtex_entry_is_read_back_by_a_bibtex_parser(claim):
    from pybtex.database import parse_string

    who = cite.Project("Title", ("The contributors", "A Person"), ("{The contributors}", "Person, A"), "")
    day = datetime.date(2026, 12, 3)
    entry = cite.bibtex(who, "some-id", claim, "False", "verdict {verdict}, {date}", "Site", "https://x/c/", day, "en")
    entries = parse_string(entry, "bibtex").entries
    assert list(entries) == ["video-analysis:some-id:2026-12-03"]
    e = entries["video-analysis:some-id:2026-12-03"]
    assert e.fields["title"] == "{" + cite.bibtex_text(claim) + "}"
    assert (e.fields["url"], e.fields["date"], e.fields["note"]) == (
        "https://x/c/",
        "2026-12-03",
        "verdict False, 2026-12-03",
    )
    assert [str(p) for p in e.persons["author"]] == ["{The contributors}", "Person, A"]  # an entity stays whole
    assert cite.bibtex_text(claim).count("{") == cite.bibtex_text(claim).count("}")


def test_feed_entries_are_every_record_newest_first():
    data = load_claims(load_references())
    entries = feeds.entries(data, "en", lambda key, lang: "{claim}" * (key != "feed_first"), lambda t, lang: t[lang])
    assert len(entries) == len(data.claims) + sum(len(c.history) for c in data.claims)
    days = [e["date"] for e in entries]
    assert days == sorted(days, reverse=True)
    kinds = {(e["claim"], e["anchor"]): e["kind"] for e in entries}
    for c in data.claims:
        assert kinds[(c.id, "published")] == "review"
        assert [kinds[(c.id, f"change-{n}")] for n in range(1, len(c.history) + 1)] == ["correction"] * len(c.history)


def test_published_lab_gets_how_to_run_and_the_install_cell_first():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A lab"), nbformat.v4.new_code_cell("import snippets")]
    how, install = labs.run_anywhere(lambda key, lang: "Run it {deps}", "en", "https://github.com/o/r")
    out = nbformat.reads(labs.runnable(nbformat.writes(nb), how, install), as_version=4)
    assert [c.cell_type for c in out.cells] == ["markdown", "markdown", "code", "code"]
    assert out.cells[1].source == "Run it numpy 2.4.6, torch 2.13.0, matplotlib 3.11.2, Babel 2.19.0"
    first_code = out.cells[2].source
    assert 'find_spec("snippets") is None' in first_code and "git+https://github.com/o/r@" in first_code
    assert [c.id for c in out.cells[1:3]] == ["va-how-to-run", "va-install"]  # the same on every build
    compile(first_code, "install", "exec")


def test_schema_rejects_a_dataset_that_breaks_it():
    from jsonschema import Draft202012Validator

    data = SiteData.load()
    ds = dataset.Dataset(data, "https://example.org/site/", {"hi": "साइट", "en": "Site"}, lambda ref, lang: "1.0")
    validator = Draft202012Validator(ds.schema())
    feed = ds.feed()
    assert list(validator.iter_errors(feed)) == []
    feed["dataFeedElement"][0]["claim"]["history"] = [{"date": "2026-12-03", "verdict": {"from": "x"}, "what": {}}]
    assert len(list(validator.iter_errors(feed))) >= 1
