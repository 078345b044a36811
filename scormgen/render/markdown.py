"""Markdown → HTML, sanitised against an allow-list before it reaches any page.

Authored HTML (Markdown's output and raw HTML alike) goes into pages whose runtime finds its
own elements by id and class. So the sanitiser also gives every authored id the prefix of the
text's place in the page (a lesson's screen, a quiz text), keeps only the classes Markdown's
extensions write, and notes every address (src, href) the text uses, for the caller to check
that each one is packaged or allowed: attr_list and raw HTML can set any of them. Text that
Markdown would take too long on is refused first (markdown_bounds).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

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

from scormgen.render.markdown_bounds import check_source, html_too_deep_at, too_deep
from scormgen.render.markdown_speedups import speed_up
from scormgen.structure.markup import ADMONITION_TYPES, is_lesson_link

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


# The classes of authored HTML that survive: those Markdown's extensions write (fenced code adds
# "language-…"). The pages' own classes, which the runtime looks elements up by, never do.
AUTHORED_CLASSES = frozenset(
    {"admonition", "admonition-title", "footnote", "footnote-ref", "footnote-backref"}
    | set(ADMONITION_TYPES)
)
QUIZ_TEXT_PREFIX = "t-"  # the id prefix of quiz texts (lesson screens have their own)
_FOOTNOTE_LINKS = ("#fn:", "#fnref:")


class _LessonTreeprocessor(Treeprocessor):
    """Self-check solutions become disclosure widgets; external links and links to other lessons
    open outside the SCO frame."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            classes = element.get("class", "").split()
            if element.tag == "div" and "admonition" in classes and "solution" in classes:
                element.tag = "details"
                element.set("class", "solution")
                title = element.find("p")
                if title is not None and title.get("class") == "admonition-title":
                    title.tag = "summary"
                    del title.attrib["class"]
            elif element.tag == "a" and (
                element.get("href", "").startswith(("http://", "https://"))
                or is_lesson_link(element.get("href", ""))
            ):
                element.set("target", "_blank")  # another lesson opens for reference
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
                # Heading ids only: the player lists a lesson's screens, so no [TOC] marker to
                # expand.
                TocExtension(slugify=self._slugify, marker="", toc_depth=0),
            ],
            output_format="html",
        )
        self._md.treeprocessors.register(_LessonTreeprocessor(self._md), "lesson", 0)
        speed_up(self._md)
        self.cleaner = HtmlCleaner()

    def _slugify(self, value: str, separator: str) -> str:
        return self.id_prefix + slugify_unicode(value, separator)

    def render(self, text: str, id_prefix: str = QUIZ_TEXT_PREFIX) -> str:
        """HTML for `text`; its ids get `id_prefix` so several texts can share a page. The
        addresses it uses are added to `self.cleaner.addresses`."""
        self.id_prefix = id_prefix
        self._md.reset()
        check_source(text)
        try:
            html = self._md.convert(text)
        except RecursionError:  # Python-Markdown's parser recurses once per level
            raise too_deep() from None
        return self.cleaner.clean(html, id_prefix)


class HtmlCleaner:
    """The sanitiser, and what it does to the attributes of the text it cleans (see the module
    docstring). Built once: building the allow-lists costs more than cleaning a text."""

    def __init__(self) -> None:
        self.prefix = QUIZ_TEXT_PREFIX
        self.addresses: list[tuple[str, str, str]] = []  # (element, attribute, value)
        self.ids: dict[str, str] = {}  # each id given, as written (without prefix) → as given
        # The addresses the text being rendered writes otherwise (links to places and to other
        # lessons, a task's materials in Moodle): (attribute, address) → the address to write, or
        # None to leave it as it is. Set by the page being rendered.
        self.links: Callable[[str, str], str | None] | None = None
        self._cleaner = nh3.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            filter_style_properties={"text-align"},
            link_rel="noopener noreferrer",
            attribute_filter=self._attribute,
        )

    def clean(self, html: str, prefix: str = QUIZ_TEXT_PREFIX) -> str:
        # The sanitiser's time grows faster than the depth of its input: refuse a deep one first.
        if html_too_deep_at(html) is not None:
            raise too_deep()
        self.prefix = prefix
        return self._cleaner.clean(html)

    def _attribute(self, element: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            given = value if value.startswith(self.prefix) else self.prefix + value
            self.ids.setdefault(given[len(self.prefix) :], given)
            return given
        if attribute == "class":
            kept = [c for c in value.split() if c in AUTHORED_CLASSES or c.startswith("language-")]
            return " ".join(kept) or None
        if attribute == "target":
            return value if value == "_blank" else None  # never another frame of the LMS
        if attribute in ("href", "src"):
            self.addresses.append((element, attribute, value))
            if value.startswith(_FOOTNOTE_LINKS):  # a footnote and its reference share a screen
                return "#" + self.prefix + value[1:]
            if self.links is not None:
                return self.links(attribute, value) or value
        return value


_CLEANER = HtmlCleaner()


def sanitize(html: str) -> str:
    """Authored HTML that is not Markdown (GIFT's [html] texts), cleaned as quiz texts are."""
    return _CLEANER.clean(html)
