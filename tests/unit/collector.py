"""Run the Python shown on the site's pages, doctest-style, and report failures as ``page:line``.

Why our own (about 80 lines) instead of a plugin: pytest-markdown-docs pins markdown-it-py < 4, and we
need two things plugins do not do: pymdownx.snippets includes (``--8<-- "snippets/x.py:section"``) resolved
to the code the page really shows, and one namespace per page so later blocks build on earlier ones.
"""

from __future__ import annotations

import doctest
import importlib
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r'^\s*--8<--\s+"(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"\s*$', re.M)
LANGS = {"python": "python", "py": "python", "pycon": "pycon"}


class PageCodeError(AssertionError):
    pass


@dataclass
class Block:
    page: str  # path relative to the repo, e.g. docs/index.en.md
    line: int  # 1-based line of the block's first code line
    lang: str  # "python" or "pycon"
    code: str


def collect(path: Path) -> list[Block]:
    """Every ```python / ```pycon fenced block of a Markdown page, in order."""
    rel = str(path.resolve().relative_to(ROOT)) if path.resolve().is_relative_to(ROOT) else str(path)
    tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
    return [
        Block(rel, t.map[0] + 2, LANGS[t.info.split()[0]], t.content)
        for t in tokens
        if t.type == "fence" and t.info.split() and t.info.split()[0] in LANGS
    ]


def resolve_include(block: Block) -> tuple[str, dict] | None:
    """For a block that is a pymdownx.snippets include: (the included code, the module's namespace)."""
    m = INCLUDE.fullmatch(block.code.strip())
    if not m:
        return None
    src = ROOT / m["path"]
    if not src.exists():
        raise PageCodeError(f"{block.page}:{block.line}: include of missing file {m['path']}")
    text = src.read_text(encoding="utf-8")
    if m["section"]:
        sec = re.search(rf"#\s*--8<--\s*\[start:{m['section']}\]\n(.*?)#\s*--8<--\s*\[end:{m['section']}\]", text, re.S)
        if not sec:
            raise PageCodeError(f"{block.page}:{block.line}: {m['path']} has no section {m['section']!r}")
        text = sec.group(1)
    module = ".".join(Path(m["path"]).with_suffix("").parts)
    return text, dict(vars(importlib.import_module(module)))


def run_page(path: Path) -> int:
    """Run a page's blocks in order in one namespace; return how many ran.  Raise PageCodeError on failure."""
    ns: dict = {"__name__": "__page__"}
    blocks = collect(path)
    for block in blocks:
        included = resolve_include(block)
        code, scope = included if included else (block.code, ns)
        if block.lang == "python":
            try:
                exec(compile(code, f"{block.page}:{block.line}", "exec"), scope)
            except Exception as e:
                tb = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == f"{block.page}:{block.line}"]
                line = block.line + (tb[-1].lineno - 1 if tb else 0)
                raise PageCodeError(f"{block.page}:{line}: {type(e).__name__}: {e}") from e
        else:
            test = doctest.DocTestParser().get_doctest(code, scope, block.page, block.page, block.line - 1)
            out: list[str] = []
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
            result = runner.run(test, out=out.append, clear_globs=False)
            if result.failed:
                first = next((ex for ex in test.examples), None)
                report = "".join(out)
                lines = re.findall(r"line (\d+)", report)
                line = int(lines[0]) if lines else block.line + (first.lineno if first else 0)
                raise PageCodeError(f"{block.page}:{line}: pycon output differs\n{report}")
    return len(blocks)
