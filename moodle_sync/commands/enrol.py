"""`moodle-sync enrol LEARNERS.csv`: check every row, then find or create the users, record their
admission in Moodle and enrol them.

A file with any refused row enrols nobody: the refusals are listed with their line and
reasons, so the file can be fixed and run again. Each admitted learner's record (birth date,
education, joining date, edition, verdict, file and line) goes into the profile fields the
plugin creates (moodle/admission.py) and is read back before anyone is enrolled, so a site
without those fields stops the run instead of losing the records. Running it again after a
success changes nothing (users are found by username, records compared, enrolments by user).

How new learners log in the first time is the administrator's choice (Access): Moodle e-mails
a password it generates and forces its change at the first login (the default), the tool
generates passwords into a file the administrator hands out, or the site's external
authentication (LDAP, OAuth 2, …) lets them in with no password in Moodle.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course_model.admission import refusals
from course_model.errors import InputError
from course_model.i18n import t, tn
from course_model.plan import TIMEZONE, CoursePlan, timestamp
from course_model.standard import Standard
from moodle_sync.files.learners import LearnerRow, read_learners, refusal_table
from moodle_sync.files.passwords import new_password, write_passwords
from moodle_sync.moodle import courses, users
from moodle_sync.moodle.admission import admitted_on, read_record, record_fields
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import MoodleError, SiteError
from moodle_sync.moodle.site import PLUGIN


@dataclass(frozen=True, slots=True)
class Access:
    """How the learners `enrol` creates log in the first time."""

    auth: str = "manual"  # Moodle's authentication plugin
    passwords: Path | None = None  # with "manual": the file of generated passwords, else e-mail

    @property
    def method(self) -> str:
        if self.auth != "manual":
            return "external"
        return "password" if self.passwords else "email"

    @classmethod
    def parse(cls, text: str, passwords: Path | None) -> Access:
        """`email`, `password` (with the file for the passwords) or `auth:NAME`."""
        name = text.removeprefix("auth:") if text.startswith("auth:") else ""
        if text == "email" and passwords is None:
            return cls()
        if text == "password" and passwords is not None:
            return cls(passwords=passwords)
        if re.fullmatch(r"[a-z][a-z0-9_]*", name) and name != "manual" and passwords is None:
            return cls(auth=name)
        if text == "password":
            problem = t("--access password needs --passwords FILE to write the passwords to")
        elif text in ("email", "auth:" + name) and passwords is not None:
            problem = t("--passwords is only for --access password")
        else:
            problem = t(
                "--access is 'email', 'password' or 'auth:' and the name of a Moodle "
                "authentication plugin (auth:ldap, auth:oauth2…), not '{text}'",
                text=text,
            )
        raise InputError(problem)

    def user_fields(self) -> dict[str, object]:
        """What core_user_create_users needs, besides the person, for this way in."""
        if self.method == "email":
            return {"auth": "manual", "createpassword": True}
        if self.method == "password":
            return {"auth": "manual", "password": new_password()}
        return {"auth": self.auth}


EMAIL = Access()


@dataclass(frozen=True)
class EnrolResult:
    created: tuple[str, ...]  # their first access is `access`
    access: Access
    enrolled: tuple[str, ...]
    already_enrolled: tuple[str, ...]
    recorded: tuple[str, ...]  # learners whose admission record was written (new or changed)


def _has_record(user: dict[str, Any], row: LearnerRow, edition: str) -> bool:
    record = read_record(user.get("customfields", []))
    return (
        record is not None
        and not record.problems
        and record.admission == row.admission
        and record.edition == edition
    )


def _check_recorded(client: MoodleClient, rows: list[LearnerRow], edition: str) -> None:
    """Read the records back: Moodle silently ignores profile fields it does not have."""
    found = users.users_by_username(client, [row.username for row in rows])
    lost = [r.username for r in rows if not _has_record(found.get(r.username, {}), r, edition)]
    if lost:
        raise SiteError(
            tn(
                "Moodle did not keep the admission record of {count} learner ({names}), "
                "and nobody was enrolled",
                "Moodle did not keep the admission records of {count} learners ({names}), "
                "and nobody was enrolled",
                len(lost),
                names=", ".join(lost),
            ),
            details=t(
                "The profile fields of the category 'Ammissione al corso' are missing or "
                "changed: install or upgrade the plugin {plugin} (moodle-sync plugin-zip), "
                "then run enrol again.",
                plugin=PLUGIN,
            ),
        )


def _create(
    client: MoodleClient, specs: list[dict[str, Any]], passwords: Path | None
) -> dict[str, int]:
    """Create the users; generated passwords go to their file first. Moodle creates all the
    users of one call or none: when it refuses the call the file is removed, when the answer is
    lost (users may exist) it stays."""
    if passwords is None or not specs:
        return users.create_users(client, specs)
    keys = ("username", "firstname", "lastname", "email", "password")
    write_passwords(passwords, [tuple(str(spec[key]) for key in keys) for spec in specs])
    try:
        return users.create_users(client, specs)
    except MoodleError:
        passwords.unlink()
        raise


def _refuse_strangers(rows: list[LearnerRow], found: dict[str, dict[str, object]]) -> None:
    """A username already on the site with another e-mail is someone else: refuse rather than
    enrol them."""
    for row in rows:
        user = found.get(row.username)
        if user and str(user.get("email", "")).lower() != row.email.lower():
            row.problems.append(
                t(
                    "username {username} belongs to a Moodle user with another e-mail",
                    username=row.username,
                )
            )


def enrol_learners(
    client: MoodleClient,
    path: Path,
    standard: Standard,
    plan: CoursePlan,
    course_idnumber: str,
    today: dt.date | None = None,
    access: Access = EMAIL,
) -> EnrolResult:
    rows = read_learners(path)
    for row in rows:
        if not row.problems:
            row.problems.extend(refusals(row.admission, standard, plan))
    course = courses.find_course(client, "idnumber", course_idnumber)
    if course is None:
        raise SiteError(
            t(
                "no course with idnumber {edition} on the site: run 'moodle-sync deploy' first",
                edition=course_idnumber,
            )
        )
    found = users.users_by_username(client, [row.username for row in rows if row.admission])
    already = users.enrolled_user_ids(client, int(course["id"]))  # every read before any write
    _refuse_strangers(rows, found)
    refused = [row for row in rows if row.problems]
    if refused:
        raise InputError(
            tn(
                "{refused} of {count} learner refused, nobody was enrolled",
                "{refused} of {count} learners refused, nobody was enrolled",
                len(rows),
                refused=len(refused),
            ),
            path,
            details=refusal_table(path, refused),
        )
    verdict = admitted_on(today or dt.datetime.now(TIMEZONE).date())

    def record(row: LearnerRow) -> list[dict[str, str]]:
        assert row.admission is not None, "refused rows stopped the run"
        return record_fields(row.admission, course_idnumber, verdict, f"{path.name}:{row.line}")

    new = [r for r in rows if r.username not in found]
    specs = [
        {
            "username": r.username,
            "firstname": r.firstname,
            "lastname": r.lastname,
            "email": r.email,
            "customfields": record(r),
            **access.user_fields(),
        }
        for r in new
    ]
    created = _create(client, specs, access.passwords)
    stale = [
        r
        for r in rows
        if r.username in found and not _has_record(found[r.username], r, course_idnumber)
    ]
    users.update_users(
        client, [{"id": int(found[r.username]["id"]), "customfields": record(r)} for r in stale]
    )
    if new or stale:
        _check_recorded(client, new + stale, course_idnumber)
    ids = {**{name: int(user["id"]) for name, user in found.items()}, **created}
    todo = [r for r in rows if ids[r.username] not in already]
    users.enrol(
        client, int(course["id"]), [(ids[r.username], timestamp(r.admission.joined)) for r in todo]
    )
    return EnrolResult(
        tuple(created),
        access,
        tuple(r.username for r in todo),
        tuple(r.username for r in rows if ids[r.username] in already),
        tuple(r.username for r in new + stale),
    )
