from __future__ import annotations

from moodle_sync.moodle import users
from moodle_sync.moodle.client import MoodleClient
from tests.moodle_sync.fake_moodle import FakeMoodle


def test_find_create_and_enrol(moodle: FakeMoodle, client: MoodleClient) -> None:
    category = client.call("core_course_create_categories", categories=[{"name": "C"}])[0]["id"]
    courseid = client.call(
        "core_course_create_courses",
        courses=[{"fullname": "C", "shortname": "C", "categoryid": category}],
    )[0]["id"]
    assert users.users_by_username(client, ["rossi"]) == {}
    created = users.create_users(
        client,
        [
            {
                "username": "rossi",
                "firstname": "M",
                "lastname": "R",
                "email": "m@example.org",
                "createpassword": True,
            }
        ],
    )
    assert users.users_by_username(client, ["rossi", "admin"]).keys() == {"rossi", "admin"}
    users.enrol(client, courseid, [(created["rossi"], 1800000000)])
    assert users.enrolled_user_ids(client, courseid) == {created["rossi"]}
    assert moodle.state.enrolments[(courseid, created["rossi"])] == {
        "roleid": 5,
        "timestart": 1800000000,
    }


def test_nothing_to_do_calls_nothing(moodle: FakeMoodle, client: MoodleClient) -> None:
    assert users.users_by_username(client, []) == {} and users.create_users(client, []) == {}
    users.enrol(client, 2, [])
    assert moodle.requests == 0
