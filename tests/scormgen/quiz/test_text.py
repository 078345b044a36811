from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scormgen.quiz.text import TextRenderer, plain_html
from scormgen.render.markdown import MarkdownRenderer

# Pieces of quiz text, plain and not: whatever plain_html accepts must render as Markdown does.
WORDS = [
    "Il",
    "cliente",
    "CRM",
    "è",
    "2024",
    "l'ordine",
    "(nota)",
    "50%",
    "a/b",
    "=",
    "+",
    "-",
    "€",
    "°",
    "@",
    "perché?",
    "sì!",
    '"citato"',
    "x:",
    "1.",
    "1)",
    "3.5",
    "1.000",
    "23.000 €",
    "42",
    "-5",
    "–",
    "«a»",
    "…",
    "*",
    "**",
    "`",
    "_",
    "#",
    ">",
    "<b>",
    "&",
    "&amp;",
    "[a]",
    "{: .c}",
    "- ",
    "1. ",
    "2) ",
    "\n",
    "  ",
    "\t",
    "***",
    "|",
    ":",
    "!",
    "!!!",
    "~~",
    "\\",
    "^",
    "\u00a0",
    "\x02",
    "https://x.it",
    "a_b",
    "=>",
    "+-",
]
MARKDOWN = MarkdownRenderer()


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10), st.sampled_from(["", " "]))
def test_the_plain_shortcut_gives_what_markdown_gives(words, separator):
    source = separator.join(words).strip()
    plain = plain_html(source)
    if plain is not None:
        assert plain == MARKDOWN.render(source)


@settings(max_examples=1500, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_the_shortcut_on_any_text(source):
    source = source.strip()
    plain = plain_html(source)
    if plain is not None:
        assert plain == MARKDOWN.render(source)


@pytest.mark.parametrize(
    "source",
    [
        "Vero",
        "42",
        "29.41",
        "1.000",
        "23.000 €",
        "Una frase semplice, con 3 numeri.",
        "Che cosa dice l'SLA (art. 2)?",
        "95 %",
        "5 gradi",
    ],
)
def test_plain_lines_take_the_shortcut(source):
    assert plain_html(source) == f"<p>{source}</p>" == MARKDOWN.render(source)


@pytest.mark.parametrize(
    "source",
    [
        "- elenco",
        "1. primo",
        "2) secondo",
        "a & b",
        "**forte**",
        "# titolo",
        "snake_case",
        "Riga uno\nriga due",
        "<b>x</b>",
        "[link](x)",
        "{: .c}",
        "x\u00a0y",
    ],
)
def test_anything_else_goes_through_markdown(source):
    assert plain_html(source) is None


def test_rendering_is_cached_and_sanitised():
    renderer = TextRenderer()
    first = renderer.render("Testo con <script>alert(1)</script> e [link](javascript:x)")
    assert "<script" not in first and "javascript" not in first
    assert renderer.render("Testo con <script>alert(1)</script> e [link](javascript:x)") is first
    assert renderer.render("   ") == ""


def test_inline_rendering_unwraps_a_single_paragraph():
    renderer = TextRenderer()
    assert renderer.render_inline("**mammifero**") == "<strong>mammifero</strong>"
    assert renderer.render_inline("uno\n\ndue") == "<p>uno</p>\n<p>due</p>"
