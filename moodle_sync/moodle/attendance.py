"""The attendance register from Moodle's mod_attendance (a third-party plugin), where the site
has it.

Each attendance activity of the course stands for one modality: its ID number (idnumber) is
`aula`, `sync`, `lab` or `stage`; an activity without one of these is skipped with a warning.
A learner counts as present at a session when marked with the session's best status (the
highest grade of its status set: "Present" in mod_attendance's default set, not "Late" or
"Excused").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from course_model import scorm_data as cmi
from course_model.i18n import t
from course_model.plan import TIMEZONE
from course_model.shapes import INT, NUMBER, TEXT, Nullable, Optional
from moodle_sync.files.register import REGISTER_MODALITIES, Attendance
from moodle_sync.moodle import scorm
from moodle_sync.moodle.client import MoodleClient

ATTENDANCE_SESSIONS = "mod_attendance_get_sessions"
MODULES = [{"modules": Optional([{"id": INT, "modname": TEXT, "instance": INT}])}]
SESSIONS = [
    {
        "sessdate": INT,
        "duration": INT,
        "statuses": Optional([{"id": INT, "grade": Optional(Nullable(NUMBER))}]),
        "attendance_log": Optional([{"studentid": INT, "statusid": INT}]),
    }
]
DAY = 86400


def _session_rows(
    session: dict[str, Any], modality: str, usernames: dict[int, str]
) -> list[Attendance]:
    statuses = session.get("statuses", [])
    best = max((float(s.get("grade") or 0) for s in statuses), default=0.0)
    present = {str(s["id"]) for s in statuses if best > 0 and float(s.get("grade") or 0) == best}
    moment = cmi.parse_moment("sessdate", session["sessdate"]).value
    assert moment is not None, "only sessions of a real day are read"
    start = moment.astimezone(TIMEZONE).replace(second=0, microsecond=0)
    end = min(
        start + dt.timedelta(seconds=int(session["duration"])), start.replace(hour=23, minute=59)
    )  # the register counts hours within the day
    return [
        Attendance(
            usernames[int(log["studentid"])], start.date(), start.time(), end.time(), modality
        )
        for log in session.get("attendance_log", [])
        if str(log.get("statusid")) in present
        and int(log["studentid"]) in usernames
        and end > start
    ]


def _plausible(session: dict[str, Any]) -> bool:
    """A session of a real day (Moodle's times are learner data: a broken one is skipped)."""
    moment = cmi.parse_moment("sessdate", session["sessdate"])
    return moment.value is not None and 0 < int(session["duration"]) <= DAY


def moodle_register(
    client: MoodleClient, courseid: int, usernames: dict[int, str]
) -> tuple[tuple[Attendance, ...], list[str]]:
    """The course's attendance as register rows of these learners (user id → username), and
    warnings."""
    contents = client.call("core_course_get_contents", expect=MODULES, courseid=courseid)
    activities = [
        m
        for section in contents
        for m in section.get("modules", [])
        if m.get("modname") == "attendance"
    ]
    rows: list[Attendance] = []
    warnings = []
    for activity in activities:
        modality = str(scorm.course_module(client, int(activity["id"])).get("idnumber") or "")
        if modality not in REGISTER_MODALITIES:
            warnings.append(
                t(
                    "attendance activity {activity} skipped: set its ID number to the modality it "
                    "records ({modalities}), not {modality}",
                    activity=repr(activity.get("name")),
                    modalities=", ".join(REGISTER_MODALITIES),
                    modality=repr(modality),
                )
            )
            continue
        sessions = client.call(
            ATTENDANCE_SESSIONS, expect=SESSIONS, attendanceid=int(activity["instance"])
        )
        for session in sessions:
            if _plausible(session):
                rows.extend(_session_rows(session, modality, usernames))
                continue
            warnings.append(
                t(
                    "attendance session of '{activity}' skipped: its date ({date}) or its "
                    "length ({seconds} s) is not one of a real session",
                    activity=activity.get("name"),
                    date=session["sessdate"],
                    seconds=session["duration"],
                )
            )
    return tuple(sorted(rows, key=lambda r: (r.username, r.date, r.start))), warnings
