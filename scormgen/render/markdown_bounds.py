"""The input Markdown and the sanitiser take too long on, refused before it reaches them.

Python-Markdown's time grows faster than its input's length in these cases, so a text of a few
kilobytes (a paste gone wrong, a hostile file) could hold a build for minutes:

- block quotes and lists nested hundreds deep: the parser's time grows with the cube of the depth;
- brackets left open: each `[` (a link's text, an image, a footnote) is read up to its `]`, and
  each `(` of a link's address up to its `)`, or to the end of the paragraph when there is none;
- backquotes that close no code span: each such group reads to the end of its paragraph;
- HTML tags left unfinished (`<b` with no `>`): each is read up to the next `>` outside quotes,
  however far;
- fenced code blocks that never close: each opening line reads to the end of the text;
- paragraphs read once per line (reference definitions, headings, rules, definition lists), so
  a paragraph may hold at most MAX_PARAGRAPH characters and MAX_PARAGRAPH_LINES lines.

Fenced code is set aside before the rest is read, so only its opening lines count. Real text
stays far below each bound (the course's longest paragraph, a table, holds 13,000 characters
on 210 lines); within them, `benchmarks/markdown_bounds.py` prints the slowest accepted text's
time per character. Each check names the line where the text goes past its bound, counted from
the text's first line (the error's `line`); the caller places it in its file.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator

from markdown.extensions.fenced_code import FencedBlockPreprocessor

from course_model.errors import ContentError
from course_model.i18n import t

MAX_NESTING = 200  # elements inside each other in one text: deeper is a mistake or an attack
MAX_OPEN = 32  # brackets open at once in a paragraph, unfinished HTML tags in a text
MAX_FENCES = 100  # lines that open or close fenced code in a text: fifty code blocks
MAX_PARAGRAPH = 32_000  # characters between two blank lines
MAX_PARAGRAPH_LINES = 500
CODE_SPAN_READINGS = 16  # how many times over code spans may read their paragraph

_PREFIX_CHARACTERS = " \t>-*+0123456789.)"  # those that can begin a block quote or a list
_BLOCK_PREFIX = re.compile(r"(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))*")
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FENCE_LINE = re.compile(r"^(?:```|~~~)", re.MULTILINE)
# A bracket, or an escaped character (not a bracket for Markdown).
_BRACKET = re.compile(r"\\.|[][()]", re.DOTALL)
_CLOSING = {"]": "[", ")": "("}
_BACKQUOTES = re.compile(r"`+")
# Where the HTML parser starts reading a tag, and a tag that ends where it seems to: an autolink
# or a name and attributes with plain or quoted values, then ">" (possessive: no backtracking).
_TAG_START = re.compile(r"<[a-zA-Z]")
_WHOLE_TAG = re.compile(
    r"""<[a-zA-Z](?:[^\s<>]*+>|[^\s/>"'=<]*+(?:\s++[^\s/>"'=<]++(?:\s*+=\s*+(?:"[^"<]*+"|"""
    r"""'[^'<]*+'|[^\s"'=<>`]++))?+)*+\s*+/?>)"""
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])[^<>]*?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def check_source(text: str) -> None:
    """Refuse Markdown `text` beyond a bound of the module docstring (ContentError, with the line
    in `text` where it goes past the bound)."""
    line = _fence_line(text)
    if line is not None:
        raise ContentError(
            t(
                "more than {limit} lines open or close fenced code (``` or ~~~) in this text",
                limit=MAX_FENCES,
            ),
            line=line,
        )
    text = _without_fenced_code(text)
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


def _fence_line(text: str) -> int | None:
    """The line past the MAX_FENCES-th that begins with a fence."""
    if text.count("```") + text.count("~~~") <= MAX_FENCES:
        return None  # most texts
    for count, fence in enumerate(_FENCE_LINE.finditer(text), start=1):
        if count > MAX_FENCES:
            return _line_of(text, fence.start())
    return None


