"""`moodle-sync enrol LEARNERS.csv`: check every row, then find or create the users and enrol them.

A file with any refused row enrols nobody: the refusals are listed with their line and
reasons, so the file can be fixed and run again. Running it again after a success changes
nothing (users are found by username, enrolments by user).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course_model.admission import refusals
from course_model.errors import InputError
from course_model.plan import CoursePlan, timestamp
from course_model.standard import Standard
from moodle_sync.files.learners import LearnerRow, read_learners, refusal_table
from moodle_sync.moodle import courses, users
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import SiteError


@dataclass(frozen=True)
class EnrolResult:
    created: tuple[str, ...]
    enrolled: tuple[str, ...]
    already_enrolled: tuple[str, ...]


def _refuse_strangers(rows: list[LearnerRow], found: dict[str, dict[str, object]]) -> None:
    """A username already on the site with another e-mail is someone else: refuse rather than
    enrol them."""
    for row in rows:
        user = found.get(row.username)
        if user and str(user.get("email", "")).lower() != row.email.lower():
            row.problems.append(
                f"username {row.username} belongs to a Moodle user with another e-mail"
            )


def enrol_learners(
    client: MoodleClient, path: Path, standard: Standard, plan: CoursePlan, course_idnumber: str
) -> EnrolResult:
    rows = read_learners(path)
    for row in rows:
        if not row.problems:
            row.problems.extend(refusals(row.admission, standard, plan))
    course = courses.find_course(client, "idnumber", course_idnumber)
    if course is None:
        raise SiteError(
            f"no course with idnumber {course_idnumber} on the site: run 'moodle-sync deploy' first"
        )
    found = users.users_by_username(client, [row.username for row in rows if row.admission])
    already = users.enrolled_user_ids(client, int(course["id"]))  # every read before any write
    _refuse_strangers(rows, found)
    refused = [row for row in rows if row.problems]
    if refused:
        raise InputError(
            f"{len(refused)} of {len(rows)} learners refused, nobody was enrolled",
            path,
            details=refusal_table(path, refused),
        )
    created = users.create_users(
        client,
        [
            {
                "username": r.username,
                "firstname": r.firstname,
                "lastname": r.lastname,
                "email": r.email,
                "auth": "manual",
            }
            for r in rows
            if r.username not in found
        ],
    )
    ids = {**{name: int(user["id"]) for name, user in found.items()}, **created}
    todo = [r for r in rows if ids[r.username] not in already]
    users.enrol(
        client, int(course["id"]), [(ids[r.username], timestamp(r.admission.joined)) for r in todo]
    )
    return EnrolResult(
        tuple(created),
        tuple(r.username for r in todo),
        tuple(r.username for r in rows if ids[r.username] in already),
    )
