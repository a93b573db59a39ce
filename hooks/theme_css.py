"""Material's stylesheets carry the rules of every feature of the theme (137 KB + 11 KB, render-blocking on every
page). After the whole bilingual build, keep only the rules that can apply here: those whose classes and ids occur
in a built page or in the site's JavaScript (theme.js adds Material's classes at run time: any identifier in the
scripts counts as used, and a class that starts with a scripted prefix such as ``md-tooltip2--`` too). Custom
properties stay when a kept rule, our CSS or a script reads them. The result gets a new content-hashed name and
every page links to it. A feature turned on later brings its classes into the pages, so its rules come back on
the next build.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sitegen/

import hashlib
import logging
import re
from pathlib import Path

from mkdocs.plugins import event_priority

from sitegen import state as _state
from sitegen.css import VAR, prune, used_names

log = logging.getLogger("mkdocs.hooks.theme_css")
SHEETS = re.compile(r"assets/stylesheets/((?:main|palette)\.[0-9a-f]{8}\.min\.css)")
IDENT = re.compile(r"[A-Za-z_][\w-]*")


@event_priority(-360)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config):
    if _state.between_languages(config):
        return
    site = Path(config.site_dir)
    pages = {
        p: p.read_text(encoding="utf-8") for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts
    }
    names = {m.group(1) for text in pages.values() for m in SHEETS.finditer(text)}
    if not names:
        return
    used, scripts = set(), ""
    for text in pages.values():
        used |= used_names(text)
        scripts += "".join(re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S))
    for js in (site / "assets").rglob("*.js"):  # Material's own scripts are gone by now (hooks/theme_js.py)
        scripts += js.read_text(encoding="utf-8", errors="replace")
    idents = set(IDENT.findall(scripts))
    used |= {"." + i for i in idents} | {"#" + i for i in idents}
    prefixes = tuple("." + i for i in idents if i.endswith(("-", "_")) and len(i) > 3)

    def is_used(name: str) -> bool:
        return name in used or name.startswith(prefixes)

    ours = "".join(p.read_text(encoding="utf-8") for p in (site / "assets" / "css").glob("*.css"))
    renamed = {}
    for name in sorted(names):  # main before palette: the palette reads what main keeps
        path = site / "assets" / "stylesheets" / name
        if not path.exists():
            continue
        css = path.read_text(encoding="utf-8")
        others = (
            ours
            + scripts
            + "".join(
                (site / "assets" / "stylesheets" / n).read_text(encoding="utf-8")
                for n in names
                if n != name and (site / "assets" / "stylesheets" / n).exists()
            )
        )
        pruned = prune(css, is_used, set(VAR.findall(others)))
        kind = name.split(".")[0]
        new = f"{kind}.{hashlib.sha256(pruned.encode()).hexdigest()[:8]}.min.css"
        (site / "assets" / "stylesheets" / new).write_text(pruned, encoding="utf-8")
        renamed[name] = new
        log.info(f"theme stylesheet {name}: {len(css) // 1024} KB -> {len(pruned) // 1024} KB ({new})")
    for page, text in pages.items():
        new_text = SHEETS.sub(lambda m: "assets/stylesheets/" + renamed.get(m.group(1), m.group(1)), text)
        if new_text != text:
            page.write_text(new_text, encoding="utf-8")
    for old, new in renamed.items():
        if old != new:
            (site / "assets" / "stylesheets" / old).unlink(missing_ok=True)
            (site / "assets" / "stylesheets" / (old + ".map")).unlink(missing_ok=True)
