"""Markdown → sanitised HTML for quiz texts, through the project's Markdown renderer.

Python-Markdown costs a fraction of a millisecond per call, and a question bank holds
thousands of short texts, most of them plain sentences. So a TextRenderer keeps one
converter, caches results by source, and writes plain one-paragraph texts directly: that
fast path gives exactly what the converter would (a test checks this).
"""

from __future__ import annotations

import re

from scormgen.markdown_render import MarkdownRenderer

# Lines that start with a letter and hold only letters, digits, spaces and punctuation with no
# meaning in Markdown (nothing to escape in HTML either) form one paragraph of literal text.
_PLAIN = re.compile(r"[^\W\d_][\w ,.;:?!'\"()/%=+€$°@-]*(?:\n[^\W\d_][\w ,.;:?!'\"()/%=+€$°@-]*)*")
_UNSAFE_IN_PLAIN = re.compile(r"_|  |[ \t]\n")


def is_plain(source: str) -> bool:
    """True when `source` is literal text that Markdown would only wrap in one <p>."""
    return bool(_PLAIN.fullmatch(source)) and not _UNSAFE_IN_PLAIN.search(source)


class TextRenderer:
    """Renders quiz texts; one per reading of a file (not thread-safe)."""

    def __init__(self) -> None:
        self._markdown = MarkdownRenderer()
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
        if is_plain(source):
            return f"<p>{source}</p>"
        return self._markdown.render(source)

