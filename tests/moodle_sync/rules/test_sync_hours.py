"""Synchronous hours from the virtual classroom's log and the register, each moment once."""

from __future__ import annotations

import datetime as dt

import pytest

from course_model.plan import TIMEZONE
from moodle_sync.files.register import Attendance
from moodle_sync.files.sessions import Session
from moodle_sync.rules.sync_hours import SyncHours, meetings_by_learner, sync_hours
from tests.moodle_sync import registro_data

DAY = dt.date(2027, 2, 1)  # Italy is at UTC+1: 18:00 there is 17:00 UTC


def meeting(start: str, end: str, ended: str = "finish", userid: int = 3) -> Session:
    """A session in a BigBlueButton activity, times in Italian time on DAY."""
    first, last = (
        dt.datetime.combine(DAY, dt.time.fromisoformat(t), TIMEZONE) for t in (start, end)
    )
    return registro_data.meeting(userid, first, last, ended)


def row(start: str, end: str, modality: str = "sync", day: dt.date = DAY) -> Attendance:
    return Attendance(
        "anna", day, dt.time.fromisoformat(start), dt.time.fromisoformat(end), modality
    )


def test_a_meeting_in_the_register_and_in_the_log_counts_once_as_the_log_has_it() -> None:
    got = sync_hours([meeting("18:05", "19:50")], [row("18:00", "20:00")])
    assert got.meetings == pytest.approx(1.75) and got.register == pytest.approx(0.25)
    assert got.total == pytest.approx(2) and got.sessions == 1


def test_register_rows_elsewhere_count_in_full() -> None:
    got = sync_hours(
        [meeting("18:00", "20:00")],
        [row("09:00", "11:00"), row("18:00", "20:00", day=DAY + dt.timedelta(days=1))],
    )
    assert (got.meetings, got.register) == (2, 4)


def test_a_meeting_over_several_rows_and_overlapping_meetings_count_each_moment_once() -> None:
    got = sync_hours(
        [meeting("10:00", "12:00"), meeting("11:00", "13:00"), meeting("11:30", "11:45")],
        [row("09:00", "10:30"), row("12:30", "14:00")],
    )
    assert got.meetings == 3 and got.register == pytest.approx(1 + 1) and got.sessions == 3


def test_a_meeting_without_leaving_counts_nothing_and_leaves_the_register_whole() -> None:
    for ended in ("timeout", "next", "logout"):
        got = sync_hours([meeting("18:00", "23:00", ended)], [row("18:00", "20:00")])
        assert got == SyncHours(0.0, 2.0, 0)


def test_rows_of_other_modalities_are_not_synchronous() -> None:
    got = sync_hours([meeting("09:00", "10:00")], [row("09:00", "13:00", "aula")])
    assert got == SyncHours(1.0, 0.0, 1)


def test_within_the_cap_the_log_comes_first() -> None:
    assert SyncHours(5, 4, 2).capped(6) == SyncHours(5, 1, 2)
    assert SyncHours(7, 4, 2).capped(6) == SyncHours(6, 0, 2)
    assert SyncHours(2, 1, 1).capped(6) == SyncHours(2, 1, 1)


def test_only_virtual_classroom_sessions_are_meetings() -> None:
    scorm = Session(
        3, "session", 10, "scorm", "UF1", 11, *(2 * [dt.datetime.now(dt.UTC)]), 2, "finish"
    )
    login = Session(4, "login", 0, "", "", 0, *(2 * [dt.datetime.now(dt.UTC)]), 1, "")
    bbb = meeting("18:00", "19:00", userid=5)
    assert meetings_by_learner([scorm, login, bbb]) == {5: [bbb]}
