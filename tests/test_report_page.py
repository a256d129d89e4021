"""The report's page helpers, without executing notebooks: aims, captions, offline pages."""

import nbformat
import pytest
from nbconvert import HTMLExporter

from nkcorpus.report import (
    _notebook_page,
    aims,
    figure_captions,
    index_page,
    notebooks,
    offline_html,
)

PNG = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBORw0KGgo="}}


def _nb(titles=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 09 · Test\n\n**Aims.** After this you can\n\n"
                                      "- count things;\n- read a long\n  wrapped aim.\n\n"
                                      "**Data used.** none"),
        nbformat.v4.new_markdown_cell("## 2. Counts by outlet"),
        nbformat.v4.new_code_cell("plot()", outputs=[nbformat.from_dict(PNG)]),
        nbformat.v4.new_code_cell("plot(); plot()",
                                  outputs=[nbformat.from_dict(PNG), nbformat.from_dict(PNG)]),
    ]
    nb.metadata["nkcorpus"] = {"figure_titles": titles or {}}
    return nb


def test_aims_are_the_bullets_of_the_first_markdown_cell():
    assert aims(_nb()) == ["count things;", "read a long wrapped aim."]
    assert aims(nbformat.v4.new_notebook()) == []


def test_every_committed_notebook_states_its_aims():
    for path in notebooks():
        assert len(aims(nbformat.read(path, as_version=4))) >= 2, path.name


def test_captions_use_recorded_titles_then_the_section_heading():
    nb = _nb({"3": ["Articles per\n outlet", ""]})
    assert figure_captions(nb, "09-test") == [
        "2. Counts by outlet (figure 1)", "Articles per outlet", "2. Counts by outlet (figure 3)"]
    bare = nbformat.v4.new_notebook()
    bare.cells = [nbformat.v4.new_code_cell("plot()", outputs=[nbformat.from_dict(PNG)])]
    assert figure_captions(bare, "09-test") == ["Figure 1 of 09-test"]


def test_offline_html_drops_remote_scripts_and_links_but_keeps_hyperlinks():
    page = ('<head><script src="https://cdn.example/require.js"></script><script src="">'
            '</script><link rel="stylesheet" href="//fonts.example/a.css"></head><body>'
            '<a href="https://example.org/">source</a><script type="module">\n'
            'const m = (await import("https://cdn.example/m.mjs"));\n</script>'
            "<script>local();</script></body>")
    out = offline_html(page)
    assert "cdn.example" not in out and "fonts.example" not in out and 'src=""' not in out
    assert '<a href="https://example.org/">source</a>' in out
    assert "<script>local();</script>" in out


def test_notebook_page_gets_alt_text_print_css_and_no_cdn():
    body, _ = HTMLExporter(require_js_url="", mathjax_url="").from_notebook_node(_nb())
    page = _notebook_page(body, ["One", "Two & more", "Three"])
    assert "No description" not in page
    assert 'alt="One"' in page and 'alt="Two &amp; more"' in page and 'alt="Three"' in page
    assert "@media print" in page
    assert "cdnjs" not in page and 'src="http' not in page
    with pytest.raises(ValueError, match="3 images"):
        _notebook_page(body, ["only one"])


def test_index_page_escapes_and_lists_everything():
    page = index_page("my <corpus>: 3 articles (2 ok)", "2026-01-01 00:00 UTC", "9.9",
                      [{"stem": "01-a", "title": "01 · A",
                        "aims": ["x < y", "find *who* speaks in `quotes`"],
                        "figures": [("01-a-01.png", "Counts \"per\" outlet")],
                        "seconds": 1.0}])
    assert "my &lt;corpus&gt;: 3 articles" in page and "x &lt; y" in page
    assert "find <em>who</em> speaks in <code>quotes</code>" in page
    assert 'alt="Counts &quot;per&quot; outlet"' in page
    assert "<figcaption>Counts &quot;per&quot; outlet</figcaption>" in page
    assert "nkcorpus version: 9.9" in page and "@media print" in page
