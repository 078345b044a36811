"""The input Markdown and the sanitiser take too long on, refused before it reaches them.

Python-Markdown's time grows faster than its input's length in these cases, so a text of a few
kilobytes (a paste gone wrong, a hostile file) could hold a build for minutes:

- block quotes and lists nested hundreds deep: the parser's time grows with the cube of the depth;
- brackets left open: each `[` (a link's text, an image, a footnote) is read up to its `]`, and
  each `(` of a link's address up to its `)`, or to the end of the paragraph when there is none;
- backquotes: each group of them (`` ` ``, ` `` `) may be read up to the end of its paragraph in
  search of a group of the same length that closes its code;
- HTML tags left unfinished (`<b` with no `>`): each is read up to the next `>` outside quotes,
  however far.

Python-Markdown also reads some paragraphs once per line (reference definitions, definition
lists), so a paragraph may hold at most MAX_PARAGRAPH characters. Real text stays far below each
bound (the course's longest paragraph, a table, holds 13,000 characters); within them, the time
to render a text grows only with its length. Each check names the line where the text goes past
its bound, counted from the text's first line (the error's `line`); the caller places it in its
file.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from course_model.errors import ContentError
from course_model.i18n import t

MAX_NESTING = 200  # elements inside each other in one text: deeper is a mistake or an attack
MAX_OPEN = 32  # brackets open at once in a paragraph, unfinished HTML tags in a text
MAX_BACKQUOTE_GROUPS = 200  # in a paragraph: a hundred pieces of code
MAX_PARAGRAPH = 32_000  # characters between two blank lines

_PREFIX_CHARACTERS = " \t>-*+0123456789.)"  # those that can begin a block quote or a list
_BLOCK_PREFIX = re.compile(r"(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))*")
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
# A bracket, an escaped character (not a bracket for Markdown) or the blank line that ends a
# paragraph.
_BRACKET = re.compile(r"\\.|[][()]|\n[ \t]*(?=\n)", re.DOTALL)
_CLOSING = {"]": "[", ")": "("}
_BACKQUOTES = re.compile(r"`+|\n[ \t]*(?=\n)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Where the HTML parser starts reading a tag, and a tag that ends where it seems to: a name,
# attributes with plain or quoted values, then ">" (possessive: no backtracking).
_TAG_START = re.compile(r"<[a-zA-Z]")
_WHOLE_TAG = re.compile(
    r"""<[a-zA-Z][^\s/>"'=<]*+(?:\s++[^\s/>"'=<]++(?:\s*+=\s*+(?:"[^"<]*+"|'[^'<]*+'|"""
    r"""[^\s"'=<>`]++))?+)*+\s*+/?>"""
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def check_source(text: str) -> None:
    """Refuse Markdown `text` beyond a bound of the module docstring (ContentError, with the line
    in `text` where it goes past the bound)."""
    for line_past_bound, problem in _BOUNDS:
        line = line_past_bound(text)
        if line is not None:
            raise ContentError(problem(), line=line)


def too_deep() -> ContentError:
    return ContentError(
        t(
            "the text nests block quotes, lists or HTML elements too deeply: at most {limit} "
            "levels",
            limit=MAX_NESTING,
        )
    )


def html_too_deep_at(html: str) -> int | None:
    """Where elements in `html` come to nest more than MAX_NESTING deep (counted generously: an
    unclosed element counts), or None."""
    if html.count("<") <= MAX_NESTING:
        return None  # too few tags to nest too deeply: most texts
    depth = 0
    for match in _TAG.finditer(html):
        if match[1]:
            depth = max(0, depth - 1)
        elif not match[3] and match[2].lower() not in _VOID:
            depth += 1
            if depth > MAX_NESTING:
                return match.start()
    return None


def _too_deep_line(text: str) -> int | None:
    """The first line whose block quotes and lists nest more than MAX_NESTING levels (counted
    generously: each `>`, list marker and four columns of indentation count)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) - len(line.lstrip(_PREFIX_CHARACTERS)) > MAX_NESTING:  # rare: count it
            prefix = _BLOCK_PREFIX.match(line)[0]
            indent = len(prefix.expandtabs(4)) - len(prefix.replace(" ", "").replace("\t", ""))
            if len(_MARKER.findall(prefix)) + indent // 4 > MAX_NESTING:
                return number
    return None


def _long_paragraph_line(text: str) -> int | None:
    """The first line of the first paragraph longer than MAX_PARAGRAPH characters."""
    if len(text) <= MAX_PARAGRAPH:
        return None  # most texts
    start = 0
    for blank in (*_BLANK_LINE.finditer(text), None):
        end = len(text) if blank is None else blank.start()
        if end - start > MAX_PARAGRAPH:
            return _line_of(text, start)
        if blank is not None:
            start = blank.end()
    return None


def _open_bracket_line(text: str) -> int | None:
    """The line where more than MAX_OPEN brackets of one kind are open at once in a paragraph."""
    if text.count("[") <= MAX_OPEN and text.count("(") <= MAX_OPEN:
        return None  # most texts
    depth = {"[": 0, "(": 0}
    for match in _BRACKET.finditer(text):
        token = match[0]
        if token in depth:
            depth[token] += 1
            if depth[token] > MAX_OPEN:
                return _line_of(text, match.start())
        elif token in _CLOSING:
            depth[_CLOSING[token]] = max(0, depth[_CLOSING[token]] - 1)
        elif token[0] == "\n":
            depth = {"[": 0, "(": 0}
    return None


def _backquote_line(text: str) -> int | None:
    """The line where a paragraph has more than MAX_BACKQUOTE_GROUPS groups of backquotes."""
    if text.count("`") <= MAX_BACKQUOTE_GROUPS:
        return None  # most texts
    groups = 0
    for match in _BACKQUOTES.finditer(text):
        groups = 0 if match[0][0] == "\n" else groups + 1
        if groups > MAX_BACKQUOTE_GROUPS:
            return _line_of(text, match.start())
    return None


def _unfinished_tag_line(text: str) -> int | None:
    """The line of the first HTML tag past MAX_OPEN that begins and does not end with `>`."""
    if text.count("<") <= MAX_OPEN:
        return None  # most texts
    unfinished = 0
    for start in _TAG_START.finditer(text):
        if _WHOLE_TAG.match(text, start.start()) is None:
            unfinished += 1
            if unfinished > MAX_OPEN:
                return _line_of(text, start.start())
    return None


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _html_too_deep_line(text: str) -> int | None:
    """Raw HTML nested too deeply, refused before the parser reads it."""
    position = html_too_deep_at(text)
    return None if position is None else _line_of(text, position)


# Each bound: where a text goes past it, and what the author reads then.
_BOUNDS: tuple[tuple[Callable[[str], int | None], Callable[[], str]], ...] = (
    (_too_deep_line, lambda: too_deep().message),
    (_html_too_deep_line, lambda: too_deep().message),
    (
        _long_paragraph_line,
        lambda: t(
            "this paragraph holds more than {limit} characters: split it with blank lines",
            limit=MAX_PARAGRAPH,
        ),
    ),
    (
        _open_bracket_line,
        lambda: t(
            "more than {limit} brackets [ or ( are open at once in this paragraph: close them, "
            "or write \\[ and \\( for the ones that open nothing",
            limit=MAX_OPEN,
        ),
    ),
    (
        _backquote_line,
        lambda: t(
            "more than {limit} groups of backquotes (`) in this paragraph: split it",
            limit=MAX_BACKQUOTE_GROUPS,
        ),
    ),
    (
        _unfinished_tag_line,
        lambda: t(
            "more than {limit} HTML tags begin with < and do not end with >: write &lt; for a "
            "< that begins no tag",
            limit=MAX_OPEN,
        ),
    ),
)
