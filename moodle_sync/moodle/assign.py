"""Assignments (the practical tasks): the plugin's create/update and raw read, core's reads of
submissions and grades."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_model.shapes import FLAG, INT, NUMBER, TEXT, Nullable, Optional
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.site import GET_ASSIGNS, SAVE_ASSIGN

RUBRIC = [{"description": TEXT, "levels": [{"score": NUMBER, "definition": TEXT}]}]
STORED_ASSIGN = {
    "cmid": INT,
    "assignid": INT,
    "idnumber": TEXT,
    "section": INT,
    "name": TEXT,
    "intro": TEXT,
    "onlinetext": INT,
    "maxfiles": INT,
    "maxsizebytes": INT,
    "filetypes": TEXT,
    "duedate": INT,
    "grade": NUMBER,
    "gradepass": NUMBER,
    "completion": INT,
    "completionusegrade": INT,
    "completionpassgrade": INT,
    "gradingmethod": TEXT,
    "rubricstatus": INT,
    "rubric": RUBRIC,
}
RUBRIC_READY = 20  # gradingform_controller::DEFINITION_STATUS_READY
COMPLETION_AUTOMATIC = 2


@dataclass(frozen=True)
class AssignSettings:
    """What save_assign writes; field names are those of the plugin's read (get_assigns)."""

    onlinetext: int
    maxfiles: int
    maxsizebytes: int
    filetypes: str  # ".pdf,.docx"
    duedate: int  # a timestamp; 0 for none
    grade: float
    gradepass: float
    rubric: tuple[tuple[str, tuple[tuple[float, str], ...]], ...]  # (criterion, ((score, text),))

    def rubric_fields(self) -> list[dict[str, Any]]:
        return [
            {
                "description": criterion,
                "levels": [{"score": score, "definition": text} for score, text in levels],
            }
            for criterion, levels in self.rubric
        ]

    def differences(self, stored: dict[str, Any]) -> list[tuple[str, Any, Any]]:
        """(setting, value on the site, wanted value) for each setting the site has otherwise;
        completion must be on "receive a grade" and "receive a passing grade"."""
        found = []
        for name in ("onlinetext", "maxfiles", "maxsizebytes", "duedate"):
            if int(stored[name]) != getattr(self, name):
                found.append((name, stored[name], getattr(self, name)))
        if stored["filetypes"] != self.filetypes:
            found.append(("filetypes", stored["filetypes"], self.filetypes))
        for name in ("grade", "gradepass"):
            if float(stored[name]) != getattr(self, name):
                found.append((name, stored[name], getattr(self, name)))
        completion = (
            int(stored["completion"]),
            int(stored["completionusegrade"]),
            int(stored["completionpassgrade"]),
        )
        if completion != (COMPLETION_AUTOMATIC, 1, 1):
            found.append(("completion", completion, (COMPLETION_AUTOMATIC, 1, 1)))
        wanted = "rubric" if self.rubric else ""
        if stored["gradingmethod"] != wanted:
            found.append(("grading method", stored["gradingmethod"] or "simple", wanted))
        stored_rubric = tuple(
            (c["description"], tuple((float(lv["score"]), lv["definition"]) for lv in c["levels"]))
            for c in stored["rubric"]
        )
        for number in range(max(len(stored_rubric), len(self.rubric))):
            on_site = stored_rubric[number] if number < len(stored_rubric) else None
            wanted_one = self.rubric[number] if number < len(self.rubric) else None
            if on_site != wanted_one:
                found.append((f"rubric criterion {number + 1}", *_criteria(on_site, wanted_one)))
        status = int(stored["rubricstatus"])
        if self.rubric and stored_rubric == self.rubric and status != RUBRIC_READY:
            found.append(("rubric status", status, RUBRIC_READY))
        return found


Criterion = tuple[str, tuple[tuple[float, str], ...]]


def _criteria(on_site: Criterion | None, wanted: Criterion | None) -> tuple[str, str]:
    """A rubric criterion on the site and as wanted, told apart in a few words: its name and
    the points of its levels, or that only the levels' descriptions differ."""

    def brief(criterion: Criterion | None) -> str:
        if criterion is None:
            return "none"
        name, levels = criterion
        return f"'{name}' ({'/'.join(f'{score:g}' for score, _ in levels)} points)"

    if on_site and wanted and brief(on_site) == brief(wanted):
        return brief(on_site), brief(wanted) + ", other level descriptions"
    return brief(on_site), brief(wanted)


def course_assigns(client: MoodleClient, courseid: int) -> list[dict[str, Any]]:
    """The course's assignments with an idnumber, as stored (the plugin's raw read)."""
    return client.call(GET_ASSIGNS, expect={"assigns": [STORED_ASSIGN]}, courseid=courseid)[
        "assigns"
    ]


def save_assign(
    client: MoodleClient,
    *,
    courseid: int,
    section: int,
    idnumber: str,
    name: str,
    intro: str,
    settings: AssignSettings,
) -> dict[str, Any]:
    """Create the assignment with this idnumber, or update it in place."""
    return client.call(
        SAVE_ASSIGN,
        expect={"cmid": INT, "assignid": INT, "created": FLAG},
        courseid=courseid,
        section=section,
        idnumber=idnumber,
        name=name,
        intro=intro,
        onlinetext=settings.onlinetext,
        maxfiles=settings.maxfiles,
        maxsizebytes=settings.maxsizebytes,
        filetypes=settings.filetypes,
        duedate=settings.duedate,
        grade=settings.grade,
        gradepass=settings.gradepass,
        rubric=settings.rubric_fields(),
        visible=1,
    )


ASSIGNMENT = {"id": INT, "cmid": INT, "name": TEXT, "grade": NUMBER}
SUBMISSION = {
    "userid": INT,
    "status": TEXT,
    "timemodified": INT,
    "attemptnumber": INT,
    "gradingstatus": Optional(TEXT),
}
GRADE = {
    "userid": INT,
    "grade": Nullable(TEXT),
    "grader": Nullable(INT),
    "timemodified": INT,
    "attemptnumber": INT,
}


def assignments(client: MoodleClient, courseid: int) -> list[dict[str, Any]]:
    """The course's assignments, also when the caller is not enrolled in it."""
    courses = client.call(
        "mod_assign_get_assignments",
        expect={"courses": [{"id": INT, "assignments": [ASSIGNMENT]}]},
        courseids=[courseid],
        includenotenrolledcourses=1,
    )["courses"]
    return [a for course in courses if int(course["id"]) == courseid for a in course["assignments"]]


def submissions(client: MoodleClient, assignids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Every learner's submissions, by assignment id."""
    found = client.call(
        "mod_assign_get_submissions",
        expect={"assignments": [{"assignmentid": INT, "submissions": [SUBMISSION]}]},
        assignmentids=assignids,
    )["assignments"]
    return {int(a["assignmentid"]): a["submissions"] for a in found}


def grades(client: MoodleClient, assignids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Every learner's grades, by assignment id."""
    found = client.call(
        "mod_assign_get_grades",
        expect={"assignments": [{"assignmentid": INT, "grades": [GRADE]}]},
        assignmentids=assignids,
    )["assignments"]
    return {int(a["assignmentid"]): a["grades"] for a in found}
