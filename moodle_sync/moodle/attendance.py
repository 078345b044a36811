"""The attendance register from Moodle's mod_attendance (a third-party plugin), where the site has it.

Each attendance activity of the course stands for one modality: its ID number (idnumber) is
`aula`, `sync`, `lab` or `stage`; an activity without one of these is skipped with a warning.
A learner counts as present at a session when marked with the session's best status (the
highest grade of its status set: "Present" in mod_attendance's default set, not "Late" or
"Excused").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from course_model.plan import TIMEZONE
from moodle_sync.files.register import REGISTER_MODALITIES, Attendance
from moodle_sync.moodle import scorm
from moodle_sync.moodle.client import MoodleClient

ATTENDANCE_SESSIONS = "mod_attendance_get_sessions"


def _session_rows(
    session: dict[str, Any], modality: str, usernames: dict[int, str]
) -> list[Attendance]:
    statuses = session.get("statuses", [])
    best = max((float(s.get("grade") or 0) for s in statuses), default=0.0)
    present = {str(s["id"]) for s in statuses if best > 0 and float(s.get("grade") or 0) == best}
    start = dt.datetime.fromtimestamp(int(session["sessdate"]), TIMEZONE).replace(
        second=0, microsecond=0
    )
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


def moodle_register(
    client: MoodleClient, courseid: int, usernames: dict[int, str]
) -> tuple[tuple[Attendance, ...], list[str]]:
    """The course's attendance as register rows of these learners (user id → username), and warnings."""
    contents = client.call("core_course_get_contents", courseid=courseid)
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
                f"attendance activity {activity.get('name')!r} skipped: set its ID number to the modality "
                f"it records ({', '.join(REGISTER_MODALITIES)}), not {modality!r}"
            )
            continue
        for session in client.call(ATTENDANCE_SESSIONS, attendanceid=int(activity["instance"])):
            rows.extend(_session_rows(session, modality, usernames))
    return tuple(sorted(rows, key=lambda r: (r.username, r.date, r.start))), warnings
