"""Colours of the learner's pages: hex colours, WCAG 2.1 contrast, and the lighter variant of a
colour that a dark page needs.

The backgrounds are those of the runtime's course.css: white in light mode, DARK_PAGE in dark
mode, and boxes tinted with BOX_TINT of their colour.
"""

from __future__ import annotations

import re

WHITE = "#ffffff"
DARK_PAGE = "#16181b"  # course.css: --paper in dark mode
BOX_TINT = 0.07  # course.css: a box's background is color-mix(in srgb, var(--c) 7%, var(--paper))
TEXT_CONTRAST = 4.5  # WCAG 2.1 AA, normal text
CONTROL_CONTRAST = 3.0  # WCAG 2.1 AA, focus rings and other parts of controls
HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def six_digits(colour: str) -> str:
    """A hex colour as #rrggbb in lower case (#0B5 is #00bb55)."""
    digits = colour[1:].lower()
    return "#" + ("".join(d * 2 for d in digits) if len(digits) == 3 else digits)


def rgb(colour: str) -> tuple[int, int, int]:
    """The red, green and blue of a hex colour (#rgb or #rrggbb)."""
    digits = six_digits(colour)
    return int(digits[1:3], 16), int(digits[3:5], 16), int(digits[5:7], 16)


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance."""
    channels = [c / 255 for c in rgb(colour)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """`share` of `colour` with the rest of `other`, as CSS color-mix(in srgb) gives it."""
    return "#" + "".join(
        f"{round(a * share + b * (1 - share)):02x}"
        for a, b in zip(rgb(colour), rgb(other), strict=True)
    )


def worst_contrast(colour: str, page: str) -> float:
    """The contrast of `colour` on `page` and on a box of its own tint there, whichever is lower."""
    return min(contrast(colour, page), contrast(colour, mix(colour, page, BOX_TINT)))


def for_dark_page(colour: str, needed: float) -> str:
    """`colour` lightened with white, as little as it takes to reach `needed` on a dark page."""
    lighter = (mix(WHITE, colour, step / 20) for step in range(21))  # the last is white
    return next(c for c in lighter if worst_contrast(c, DARK_PAGE) >= needed)
