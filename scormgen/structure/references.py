"""What a lesson's Markdown refers to, with the line of each: images, links, embedded resources.

Found in every form Markdown and HTML allow, outside code: inline images and links, reference
definitions (`[name]: target`), and raw HTML (`<img src>`, `<a href>`, and any other element's
src, srcset, poster or data). The renderer notes the addresses of the HTML it writes as well,
so that what these patterns miss (an attr_list setting `src`) is refused there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Inline images and links within one line (a screen's text is searched whole).
_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\((?P<src>[^)\s]+)(?:[^\S\n]+\"[^\"\n]*\")?\)")
_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\((?P<href>[^)\s]+)(?:[^\S\n]+\"[^\"\n]*\")?\)")
_DEFINITION = re.compile(r"^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?(?P<href>[^\s>]+)>?", re.M)
_TAG = re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attributes>\s[^<>]*)?/?>")
_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\s"'<>/=]+)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'=<>`]+))"""
)
# Attributes by which an element loads something (href loads for <link>, <base> and the like).
_LOADING = frozenset({"src", "srcset", "poster", "data", "background", "href"})
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)


@dataclass(frozen=True, slots=True)
class Reference:
    """An image, link or embedded resource written in a lesson, with the line it is on."""

    target: str
    line: int
    alt: str | None = None  # images: their alt text; None for an HTML image without one


@dataclass(frozen=True, slots=True)
class References:
    images: tuple[Reference, ...]
    links: tuple[Reference, ...]
    embedded: tuple[Reference, ...]  # what other HTML elements load (src, srcset, poster, …)


def find_references(texts: Iterable[tuple[str, int]]) -> References:
    """The references of each (Markdown, first line) text."""
    images: list[Reference] = []
    links: list[Reference] = []
    embedded: list[Reference] = []
    for markdown, first_line in texts:
        if "](" not in markdown and "]:" not in markdown and "<" not in markdown:
            continue  # most screens: this test is far cheaper than the searches
        text = mask_code(markdown)

        def line(offset: int, text: str = text, first_line: int = first_line) -> int:
            return first_line + text.count("\n", 0, offset)

        images += [Reference(m["src"], line(m.start()), m["alt"]) for m in _IMAGE.finditer(text)]
        links += [Reference(m["href"], line(m.start())) for m in _LINK.finditer(text)]
        links += [Reference(m["href"], line(m.start())) for m in _DEFINITION.finditer(text)]
        for tag in _TAG.finditer(text):
            name = tag["name"].lower()
            attributes = {
                a["name"].lower(): a["double"]
                if a["double"] is not None
                else a["single"] or a["bare"]
                for a in _ATTRIBUTE.finditer(tag["attributes"] or "")
            }
            at = line(tag.start())
            for attribute, value in attributes.items():
                if name == "img" and attribute == "src":
                    images.append(Reference(value, at, attributes.get("alt")))
                elif name == "a" and attribute == "href":
                    links.append(Reference(value, at))
                elif attribute == "srcset":
                    embedded += [Reference(c.split()[0], at) for c in value.split(",") if c.strip()]
                elif attribute in _LOADING:
                    embedded.append(Reference(value, at))
    return References(tuple(images), tuple(links), tuple(embedded))


def mask_code(text: str) -> str:
    """`text` with the content of fenced code blocks and code spans blanked out (lines kept):
    what code shows is text, not a reference."""
    lines = text.split("\n")
    fence: str | None = None
    for number, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None:
            if match and match.group(1) == fence:
                fence = None
            else:
                lines[number] = ""
    masked = "\n".join(lines)
    if "`" not in masked:
        return masked
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), masked)
