"""Sanitised HTML → the XHTML subset QTI 2.1 allows inside items and tests.

QTI has its own copy of XHTML: fewer elements, fewer attributes (no style, no rel), and ids
that must be unique NCNames. Elements it lacks are unwrapped (their text stays), attributes
it lacks are dropped, and ids are dropped (Markdown footnote ids contain colons and repeat
between texts).
"""

from __future__ import annotations

from lxml import etree

_BLOCK = frozenset(
    {
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "address",
        "dl",
        "ol",
        "ul",
        "hr",
        "blockquote",
        "table",
        "div",
    }
)
_INLINE = frozenset(
    {
        "abbr",
        "acronym",
        "b",
        "big",
        "cite",
        "code",
        "dfn",
        "em",
        "i",
        "kbd",
        "q",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "tt",
        "var",
        "a",
        "br",
        "img",
    }
)
_STRUCTURE = frozenset(
    {"li", "dt", "dd", "caption", "col", "colgroup", "thead", "tfoot", "tbody", "tr", "th", "td"}
)
_COMMON_ATTRIBUTES = frozenset({"class", "label"})
_ATTRIBUTES = {
    "a": {"href", "type"},
    "img": {"src", "alt", "longdesc", "height", "width"},
    "th": {"headers", "scope", "abbr", "axis", "rowspan", "colspan"},
    "td": {"headers", "scope", "abbr", "axis", "rowspan", "colspan"},
    "table": {"summary"},
    "col": {"span"},
    "colgroup": {"span"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
_ALLOWED = _BLOCK | _INLINE | _STRUCTURE


def append_html(parent: etree._Element, fragment: str, namespace: str, *, block: bool) -> None:
    """Append `fragment` to `parent` as QTI XHTML in `namespace`.

    `block`: the parent takes block elements only (itemBody, rubricBlock), so loose text and
    inline elements are wrapped in a <div>; elsewhere (choices, feedback) text may stand alone.
    """
    if not fragment.strip():
        return
    if "<" not in fragment and "&" not in fragment and not block:
        _append_text(parent, fragment)  # plain text: nothing to parse
        return
    inner = fragment[3:-4]
    if (
        fragment.startswith("<p>")
        and fragment.endswith("</p>")
        and "<" not in inner
        and "&" not in inner
    ):
        # The commonest case, written directly; where text may stand alone it needs no paragraph.
        if block:
            etree.SubElement(parent, f"{{{namespace}}}p").text = inner
        else:
            _append_text(parent, inner)
        return
    nodes = _fragments(fragment)
    target = parent
    loose = any(isinstance(node, str) and node.strip() for node in nodes) or any(
        not isinstance(node, str) and node.tag not in _BLOCK for node in nodes
    )
    if block and loose:
        target = etree.SubElement(parent, f"{{{namespace}}}div")
    for node in nodes:
        if isinstance(node, str):
            _append_text(target, node)
        else:
            _convert(node, target, namespace)


def _fragments(fragment: str) -> list[str | etree._Element]:
    """Leading text and top-level elements of an HTML fragment."""
    try:  # most Markdown output is also well-formed XML, which parses much faster
        wrapper = etree.fromstring(
            f"<div>{fragment}</div>", etree.XMLParser(resolve_entities=False, no_network=True)
        )
        return [wrapper.text or "", *wrapper]
    except etree.XMLSyntaxError:  # HTML proper: void elements, named entities
        from lxml import html as lxml_html

        return lxml_html.fragments_fromstring(fragment)


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _convert(node: etree._Element, parent: etree._Element, namespace: str) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    keep = (
        tag in _ALLOWED
        and not (tag == "a" and not node.get("href"))
        and not (tag == "img" and not node.get("src"))
    )
    if keep:
        element = etree.SubElement(parent, f"{{{namespace}}}{tag}")
        allowed = _COMMON_ATTRIBUTES | _ATTRIBUTES.get(tag, set())
        for name, value in node.attrib.items():
            if name in allowed:
                element.set(name, value)
        if tag == "img" and element.get("alt") is None:
            element.set("alt", "")
        target = element
    else:
        target = parent  # unwrap: keep the text and children of elements QTI does not have
    if tag:  # comments and processing instructions are dropped, their tail kept
        _append_text(target, node.text or "")
        for child in node:
            _convert(child, target, namespace)
    _append_text(parent, node.tail or "")
