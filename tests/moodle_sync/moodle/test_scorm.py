from __future__ import annotations

import pytest

from moodle_sync.moodle import scorm
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.settings import Settings, Token
from tests.moodle_sync.fake_moodle import FakeMoodle, scorm_package


@pytest.fixture
def course_with_scorm(client: MoodleClient) -> tuple[int, dict]:
    category = client.call("core_course_create_categories", categories=[{"name": "C"}])[0]["id"]
    courseid = client.call(
        "core_course_create_courses",
        courses=[
            {"fullname": "C", "shortname": "C", "categoryid": category, "enablecompletion": 1}
        ],
    )[0]["id"]
    package = scorm_package("uf1", [("sco-a", "A"), ("sco-quiz", "Quiz")], mastery=60)
    saved = scorm.save_scorm(
        client,
        courseid=courseid,
        section=1,
        idnumber="uf1",
        name="UF1",
        intro="<p>i</p>",
        draftitemid=client.upload("uf1.zip", package),
        settings=scorm.ScormSettings(),
    )
    return courseid, saved


def test_save_creates_then_updates_in_place(client: MoodleClient, course_with_scorm: tuple) -> None:
    courseid, saved = course_with_scorm
    assert saved["created"] is True
    again = scorm.save_scorm(
        client,
        courseid=courseid,
        section=2,
        idnumber="uf1",
        name="UF1 bis",
        intro="",
        draftitemid=0,
        settings=scorm.ScormSettings(maxgrade=50),
    )
    assert (again["created"], again["cmid"]) == (False, saved["cmid"])
    found = scorm.scorms_in_course(client, courseid)
    assert [(s["name"], s["section"], s["maxgrade"]) for s in found] == [("UF1 bis", 2, 50.0)]
    assert scorm.course_module(client, saved["cmid"])["idnumber"] == "uf1"
    assert scorm.ScormSettings(maxgrade=50).differences(found[0]) == []
    assert scorm.ScormSettings().differences(found[0]) == [("maxgrade", 50.0, 100)]


def test_the_course_report_gives_the_stored_values_per_learner_sco_and_attempt(
    moodle: FakeMoodle, client: MoodleClient, course_with_scorm: tuple
) -> None:
    courseid, saved = course_with_scorm
    learner = client.call(
        "core_user_create_users",
        users=[
            {
                "username": "rossi",
                "firstname": "M",
                "lastname": "R",
                "email": "m@example.org",
                "password": "Rossi#Pass1",
            }
        ],
    )[0]
    client.call(
        "enrol_manual_enrol_users",
        enrolments=[{"roleid": 5, "userid": learner["id"], "courseid": courseid}],
    )
    scoes = {
        s["identifier"]: s["id"] for s in moodle.state.scoes.values() if s["scormtype"] == "sco"
    }
    with MoodleClient(Settings(moodle.url, Token(moodle.issue_token(learner["id"])))) as own:
        for attempt, status, score, total in (
            (1, "failed", "40", "00:10:00"),
            (2, "passed", "80", "00:05:30.5"),
        ):
            own.call(
                "mod_scorm_insert_scorm_tracks",
                scoid=scoes["sco-quiz"],
                attempt=attempt,
                tracks=[
                    {"element": "cmi.core.lesson_status", "value": status},
                    {"element": "cmi.core.score.raw", "value": score},
                    {"element": "cmi.core.total_time", "value": total},
                    {"element": "cmi.suspend_data", "value": "{}"},
                ],
            )
    [row] = scorm.course_report(client, courseid)  # learners and SCOs without tracks have no row
    assert (row["userid"], row["scoid"]) == (learner["id"], scoes["sco-quiz"])
    assert [(a["attempt"], a["elements"]) for a in row["tracks"]] == [
        (
            number,
            [
                {"element": "cmi.core.lesson_status", "value": status},
                {"element": "cmi.core.score.raw", "value": score},
                {"element": "cmi.core.total_time", "value": total},
            ],
        )  # only the elements moodle-sync reads
        for number, status, score, total in (
            (1, "failed", "40", "00:10:00"),
            (2, "passed", "80", "00:05:30.5"),
        )
    ]
    assert all(a["timemodified"] > 0 for a in row["tracks"])
