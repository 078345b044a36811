"""Regular expressions tried only on the lines that can hold a match.

Python's `re` tries a pattern at every position of a text unless the pattern starts with plain
text, so forty patterns starting with `\\b` or `(?i)` take seconds on the course's 600 KB. Most
patterns require some text in every match (a name, a word): the lines holding it are found with
`str.find`, which is fast, and the pattern is tried on those lines only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as sre  # the parsed form of a pattern: its operations
from re import _parser as sre_parse
from typing import Any

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


@dataclass(frozen=True, slots=True)
class Anchored:
    pattern: re.Pattern[str]
    # Case-folded texts one of which every match contains; empty when the pattern requires none.
    anchors: tuple[str, ...]


def anchored(pattern: re.Pattern[str]) -> Anchored:
    return Anchored(pattern, tuple(sorted(_required(sre_parse.parse(pattern.pattern)) or ())))


class Lines:
    """A text split into lines, with a case-folded copy to find anchors in."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._folded = "\n".join(line.casefold() for line in self.lines)
        self._starts = [0, *(m.end() for m in re.finditer("\n", self._folded))]

    def finditer(self, anchored: Anchored) -> Iterator[tuple[int, re.Match[str]]]:
        """The line number (from 1) and match of every match, line by line."""
        indexes = self._holding(anchored.anchors) if anchored.anchors else range(len(self.lines))
        for index in indexes:
            for match in anchored.pattern.finditer(self.lines[index]):
                yield index + 1, match

    def _holding(self, anchors: tuple[str, ...]) -> list[int]:
        found = set()
        for anchor in anchors:
            position = self._folded.find(anchor)
            while position >= 0:
                index = bisect_right(self._starts, position) - 1
                found.add(index)
                following = self._starts[index + 1] if index + 1 < len(self._starts) else None
                position = -1 if following is None else self._folded.find(anchor, following)
        return sorted(found)


def _required(items: Any) -> set[str] | None:
    """Case-folded texts one of which every match of the parsed pattern `items` contains (the
    choice whose shortest text is longest); None when it requires none."""
    options: list[set[str]] = []
    run = ""
    for op, value in items:
        if op is sre.LITERAL:
            run += chr(value).casefold()
            continue
        if run:
            options.append({run})
            run = ""
        inner: set[str] | None = None
        if op is sre.SUBPATTERN:
            inner = _required(value[-1])
        elif op is sre.ATOMIC_GROUP:
            inner = _required(value)
        elif op in _REPEATS and value[0] >= 1:
            inner = _required(value[2])
        elif op is sre.BRANCH:
            branches = [_required(branch) for branch in value[1]]
            if all(branches):
                inner = set().union(*branches)  # type: ignore[arg-type]
        if inner:
            options.append(inner)
    if run:
        options.append({run})
    return max(options, key=lambda option: min(map(len, option)), default=None)
