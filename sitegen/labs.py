"""The labs (docs/labs/*.ipynb, kept in git without outputs): executed once per build behind a cache, published as
pages.

hooks/labs.py calls ``start`` when a build starts and ``executed`` for each notebook. mkdocs-jupyter's own
execution cache is evicted by each language's build, and jupyter-cache keys on cell code only; our key also covers
the snippet modules a notebook imports (with their imports) and the library versions, so a warm build executes
nothing and an edited snippet re-runs the labs that use it. A failing cell fails the build, naming the cell.

Each lab executes in a kernel of its own, so ``start`` sets every lab of every language going at the beginning of
the build, ``workers`` at a time, beside the computes and the drawing; ``executed`` waits for the one a page needs.
One language's labs go first: the other language's copy of a lab trains the same models with the same arguments,
and loads them from the first (sitegen/lab_memo.py) instead of training them again.

A lab's outputs are published, so they must be the same on every run: anything a cell writes to stderr fails the
build, and consecutive pieces of stdout are merged into one output. The usual culprit on stderr is matplotlib's
"building the font cache" notice (printed when the cache is missing and its build takes over 5 s, as on a fresh,
busy CI machine); ``start`` builds that cache before any kernel starts.
"""

from __future__ import annotations

import concurrent.futures
import copy
import hashlib
import html
import json
import os
import re
import tempfile
from pathlib import Path

from sitegen.common import ROOT, BuildError, esc
from sitegen.compute import Cache, sources_key
from sitegen.text import slugify


def lab_key(nb_text: str) -> str:
    """Hash of the notebook, the sources of every snippet module it imports (with their imports) and the versions."""
    cells = "\n".join("".join(c["source"]) for c in json.loads(nb_text)["cells"] if c["cell_type"] == "code")
    return hashlib.sha256((nb_text + sources_key(cells)).encode()).hexdigest()[:32]


def execute(nb_text: str, name: str, timeout: int, memo: str | None = None) -> str:
    """The notebook with its outputs; ``memo``: the folder where the kernel keeps its trainings for the other
    language's copy of the lab (sitegen/lab_memo.py, imported before the first cell)."""
    import nbclient
    import nbformat
    from nbclient.exceptions import CellExecutionError
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    nb = nbformat.reads(nb_text, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=False, resources={"metadata": {"path": os.getcwd()}}
    )
    kernel = {}
    if memo:
        client.extra_arguments = ["--IPKernelApp.exec_lines=[\"__import__('sitegen.lab_memo')\"]"]
        kernel["env"] = {**os.environ, "VA_LAB_MEMO": memo}
    try:
        client.execute(**kernel)
    except CellExecutionError as e:
        cell = next(
            (i for i, c in enumerate(nb.cells) if any(o.get("output_type") == "error" for o in c.get("outputs", []))),
            "?",
        )
        raise BuildError(f"{name}: cell {cell} failed while executing the lab:\n{e}") from None
    except Exception as e:
        raise BuildError(f"{name}: could not execute the lab: {type(e).__name__}: {e}") from None
    for i, cell in enumerate(nb.cells):
        noise = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stderr")
        if noise:
            raise BuildError(f"{name}: cell {i} wrote to stderr, which would be published with the lab:\n{noise}")
    # The kernel sends stdout in pieces as its flush timer fires, so where one piece ends depends on timing (a line
    # split in two on a busy machine made a rebuild differ): merge consecutive pieces of the same stream.
    CoalesceStreamsPreprocessor().preprocess(nb, {})
    for cell in nb.cells:  # deterministic output: no timings or kernel-specific metadata
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nbformat.writes(nb)


def _run(cache: Cache, key: str, nb_text: str, name: str, timeout: int, memo: str) -> str:
    result = execute(nb_text, name, timeout, memo)
    cache.write(key, result)
    return result


