from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from scormgen.render.markdown import MarkdownRenderer
from scormgen.quiz.text import TextRenderer, simple_html

WORDS = ["Il", "cliente", "CRM", "è", "2024", "l'ordine", "(nota)", "50%", "a/b", "=", "+", "-", "€", "°", "@",
         "perché?", "sì!", '"citato"', "x:", "1.", "*", "**", "`", "_", "#", ">", "<b>", "&", "[a]", "{: .c}",
         "- ", "1. ", "\n", "\n\n", "  ", "\t", "***", "``", "|", ":", "!", "~~"]
SPANS = ["**grassetto**", "*corsivo*", "`codice`", "**due parole**", "*a) b*", "`x = 1`", "*x*y*", "a*b", "**a**b**"]


@pytest.fixture(scope="module")
def markdown() -> MarkdownRenderer:
    return MarkdownRenderer()


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(WORDS + SPANS), min_size=1, max_size=12), st.booleans())
def test_the_fast_path_gives_what_markdown_gives(words, spaced):
    text = (" " if spaced else "").join(words)
    source = text.strip()
    fast = simple_html(source)
    if fast is not None:
        assert fast == MarkdownRenderer().render(source)


@pytest.mark.parametrize("source", ["Una frase semplice.", "Il **CRM** e *il* `codice`", "Riga uno\nriga due"])
def test_common_texts_take_the_fast_path(source, markdown):
    assert simple_html(source) == markdown.render(source)


@pytest.mark.parametrize("source", ["- elenco", "1. primo", "a & b", "**aperto", "# titolo", "snake_case", "a  b"])
def test_anything_else_goes_through_markdown(source):
    assert simple_html(source) is None


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
