"""The admission record as Moodle's profile fields: written for people, read back strictly."""

from __future__ import annotations

import datetime as dt

import pytest

from moodle_sync.files.snapshot import Admission, AdmissionRecord
from moodle_sync.moodle.admission import FIELDS, read_record, record_fields

ADMITTED = Admission(dt.date(1990, 5, 1), 4, dt.date(2027, 1, 11))


def as_read(fields: list[dict[str, str]]) -> list[dict[str, str]]:
    """customfields as core_user_get_users_by_field hands them back."""
    return [{"type": "text", "shortname": f["type"], "value": f["value"]} for f in fields]


def test_a_record_reads_back_as_written() -> None:
    fields = record_fields(ADMITTED, "ED-1", "ammesso il 05/01/2027", "iscritti.csv:2")
    assert [f["type"] for f in fields] == list(FIELDS)
    assert [f["value"] for f in fields][:3] == ["01/05/1990", "EQF 4", "11/01/2027"]
    assert read_record(as_read(fields)) == AdmissionRecord(
        ADMITTED, "ED-1", "ammesso il 05/01/2027", "iscritti.csv:2"
    )


def test_a_user_without_the_fields_has_no_record() -> None:
    assert read_record([]) is None
    assert read_record([{"shortname": "birthdate", "value": "1990-05-01"}]) is None
    assert read_record(as_read([{"type": "scormsync_verdict", "value": ""}])) is None


@pytest.mark.parametrize(
    "field, value, problem",
    [
        ("scormsync_birthdate", "1 maggio 1990", "no valid birth date: '1 maggio 1990'"),
        ("scormsync_eqf", "EQF 9", "no valid education level: 'EQF 9'"),
        ("scormsync_joined", "", "no valid joining date: empty"),
    ],
)
def test_a_field_a_manager_broke_is_a_problem_not_a_guess(
    field: str, value: str, problem: str
) -> None:
    fields = [
        {**f, "value": value} if f["type"] == field else f
        for f in record_fields(ADMITTED, "ED-1", "ammesso", "x.csv:2")
    ]
    record = read_record(as_read(fields))
    assert record is not None and record.admission is None
    assert [str(p) for p in record.problems] == [f"the admission record in Moodle has {problem}"]


def test_dates_a_manager_writes_the_iso_way_are_read_too() -> None:
    fields = [
        {**f, "value": "1990-05-01"} if f["type"] == "scormsync_birthdate" else f
        for f in record_fields(ADMITTED, "ED-1", "ammesso", "x.csv:2")
    ]
    assert read_record(as_read(fields)).admission == ADMITTED
