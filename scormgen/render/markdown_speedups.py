"""Python-Markdown with the same output, faster: it tries every inline pattern on every piece
of text and the full table test on every block, though most text has no link, code or emphasis
and most blocks are no table. Two thirds of a build's time is Markdown rendering, so this counts.
It also names the references to one footnote in time that grows with their number, not with its
square (a hostile text of a few kilobytes held a build for minutes).

The tests render the whole course, written examples and generated text with and without these
changes and compare the HTML.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown import util
from markdown.extensions.footnotes import RE_REF_ID, FootnoteExtension
from markdown.extensions.tables import TableProcessor
from markdown.treeprocessors import InlineProcessor


def speed_up(md: markdown.Markdown) -> None:
    """Install the faster stages on `md`, once its extensions are registered."""
    if hasattr(InlineProcessor, "_InlineProcessor__applyPattern"):  # the internals it relies on
        md.treeprocessors.register(_TriggeredInlineProcessor(md), "inline", 20)
    if "table" in md.parser.blockprocessors:
        tables = md.parser.blockprocessors["table"]
        md.parser.blockprocessors.register(
            _PipeTableProcessor(md.parser, tables.config), "table", 75
        )
    # Every element is tested for membership of this list of tags; the extensions have added
    # theirs by now, so a set gives the same answers faster.
    md.block_level_elements = frozenset(md.block_level_elements)
    for extension in md.registeredExtensions:
        if isinstance(extension, FootnoteExtension):
            extension.unique_ref = _UniqueFootnoteRefs(extension)  # type: ignore[method-assign]


# Text every match of a standard inline pattern contains, by the pattern's registered name.
_INLINE_TRIGGERS = {
    "backtick": {"`"},
    "escape": {"\\"},
    "footnote": {"[^"},
    "reference": {"["},
    "link": {"["},
    "short_reference": {"["},
    "image_link": {"!["},
    "image_reference": {"!["},
    "short_image_ref": {"!["},
    "autolink": {"<"},
    "automail": {"<"},
    "html": {"<"},
    "entity": {"&"},
    "linebreak": {"  \n"},
    "em_strong": {"*", "_"},
    "em_strong2": {"_"},
    "not_strong": {"*", "_"},
}


class _TriggeredInlineProcessor(InlineProcessor):
    """Python-Markdown's inline stage, skipping a pattern when the text lacks the characters every
    match of it needs (trying each pattern on each piece of text was a third of rendering time)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.inlinePatterns = tuple(md.inlinePatterns)  # a tuple: the registry's lookup is slow
        triggers: list[frozenset[str] | None] = [None] * len(self.inlinePatterns)
        for name, needed in _INLINE_TRIGGERS.items():
            if name in md.inlinePatterns:
                triggers[md.inlinePatterns.get_index_for_name(name)] = frozenset(needed)
        self.triggers = tuple(triggers)
        self.all_triggers = tuple(set().union(*_INLINE_TRIGGERS.values()))

    # Overrides InlineProcessor.__handleInline (name-mangled): the same loop, plus the trigger test.
    # Matches only replace text with placeholders, so triggers absent at the start stay absent.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
        present = {text for text in self.all_triggers if text in data}
        patterns, triggers = self.inlinePatterns, self.triggers
        apply_pattern = self._InlineProcessor__applyPattern
        start = 0
        while patternIndex < len(patterns):
            needed = triggers[patternIndex]
            if needed is not None and needed.isdisjoint(present):
                matched, start = False, 0
            else:
                data, matched, start = apply_pattern(
                    patterns[patternIndex], data, patternIndex, start
                )
            if not matched:
                patternIndex += 1
        return data


class _PipeTableProcessor(TableProcessor):
    """Python-Markdown's table processor, told at once that a block without a '|' is no table
    (its own test splits the first rows of every block of the lesson)."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return "|" in block and super().test(parent, block)


class _UniqueFootnoteRefs:
    """FootnoteExtension.unique_ref, which names the references to one footnote fnref:1,
    fnref2:1, fnref3:1… trying every name from the first for each reference: the same names, the
    search resumed from the last name given to that footnote (every name before it is taken)."""

    def __init__(self, footnotes: FootnoteExtension) -> None:
        self.footnotes = footnotes
        self.last: dict[str, str] = {}  # each reference as written → the last name it was given

    def __call__(self, reference: str, found: bool = False) -> str:
        if not found:
            return reference
        footnotes = self.footnotes
        taken = footnotes.used_refs
        name = self.last.get(reference, reference)
        if name not in taken:  # a new text: the names taken were reset
            name = reference
        separator = footnotes.get_separator()
        while name in taken:
            ref, rest = name.split(separator, 1)
            numbered = RE_REF_ID.match(ref)
            name = (
                f"{numbered[1]}{int(numbered[2]) + 1}{separator}{rest}"
                if numbered
                else f"{ref}2{separator}{rest}"
            )
        taken.add(name)
        self.last[reference] = name
        footnotes.found_refs[reference] = footnotes.found_refs.get(reference, 0) + 1
        return name
