"""What a lesson's Markdown may hold besides Markdown's own: boxes (`!!! type`), links to other
lessons, and links that stay links.

Both the structure stage (which checks lessons) and the renderer (which writes them) need these
rules; they live apart from the course's reader so that rendering a quiz text imports neither.
"""

from __future__ import annotations

from scormgen.structure.media import is_remote

# The boxes a lesson may hold (`!!! type`): the stylesheet's, and `solution`, a disclosure widget.
ADMONITION_TYPES = ("note", "tip", "warning", "example", "solution")


def is_external_link(target: str) -> bool:
    """Links that stay links (other sites, mail, anchors in the page) rather than packaged files."""
    return target.startswith(("#", "http://", "https://", "mailto:"))


def is_lesson_link(target: str) -> bool:
    """A link to a lesson's Markdown file, which becomes a link to its page."""
    return not is_remote(target) and target.split("#")[0].lower().endswith(".md")
