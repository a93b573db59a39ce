"""What a reader relies on without noticing: accessibility (axe-core), links and anchors that resolve,
and builds that are byte-for-byte reproducible."""

import filecmp
import functools
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from conftest import ROOT, build

pytestmark = pytest.mark.slow
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def all_pages(site):
    return sorted(site.rglob("index.html"))


# ---------------------------------------------------------------- accessibility
@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_violation(site, server, page):
    assert AXE.exists(), "axe-core missing: `make test` installs it with npm ci"
    problems = []
    for html in all_pages(site):
        rel = str(html.parent.relative_to(site)).replace(".", "")
        page.goto(server + (rel + "/" if rel else ""), wait_until="networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
        )
        problems += [f"/{rel}: {v}" for v in result]
    assert problems == [], "\n".join(problems)


def test_every_figure_has_alt_text_and_verdicts_have_words(site):
    for html in all_pages(site):
        text = html.read_text(encoding="utf-8")
        for img in re.findall(r"<img [^>]*>", text):
            alt = re.search(r'alt="([^"]*)"', img)
            assert alt and alt.group(1).strip(), f"{html}: image without alt text: {img[:120]}"
        for badge in re.findall(
            r'<span class="va-verdict [^"]*"[^>]*>(.*?)</span>\s*</span>|<span class="va-verdict [^"]*"[^>]*>(?:<span class="twemoji">.*?</span>)([^<]*)</span>',  # noqa: E501
            text,
            re.S,
        ):
            assert any(part.strip() for part in badge), f"{html}: a verdict badge without a word"


# ---------------------------------------------------------------- links
class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for attr in ("href", "src"):
            if a.get(attr) and tag in ("a", "link", "img", "script"):
                self.hrefs.append(a[attr])


@functools.cache
def parse(path: Path) -> Links:
    """The links and ids of a built page, read once per test session."""
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_internal_link_and_anchor_resolves_offline(site):
    broken, external = [], set()
    for html in sorted(site.rglob("*.html")):
        base = "http://site.invalid/" + str(html.relative_to(site))
        for href in parse(html).hrefs:
            if href.startswith(("mailto:", "data:", "javascript:")):
                continue
            url = urlparse(urljoin(base, href))
            if url.netloc != "site.invalid":
                external.add(href)
                continue
            target = site / unquote(url.path.lstrip("/"))
            if url.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html.relative_to(site)}: {href} (no {target.relative_to(site)})")
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in parse(target).ids:
                broken.append(f"{html.relative_to(site)}: {href} (no #{url.fragment})")
    assert broken == []
    bad = sorted(
        u
        for u in external
        if not re.match(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[^\s\"<>]*)?$", u)
        and not re.match(r"^http://127\.0\.0\.1:\d+/", u)
    )
    assert bad == [], "external links must be well-formed https URLs"
    out = ROOT / "test-results"
    out.mkdir(exist_ok=True)
    (out / "external-links.txt").write_text("\n".join(sorted(external)) + "\n")  # the list, for a human to check


# ---------------------------------------------------------------- reproducible builds
def test_a_rebuild_that_redraws_every_figure_and_reruns_every_lab_is_byte_identical(site, tmp_path):
    """A second build with the same SOURCE_DATE_EPOCH, keeping only the computed data and the time each compute
    took (shown under its figure; each experiment's reproducibility from its seed is tested with the experiment),
    redraws every SVG and share image and re-executes every lab: it must produce the same bytes in every file."""
    from conftest import CACHE

    cache = tmp_path / "cache"
    (cache / "compute").mkdir(parents=True)
    for entry in (CACHE / "compute").iterdir():  # results and their compute times, not the drawn SVGs
        if entry.suffix in (".pkl", ".time"):
            shutil.copy2(entry, cache / "compute" / entry.name)
    again = tmp_path / "again"
    done = build(ROOT, again, VA_CACHE_DIR=cache)
    assert done.returncode == 0, done.stderr
    differ = []

    def walk(cmp, prefix=""):
        differ.extend(prefix + n for n in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(site, again, ignore=[]))
    # dircmp compares shallowly by stat; confirm byte equality of all files explicitly
    for f in site.rglob("*"):
        if f.is_file() and (again / f.relative_to(site)).exists():
            if f.read_bytes() != (again / f.relative_to(site)).read_bytes():
                differ.append(str(f.relative_to(site)))
    assert sorted(set(differ)) == []
