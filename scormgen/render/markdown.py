"""Markdown → HTML, sanitised against an allow-list before it reaches any page."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.treeprocessors import Treeprocessor

from scormgen.render.markdown_speedups import speed_up

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
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


class MarkdownRenderer:
    """One reusable converter: building a Markdown instance costs more than converting a screen."""

    def __init__(self) -> None:
        self.id_prefix = ""
        # Extension objects rather than names: names are looked up among installed entry points,
        # which costs more than the rest of the set-up.
        self._md = markdown.Markdown(
            extensions=[
                TableExtension(),
                AdmonitionExtension(),
                DefListExtension(),
                AttrListExtension(),
                FencedCodeExtension(),
                SaneListExtension(),
                FootnoteExtension(BACKLINK_TITLE="Torna alla nota %d nel testo"),
                # Heading ids only: the player lists a lesson's screens, so no [TOC] marker to expand.
                TocExtension(slugify=self._slugify, marker="", toc_depth=0),
            ],
            output_format="html",
        )
        self._md.treeprocessors.register(_LessonTreeprocessor(self._md, self), "lesson", 0)
        speed_up(self._md)

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
