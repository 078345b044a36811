"""Register rows from mod_attendance, where the site has it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from course_model.plan import TIMEZONE
from moodle_sync.files.register import Attendance
from moodle_sync.files.snapshot import load_snapshot, save_snapshot
from moodle_sync.moodle.attendance import moodle_register
from tests.moodle_sync.edition import Edition, edition  # noqa: F401 (edition is a fixture)


def at(day: int, hour: int, minute: int = 0) -> int:
    return int(dt.datetime(2027, 2, day, hour, minute, tzinfo=TIMEZONE).timestamp())


def sessions(edition: Edition) -> int:
    """Two classroom sessions, one synchronous, and an activity with no modality; the course id."""
    moodle, users = edition.moodle, edition.users
    courseid = next(c["id"] for c in moodle.state.courses.values() if c["idnumber"] == "ED-1")
    aula = moodle.add_attendance(courseid, "aula")
    moodle.add_attendance_session(
        aula,
        at(1, 9),
        4 * 3600,
        {users["anna"]: "P", users["bruno"]: "L", users["carla"]: "A", users["dario"]: "E"},
    )
    moodle.add_attendance_session(
        aula, at(2, 9, 30), 3 * 3600, {users["anna"]: "P", users["bruno"]: "P"}
    )
    sync = moodle.add_attendance(courseid, "sync", "Sessioni in diretta")
    moodle.add_attendance_session(
        sync, at(3, 22), 4 * 3600, {users["anna"]: "P"}
    )  # runs past midnight
    other = moodle.add_attendance(courseid, "", "Presenze varie")
    moodle.add_attendance_session(other, at(4, 9), 3600, {users["anna"]: "P"})
    moodle.attendance_installed = True
    return courseid


def test_present_learners_become_register_rows(edition: Edition) -> None:
    courseid = sessions(edition)
    usernames = {userid: name for name, userid in edition.users.items() if name != "admin"}
    rows, warnings = moodle_register(edition.client, courseid, usernames)
    assert [
        (r.username, r.date.day, f"{r.start:%H:%M}", f"{r.end:%H:%M}", r.modality, r.hours)
        for r in rows
    ] == [
        ("anna", 1, "09:00", "13:00", "aula", 4),
        ("anna", 2, "09:30", "12:30", "aula", 3),
        ("anna", 3, "22:00", "23:59", "sync", 119 / 60),
        ("bruno", 2, "09:30", "12:30", "aula", 3),
    ]
    assert warnings == [
        "attendance activity 'Presenze varie' skipped: set its ID number to the modality it "
        "records (aula, sync, lab, stage), not ''"
    ]


def test_pull_records_them_and_eligibility_uses_them(edition: Edition, tmp_path: Path) -> None:
    sessions(edition)
    result = edition.pull()
    assert len(result.snapshot.register) == 4 and any(
        "Presenze varie" in w for w in result.warnings
    )
    path = tmp_path / "snapshot.json"
    save_snapshot(result.snapshot, path)
    assert load_snapshot(path).register == result.snapshot.register
    assert load_snapshot(path).register[0] == Attendance(
        "anna", dt.date(2027, 2, 1), dt.time(9), dt.time(13), "aula"
    )


def test_without_mod_attendance_nothing_is_asked(edition: Edition) -> None:
    before = edition.moodle.calls.copy()
    assert edition.pull().snapshot.register == ()
    assert (edition.moodle.calls - before)["core_course_get_contents"] == 0
