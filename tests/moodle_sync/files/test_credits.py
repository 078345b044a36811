"""Recognised credits: hours counted as attended, each with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_model.errors import InputError
from moodle_sync.files.credits import Credit, load_credits


def test_credits_with_decimal_point_or_comma(tmp_path: Path) -> None:
    path = tmp_path / "crediti.csv"
    path.write_text(
        "username,hours,reason\nanna,12,Attestato corso sicurezza 2025\n"
        'bruno,"2,5",Tirocinio pregresso\n',
        encoding="utf-8",
    )
    assert load_credits(path, 300) == (
        Credit("anna", 12, "Attestato corso sicurezza 2025", 2),
        Credit("bruno", 2.5, "Tirocinio pregresso", 3),
    )


def test_bad_rows_refuse_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "crediti.csv"
    path.write_text(
        "username,hours,reason\nanna,12,ok\nbruno,-3,x\ncarla,dieci,\n,4,y\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_credits(path, 300)
    details = caught.value.details
    assert f"{path}:3: hours '-3' must be more than 0" in details
    assert f"{path}:4: hours 'dieci'" in details and f"{path}:4: reason is empty" in details
    assert f"{path}:5: username is empty" in details
    assert "anna" not in details


@pytest.mark.parametrize(
    "hours, reason",
    [
        ("1_0", "is not a plain decimal number"),
        ("1e6", "is not a plain decimal number"),
        ("1.000", "could be a thousands separator or decimals"),
        ("0", "must be more than 0"),
        ("-12", "must be more than 0"),
        ("-0,5", "must be more than 0"),
        ("-1.000", "could be a thousands separator or decimals"),
        ("--1", "is not a plain decimal number"),
        ("1-", "is not a plain decimal number"),
    ],
)
def test_numbers_that_could_be_misread_are_refused(tmp_path: Path, hours: str, reason: str) -> None:
    path = tmp_path / "crediti.csv"
    path.write_text(f"username;hours;reason\nanna;{hours};Attestato\n", encoding="utf-8")
    with pytest.raises(InputError, match=reason):
        load_credits(path, 300)


def test_an_unquoted_decimal_comma_is_not_split_into_two_cells(tmp_path: Path) -> None:
    path = tmp_path / "crediti.csv"
    path.write_text("username,hours,reason\nanna,2,5,Attestato\n", encoding="utf-8")
    with pytest.raises(InputError, match="the row has 4 cells but the header has 3"):
        load_credits(path, 300)


def test_credits_beyond_the_course_hours_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "crediti.csv"
    path.write_text("username,hours,reason\nanna,200,Corso A\nanna,150,Corso B\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"crediti.csv:3: anna is credited 350 h in all, more than the 300 h"
    ):
        load_credits(path, 300)
