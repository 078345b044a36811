"""Dates in the course's stories fall on the weekdays they name ("venerdì 19/03", "lunedì 24
maggio 2027"). The course is in Italian, so are the names searched for; a date without a year
takes the year the stories are set in (the company profile's `story_year`)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from course_model.errors import ContentError
from course_model.formats import local
from course_model.i18n import t
from scormgen.authoring.anchors import Lines, anchored

_WEEKDAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")
_MONTHS = (
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"
).split()
# The accent is often typed as an apostrophe or left out: "lunedi", "lunedi'".
_WEEKDAY = "|".join(name.replace("ì", "(?:ì|i'?)") for name in _WEEKDAYS)
_DATE = re.compile(
    rf"\b(?P<weekday>{_WEEKDAY}),?\s+(?:"
    r"(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?(?![/\d])"
    rf"|(?P<day_n>\d{{1,2}})°?\s+(?P<month_n>{'|'.join(_MONTHS)})(?:\s+(?P<year_n>\d{{4}}))?"
    r")\b",
    re.IGNORECASE,
)
_ANCHORED = anchored(_DATE)


def wrong_weekdays(path: Path, text: Lines, story_year: int | None) -> list[ContentError]:
    """Every weekday-and-date in `text` whose date falls on another day, or is no date at all;
    dates without a year are checked only when the stories' year is known. Lines are searched
    one by one."""
    errors = []
    for line, match in text.finditer(_ANCHORED):
        day = int(match["day"] or match["day_n"])
        month = int(match["month"]) if match["month"] else _month(match["month_n"])
        year_text = match["year"] or match["year_n"]
        year = story_year if year_text is None else int(year_text)
        if year is None:
            continue
        if len(year_text or "") == 2:
            year += 2000
        written = match.group(0)
        try:
            date = dt.date(year, month, day)
        except ValueError:
            errors.append(ContentError(t("'{text}' is not a date", text=written), path, line))
            continue
        named = _WEEKDAYS.index(_folded_weekday(match["weekday"]))
        if date.weekday() != named:
            errors.append(
                ContentError(
                    t(
                        "'{text}': {date} falls on a {weekday}",
                        text=written,
                        date=local().date(date),
                        weekday=weekday_name(date.weekday()),
                    ),
                    path,
                    line,
                )
            )
    return errors


def weekday_name(number: int) -> str:
    """The name of a weekday (0 is Monday) in the language of the messages."""
    return (
        t("Monday"),
        t("Tuesday"),
        t("Wednesday"),
        t("Thursday"),
        t("Friday"),
        t("Saturday"),
        t("Sunday"),
    )[number]


def _month(name: str) -> int:
    return _MONTHS.index(name.casefold()) + 1


def _folded_weekday(name: str) -> str:
    """The weekday as `_WEEKDAYS` spells it, however the accent was typed."""
    folded = name.casefold().rstrip("'")
    return folded[:-1] + "ì" if folded.endswith("i") else folded