def start(session, labs: dict[str, str], log) -> dict[str, str]:
    """Set executing, at most ``workers`` at a time, every lab of ``labs`` ({name: notebook text}) that this build
    has not started and the cache does not hold; returns each lab's key ({name: key}; none with no execution)."""
    keys: dict[str, str] = {}
    if session.settings.no_exec:
        return keys
    cache, pool = Cache(session.settings.cache_dir / "labs", warn=log.info), None
    # one language's labs first (docs/labs/<lab>.<lang>.ipynb): the other's then find their trainings done
    for name, nb_text in sorted(labs.items(), key=lambda lab: (lab[0].split(".")[-2], lab[0])):
        key = keys[name] = lab_key(nb_text)
        if key in session.labs:
            continue
        result = cache.read(key)
        if result is None:
            if pool is None:
                import matplotlib.font_manager  # noqa: F401  builds matplotlib's font cache for the kernels (above)

                pool = concurrent.futures.ThreadPoolExecutor(max(1, session.settings.workers), "lab")
            if session.lab_memo is None:
                session.lab_memo = tempfile.TemporaryDirectory(prefix="va-lab-memo-")
            log.info(f"executing {name}")
            memo = session.lab_memo.name
            result = pool.submit(_run, cache, key, nb_text, name, int(session.settings.timeout), memo)
            session.written.append(cache.path(key))
        session.labs[key] = result
    if pool:
        pool.shutdown(wait=False)  # its threads end with the last lab
    return keys


def executed(session, nb_text: str, name: str, log) -> str:
    """The notebook with its outputs: from this build (waiting for it if it is executing), the cache, or a run
    now."""
    if session.settings.no_exec:
        return nb_text
    key = start(session, {name: nb_text}, log)[name]
    if isinstance(session.labs[key], concurrent.futures.Future):
        session.labs[key] = session.labs[key].result()  # a failed lab raises its BuildError here
        session.stats["labs_executed"] += 1
    return session.labs[key]


# ---------------------------------------------------------------- labs that run outside the repository
PACKAGE = ROOT / "packaging" / "snippets"  # the evidence package on its own (its pyproject.toml)
CPU_WHEELS = "https://download.pytorch.org/whl/cpu"  # torch's CPU build, as the Makefile installs it
INSTALL = """\
# The site's evidence package, `snippets`, with the numeric libraries pinned to the versions the site was built
# with: installed from the project's repository when it is not importable (a lab downloaded from the site). In a
# checkout of the repository, or once it is installed, this cell does nothing.
import importlib
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("snippets") is None:
    PACKAGE = "{requirement}"
    subprocess.run([sys.executable, "-m", "pip", "install", "--extra-index-url", "{index}", PACKAGE], check=True)
    importlib.invalidate_caches()
"""


