"""Users and manual enrolment through core web services."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from course_model.shapes import INT, TEXT, Optional, Sized
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import MalformedAnswer

STUDENT_ROLE_ID = 5  # Moodle's default "student" role


def users_by_username(client: MoodleClient, usernames: Iterable[str]) -> dict[str, dict[str, Any]]:
    names = sorted(set(usernames))
    if not names:
        return {}
    found = client.call(
        "core_user_get_users_by_field",
        expect=[{"id": INT, "username": TEXT, "email": TEXT}],
        field="username",
        values=names,
    )
    return {user["username"]: user for user in found}


def create_users(client: MoodleClient, users: list[Mapping[str, Any]]) -> dict[str, int]:
    """Create users (Moodle generates and mails each password); their ids by username."""
    if not users:
        return {}
    function = "core_user_create_users"
    created = client.call(
        function,
        expect=Sized(len(users), [{"id": INT, "username": TEXT}]),
        users=[{**user, "createpassword": True} for user in users],
    )
    ids = {user["username"]: int(user["id"]) for user in created}
    wanted = sorted(str(user["username"]) for user in users)
    if sorted(ids) != wanted:
        raise MalformedAnswer(function, "username", ", ".join(wanted), ", ".join(sorted(ids)))
    return ids


ENROLLED = {
    "id": INT,
    "username": TEXT,
    "fullname": Optional(TEXT),
    "email": Optional(TEXT),
    "roles": Optional([{"shortname": TEXT}]),
}


def enrolled_users(client: MoodleClient, courseid: int) -> list[dict[str, Any]]:
    return client.call("core_enrol_get_enrolled_users", expect=[ENROLLED], courseid=courseid)


def enrolled_user_ids(client: MoodleClient, courseid: int) -> set[int]:
    return {int(user["id"]) for user in enrolled_users(client, courseid)}


def enrol(client: MoodleClient, courseid: int, enrolments: list[tuple[int, int]]) -> None:
    """Enrol (userid, timestart) pairs as students with the manual enrolment method."""
    if enrolments:
        client.call(
            "enrol_manual_enrol_users",
            enrolments=[
                {
                    "roleid": STUDENT_ROLE_ID,
                    "userid": userid,
                    "courseid": courseid,
                    "timestart": start,
                }
                for userid, start in enrolments
            ],
        )
