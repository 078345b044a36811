"""What core keeps of each learner's progress in a course: activity completion and grades.

Values that are learner data (times, grades) are handed on as Moodle sent them: the pull
reads them with course_model.scorm_data, so a broken one is a problem for that learner
rather than an error for the whole pull.
"""

from __future__ import annotations

from typing import Any

from course_model.shapes import ANY, INT, Nullable, Optional
from moodle_sync.moodle.client import MoodleClient

COMPLETION = {"statuses": [{"cmid": INT, "state": INT, "timecompleted": Optional(ANY)}]}
GRADES = {
    "usergrades": [
        {
            "userid": INT,
            "gradeitems": [
                {
                    "cmid": Optional(Nullable(INT)),
                    "graderaw": Optional(ANY),
                    "grademax": Optional(ANY),
                }
            ],
        }
    ]
}


def activity_completion(
    client: MoodleClient, courseid: int, userid: int
) -> dict[int, tuple[int, Any]]:
    """Course module id → (completion state, time completed as sent) of one learner."""
    statuses = client.call(
        "core_completion_get_activities_completion_status",
        expect=COMPLETION,
        courseid=courseid,
        userid=userid,
    )["statuses"]
    return {int(s["cmid"]): (int(s["state"]), s.get("timecompleted")) for s in statuses}


def grades(client: MoodleClient, courseid: int) -> dict[tuple[int, int], tuple[Any, Any]]:
    """(learner, course module) → (grade, maximum) as sent, every learner in one call."""
    usergrades = client.call("gradereport_user_get_grade_items", expect=GRADES, courseid=courseid)[
        "usergrades"
    ]
    return {
        (int(user["userid"]), int(item["cmid"])): (item.get("graderaw"), item.get("grademax"))
        for user in usergrades
        for item in user["gradeitems"]
        if item.get("cmid") is not None
    }
