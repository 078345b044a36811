"""The attendance register: every row checked, nothing imported from a file with errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from course_model.errors import InputError
from moodle_sync.files.register import Attendance, load_register, parse_date


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "registro.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_and_their_hours(tmp_path: Path) -> None:
    rows = load_register(
        write(
            tmp_path,
            "username,date,start,end,modality\n"
            "anna,2027-01-11,09:00,13:30,aula\n"
            "\n"
            "anna,2027-01-11,14:00,16:00,lab\n"
            "bruno,2027-01-12,18:00,19:15,sync\n",
        )
    )
    assert rows[0] == Attendance(
        "anna", dt.date(2027, 1, 11), dt.time(9), dt.time(13, 30), "aula", 2
    )
    assert [(r.username, r.hours, r.line) for r in rows] == [
        ("anna", 4.5, 2),
        ("anna", 2, 4),
        ("bruno", 1.25, 5),
    ]


def test_a_spreadsheet_export_with_bom_semicolons_and_columns_in_another_order(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(
        "\ufeffModality;Username;Date;Start;End;Note\nstage;anna;2027-03-01;08:00;12:00;ok\n".encode(
            "utf-8"
        )
    )
    assert [(r.username, r.modality, r.hours) for r in load_register(path)] == [
        ("anna", "stage", 4)
    ]


def test_every_bad_row_is_listed_with_its_line_and_nothing_is_imported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "username,date,start,end,modality\n"
        "anna,2027-01-11,09:00,13:00,aula\n"
        ",2027-1-11,9:60,13:00,presenza\n"
        "bruno,2027-02-30,14:00,13:00,async\n"
        "anna,2027-01-11,12:00,14:00,lab\n",
    )
    with pytest.raises(InputError) as caught:
        load_register(path)
    error = caught.value
    assert str(error).startswith(f"{path}:3: ") and "nothing was imported" in str(error)
    lines = error.details.splitlines()
    assert all(line.startswith(f"{path}:") for line in lines)
    assert (
        sum(line.startswith(f"{path}:3:") for line in lines) == 4
    )  # username, date, start, modality
    assert any("2027-02-30" in line for line in lines if line.startswith(f"{path}:4:"))
    assert any("not after start" in line for line in lines)
    assert any("async" in line and "aula, sync, lab, stage" in line for line in lines)
    assert any(
        line.startswith(f"{path}:5:") and "line 2" in line for line in lines
    )  # overlaps 09:00-13:00


def test_back_to_back_sessions_do_not_overlap(tmp_path: Path) -> None:
    rows = load_register(
        write(
            tmp_path,
            "username,date,start,end,modality\n"
            "anna,2027-01-11,09:00,11:00,aula\nanna,2027-01-11,11:00,13:00,aula\n"
            "anna,2027-01-12,08:00,14:00,stage\nbruno,2027-01-11,09:00,11:00,aula\n",
        )
    )
    assert len(rows) == 4


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing: modality"):
        load_register(write(tmp_path, "username,date,start,end\nanna,2027-01-11,09:00,13:00\n"))


def test_dates_are_strict() -> None:
    assert parse_date("2027-01-11") == dt.date(2027, 1, 11)
    assert (
        parse_date("2027-1-11") is None
        and parse_date("2027-13-01") is None
        and parse_date("") is None
    )
