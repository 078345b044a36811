"""Markdown → sanitised HTML for quiz texts, through the project's Markdown renderer.

Python-Markdown costs a fraction of a millisecond per call, and a question bank holds
thousands of short texts, most of them plain sentences. So a TextRenderer keeps one
converter, caches results by source, and writes one-paragraph texts directly, with
the commonest inline markup: that fast path gives exactly what the converter would (a test
checks this), and Markdown itself is only loaded when some text needs it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scormgen.render.markdown import MarkdownRenderer

# Literal text: letters, digits, spaces and punctuation that mean nothing in Markdown and need
# no escaping in HTML, and `**strong**`, `*emphasis*`, `` `code` `` spans of such text. Lines
# start with a letter or a span, so none can open a list, heading, quote or code block.
_ALLOWED = re.compile(r"[\w ,.;:?!'\"()/%=+€$°@*`\n-]+")
_UNSAFE = re.compile(r"_|  |[ \t]\n|(?:\A|\n)(?:[^\w*`]|\d)")
_SPAN_TEXT = r"[\w,.;:?!'\"()/%=+€$°@-](?:[\w ,.;:?!'\"()/%=+€$°@-]*[\w,.;:?!'\"()/%=+€$°@-])?"
_SPAN = re.compile(rf"(?<![*`])(?:\*\*({_SPAN_TEXT})\*\*|\*({_SPAN_TEXT})\*|`({_SPAN_TEXT})`)(?![*`])")


def simple_html(source: str) -> str | None:
    """The HTML Markdown would make of `source` if it is one paragraph of literal text with at
    most strong, emphasis and code spans; None for anything else."""
    if not _ALLOWED.fullmatch(source) or _UNSAFE.search(source):
        return None
    if "*" not in source and "`" not in source:
        return f"<p>{source}</p>"
    html = _SPAN.sub(_span_html, source)
    return None if "*" in html or "`" in html else f"<p>{html}</p>"


def _span_html(match: re.Match[str]) -> str:
    strong, emphasis, code = match.groups()
    if strong is not None:
        return f"<strong>{strong}</strong>"
    return f"<em>{emphasis}</em>" if emphasis is not None else f"<code>{code}</code>"


class TextRenderer:
    """Renders quiz texts; one per reading of a file (not thread-safe).

    `markdown` is a converter to share, such as the one that renders the lessons."""

    def __init__(self, markdown: MarkdownRenderer | None = None) -> None:
        self._markdown = markdown
        self._cache: dict[str, str] = {}

    def render(self, source: str) -> str:
        """HTML for a block of Markdown (paragraphs, lists, tables…); "" for blank text."""
        cached = self._cache.get(source)
        if cached is None:
            cached = self._cache[source] = self._convert(source.strip())
        return cached

    def render_inline(self, source: str) -> str:
        """HTML for a short text shown inline (a matching or ordering item): a lone <p> is unwrapped."""
        rendered = self.render(source)
        if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
            return rendered[3:-4]
        return rendered

    def _convert(self, source: str) -> str:
        if not source:
            return ""
        simple = simple_html(source)
        if simple is not None:
            return simple
        if self._markdown is None:
            from scormgen.render.markdown import MarkdownRenderer

            self._markdown = MarkdownRenderer()
        return self._markdown.render(source)