def package() -> dict:
    """The evidence package's metadata (packaging/snippets/pyproject.toml): name, version, dependencies."""
    import tomllib

    return tomllib.loads((PACKAGE / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def source_ref() -> str:
    """The commit this checkout is at (the labs install the package from the same one), or ``main`` outside git."""
    import subprocess

    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    except OSError:
        return "main"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "main"


def requirement(repo_url: str, ref: str) -> str:
    """What pip installs: the package built from its folder of the repository at ``ref``.

    >>> requirement("https://github.com/o/r", "abc")  # doctest: +ELLIPSIS
    'video-analysis-snippets @ git+https://github.com/o/r@abc#subdirectory=packaging/snippets'
    """
    folder = PACKAGE.relative_to(ROOT).as_posix()
    return f"{package()['name']} @ git+{repo_url.rstrip('/')}@{ref}#subdirectory={folder}"


def run_anywhere(ui, lang: str, repo_url: str) -> tuple[str, str]:
    """The two cells a published lab gets (``runnable``): how to run it (data/ui.yml, naming the pinned versions)
    and the code that installs the package from the repository at this checkout's commit."""
    deps = ", ".join(d.replace("==", " ") for d in package()["dependencies"])
    install = INSTALL.format(requirement=requirement(repo_url, source_ref()), index=CPU_WHEELS)
    return ui("lab_how_to_run", lang).format(deps=deps), install


def runnable(nb_text: str, how_to_run: str, install: str) -> str:
    """The lab as published and downloaded: after its title, a Markdown cell saying how to run it on your own
    machine (``how_to_run``) and, as its first code cell, ``install`` (not executed by the build, which runs in the
    checkout, where it would do nothing). Cell ids are fixed, so the published notebook is the same on every build."""
    import nbformat

    nb = nbformat.reads(nb_text, as_version=4)
    at = 1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0
    cells = [nbformat.v4.new_markdown_cell(how_to_run), nbformat.v4.new_code_cell(install)]
    for cell, cid in zip(cells, ("va-how-to-run", "va-install")):
        cell["id"] = cid
    nb.cells[at:at] = cells
    return nbformat.writes(nb)


# ---------------------------------------------------------------- labs as pages
def as_page(f, source: Path, site_dir: str):
    """The notebook ``f`` as a documentation page at ``labs/<name>/`` whose source is ``source`` (its executed
    copy). mkdocs-static-i18n rebuilds every file as a plain ``File``, dropping mkdocs-jupyter's page wrapper, so
    without this a notebook is published as raw JSON while the build exits 0."""
    from mkdocs.structure.files import File

    class LabFile(File):
        def is_documentation_page(self) -> bool:
            return True

    page = copy.copy(f)
    page.__class__ = LabFile
    for cached in ("url", "abs_dest_path", "dest_uri"):
        page.__dict__.pop(cached, None)
    page.abs_src_path = str(source)
    page.dest_dir = site_dir
    page.dest_uri = re.sub(r"\.ipynb$", "/index.html", f.dest_uri)
    return page


def readable_anchors(output: str) -> str:
    """Every heading of a lab gets the id the site's pages use (sitegen.text.slugify: vowel signs kept), and the
    table of contents and every in-page link point at it. nbconvert gives Devanagari headings an empty id while the
    table of contents links to "#_1", "#_2"…: the empty-id headings get, in order, the anchors it uses first."""
    toc = list(dict.fromkeys(re.findall(r'<a href="#([^"]+)" class="md-(?:nav__link|skip)">', output)))
    have = set(re.findall(r' id="([^"]+)"', output))
    missing = iter([a for a in toc if a not in have])
    output = re.sub(r'<(h[1-6]) id="">', lambda m: f'<{m.group(1)} id="{next(missing, "")}">', output)
    renamed, used = {}, set()
    for old, inner in re.findall(r'<h[1-6] id="([^"]+)">(.*?)</h[1-6]>', output, re.S):
        text = re.sub(r"<[^>]+>", "", inner).replace("¶", "").strip()
        new = slugify(html.unescape(text), "-") or old
        while new in used:
            new += "_"
        used.add(new)
        if new != old:
            renamed[old] = new
    for old, new in renamed.items():
        output = output.replace(f'id="{old}"', f'id="{new}"').replace(f'href="#{old}"', f'href="#{new}"')
    return output


def finish_page(output: str, notebook: str, strings: dict[str, str], stylesheet) -> str:
    """A lab page as published: readable anchors, a download link for the notebook (mkdocs-jupyter copies it next
    to the page; Material shows no link), code cells reachable by keyboard (they scroll sideways), the code cells'
    copy buttons in the page's language and their prompts without nbconvert's English "In" ("[3]:"), and
    JupyterLab's inline stylesheet (~570 KB) moved out to ``stylesheet(css)`` -> its URL (one file the browser
    caches across labs; sitegen/postbuild.py prunes it). ``strings``: data/ui.yml's download_lab, copy_code and
    code_copied in the page's language."""
    output = readable_anchors(output)
    label = strings["download_lab"]
    output = output.replace('aria-label="Copy to Clipboard"', f'aria-label="{esc(strings["copy_code"])}"')
    output = re.sub(r'(<span class="notice" hidden(?:="")?>)Copied!<', rf"\g<1>{esc(strings['code_copied'])}<", output)
    output = re.sub(r'(class="jp-InputPrompt jp-InputArea-prompt">\s*)In(?:&nbsp;|\xa0| )\[', r"\1[", output)
    link = (
        f'<a class="md-content__button md-icon va-download" href="{esc(notebook)}" '
        f'download title="{esc(label)}">{esc(label)} (.ipynb)</a>'
    )
    output = output.replace(
        '<article class="md-content__inner md-typeset">', '<article class="md-content__inner md-typeset">' + link, 1
    )

    def move(m):
        return m.group(0) if len(m.group(1)) < 20_000 else f'<link rel="stylesheet" href="{stylesheet(m.group(1))}">'

    output = re.sub(r"<style[^>]*>(.*?)</style>", move, output, flags=re.S)
    return output.replace('<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb')


def cache_conversion(page, config, cache) -> None:
    """Wrap the lab page's renderer (mkdocs-jupyter's) so that its result (content, table of contents, title) is
    kept in ``cache`` by the notebook's text, mkdocs-jupyter's version and its settings."""
    import importlib.metadata

    convert = page.render
    plugin = config.plugins.get("mkdocs-jupyter")
    settings = {k: v for k, v in (plugin.config.items() if plugin else []) if k not in ("cache", "cache_dir")}
    parts = ["lab-html", importlib.metadata.version("mkdocs-jupyter"), settings, page.file.content_string]

    def render(config, files):
        def make():
            convert(config, files)
            return page.content, page.toc, page.title

        page.content, page.toc, page.title = cache.get(parts, make)

    page.render = render
