"""A page without its other-language twin fails the build, naming both files."""

from project import build, mini_project


def test_missing_twin_fails_the_build(tmp_path):
    project = mini_project(tmp_path / "project")  # the site's hooks and config, one page pair
    (project / "docs" / "extra.hi.md").write_text("# केवल हिंदी\n", encoding="utf-8")
    done = build(project, tmp_path / "site", tmp_path / "cache", VA_NO_EXEC=1)
    assert done.returncode != 0
    assert "docs/extra.en.md is missing (the en twin of docs/extra.hi.md)" in done.stderr, done.stderr[-2000:]
