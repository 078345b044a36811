"""The snapshot: what one pull read from Moodle, as a versioned JSON file.

Eligibility is computed from a snapshot, never from the live site, so a decision can be
recomputed later from the very data it was made on. `SCHEMA_VERSION` changes whenever the
shape changes; a file of the version before is read into the new shape, and a file of any other
version is refused rather than half understood.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from course_model import problems
from course_model.admission import Admission
from course_model.errors import InputError
from course_model.i18n import t
from course_model.output import atomic_write
from course_model.problems import Problem
from moodle_sync.files import jsondata
from moodle_sync.files.register import Attendance
from moodle_sync.files.sessions import Session

# 4: the e-learning register's sessions; 5: practical tasks; 6: problems as codes, shown in the
# reader's language
SCHEMA_VERSION = 6
SENTENCE_PROBLEMS = 5  # the schema before, still read: its problems are sentences


@dataclass(frozen=True, slots=True)
class Site:
    url: str
    name: str = ""
    release: str = ""


@dataclass(frozen=True, slots=True)
class CourseInfo:
    id: int
    shortname: str
    idnumber: str
    fullname: str
    edition: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ScoInfo:
    """A SCO as Moodle lists it: `item` is its manifest item identifier, which Moodle keys tracks
    by."""

    moodle_id: int  # the SCO's id in Moodle's database
    item: str
    title: str
    kind: str  # "lesson" or "quiz"
    duration: float | None = None  # minutes, from build/report.json; None = unknown
    mastery: float | None = None  # percent, graded SCOs only


@dataclass(frozen=True, slots=True)
class TaskInfo:
    """A practical task: its assignment in Moodle, and from the build what passing it credits."""

    id: str  # the task's id in its unit
    title: str
    assign_id: int
    cmid: int
    grade_max: float
    pass_grade: float
    modality: str = "lab"  # where its duration is credited once passed
    duration: float | None = None  # minutes, from build/report.json; None = unknown


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: str
    code: str
    title: str
    scorm_id: int
    cmid: int
    mastery: float | None = None
    scos: tuple[ScoInfo, ...] = ()
    tasks: tuple[TaskInfo, ...] = ()

    @property
    def quizzes(self) -> tuple[ScoInfo, ...]:
        return tuple(s for s in self.scos if s.kind == "quiz")


@dataclass(frozen=True, slots=True)
class ScoResult:
    """One learner's tracks of one SCO, every attempt read and validated (see tracks.py)."""

    status: str | None = None  # SCORM 1.2 vocabulary; None when never reported or invalid
    score: float | None = None  # percent
    seconds: float = 0.0  # tracked time from valid values only
    time_source: str | None = None  # "total_time", "session_time" or both joined with "+"
    attempts: int = 0
    first_access: dt.datetime | None = None
    last_access: dt.datetime | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskResult:
    """One learner's submission of a practical task and its grade, as Moodle keeps them."""

    status: str = "new"  # Moodle's submission status: new, draft, submitted, reopened
    submitted_at: dt.datetime | None = None
    grade: float | None = None  # None until graded
    grader: str = ""  # the grader's full name
    graded_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class UnitResult:
    completion_state: int | None = None  # Moodle's: 0 incomplete, 1 complete, 2 passed, 3 failed
    completed_at: dt.datetime | None = None
    grade: float | None = None
    grade_max: float | None = None
    scos: dict[str, ScoResult] = field(default_factory=dict)  # by the SCO's manifest item
    problems: tuple[Problem, ...] = ()  # completion times or grades Moodle sent that are not valid
    tasks: dict[str, TaskResult] = field(default_factory=dict)  # by task id


@dataclass(frozen=True, slots=True)
class AdmissionRecord:
    """A learner's admission record as the site keeps it (the profile fields `enrol` writes)."""

    admission: Admission | None  # None when a field is missing or cannot be read
    edition: str = ""  # the edition the learner was admitted to
    verdict: str = ""
    source: str = ""  # the enrolment file and line the data came from
    problems: tuple[Problem, ...] = ()  # fields that cannot be read


@dataclass(frozen=True, slots=True)
class Learner:
    username: str
    userid: int
    fullname: str
    email: str = ""
    admission: Admission | None = None  # what admission is decided on (the record, or a file)
    units: dict[str, UnitResult] = field(default_factory=dict)  # by unit id
    admission_record: AdmissionRecord | None = None  # as read from the site


