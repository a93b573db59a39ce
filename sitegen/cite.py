"""Citing the project and one of its reviews.

CITATION.cff (Citation File Format 1.2.0, at the repository's root) says how to cite the project; GitHub and
Zotero read it. Every claim page offers the same authors a reader can paste: BibTeX and plain text naming the
claim, our verdict, the site in the page's language, the claim page's URL and the day the claim was last reviewed
(a verdict can change: the date says which one is cited).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitegen.common import ROOT

CFF = ROOT / "CITATION.cff"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")  # BibTeX's macros
LANGUAGE = {"en": "english", "hi": "hindi"}  # BibTeX/biblatex language names


@dataclass(frozen=True)
class Project:
    title: str
    authors: tuple[str, ...]  # as text names them: "Given Family", or an entity's name
    bibtex_authors: tuple[str, ...]  # as BibTeX reads them: "Family, Given", or an entity's name in braces
    repository: str


def project(path: Path = CFF) -> Project:
    """The project as CITATION.cff describes it; authors are people (given and family names) or entities (name)."""
    cff = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    text, bib = [], []
    for a in cff["authors"]:
        if a.get("name"):
            text.append(a["name"])
            bib.append("{" + bibtex_text(a["name"]) + "}")  # braced: BibTeX does not split it into names
        else:
            given, family = a.get("given-names", ""), a["family-names"]
            text.append(f"{given} {family}".strip())
            bib.append(bibtex_text(f"{family}, {given}" if given else family))
    return Project(cff["title"], tuple(text), tuple(bib), cff.get("repository-code", ""))


_SPECIAL = re.compile(r"([\\{}%&#$_^~])")


def bibtex_text(text: str) -> str:
    r"""Text as a BibTeX field holds it: TeX's special characters escaped.

    >>> bibtex_text("50% of A_1 & {b}")
    '50\\% of A\\_1 \\& \\{b\\}'
    """
    names = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}
    return _SPECIAL.sub(lambda m: names.get(m.group(1), "\\" + m.group(1)), text)


def bibtex(
    who: Project, cid: str, claim: str, verdict: str, note: str, site: str, url: str, reviewed: datetime.date, lang: str
) -> str:
    """A ``@misc`` entry for one review: the claim as its title, the site as where it appeared, the review date."""
    authors = " and ".join(who.bibtex_authors)
    fields = [
        ("author", "{" + authors + "}"),
        ("title", "{{" + bibtex_text(claim) + "}}"),
        ("howpublished", "{" + bibtex_text(site) + "}"),
        ("year", "{" + str(reviewed.year) + "}"),
        ("month", MONTHS[reviewed.month - 1]),
        ("date", "{" + reviewed.isoformat() + "}"),
        ("url", "{" + url + "}"),
        ("note", "{" + bibtex_text(note.format(verdict=verdict, date=reviewed.isoformat())) + "}"),
        ("language", "{" + LANGUAGE[lang] + "}"),
    ]
    width = max(len(k) for k, _ in fields)
    body = ",\n".join(f"  {k.ljust(width)} = {v}" for k, v in fields)
    return f"@misc{{video-analysis:{cid}:{reviewed.isoformat()},\n{body}\n}}\n"


def plain(who: Project, template: str, claim: str, verdict: str, site: str, url: str, reviewed: datetime.date) -> str:
    """The citation as text, in the page's language (``template`` from data/ui.yml)."""
    return template.format(
        authors=", ".join(who.authors),
        year=reviewed.year,
        claim=claim,
        verdict=verdict,
        site=site,
        date=reviewed.isoformat(),
        url=url,
    )
