from __future__ import annotations

import datetime as dt

from course_model.formats import ENGLISH
from course_model.formats import ITALIAN as it


def test_figures_as_written_in_italian() -> None:
    assert it.hours(212.5) == "212,5 h"
    assert it.hours(300) == "300 h"
    assert it.percent(70.833) == "70,8 %"
    assert it.number(0.04) == "0"
    assert it.number(-0.01) == "0"
    assert it.date(dt.date(2027, 1, 11)) == "11/01/2027"
    assert it.duration(3725.6) == "1:02:06"


def test_moments_in_italian_time() -> None:
    assert it.moment(dt.datetime(2027, 7, 1, 10, 0, tzinfo=dt.UTC)) == "01/07/2027 12:00"


def test_figures_as_written_in_english() -> None:
    assert (ENGLISH.number(36.0), ENGLISH.number(7.5), ENGLISH.hours(212.5)) == (
        "36",
        "7.5",
        "212.5 h",
    )
    assert ENGLISH.date(dt.date(2027, 1, 11)) == "2027-01-11"


def test_thousands_marked_from_five_digits_when_asked() -> None:
    assert it.number(23000, grouped=True) == "23.000"
    assert it.number(-1234567.5, grouped=True) == "-1.234.567,5"
    assert it.number(1822, grouped=True) == "1822"  # a year stays a year
    assert it.number(23000) == "23000"
    assert ENGLISH.number(23000.25, decimals=2, grouped=True) == "23,000.25"


def test_more_decimals_when_asked() -> None:
    assert it.number(29.41, decimals=6) == "29,41"
    assert it.number(1 / 3, decimals=6) == "0,333333"