def _without_fenced_code(text: str) -> str:
    """`text` with its fenced code blocks (as Markdown finds them) made blank lines: Markdown sets
    them aside before reading the rest."""
    if "```" not in text and "~~~" not in text:
        return text
    return FencedBlockPreprocessor.FENCED_BLOCK_RE.sub(
        lambda block: "\n" * block[0].count("\n"), text
    )


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Each paragraph (the text between blank lines) and where it starts in `text`."""
    start = 0
    for blank in _BLANK_LINE.finditer(text):
        yield start, text[start : blank.start()]
        start = blank.end()
    yield start, text[start:]


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
    """The first line of the first paragraph with more than MAX_PARAGRAPH characters or more
    than MAX_PARAGRAPH_LINES lines."""
    if len(text) <= MAX_PARAGRAPH and text.count("\n") < MAX_PARAGRAPH_LINES:
        return None  # most texts
    for start, paragraph in _paragraphs(text):
        if len(paragraph) > MAX_PARAGRAPH or paragraph.count("\n") >= MAX_PARAGRAPH_LINES:
            return _line_of(text, start)
    return None


def _open_bracket_line(text: str) -> int | None:
    """The line where more than MAX_OPEN brackets of one kind are open at once in a paragraph."""
    if text.count("[") <= MAX_OPEN and text.count("(") <= MAX_OPEN:
        return None  # most texts
    for start, paragraph in _paragraphs(text):
        depth = {"[": 0, "(": 0}
        for match in _BRACKET.finditer(paragraph):
            token = match[0]
            if token in depth:
                depth[token] += 1
                if depth[token] > MAX_OPEN:
                    return _line_of(text, start + match.start())
            elif token in _CLOSING:
                depth[_CLOSING[token]] = max(0, depth[_CLOSING[token]] - 1)
    return None


def _open_code_line(text: str) -> int | None:
    """The line where Python-Markdown's search for the ends of a paragraph's code spans would
    have read it more than CODE_SPAN_READINGS times over."""
    if text.count("`") < 3:
        return None  # at most one code span: read once
    for start, paragraph in _paragraphs(text):
        beyond = _code_span_reading(paragraph, CODE_SPAN_READINGS * len(paragraph) + 1000)
        if beyond is not None:
            return _line_of(text, start + beyond)
    return None


def _code_span_reading(paragraph: str, budget: int) -> int | None:
    """Where, reading `paragraph` as Python-Markdown 3.11 looks for the ends of its code spans
    (read as one text), the characters read pass `budget`, or None. A group of backquotes closes
    at the next group of its length; one that finds none reads to the end and closes at the
    first longest group after it if that is shorter, else the search goes on past twice its
    length, which may fall inside the next group."""
    groups = [(group.start(), group.end()) for group in _BACKQUOTES.finditer(paragraph)]
    by_length: dict[int, list[int]] = {}  # length → its groups' indices, ascending
    for index, (begin, end) in enumerate(groups):
        by_length.setdefault(end - begin, []).append(index)
    longest = [(0, -1)] * (len(groups) + 1)  # from each group on: the first longest group
    for index in range(len(groups) - 1, -1, -1):
        length = groups[index][1] - groups[index][0]
        longest[index] = (length, index) if length >= longest[index + 1][0] else longest[index + 1]
    read = position = index = 0
    while True:
        while index < len(groups) and groups[index][1] <= position:
            index += 1
        if index == len(groups):
            return None
        begin = max(position, groups[index][0])
        if begin == groups[index][0] and _escaped(paragraph, begin):
            begin += 1  # an escaped backquote begins no code; the next one in its group may
            if begin == groups[index][1]:
                index += 1
                continue
        ticks = groups[index][1] - begin
        same = by_length.get(ticks, [])
        closing = bisect_left(same, index + 1)
        if closing < len(same):
            position = groups[same[closing]][1]
            read += position - begin
        else:
            read += len(paragraph) - begin
            length, first = longest[index + 1]
            position = groups[first][1] if 0 < length < ticks else groups[index][1] + ticks
        if read > budget:
            return begin


def _escaped(text: str, position: int) -> bool:
    """Whether the character at `position` follows an odd number of backslashes."""
    start = position
    while start > 0 and text[start - 1] == "\\":
        start -= 1
    return (position - start) % 2 == 1


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


# Each bound: where a text goes past it, and what the author reads then.
_BOUNDS: tuple[tuple[Callable[[str], int | None], Callable[[], str]], ...] = (
    (_too_deep_line, lambda: too_deep().message),
    (
        _long_paragraph_line,
        lambda: t(
            "this paragraph holds more than {limit} characters or {lines} lines: split it with "
            "blank lines",
            limit=MAX_PARAGRAPH,
            lines=MAX_PARAGRAPH_LINES,
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
        _open_code_line,
        lambda: t(
            "the backquotes (`) of this paragraph leave code open: close each code span with as "
            "many backquotes as open it, or write \\` for a backquote that opens nothing"
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
