"""The printed reports' common ground: their Jinja templates (in templates/), with figures, dates
and durations as filters in the report's language, and the PDF made from their HTML through
WeasyPrint (page size, margins, running headers and footers, page numbers: each template's
`@page` print styles)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2

from course_model.errors import ConfigError
from course_model.formats import ITALIAN, Formats
from course_model.i18n import t, tn
from course_model.plan import TIMEZONE


def template(
    name: str, formats: Formats = ITALIAN, **filters: Callable[..., Any]
) -> jinja2.Template:
    """The template `name`, its figures written as `formats` says; `filters` are the report's
    own."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("moodle_sync.reports", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        hours=formats.hours,
        number=formats.number,
        percent=formats.percent,
        date=formats.date,
        day=lambda moment: formats.date(moment.astimezone(TIMEZONE).date()),
        moment=formats.moment,
        duration=formats.duration,
        clock=lambda moment: moment.time().isoformat("seconds"),  # strftime is 5 times slower
        **filters,
    )
    env.globals.update(t=t, tn=tn)
    return env.get_template(name)


def html_to_pdf(html: str) -> bytes:
    """The printed form of a self-contained HTML report (no external request is made).
    WeasyPrint is imported only here: the other formats need neither it nor the system's Pango
    library."""
    try:
        import weasyprint
    except ImportError:
        raise ConfigError(
            t("the PDF format needs WeasyPrint: pip install weasyprint (or the [pdf] extra)")
        ) from None
    except OSError as exc:  # WeasyPrint is there, but not the Pango library it draws text with
        raise ConfigError(
            t(
                "the PDF format needs the Pango library (Debian: apt-get install libpango-1.0-0 "
                "libpangoft2-1.0-0 fonts-dejavu-core): {reason}",
                reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
            )
        ) from None

    def no_fetch(url: str) -> dict[str, object]:
        raise ValueError(f"no external resource in a report: {url}")

    return weasyprint.HTML(string=html, url_fetcher=no_fetch).write_pdf()
