"""The register's sessions read from the plugin, as the fake answers by the plugin's SQL rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from course_model import shapes
from course_model.shapes import ANY
from moodle_sync.moodle import courses, sessions
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import MalformedAnswer
from tests.moodle_sync.fake_moodle import (
    LOGGED_IN,
    LOGGED_OUT,
    MEETING_JOINED,
    MEETING_LEFT,
    MEETING_VIEWED,
    SCO_LAUNCHED,
    SCORE_SUBMITTED,
    SCORM_VIEWED,
    STATUS_SUBMITTED,
    FakeMoodle,
)

T0 = 1_800_000_000  # 2027-01-15, a moment of the course
WINDOW = (
    dt.datetime.fromtimestamp(T0 - 3600, dt.UTC),
    dt.datetime.fromtimestamp(T0 + 86400, dt.UTC),
)


@pytest.fixture
def course(moodle: FakeMoodle, client: MoodleClient) -> tuple[int, int, int]:
    """A course with one learner enrolled; (course id, learner id, cmid of a SCORM activity)."""
    category = courses.create_category(client, "Cat", "cat")
    courseid = courses.create_course(
        client, {"fullname": "C", "shortname": "C", "categoryid": category}, 1
    )
    [user] = client.call(
        "core_user_create_users",
        users=[
            {
                "username": "anna",
                "firstname": "Anna",
                "lastname": "B",
                "email": "a@example.org",
                "password": "Anna#Pass1",
            }
        ],
    )
    client.call(
        "enrol_manual_enrol_users",
        enrolments=[{"roleid": 5, "userid": user["id"], "courseid": courseid}],
    )
    return courseid, int(user["id"]), 77


def play(moodle: FakeMoodle, courseid: int, userid: int, cmid: int, *events: tuple) -> None:
    for offset, name, objectid in events:
        moodle.log_event(userid, name, T0 + offset, courseid=courseid, cmid=cmid, objectid=objectid)


def test_sessions_split_at_launches_and_idle_gaps_and_say_how_they_ended(
    moodle: FakeMoodle, client: MoodleClient, course: tuple[int, int, int]
) -> None:
    courseid, userid, cmid = course
    moodle.log_event(userid, LOGGED_IN, T0 - 10)
    play(
        moodle,
        courseid,
        userid,
        cmid,
        (0, SCORM_VIEWED, 1),
        (5, SCO_LAUNCHED, 11),  # the same visit as the view
        (600, STATUS_SUBMITTED, 1),  # the SCO's final status: finish
        (620, SCO_LAUNCHED, 12),  # a new SCO: a new session
        (900, SCORE_SUBMITTED, 1),
        (4000, SCORE_SUBMITTED, 1),  # after 51 idle minutes: a new session
    )
    play(moodle, courseid, userid, cmid + 1, (1000, SCORM_VIEWED, 2))  # another activity
    moodle.log_event(userid, LOGGED_OUT, T0 + 4100)
    got = sessions.entries(client, courseid, *WINDOW)
    assert [(s.kind, s.cmid, s.scoid, s.seconds, s.events, s.ended) for s in got] == [
        ("login", 0, 0, 0, 1, ""),
        ("session", cmid, 11, 600, 3, "finish"),
        ("session", cmid, 12, 280, 2, "next"),
        ("session", cmid + 1, 0, 0, 1, "timeout"),
        ("session", cmid, 0, 0, 1, "logout"),
        ("logout", 0, 0, 0, 1, ""),
    ]
    assert got[1].start == dt.datetime.fromtimestamp(T0, dt.UTC)
    # A longer idle gap keeps the score of 4000 s in the SCO's session.
    longer = sessions.entries(client, courseid, *WINDOW, idle_gap=3600)
    assert [(s.scoid, s.events) for s in longer if s.cmid == cmid] == [(11, 3), (12, 3)]


def test_a_virtual_classroom_session_runs_from_joining_to_leaving_whatever_the_gap(
    moodle: FakeMoodle, client: MoodleClient, course: tuple[int, int, int]
) -> None:
    courseid, userid, cmid = course
    play(
        moodle,
        courseid,
        userid,
        cmid,
        (0, MEETING_VIEWED, 5),
        (10, MEETING_JOINED, 5),  # the same visit as the view
        (2 * 3600, MEETING_LEFT, 5),  # two hours in the meeting, with no event between
        (3 * 3600, MEETING_JOINED, 5),  # a later meeting: a session of its own
    )
    got = [(s.seconds, s.events, s.ended) for s in sessions.entries(client, courseid, *WINDOW)]
    assert got == [(2 * 3600, 3, "finish"), (0, 1, "timeout")]


def test_events_of_others_and_outside_the_window_are_left_out(
    moodle: FakeMoodle, client: MoodleClient, course: tuple[int, int, int]
) -> None:
    courseid, userid, cmid = course
    play(moodle, courseid, userid, cmid, (-7200, SCO_LAUNCHED, 11), (0, SCO_LAUNCHED, 12))
    play(moodle, courseid, 2, cmid, (10, SCO_LAUNCHED, 11))  # the admin, not a learner
    play(moodle, courseid + 1, userid, cmid + 1, (20, SCO_LAUNCHED, 11))  # another course
    got = sessions.entries(client, courseid, *WINDOW)
    assert [(s.userid, s.scoid) for s in got] == [(userid, 12)]


def test_the_register_is_read_one_call_per_page_until_none_follows(
    moodle: FakeMoodle, client: MoodleClient, course: tuple[int, int, int]
) -> None:
    courseid, userid, cmid = course
    play(moodle, courseid, userid, cmid, *[(n * 100, SCO_LAUNCHED, n) for n in range(1, 11)])
    before = moodle.calls[sessions.SESSIONS]
    pages = list(sessions.pages(client, courseid, *WINDOW, per_page=4))
    assert [len(p) for p in pages] == [4, 4, 2]
    assert moodle.calls[sessions.SESSIONS] - before == 3
    assert [s.scoid for p in pages for s in p] == list(range(1, 11))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"kind": "lunch"}, "entries[0].kind"),
        ({"ended": "done"}, "entries[0].ended"),
        ({"timeend": T0 - 1}, "entries[0].timeend"),
        ({"timestart": 99, "timeend": 99}, "entries[0].timestart"),
        ({"events": "many"}, "entries[0].events"),
    ],
)
def test_a_malformed_entry_stops_the_read(
    moodle: FakeMoodle,
    client: MoodleClient,
    course: tuple[int, int, int],
    monkeypatch: pytest.MonkeyPatch,
    change: dict[str, Any],
    where: str,
) -> None:
    courseid, userid, cmid = course
    play(moodle, courseid, userid, cmid, (0, SCO_LAUNCHED, 11))
    real = client.call

    def tampered(function: str, /, expect: Any = ANY, **params: Any) -> Any:
        answer = real(function, **params)
        answer["entries"][0].update(change)
        return _check(function, answer, expect)

    monkeypatch.setattr(client, "call", tampered)
    with pytest.raises(MalformedAnswer) as refused:
        sessions.entries(client, courseid, *WINDOW)
    assert where in str(refused.value)


def _check(function: str, answer: Any, expect: Any) -> Any:
    """What the client does with an answer it received."""
    try:
        return shapes.check(answer, expect)
    except shapes.ShapeMismatch as mismatch:
        raise MalformedAnswer(function, mismatch.where, mismatch.expected, mismatch.found) from None
