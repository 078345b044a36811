"""Markdown → HTML, sanitised against an allow-list before it reaches any page."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown import util
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension, TableProcessor
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.treeprocessors import InlineProcessor, Treeprocessor

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href", "target"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
}


_FOOTNOTE_IDS = ("fn:", "fnref:")
_FOOTNOTE_LINKS = ("#fn:", "#fnref:")


class _LessonTreeprocessor(Treeprocessor):
    """Self-check solutions become disclosure widgets; external links open outside the SCO frame;
    footnote ids get the screen's prefix so several screens can share one page."""

    def __init__(self, md: markdown.Markdown, renderer: MarkdownRenderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: etree.Element) -> None:
        prefix = self.renderer.id_prefix
        for element in root.iter():
            if element.get("id", "").startswith(_FOOTNOTE_IDS):
                element.set("id", prefix + element.get("id"))
            if element.tag == "a" and element.get("href", "").startswith(_FOOTNOTE_LINKS):
                element.set("href", "#" + prefix + element.get("href")[1:])
            classes = element.get("class", "").split()
            if element.tag == "div" and "admonition" in classes and "solution" in classes:
                element.tag = "details"
                element.set("class", "solution")
                title = element.find("p")
                if title is not None and title.get("class") == "admonition-title":
                    title.tag = "summary"
                    del title.attrib["class"]
            elif element.tag == "a" and element.get("href", "").startswith(("http://", "https://")):
                element.set("target", "_blank")
            elif element.tag == "th" and element.get("scope") is None:
                element.set("scope", "col")


# Text every match of a standard inline pattern contains, by the pattern's registered name.
_INLINE_TRIGGERS = {
    "backtick": {"`"}, "escape": {"\\"}, "footnote": {"[^"},
    "reference": {"["}, "link": {"["}, "short_reference": {"["},
    "image_link": {"!["}, "image_reference": {"!["}, "short_image_ref": {"!["},
    "autolink": {"<"}, "automail": {"<"}, "html": {"<"}, "entity": {"&"}, "linebreak": {"  \n"},
    "em_strong": {"*", "_"}, "em_strong2": {"_"}, "not_strong": {"*", "_"},
}


class _TriggeredInlineProcessor(InlineProcessor):
    """Python-Markdown's inline stage, skipping a pattern when the text lacks the characters every
    match of it needs: most text has no link, code or emphasis, and trying each pattern on each
    piece of text was a third of all rendering time. Output is the same (a test renders the whole
    course both ways)."""

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
                data, matched, start = apply_pattern(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class _PipeTableProcessor(TableProcessor):
    """Python-Markdown's table processor, told at once that a block without a '|' is no table
    (its own test splits the first rows of every block of the lesson)."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return "|" in block and super().test(parent, block)


class MarkdownRenderer:
    """One reusable converter: building a Markdown instance costs more than converting a screen."""

    def __init__(self) -> None:
        self.id_prefix = ""
        # Extension objects rather than names: names are looked up among installed entry points,
        # which costs more than the rest of the set-up.
        self._md = markdown.Markdown(
            extensions=[
                TableExtension(), AdmonitionExtension(), DefListExtension(), AttrListExtension(),
                FencedCodeExtension(), SaneListExtension(),
                FootnoteExtension(BACKLINK_TITLE="Torna alla nota %d nel testo"),
                # Heading ids only: the player lists a lesson's screens, so no [TOC] marker to expand.
                TocExtension(slugify=self._slugify, marker="", toc_depth=0),
            ],
            output_format="html",
        )
        self._md.treeprocessors.register(_LessonTreeprocessor(self._md, self), "lesson", 0)
        if hasattr(InlineProcessor, "_InlineProcessor__applyPattern"):  # the internals it relies on
            self._md.treeprocessors.register(_TriggeredInlineProcessor(self._md), "inline", 20)
        tables = self._md.parser.blockprocessors["table"]
        self._md.parser.blockprocessors.register(_PipeTableProcessor(self._md.parser, tables.config), "table", 75)
        # Every element is tested for membership of this list of tags; the extensions have added
        # theirs by now, so a set gives the same answers faster.
        self._md.block_level_elements = frozenset(self._md.block_level_elements)

    def _slugify(self, value: str, separator: str) -> str:
        return self.id_prefix + slugify_unicode(value, separator)

    def render(self, text: str, id_prefix: str = "") -> str:
        """HTML for `text`; heading ids get `id_prefix` so several screens can share a page."""
        self.id_prefix = id_prefix
        self._md.reset()
        return sanitize(self._md.convert(text))


# Built once: nh3.clean() would rebuild the allow-lists on every call.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    filter_style_properties={"text-align"},
    link_rel="noopener noreferrer",
)


def sanitize(html: str) -> str:
    return _CLEANER.clean(html)
