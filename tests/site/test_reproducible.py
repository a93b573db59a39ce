"""Reproducible builds: the test site's figures are deterministic, and a second build is byte-identical."""

import difflib
import filecmp
import re


# ---------------------------------------------------------------- the real site's figures
def test_svgs_are_deterministic_light_and_undated(site):
    import hashlib

    svgs = sorted((site / "assets" / "figures").glob("*.svg"))
    assert svgs and {p.name.rsplit(".", 2)[1] for p in svgs} == {"hi", "en"}
    for svg in svgs:
        data = svg.read_bytes()
        assert len(data) <= 150 * 1024, f"{svg.name} is {len(data) // 1024} KB"
        assert b"<dc:date>" not in data
    from sitegen.svg import to_svg
    from snippets import _registry as reg

    fig = reg.find("FIGURES", "diffusion_process.schedules")
    data = fig.compute.run()
    one = to_svg(fig.draw(data, reg.translator("diffusion_process", "hi")))
    two = to_svg(fig.draw(data, reg.translator("diffusion_process", "hi")))
    assert hashlib.sha256(one).digest() == hashlib.sha256(two).digest()
    assert one == (site / "assets/figures/diffusion_process.schedules.hi.svg").read_bytes()


# ---------------------------------------------------------------- the real site: reproducible builds
def test_a_rebuild_that_redraws_every_figure_is_byte_identical(site, rebuild):
    """A second build with the same SOURCE_DATE_EPOCH, keeping only the computed data, the time each compute took
    (shown under its figure; each experiment's reproducibility from its seed is tested with the experiment), the
    font subsets, the share images (both tested across processes in test_figure_fonts.py and test_share_card.py)
    and the executed labs (each run anew by test_lab_pages.py, which compares what it prints with the page), redraws
    every SVG and converts every page: it must produce the same bytes in every file. (`make test-site` makes both.)"""
    again, log = rebuild
    assert "drew 0 SVG" not in log and re.search(r"drew \d+ SVG", log), (
        f"the rebuild drew no figure: it must draw every one again\n{log[-3000:]}"
    )
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
    assert sorted(set(differ)) == [], _first_difference(site, again, sorted(set(differ)))


def _first_difference(site, again, names) -> str:
    """The first lines that differ in the first differing text file: what a red CI run needs to say."""
    for name in names:
        a, b = site / name, again / name
        if a.exists() and b.exists() and a.suffix in {".html", ".ipynb", ".svg", ".json", ".xml", ".css", ".js"}:
            left, right = (x.read_text(errors="replace").splitlines() for x in (a, b))
            diff = difflib.unified_diff(left, right, name, "again", n=1)
            return "\n".join(line[:300] for line in list(diff)[:40])
    return ""
