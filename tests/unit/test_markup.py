"""Transforms of a page's HTML (sitegen/markup.py), called directly."""

from sitegen.compute import Cache
from sitegen.markup import SCROLL_OPEN as WRAP
from sitegen.markup import annotate, content, map_text, wrap_tables


def test_wrap_tables_wraps_plain_tables_once_and_leaves_classed_and_nested_ones():
    plain = "<p>a</p><table><tr><td>1</td></tr></table>"
    assert wrap_tables(plain) == f"<p>a</p>{WRAP}<table><tr><td>1</td></tr></table></div></div>"
    assert wrap_tables('<table class="dataframe"><tr><td>1</td></tr></table>') == (
        '<table class="dataframe"><tr><td>1</td></tr></table>'
    )
    nested = "<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table><table></table>"
    out = wrap_tables(nested)
    assert out.count(WRAP) == 2 and out.count("</div></div>") == 2
    assert out.startswith(WRAP + "<table><tr><td><table>") and out.endswith(f"{WRAP}<table></table></div></div>")


def test_glossary_marks_the_first_occurrence_outside_code_links_and_before_a_danda():
    terms = {"c": {"hi": {"term": "सुसंगति", "def": "मेल"}, "en": {"term": "coherence", "def": "agreement"}}}
    out = annotate("<p><code>सुसंगति</code> <a>सुसंगति</a> सुसंगति। फिर सुसंगति</p>", terms, "hi")
    assert out == '<p><code>सुसंगति</code> <a>सुसंगति</a> <abbr title="मेल">सुसंगति</abbr>। फिर सुसंगति</p>'
    assert annotate("<p>सुसंगतियाँ</p>", terms, "hi") == "<p>सुसंगतियाँ</p>"  # part of a longer word


def test_map_text_skips_named_elements_and_their_children():
    out = map_text("<p>a<code>b<i>c</i></code>d</p>", {"code"}, str.upper)
    assert out == "<p>A<code>b<i>c</i></code>D</p>"


def test_a_pages_content_kept_in_the_cache_is_what_it_would_be_made_again_from_the_same_inputs(tmp_path):
    """Each input the content is made from gives its own cache entry (a changed definition, language or permalink
    title is never served from an entry made without it), and a kept result equals one made without a cache."""
    terms = {"c": {"hi": {"term": "सुसंगति", "def": "मेल"}, "en": {"term": "coherence", "def": "agreement"}}}
    math = '<span class="arithmatex">\\(x^2\\)</span>'
    page = f'<h2 id="a">coherence<a class="headerlink" title="Permanent link">¶</a></h2><p>coherence {math}</p>'
    cache = Cache(tmp_path)
    made = content(page, terms, "en", "Link", "docs/p.en.md", cache)
    assert made == content(page, terms, "en", "Link", "docs/p.en.md") and len(list(tmp_path.iterdir())) == 1
    assert content(page, terms, "en", "Link", "docs/p.en.md", cache) == made and len(list(tmp_path.iterdir())) == 1
    html, maths = made
    assert 'title="Link"' in html and '<abbr title="agreement">coherence</abbr>' in html and len(maths) == 1
    other = {"c": {**terms["c"], "en": {"term": "coherence", "def": "changed"}}}
    assert '<abbr title="changed">' in content(page, other, "en", "Link", "docs/p.en.md", cache)[0]
    assert 'title="Lien"' in content(page, terms, "en", "Lien", "docs/p.en.md", cache)[0]
    assert "<abbr" not in content(page, terms, "hi", "Link", "docs/p.en.md", cache)[0]
    assert len(list(tmp_path.iterdir())) == 4
