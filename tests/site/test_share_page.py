"""Sharing on the page (issue 15): Open Graph / Twitter metadata, the copy-link button, print.

The template and the button are tested on a tiny throw-away site (a test hook sets ``page.meta.va_share``; the
button markup is the one the claim-card renderer emits), so they are checked before and independently of the
site's hooks. The last tests read the real site: every page's preview metadata, share images, and print.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlparse

import extruct
import pytest
from conftest import ROOT, serve
from PIL import Image

SHARE = {
    "image": "https://example.org/site/assets/share/index.hi.png",
    "url": "https://example.org/site/",
    "title": 'दावे "और" <फ़ैसले> & कोड',
    "description": "क्या ट्रांसफ़ॉर्मर वीडियो मॉडल कर सकते हैं?",
    "locale": "hi_IN",
    "alternate_locale": "en_US",
}
BUTTON = (
    '<div class="va-share"><button type="button" class="va-copy-link" '
    'data-href="https://example.org/site/topics/attention/#claim-x" data-copied="लिंक कॉपी हो गया" '
    'aria-label="लिंक कॉपी करें">लिंक कॉपी करें</button></div>'
)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A two-page Material site using the project's overrides/, copy.js and share.css; returns its site dir."""
    root = tmp_path_factory.mktemp("tiny")
    (root / "docs/assets/js").mkdir(parents=True)
    (root / "docs/assets/css").mkdir(parents=True)
    shutil.copy(ROOT / "docs/assets/js/copy.js", root / "docs/assets/js/")
    shutil.copy(ROOT / "docs/assets/css/share.css", root / "docs/assets/css/")
    (root / "docs/index.md").write_text(f"# Home\n\nText.\n\n{BUTTON}\n", encoding="utf-8")
    (root / "docs/other.md").write_text("# Other\n\nNo share metadata here.\n", encoding="utf-8")
    (root / "hook.py").write_text(
        textwrap.dedent(f"""
        def on_page_markdown(markdown, page, config, files):
            if page.file.src_uri == "index.md":
                page.meta["va_share"] = {SHARE!r}
            return markdown
    """),
        encoding="utf-8",
    )
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(f"""
        site_name: Tiny
        site_url: https://example.org/site/
        theme: {{name: material, custom_dir: {ROOT / "overrides"}, font: false}}
        extra_javascript: [assets/js/copy.js]
        extra_css: [assets/css/share.css]
        markdown_extensions: [md_in_html, attr_list]
        hooks: [hook.py]
        nav: [index.md, other.md]
    """),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    return root / "site"


def og(html: str) -> dict[str, list[str]]:
    """Open Graph and Twitter properties as a real parser (extruct) reads them: {property: [values]}."""
    out: dict[str, list[str]] = {}
    for block in extruct.extract(html, syntaxes=["opengraph"], uniform=False)["opengraph"]:
        for key, value in block["properties"]:
            out.setdefault(key, []).append(value)
    for name, value in re.findall(r'<meta name="(twitter:[a-z:]+)" content="([^"]*)"', html):
        out.setdefault(name, []).append(value)
    return out


def test_share_metadata_from_page_meta(tiny):
    meta = og((tiny / "index.html").read_text(encoding="utf-8"))
    assert meta["og:title"] == [SHARE["title"]]  # escaped in HTML, parsed back exactly
    assert meta["og:description"] == [SHARE["description"]]
    assert meta["og:image"] == [SHARE["image"]] and meta["og:url"] == [SHARE["url"]]
    assert meta["og:locale"] == ["hi_IN"] and meta["og:locale:alternate"] == ["en_US"]
    assert meta["og:image:width"] == ["1200"] and meta["og:image:height"] == ["630"]
    assert meta["twitter:card"] == ["summary_large_image"]


def test_no_share_metadata_without_page_meta(tiny):
    html = (tiny / "other" / "index.html").read_text(encoding="utf-8")
    assert 'property="og:' not in html and 'name="twitter:' not in html


