"""How each language writes figures and dates: 212,5 h and 11/01/2027 in Italian, 212.5 h and
2027-01-11 in English. One formatter per locale, for both tools."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from course_model import i18n
from course_model.plan import TIMEZONE

GROUPED_FROM = 10_000  # four-digit numbers (years among them) are written without a separator


@dataclass(frozen=True, slots=True)
class Formats:
    decimal_mark: str
    date_pattern: str
    thousands_mark: str

    def number(self, value: float, decimals: int = 1, grouped: bool = False) -> str:
        """At most `decimals` decimals, no trailing zeros: 212,5 · 300 · 70,8; `grouped`: thousands
        marked from five digits on (23.000, but 1822)."""
        text = f"{value:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text == "-0":
            return "0"
        whole, point, fraction = text.partition(".")
        if grouped and abs(value) >= GROUPED_FROM:
            whole = f"{int(whole):,}".replace(",", self.thousands_mark)
        return whole + (self.decimal_mark if point else "") + fraction

    def hours(self, value: float) -> str:
        return f"{self.number(value)} h"

    def percent(self, value: float) -> str:
        return f"{self.number(value)} %"

    def date(self, day: dt.date) -> str:
        return f"{day:{self.date_pattern}}"

    def moment(self, when: dt.datetime) -> str:
        """A moment in the course's time zone."""
        return f"{when.astimezone(TIMEZONE):{self.date_pattern} %H:%M}"

    @staticmethod
    def duration(seconds: float) -> str:
        """A tracked time as h:mm:ss."""
        whole = int(round(seconds))
        return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


ITALIAN = Formats(",", "%d/%m/%Y", ".")
ENGLISH = Formats(".", "%Y-%m-%d", ",")


def local() -> Formats:
    """The formats of the language messages are written in (see i18n)."""
    return ITALIAN if i18n.language() == "it" else ENGLISH
