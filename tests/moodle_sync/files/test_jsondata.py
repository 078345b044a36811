from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from moodle_sync.files import jsondata


@dataclass(frozen=True)
class Inner:
    when: dt.date
    score: float | None = None


@dataclass(frozen=True)
class Outer:
    name: str
    count: int
    flag: bool
    items: tuple[Inner, ...] = ()
    by_key: dict[str, Inner] = field(default_factory=dict)


def test_dump_and_load_are_inverse() -> None:
    value = Outer(
        "a", 2, True, (Inner(dt.date(2027, 1, 1), 2.5),), {"k": Inner(dt.date(2027, 1, 2))}
    )
    data = jsondata.dump(value)
    assert data == {
        "name": "a",
        "count": 2,
        "flag": True,
        "items": [{"when": "2027-01-01", "score": 2.5}],
        "by_key": {"k": {"when": "2027-01-02", "score": None}},
    }
    assert jsondata.load(Outer, data) == value


def test_integers_are_numbers_but_booleans_are_not() -> None:
    assert jsondata.load(Inner, {"when": "2027-01-01", "score": 3}).score == 3.0
    with pytest.raises(jsondata.DataError, match="score: expected a number"):
        jsondata.load(Inner, {"when": "2027-01-01", "score": True})
    with pytest.raises(jsondata.DataError, match="count: expected a whole number"):
        jsondata.load(Outer, {"name": "a", "count": False, "flag": True})


def test_defaults_fill_missing_fields_and_required_ones_are_named() -> None:
    assert jsondata.load(Outer, {"name": "a", "count": 1, "flag": False}) == Outer("a", 1, False)
    with pytest.raises(jsondata.DataError, match=r"items\[0\]\.when: missing"):
        jsondata.load(Outer, {"name": "a", "count": 1, "flag": False, "items": [{}]})