@dataclass(frozen=True, slots=True)
class Snapshot:
    pulled_at: dt.datetime
    source: str  # "plugin" or "core": how the tracks were read
    site: Site
    course: CourseInfo
    units: tuple[UnitInfo, ...] = ()
    learners: tuple[Learner, ...] = ()
    register: tuple[Attendance, ...] = ()  # from mod_attendance, where the site has it
    # Sessions, log-ins and log-outs of the course's whole log up to the pull, read through the
    # plugin; the window is None when the site could not give them.
    sessions: tuple[Session, ...] = ()
    sessions_from: dt.datetime | None = None
    sessions_to: dt.datetime | None = None
    schema: int = SCHEMA_VERSION

    def with_admissions(self, admissions: dict[str, Admission]) -> Snapshot:
        """The same snapshot with these learners' admission data (from an enrolment CSV) put in;
        the records read from the site stay, for eligibility to compare."""
        return replace(
            self,
            learners=tuple(
                replace(learner, admission=admissions.get(learner.username, learner.admission))
                for learner in self.learners
            ),
        )


def snapshot_json(snapshot: Snapshot) -> str:
    # allow_nan=False: NaN and Infinity are no JSON, and no snapshot value may be either.
    return json.dumps(jsondata.dump(snapshot), ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def _no_constant(name: str) -> None:
    raise ValueError(t("{name} is not a JSON number", name=name))


def save_snapshot(snapshot: Snapshot, path: Path) -> None:
    atomic_write(path, snapshot_json(snapshot).encode("utf-8"))


def load_snapshot(path: Path) -> Snapshot:
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except OSError as exc:
        raise InputError(
            t("cannot read the snapshot: {reason}", reason=exc.strerror or exc), path
        ) from None
    except UnicodeDecodeError:
        raise InputError(t("not a snapshot: the file is not UTF-8 text"), path) from None
    except RecursionError:
        raise InputError(t("not a snapshot: nested too deeply"), path) from None
    except ValueError as exc:  # invalid JSON, NaN or Infinity, an integer of thousands of digits
        raise InputError(t("not a snapshot (invalid JSON: {problem})", problem=exc), path) from None
    version = data.get("schema") if isinstance(data, dict) else None
    if version == SENTENCE_PROBLEMS:
        data = _problems_as_codes(data)
    elif version != SCHEMA_VERSION:
        raise InputError(
            t(
                "snapshot schema version {version} is not one this moodle-sync reads "
                "({schemas}); pull again",
                version=repr(version),
                schemas=f"{SENTENCE_PROBLEMS}, {SCHEMA_VERSION}",
            ),
            path,
        )
    try:
        return _possible(jsondata.load(Snapshot, data))
    except jsondata.DataError as exc:
        raise InputError(t("malformed snapshot: {problem}", problem=exc), path) from None


def _possible(snapshot: Snapshot) -> Snapshot:
    """`snapshot`, once none of its times is negative and no learner is in it twice (a
    hand-edited file could lower or double a learner's hours); DataError otherwise."""
    times: list[tuple[str, float | None]] = [
        (f"units[{u}].{kind}[{i}].duration", info.duration)
        for u, unit in enumerate(snapshot.units)
        for kind, infos in (("scos", unit.scos), ("tasks", unit.tasks))
        for i, info in enumerate(infos)
    ]
    times += [
        (f"learners[{n}].units.{unit_id}.scos.{item}.seconds", result.seconds)
        for n, learner in enumerate(snapshot.learners)
        for unit_id, unit in learner.units.items()
        for item, result in unit.scos.items()
    ]
    times += [(f"sessions[{i}]", s.seconds) for i, s in enumerate(snapshot.sessions)]
    times += [(f"register[{i}]", row.hours) for i, row in enumerate(snapshot.register)]
    for where, value in times:
        if value is not None and value < 0:
            raise jsondata.DataError(
                where, t("a time cannot be negative, found {value}", value=f"{value:g}")
            )
    first: dict[str, int] = {}
    for n, learner in enumerate(snapshot.learners):
        if learner.username in first:
            raise jsondata.DataError(
                f"learners[{n}]",
                t(
                    "{username} is listed twice (also learners[{other}])",
                    username=learner.username,
                    other=first[learner.username],
                ),
            )
        first[learner.username] = n
    return snapshot


def _problems_as_codes(data: dict[str, Any]) -> dict[str, Any]:
    """A schema 5 snapshot in the shape of schema 6. Its problems are sentences, in Italian or in
    the language of the pull that wrote them: they are kept as written (problems.TEXT). Anything
    not where schema 5 has it is left for the loader to refuse."""

    def coded(owner: Any) -> None:
        found = owner.get("problems") if isinstance(owner, dict) else None
        if isinstance(found, list):
            owner["problems"] = [
                {"code": problems.TEXT, "params": {"text": p}} if isinstance(p, str) else p
                for p in found
            ]

    learners = data.get("learners")
    for learner in learners if isinstance(learners, list) else ():
        if not isinstance(learner, dict):
            continue
        coded(learner.get("admission_record"))
        units = learner.get("units")
        for unit in units.values() if isinstance(units, dict) else ():
            coded(unit)
            scos = unit.get("scos") if isinstance(unit, dict) else None
            for result in scos.values() if isinstance(scos, dict) else ():
                coded(result)
    return {**data, "schema": SCHEMA_VERSION}