@pytest.mark.browser
@pytest.mark.parametrize("clipboard_api", [True, False])
def test_copy_link_button_copies_by_keyboard_and_announces(tiny, browser, clipboard_api):
    httpd, url = serve(tiny)
    context = browser.new_context()
    try:
        if clipboard_api:
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
        else:  # an old browser: no async clipboard; the fallback must copy the selected text
            context.add_init_script("""
                Object.defineProperty(navigator, 'clipboard', {value: undefined});
                window.__copied = [];
                const exec = document.execCommand.bind(document);
                document.execCommand = (cmd, ...a) => { if (cmd === 'copy') window.__copied.push(
                    document.activeElement && document.activeElement.value); return exec(cmd, ...a); };
            """)
        page = context.new_page()
        page.goto(url)
        button = page.locator("button.va-copy-link")
        page.keyboard.press("Tab")
        for _ in range(40):  # tab to the button, as a keyboard user does
            if page.evaluate("document.activeElement.classList.contains('va-copy-link')"):
                break
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('va-copy-link')"), "button not reachable by Tab"
        page.keyboard.press("Enter")
        # the "done" look lasts 2 s: watched for in the page (a busy machine can take longer than that to get here)
        page.wait_for_selector("button.va-copy-link.va-copy-link--done", timeout=10000)
        page.wait_for_function("document.getElementById('va-live') && document.getElementById('va-live').textContent")
        href = button.get_attribute("data-href")
        if clipboard_api:
            assert page.evaluate("navigator.clipboard.readText()") == href
        else:
            assert page.evaluate("window.__copied") == [href]
        live = page.locator("#va-live")
        assert live.text_content() == "लिंक कॉपी हो गया"
        assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    finally:
        context.close()
        httpd.shutdown()


# ---------------------------------------------------------------- the real site (needs the hooks' wiring)
def built_pages(site: Path):
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts)


@pytest.mark.slow
def test_every_page_has_preview_metadata_and_a_share_image(site):
    problems = []
    for path in built_pages(site):
        html = path.read_text(encoding="utf-8")
        lang = "en" if path.relative_to(site).parts[0] == "en" else "hi"
        meta = og(html)
        where = path.relative_to(site)
        for key in (
            "og:title",
            "og:description",
            "og:image",
            "og:url",
            "og:locale",
            "og:locale:alternate",
            "twitter:card",
        ):
            if not meta.get(key) or not meta[key][0]:
                problems.append(f"{where}: no {key}")
        if not meta.get("og:image"):
            continue
        image = meta["og:image"][0]
        if urlparse(image).scheme not in ("http", "https"):
            problems.append(f"{where}: og:image {image!r} is not absolute")
        want = {"hi": (["hi_IN"], ["en_US"]), "en": (["en_US"], ["hi_IN"])}[lang]
        if (meta.get("og:locale"), meta.get("og:locale:alternate")) != want:
            problems.append(f"{where}: locale {meta.get('og:locale')} / {meta.get('og:locale:alternate')} != {want}")
        m = re.search(r"/assets/share/([^/]+\.png)$", image)
        if not m or not (site / "assets/share" / m.group(1)).exists():
            problems.append(f"{where}: og:image {image} is not a built file under assets/share/")
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_share_images_are_cards_under_the_size_limit(site):
    images = sorted((site / "assets/share").glob("*.png"))
    assert images, "no share images in site/assets/share/"
    for png in images:
        assert re.fullmatch(r"[a-z0-9-]+\.(hi|en)\.png", png.name), png.name
        assert png.stat().st_size <= 100_000, f"{png.name}: {png.stat().st_size} bytes"
        assert Image.open(io.BytesIO(png.read_bytes())).size == (1200, 630), png.name


@pytest.mark.slow
@pytest.mark.browser
def test_topic_page_prints_cleanly(server, page):
    page.goto(server + "en/topics/attention/", wait_until="networkidle")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # as the browser does before it prints
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
        '.md-search'].map(s => { const e = document.querySelector(s);
        return [s, !e || getComputedStyle(e).display === 'none']; })""")
    assert all(ok for _, ok in hidden), hidden
    assert page.evaluate("""() => [...document.querySelectorAll('.va-figure')].every(f =>
        getComputedStyle(f).display !== 'none' && getComputedStyle(f).breakInside === 'avoid')""")
    after = page.evaluate("""() => [...document.querySelectorAll('.md-content a[href]')].map(a =>
        [a.getAttribute('href'), getComputedStyle(a, '::after').content])""")
    outside = [(h, c) for h, c in after if h.startswith("http")]
    inside = [(h, c) for h, c in after if h.startswith("#")]
    assert outside and all(h in c for h, c in outside), outside[:3]
    assert inside and all(c in ("none", "normal") for _, c in inside), [
        x for x in inside if x[1] not in ("none", "normal")
    ][:3]
    badge = page.locator(".va-verdict").first
    assert badge.evaluate("b => getComputedStyle(b).color") == "rgb(0, 0, 0)"
    assert badge.evaluate("b => getComputedStyle(b).borderTopStyle") == "solid"
    assert badge.locator("svg").count() == 1 and badge.inner_text().strip()  # icon + word, not colour
