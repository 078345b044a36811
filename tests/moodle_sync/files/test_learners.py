"""Admission data from the enrolment CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from course_model.admission import Admission
from course_model.errors import InputError
from course_model.plan import CoursePlan
from course_model.standard import Standard
from moodle_sync.files.learners import load_admissions, read_learners

HEADER = "username,firstname,lastname,email,birthdate,education,joined\n"


def test_admission_data_by_username_even_when_admission_fails(
    tmp_path: Path, course: tuple[Standard, CoursePlan]
) -> None:
    path = tmp_path / "iscritti.csv"
    path.write_text(
        HEADER + "anna,Anna,B,anna@example.org,1990-05-04,Diploma,2027-01-11\n"
        "ugo,Ugo,C,ugo@example.org,2012-01-01,licenza media,2027-06-01\n",
        encoding="utf-8",
    )
    assert load_admissions(path) == {
        "anna": Admission(dt.date(1990, 5, 4), 4, dt.date(2027, 1, 11)),
        "ugo": Admission(dt.date(2012, 1, 1), 1, dt.date(2027, 6, 1)),
    }  # eligibility will say why not


def test_unreadable_rows_stop_the_import(
    tmp_path: Path, course: tuple[Standard, CoursePlan]
) -> None:
    path = tmp_path / "iscritti.csv"
    path.write_text(
        HEADER + "anna,Anna,B,anna@example.org,1990-05-04,Diploma,2027-01-11\n"
        "bea,Bea,D,bea@example.org,1990-05-32,Diploma,2027-01-11\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"1 of 2 rows cannot be read") as caught:
        load_admissions(path)
    assert "iscritti.csv:3" in caught.value.details and "birthdate" in caught.value.details


def write(tmp_path: Path, text: str, header: str = HEADER) -> Path:
    path = tmp_path / "learners.csv"
    path.write_text(header + text, encoding="utf-8")
    return path


def test_wrong_columns_are_refused(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match="learners.csv:1: the header must name the columns username,firstname"
    ):
        read_learners(write(tmp_path, "", header="user,first,last\n"))


def test_empty_cells_are_named(tmp_path: Path) -> None:
    rows = read_learners(write(tmp_path, "x,,Rossi,x@example.org,1990-01-01,4,\n"))
    assert rows[0].problems == ["firstname is empty", "joined is empty"]


def test_read_as_every_csv_file_is(tmp_path: Path) -> None:
    path = tmp_path / "iscritti.csv"
    path.write_bytes(
        "\ufeffJoined;Education;Birthdate;Username;Firstname;Lastname;Email\r\n"
        "11/01/2027;Diploma;04/05/1990;anna;Anna;B;anna@example.org\r\n".encode("utf-8")
    )
    assert load_admissions(path) == {
        "anna": Admission(dt.date(1990, 5, 4), 4, dt.date(2027, 1, 11))
    }
