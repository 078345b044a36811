"""The local files a lesson or a quiz shows or links to: which may enter a package, and from where.

A package promises to be self-contained and passive: every file comes from the course (a path
inside the unit's or the quiz's folder, also once symbolic links are followed), no page of the
package is the author's (the runtime's pages talk to the LMS), and an SVG image holds no
script, event handler or reference to another file, which would run or load when a learner
opens the image on its own. Each rule raises a ContentError without a place: the caller knows
the file and line of the reference.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from lxml import etree

from course_model.errors import ContentError
from course_model.i18n import t
from course_model.identifiers import MAX_MEDIA_BYTES, is_package_path
from course_model.textfile import real_path

# Pages and scripts: opened from a package they would run beside the runtime, in the LMS's frame.
ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs", ".svgz"})
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")  # browsers drop these from an address before reading it
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.I)
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def is_remote(target: str) -> bool:
    """Whether a browser would fetch `target` from elsewhere: a scheme, or a network path
    (browsers read a backslash as a slash)."""
    address = _IGNORED_IN_URLS.sub("", target).strip().replace("\\", "/")
    return bool(_SCHEME.match(address)) or address.startswith("//")


def package_path(target: str, folder: str) -> str:
    """The path in the package of a local file written as `target` (its #fragment or ?query
    aside); `folder` names where it must be, for the message."""
    if is_remote(target):
        raise ContentError(
            t("'{target}' is not a local file: packages must be self-contained", target=target)
        )
    path = target.split("#")[0].split("?")[0]
    if not is_package_path(path):
        raise ContentError(
            t(
                "'{target}' must be a relative path inside {folder}, of letters, digits, '_', '-' "
                "and '.' (no spaces, no '..')",
                target=target,
                folder=folder,
            )
        )
    return path


def source_file(root: Path, path: str, target: str, folder: str) -> Path:
    """The file at package path `path` below `root`, checked to be one a package may hold
    (FileNotFoundError when there is none). `target` and `folder` are for the messages."""
    source = root.joinpath(*PurePosixPath(path).parts)
    if not real_path(source, written=target).is_relative_to(root.resolve()):
        raise ContentError(
            t(
                "'{target}' leads outside {folder} (a symbolic link): packages take their files "
                "from the course only",
                target=target,
                folder=folder,
            )
        )
    if source.suffix.lower() in ACTIVE_SUFFIXES:
        raise ContentError(
            t(
                "'{target}' is a web page or a script: a package runs its own pages only, so "
                "link to a document or an image instead",
                target=target,
            )
        )
    if not source.is_file():
        raise FileNotFoundError(path)
    size = source.stat().st_size
    if size > MAX_MEDIA_BYTES:
        raise ContentError(
            t(
                "'{target}' holds {size} MB, more than the {limit} MB a file of a package may hold",
                target=target,
                size=round(size / 2**20, 1),
                limit=MAX_MEDIA_BYTES // 2**20,
            )
        )
    if source.suffix.lower() == ".svg":
        problem = svg_problem(source.read_bytes())
        if problem:
            raise ContentError(
                t(
                    "'{target}' is an SVG image with {problem}: images in a package must be "
                    "passive (no scripts, event handlers or references to other files)",
                    target=target,
                    problem=problem,
                )
            )
    return source


def svg_problem(data: bytes) -> str | None:
    """What makes an SVG image active or not self-contained, or None when it is neither."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return t("an XML error on line {line}", line=exc.lineno)
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None:
        return t("a DTD (entities)")
    nodes = (*root.itersiblings(preceding=True), *root.iter(), *root.itersiblings())
    for node in nodes:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet":
            return t("a style sheet that loads another file")
        if not isinstance(node.tag, str):
            continue  # comments and other processing instructions
        name = etree.QName(node).localname.lower()
        if name == "script":
            return t("a script")
        if name == "foreignobject":
            return t("embedded HTML (foreignObject)")
        if name == "style" and _EXTERNAL_URL.search(node.text or ""):
            return t("a style sheet that loads another file")
        for attribute, value in node.attrib.items():
            problem = _attribute_problem(name, etree.QName(attribute).localname.lower(), value)
            if problem:
                return problem
    return None


def _attribute_problem(element: str, name: str, value: str) -> str | None:
    if name.startswith("on"):
        return t("an event handler ({name})", name=name)
    if name == "href":
        address = value.strip()
        link = element == "a" and re.match(r"(https?|mailto):", address, re.I)
        if not (address.startswith("#") or link):
            return t("a reference to another file ({address})", address=address)
    if _EXTERNAL_URL.search(value):
        return t("a reference to another file ({address})", address=value.strip())
    return None
