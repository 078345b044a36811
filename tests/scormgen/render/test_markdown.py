from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scormgen.render import markdown as markdown_render
from scormgen.render.markdown import MarkdownRenderer
from scormgen.structure.course import load_course

CONTENT = Path(__file__).resolve().parents[3] / "content"


def render(text: str, prefix: str = "") -> str:
    return MarkdownRenderer().render(text, prefix)


def test_scripts_and_event_handlers_are_removed():
    html = render(
        "<script>alert(1)</script>\n\n"
        '<img src="x.png" onerror="alert(2)">\n\n[a](javascript:alert(3))'
    )
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_tables_keep_alignment_and_get_header_scope():
    html = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert '<th scope="col" style="text-align:left">a</th>' in html
    assert '<td style="text-align:right">2</td>' in html


def test_solution_admonition_becomes_a_disclosure():
    html = render('!!! solution "Soluzione"\n    Ecco perché.\n')
    assert '<details class="solution">' in html and "<summary>Soluzione</summary>" in html


def test_other_admonitions_stay_as_boxes():
    html = render('!!! note "Da ricordare"\n    Testo.\n')
    assert '<div class="admonition note">' in html


def test_ids_carry_the_screen_prefix_so_screens_can_share_a_page():
    first = render("## Titolo\n\nTesto[^1]\n\n[^1]: nota\n", "s1-")
    second = render("## Titolo\n\nTesto[^1]\n\n[^1]: nota\n", "s2-")
    assert 'id="s1-titolo"' in first and 'id="s2-titolo"' in second
    assert 'href="#s1-fn:1"' in first and 'id="s2-fn:1"' in second


def test_headings_get_ids_but_no_table_of_contents_is_made():
    html = render("[TOC]\n\n## Primo titolo\n\nTesto.\n", "s3-")
    assert (
        '<h2 id="s3-primo-titolo">' in html and "<p>[TOC]</p>" in html and 'class="toc"' not in html
    )


def test_renderer_is_reusable_without_state_leaking():
    renderer = MarkdownRenderer()
    renderer.render("Testo[^1]\n\n[^1]: nota\n", "s1-")
    again = renderer.render("Altro testo\n", "s2-")
    assert "footnote" not in again


def test_external_links_open_outside_the_sco_frame():
    html = render("[Garante](https://www.garanteprivacy.it)")
    assert 'target="_blank"' in html and 'rel="noopener noreferrer"' in html


def test_definition_lists_and_footnotes():
    html = render("Lead\n:   contatto interessato\n\nTesto[^n]\n\n[^n]: fonte\n")
    assert "<dt>Lead</dt>" in html and "<dd>contatto interessato</dd>" in html
    assert 'class="footnote"' in html


def _stock_renderer() -> MarkdownRenderer:
    """The same renderer without the speed-ups of scormgen.render.markdown_speedups."""
    with mock.patch.object(markdown_render, "speed_up", lambda md: None):
        return MarkdownRenderer()


def test_speed_ups_change_nothing_on_the_course():
    course = load_course(CONTENT)
    ours, stock = MarkdownRenderer(), _stock_renderer()
    screens = [
        screen.markdown
        for unit in course.units
        for lesson in unit.lessons
        for screen in lesson.screens
    ]
    assert screens
    assert [ours.render(text, "s-") for text in screens] == [
        stock.render(text, "s-") for text in screens
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a|b\n-|-\n1|2",  # a table without spaces or outer pipes
        "|a|\n|-|\n|1|",  # a one-column table
        "a | b\n--- | ---\n`x|y` | \\|",  # pipes inside code and escaped
        "*a* _b_ **c** __d__ `e` [f](g) ![h](i) <j@k.it> <https://l.it> &amp; a  \n"
        "b \\* [^n]\n\n[^n]: m",
        "a[^1] b[^1] c[^1]\n\nd[^1][^2]\n\n[^1]: nota[^2]\n\n[^2]: altra[^2][^1]",  # repeated
    ],
)
def test_speed_ups_change_nothing_on_written_examples(text):
    assert MarkdownRenderer().render(text) == _stock_renderer().render(text)


_INLINE_SYNTAX = st.sampled_from(
    [
        "*",
        "**",
        "_",
        "__",
        "`",
        "``",
        "[",
        "]",
        "(",
        ")",
        "![",
        "[^1]",
        "<",
        ">",
        "&",
        "&amp;",
        "\\",
        "  \n",
        "\n",
        " ",
        "a",
        "b",
        "https://x.it",
        "@",
        ":",
        "#",
        "\n\n",
        "<div>",
        "</div>",
        "<span>",
        "<br/>",
        "<table>",
        "- ",
        "> ",
        "|",
        " | ",
        "|---|",
        ":--",
        "--:",
        "\\|",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_INLINE_SYNTAX, max_size=30).map("".join))
def test_speed_ups_change_nothing_on_any_text(text):
    assert MarkdownRenderer().render(text) == _stock_renderer().render(text)
