"""The printed reports' common ground: their Jinja templates (in templates/), with the Italian
figures, dates and durations as filters, and the PDF made from their HTML through WeasyPrint
(page size, margins, running headers and footers, page numbers: each template's `@page`
print styles)."""

from __future__ import annotations

import jinja2

from course_model.formats import ITALIAN as it


def template(name: str) -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("moodle_sync.reports", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        hours=it.hours,
        number=it.number,
        percent=it.percent,
        date=it.date,
        moment=it.moment,
        duration=it.duration,
        clock=lambda moment: f"{moment:%H:%M:%S}",
    )
    return env.get_template(name)


def html_to_pdf(html: str) -> bytes:
    """The printed form of a self-contained HTML report (no external request is made)."""
    import weasyprint  # slow to import: only when a PDF is asked for

    def no_fetch(url: str) -> dict[str, object]:
        raise ValueError(f"no external resource in a report: {url}")

    return weasyprint.HTML(string=html, url_fetcher=no_fetch).write_pdf()
