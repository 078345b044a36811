"""SCORM activities: core reads, and the plugin's create/update and course report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from course_model.shapes import ANY, FLAG, INT, NUMBER, TEXT, Either, Nullable, Optional
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.site import COURSE_REPORT, SAVE_SCORM

SCO_TRACKS = "mod_scorm_get_scorm_sco_tracks"

GRADE_SCOES, GRADE_HIGHEST, GRADE_AVERAGE, GRADE_SUM = range(4)
STATUS_PASSED, STATUS_COMPLETED = 2, 4  # bits of completionstatusrequired


@dataclass(frozen=True)
class ScormSettings:
    """How the activity grades and completes; field names are those of Moodle's scorm table."""

    grademethod: int = GRADE_HIGHEST  # the quiz SCO's score reaches the gradebook
    maxgrade: float = 100
    maxattempt: int = 0  # unlimited
    whatgrade: int = 0  # highest attempt
    completionstatusrequired: int = STATUS_PASSED | STATUS_COMPLETED
    completionstatusallscos: int = 1  # every SCO, not any one of them
    completionscorerequired: int = 0  # 0: no minimum score
    popup: int = 0  # current window: needed by the Moodle app

    def differences(self, scorm: dict[str, Any]) -> list[tuple[str, Any, Any]]:
        """(field, value on the site, wanted value) for each setting the site has otherwise."""
        return [
            (name, scorm.get(name), wanted)
            for name, wanted in asdict(self).items()
            if _number(scorm.get(name)) != _number(wanted)
        ]


def _number(value: Any) -> float:
    # Moodle answers null for an unset minimum score and mixes ints, floats and bools.
    return float(value or 0)


SCORM = {
    "id": INT,
    "coursemodule": INT,
    "name": TEXT,
    "intro": TEXT,
    "section": INT,
    "sha1hash": Nullable(TEXT),
    # The settings deploy compares (ScormSettings): numbers, flags, or null when unset.
    **{f.name: Optional(Nullable(Either(NUMBER, FLAG))) for f in fields(ScormSettings)},
}
SCO = {
    "id": INT,
    "identifier": TEXT,
    "title": TEXT,
    "scormtype": TEXT,
    "extradata": Optional([{"element": TEXT, "value": ANY}]),
}
TRACKS = {"attempt": INT, "timemodified": ANY, "elements": [{"element": TEXT, "value": ANY}]}


def scorms_in_course(client: MoodleClient, courseid: int) -> list[dict[str, Any]]:
    """The course's SCORM activities, names and intros as stored (not formatted for display)."""
    return client.call(
        "mod_scorm_get_scorms_by_courses",
        expect={"scorms": [SCORM]},
        courseids=[courseid],
        moodlewssettingraw=1,
    )["scorms"]


def course_module(client: MoodleClient, cmid: int) -> dict[str, Any]:
    cm = {"id": INT, "instance": INT, "section": INT, "idnumber": Nullable(TEXT)}
    return client.call("core_course_get_course_module", expect={"cm": cm}, cmid=cmid)["cm"]


def scoes(client: MoodleClient, scormid: int) -> list[dict[str, Any]]:
    """The SCOs and the organisation nodes of a SCORM activity, in manifest order."""
    return client.call("mod_scorm_get_scorm_scoes", expect={"scoes": [SCO]}, scormid=scormid)[
        "scoes"
    ]


def sco_tracks(
    client: MoodleClient, scoid: int, userid: int, attempt: int | None = None
) -> dict[str, Any]:
    """One learner's stored elements of one SCO in one attempt (the last one when None):
    {attempt, tracks}."""
    data = {"attempt": INT, "tracks": [{"element": TEXT, "value": ANY}]}
    return client.call(
        SCO_TRACKS, expect={"data": data}, scoid=scoid, userid=userid, attempt=attempt
    )["data"]


def save_scorm(
    client: MoodleClient,
    *,
    courseid: int,
    section: int,
    idnumber: str,
    name: str,
    intro: str,
    draftitemid: int,
    settings: ScormSettings,
) -> dict[str, Any]:
    """Create the activity with this idnumber, or update it in place (draftitemid 0 keeps the
    package)."""
    return client.call(
        SAVE_SCORM,
        expect={"cmid": INT, "scormid": INT, "created": FLAG},
        courseid=courseid,
        section=section,
        idnumber=idnumber,
        name=name,
        intro=intro,
        draftitemid=draftitemid,
        visible=1,
        **asdict(settings),
    )


def course_report(client: MoodleClient, courseid: int) -> list[dict[str, Any]]:
    """The plugin's tracks of the whole course: per learner and SCO, each attempt's stored
    elements."""
    rows = [{"userid": INT, "scoid": INT, "tracks": [TRACKS]}]
    return client.call(COURSE_REPORT, expect={"rows": rows}, courseid=courseid)["rows"]
