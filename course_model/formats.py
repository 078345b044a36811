"""Figures and dates as the Italian administrator reads them: 212,5 h, 70,8 %, 11/01/2027."""

from __future__ import annotations

import datetime as dt
from course_model.plan import TIMEZONE


def number(value: float, decimals: int = 1) -> str:
    """Decimal comma, no trailing zeros: 212,5 · 300 · 70,8."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace(".", ",")


def hours(value: float) -> str:
    return f"{number(value)} h"


def percent(value: float) -> str:
    return f"{number(value)} %"


def date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def moment(when: dt.datetime) -> str:
    return f"{when.astimezone(TIMEZONE):%d/%m/%Y %H:%M}"


def duration(seconds: float) -> str:
    """A tracked time as h:mm:ss."""
    whole = int(round(seconds))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
