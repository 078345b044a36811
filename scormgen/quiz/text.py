"""Quiz texts to HTML: the lessons' Markdown pipeline (sanitised), with a shortcut for plain text.

A question bank holds thousands of short texts, most of them one plain line ("Vero", "42",
"Il cliente chiama il supporto."). A line made only of letters, digits, spaces and punctuation
that means nothing in Markdown or HTML comes out of Markdown as that line in a paragraph, so
it is written directly (escaped, though nothing in it needs it); everything else goes through
the Markdown pipeline and the sanitiser. Tests render generated texts both ways and compare.
Results are cached by source: banks repeat their options.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scormgen.render.markdown import MarkdownRenderer

# One line that starts with a letter or a digit, then letters, digits, spaces and punctuation with
# no meaning in Markdown or HTML; not a number followed by "." or ")" and a space or the end, which
# would start an ordered list.
PLAIN_LINE = re.compile(r"(?!\d+[.)](?:\s|$))(?!.*_)\w[\w ,.;:?!'\"()/%=+€$°…–—’‘“”«»-]*")


def plain_html(source: str) -> str | None:
    """`<p>source</p>` when `source` is one plain line (see PLAIN_LINE), else None."""
    return f"<p>{html.escape(source, quote=False)}</p>" if PLAIN_LINE.fullmatch(source) else None


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
        """HTML for a short inline text (a matching or ordering item): a lone <p> is unwrapped."""
        rendered = self.render(source)
        if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
            return rendered[3:-4]
        return rendered

    def _convert(self, source: str) -> str:
        if not source:
            return ""
        plain = plain_html(source)
        if plain is not None:
            return plain
        if self._markdown is None:
            from scormgen.render.markdown import MarkdownRenderer

            self._markdown = MarkdownRenderer()
        return self._markdown.render(source)
