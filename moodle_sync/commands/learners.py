"""`moodle-sync learners`: an edition's learners, their admission record and their first access.

A learner `enrol` created has a password Moodle generated and e-mailed, and must change it on
the website before the Moodle app or any web service works for them (Moodle's
auth_forcepasswordchange preference, read here one call per learner).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from course_model import scorm_data as cmi
from course_model.formats import local
from course_model.i18n import t
from course_model.table import render_table
from moodle_sync.commands.pull import WORKERS, no_progress, run_parallel
from moodle_sync.files.snapshot import AdmissionRecord
from moodle_sync.moodle import courses, users
from moodle_sync.moodle.admission import read_record
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import SiteError


@dataclass(frozen=True, slots=True)
class LearnerState:
    username: str
    fullname: str
    record: AdmissionRecord | None
    must_change_password: bool
    first_access: dt.datetime | None  # None: never logged in


def learner_states(
    client: MoodleClient, edition: str, workers: int = WORKERS
) -> list[LearnerState]:
    course = courses.find_course(client, "idnumber", edition)
    if course is None:
        raise SiteError(t("no course with idnumber {edition} on the site", edition=edition))
    learners = users.enrolled_students(client, int(course["id"]))
    with no_progress(len(learners), "") as bar:
        pending = run_parallel(
            lambda user: users.password_change_pending(client, int(user["id"])),
            learners,
            workers,
            bar,
        )
    return [
        LearnerState(
            str(user["username"]),
            str(user.get("fullname", "")),
            read_record(user.get("customfields", [])),
            must_change,
            cmi.parse_moment("firstaccess", user.get("firstaccess")).value,
        )
        for user, must_change in zip(learners, pending, strict=True)
    ]


def _admission(record: AdmissionRecord | None, edition: str) -> str:
    out = local()
    if record is None:
        return t("no record")
    if record.edition != edition:
        return t("record of edition {other}", other=record.edition or "?")
    if record.admission is None:
        return t("record incomplete")
    admission = record.admission
    return t(
        "born {birthdate}, EQF {eqf}, joined {joined}",
        birthdate=out.date(admission.birthdate),
        eqf=admission.education_eqf,
        joined=out.date(admission.joined),
    )


def _access(state: LearnerState) -> str:
    if state.must_change_password:
        return t("must change the password")
    if state.first_access is None:
        return t("never logged in")
    return t("first login {moment}", moment=local().moment(state.first_access))


def render_learners(states: list[LearnerState], edition: str) -> str:
    rows = [(s.username, s.fullname, _admission(s.record, edition), _access(s)) for s in states]
    table = render_table((t("username"), t("name"), t("admission record"), t("first access")), rows)
    waiting = sum(s.must_change_password for s in states)
    summary = (
        t(
            "{waiting} of {count} must still log in on the website and change the password "
            "Moodle e-mailed them; until then the Moodle app refuses them.",
            waiting=waiting,
            count=len(states),
        )
        if waiting
        else t("No learner has a password change pending.")
    )
    return (
        f"{table}\n\n{summary}"
        if states
        else t("No learners enrolled in {edition}.", edition=edition)
    )
