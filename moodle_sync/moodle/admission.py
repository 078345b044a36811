"""The admission record in Moodle: the custom profile fields the plugin creates.

The plugin (classes/admission_fields.php) creates them in the profile category
"Ammissione al corso", visible to the learner and to managers, locked. Core's web services
write them by shortname (`customfields` of core_user_create_users / update_users) and read
them back with every user record. Values are written for the people who read them in Moodle:
dates as DD/MM/YYYY, the education level as the menu's "EQF n".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from course_model.admission import Admission, education_level
from course_model.csvfile import parse_date
from course_model.formats import ITALIAN
from course_model.problems import ADMISSION_FIELD, Problem
from moodle_sync.files.snapshot import AdmissionRecord

CATEGORY = "Ammissione al corso"
BIRTHDATE = "scormsync_birthdate"
EQF = "scormsync_eqf"
JOINED = "scormsync_joined"
EDITION = "scormsync_edition"
VERDICT = "scormsync_verdict"
SOURCE = "scormsync_source"
FIELDS = (BIRTHDATE, EQF, JOINED, EDITION, VERDICT, SOURCE)


def admitted_on(day: dt.date) -> str:
    """The verdict `enrol` records: every learner it enrols passed the admission checks."""
    return f"ammesso il {ITALIAN.date(day)}"


def record_fields(
    admission: Admission, edition: str, verdict: str, source: str
) -> list[dict[str, str]]:
    """The record as the `customfields` of core_user_create_users and core_user_update_users."""
    values = {
        BIRTHDATE: ITALIAN.date(admission.birthdate),
        EQF: f"EQF {admission.education_eqf}",
        JOINED: ITALIAN.date(admission.joined),
        EDITION: edition,
        VERDICT: verdict,
        SOURCE: source,
    }
    return [{"type": name, "value": value} for name, value in values.items()]


def read_record(customfields: Iterable[Mapping[str, Any]]) -> AdmissionRecord | None:
    """The record among a user's custom fields; None when the user has none of its fields."""
    values = {
        str(f.get("shortname")): str(f.get("value") or "").strip()
        for f in customfields
        if f.get("shortname") in FIELDS
    }
    if not any(values.values()):
        return None
    problems = []

    def read(field: str, parse: Any, name: str) -> Any:
        """The value of `field`, read as Admission's `name`; a problem when it cannot be."""
        text = values.get(field, "")
        value = parse(text) if text else None
        if value is None:
            problems.append(
                Problem(ADMISSION_FIELD, {"field": name, "value": repr(text) if text else ""})
            )
        return value

    birthdate = read(BIRTHDATE, parse_date, "birthdate")
    eqf = read(EQF, education_level, "education_eqf")
    joined = read(JOINED, parse_date, "joined")
    admission = Admission(birthdate, eqf, joined) if None not in (birthdate, eqf, joined) else None
    return AdmissionRecord(
        admission,
        values.get(EDITION, ""),
        values.get(VERDICT, ""),
        values.get(SOURCE, ""),
        tuple(problems),
    )
