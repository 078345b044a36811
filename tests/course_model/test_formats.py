from __future__ import annotations

import datetime as dt

from course_model import formats as it


def test_figures_as_written_in_italian() -> None:
    assert it.hours(212.5) == "212,5 h"
    assert it.hours(300) == "300 h"
    assert it.percent(70.833) == "70,8 %"
    assert it.number(0.04) == "0"
    assert it.number(-0.01) == "0"
    assert it.date(dt.date(2027, 1, 11)) == "11/01/2027"
    assert it.duration(3725.6) == "1:02:06"


def test_moments_in_italian_time() -> None:
    assert it.moment(dt.datetime(2027, 7, 1, 10, 0, tzinfo=dt.timezone.utc)) == "01/07/2027 12:00"
