"""Lab pages link JupyterLab's stylesheet instead of inlining it.

mkdocs-jupyter inlines JupyterLab's stylesheet (~570 KB) into every lab page. Large inline styles move to one
content-addressed file the browser caches across labs, so a lab page weighs what its content weighs.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mkdocs.utils import get_relative_url


def on_post_page(output, page, config):
    if not page.file.src_uri.endswith(".ipynb"):
        return output

    def move(m):
        css = m.group(1)
        if len(css) < 20_000:
            return m.group(0)
        name = f"assets/css/jupyter-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
        target = Path(config.site_dir) / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")
        return f'<link rel="stylesheet" href="{get_relative_url(name, page.url)}">'

    return re.sub(r"<style[^>]*>(.*?)</style>", move, output, flags=re.S)
