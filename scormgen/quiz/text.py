"""Markdown → sanitised HTML for quiz texts.

Python-Markdown costs a fraction of a millisecond per call, and a question bank holds
thousands of short texts, most of them plain sentences. So one renderer keeps one converter
(reset between texts), caches results by source, and writes plain one-paragraph texts
directly: the fast path gives exactly what Python-Markdown would (a test checks this).
"""

from __future__ import annotations

import html
import re

import markdown
import nh3

EXTENSIONS = ("tables", "fenced_code", "attr_list", "def_list", "footnotes")

# Attributes Markdown output needs besides nh3's defaults: ids and classes (footnotes, code
# languages, attr_list), titles, and table cell alignment.
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = {"id", "class", "title", "lang"}
for _tag in ("th", "td"):
    _ATTRIBUTES.setdefault(_tag, set()).add("style")

# Lines that start with a letter and hold only letters, digits, spaces and punctuation with no
# meaning in Markdown (nothing escaped in HTML either) form one paragraph of literal text.
_PLAIN = re.compile(rf"(?:[^\W\d_][\w ,.;:?!'\"()/%=+€$°@-]*)(?:\n[^\W\d_][\w ,.;:?!'\"()/%=+€$°@-]*)*")
_UNSAFE_IN_PLAIN = re.compile(r"_|  |[ \t]\n")


def is_plain(source: str) -> bool:
    """True when `source` is literal text that Markdown would only wrap in one <p>."""
    return bool(_PLAIN.fullmatch(source)) and not _UNSAFE_IN_PLAIN.search(source)


class MarkdownRenderer:
    """Renders Markdown to sanitised HTML; one per reading of a file (not thread-safe)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
        self._cache: dict[str, str] = {}

    def render(self, source: str) -> str:
        """HTML for a block of Markdown (paragraphs, lists, tables…); "" for blank text."""
        cached = self._cache.get(source)
        if cached is None:
            cached = self._cache[source] = self._convert(source.strip())
        return cached

    def render_inline(self, source: str) -> str:
        """HTML for a short text shown inline (a title, a matching item): a lone <p> is unwrapped."""
        rendered = self.render(source)
        if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
            return rendered[3:-4]
        return rendered

    def _convert(self, source: str) -> str:
        if not source:
            return ""
        if is_plain(source):
            return f"<p>{source}</p>"
        self._md.reset()
        return nh3.clean(self._md.convert(source), attributes=_ATTRIBUTES)


def escape(text: str) -> str:
    """Plain text as HTML."""
    return html.escape(text, quote=False)
