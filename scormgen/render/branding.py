"""The course's branding (content/course.yml, `branding:`) on the learner's pages: its colours and
font as the runtime's custom properties in each page's head, with the lighter colours a dark page
needs; its logo as a shared file of the package."""

from __future__ import annotations

from markupsafe import Markup

from course_model.colours import CONTROL_CONTRAST, TEXT_CONTRAST, for_dark_page
from course_model.plan import Branding


def head_style(branding: Branding) -> Markup:
    """The CSS that sets the runtime's --primary, --accent and --font; empty without branding.

    The values were checked when the plan was read (hex colours, plain font names), so they are
    safe inside a <style> element."""
    light, dark = [], []
    for name, colour, needed in (
        ("primary", branding.primary, TEXT_CONTRAST),
        ("accent", branding.accent, CONTROL_CONTRAST),
    ):
        if colour is not None:
            light.append(f"--{name}: {colour}")
            dark.append(f"--{name}: {for_dark_page(colour, needed)}")
    if branding.font is not None:
        light.append(f"--font: {branding.font}")
    if not light:
        return Markup("")
    css = ":root { " + "; ".join(light) + "; }"
    if dark:
        css += (
            " @media screen and (prefers-color-scheme: dark) { :root { " + "; ".join(dark) + "; } }"
        )
    return Markup(css)


def logo_path(branding: Branding, shared: str) -> str | None:
    """Where the logo goes in the package: `<shared>/logo` with its file's extension."""
    return f"{shared}/logo{branding.logo.suffix.lower()}" if branding.logo else None
