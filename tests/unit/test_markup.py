"""Transforms of a page's HTML (sitegen/markup.py), called directly."""

from sitegen.markup import SCROLL_OPEN as WRAP
from sitegen.markup import annotate, map_text, wrap_tables


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
