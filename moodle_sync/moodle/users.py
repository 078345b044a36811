"""Users, their preferences and manual enrolment through core web services."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from course_model.shapes import ANY, INT, TEXT, Nullable, Optional, Sized
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import MalformedAnswer

STUDENT_ROLE_ID = 5  # Moodle's default "student" role
# Set by Moodle on a user created with a generated password, until the user changes it.
FORCE_PASSWORD_CHANGE = "auth_forcepasswordchange"
CUSTOMFIELDS = Optional([{"shortname": TEXT, "value": Nullable(ANY)}])
USER = {"id": INT, "username": TEXT, "email": TEXT, "customfields": CUSTOMFIELDS}


def users_by_username(client: MoodleClient, usernames: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Users by username, with the custom profile fields the token's account may see."""
    names = sorted(set(usernames))
    if not names:
        return {}
    found = client.call(
        "core_user_get_users_by_field", expect=[USER], field="username", values=names
    )
    return {user["username"]: user for user in found}


def full_names(client: MoodleClient, userids: Iterable[int]) -> dict[int, str]:
    """Users' full names by id (a grader need not be enrolled in the course)."""
    ids = sorted({int(u) for u in userids if int(u) > 0})
    if not ids:
        return {}
    found = client.call(
        "core_user_get_users_by_field",
        expect=[{"id": INT, "fullname": Optional(TEXT)}],
        field="id",
        values=[str(i) for i in ids],
    )
    return {int(user["id"]): str(user.get("fullname", "")) for user in found}


def create_users(client: MoodleClient, users: list[Mapping[str, Any]]) -> dict[str, int]:
    """Create users (each with its way in: `createpassword`, `password` or an external `auth`);
    their ids by username."""
    if not users:
        return {}
    function = "core_user_create_users"
    created = client.call(
        function,
        expect=Sized(len(users), [{"id": INT, "username": TEXT}]),
        users=list(users),
    )
    ids = {user["username"]: int(user["id"]) for user in created}
    wanted = sorted(str(user["username"]) for user in users)
    if sorted(ids) != wanted:
        raise MalformedAnswer(function, "username", ", ".join(wanted), ", ".join(sorted(ids)))
    return ids


def update_users(client: MoodleClient, users: list[Mapping[str, Any]]) -> None:
    """Update users (each with its `id`). Moodle ignores a custom field it does not have."""
    if users:
        client.call("core_user_update_users", users=list(users))


def password_change_pending(client: MoodleClient, userid: int) -> bool:
    """Whether the user must still change the password Moodle generated before anything but the
    website's password form works for them (the app and web services included)."""
    answer = client.call(
        "core_user_get_user_preferences",
        expect={"preferences": [{"name": TEXT, "value": Nullable(ANY)}]},
        name=FORCE_PASSWORD_CHANGE,
        userid=userid,
    )
    return any(
        p["name"] == FORCE_PASSWORD_CHANGE and str(p["value"] or "0") not in ("", "0")
        for p in answer["preferences"]
    )


ENROLLED = {
    "id": INT,
    "username": TEXT,
    "fullname": Optional(TEXT),
    "email": Optional(TEXT),
    "firstaccess": Optional(INT),
    "roles": Optional([{"shortname": TEXT}]),
    "customfields": CUSTOMFIELDS,
}


def enrolled_users(client: MoodleClient, courseid: int) -> list[dict[str, Any]]:
    return client.call("core_enrol_get_enrolled_users", expect=[ENROLLED], courseid=courseid)


def enrolled_students(client: MoodleClient, courseid: int) -> list[dict[str, Any]]:
    """The course's learners by username (teachers and managers enrolled in it are not learners)."""
    return sorted(
        (
            user
            for user in enrolled_users(client, courseid)
            if any(r.get("shortname") == "student" for r in user.get("roles", []))
        ),
        key=lambda user: str(user["username"]),
    )


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
