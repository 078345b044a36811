"""`moodle-sync pull`: an edition's learners, SCORM tracks, completion, grades (and attendance),
as a snapshot.

Tracks come through the plugin's one-call course report where the token can call it, else
through core's `mod_scorm_get_scorm_sco_tracks`, one call per learner, SCO and attempt, run
on a bounded thread pool. Either way each attempt's raw elements go through the same
validation (tracks.py), so the two give the same learner data. SCO nominal durations are
taken from the local build (build/report.json) and recorded in the snapshot, since Moodle
does not keep them. Each learner's admission record comes from the profile fields `enrol`
writes; an enrolment file, where given, supplies the data of learners enrolled otherwise.
Where the site has mod_attendance, its sessions become register rows.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

from course_model import scorm_data as cmi
from course_model.i18n import t, tn
from course_model.identifiers import item_id
from course_model.plan import TIMEZONE
from course_model.problems import Problem
from moodle_sync.files.buildreport import BuiltUnit
from moodle_sync.files.register import Attendance
from moodle_sync.files.sessions import Session
from moodle_sync.files.snapshot import (
    Admission,
    AdmissionRecord,
    CourseInfo,
    Learner,
    ScoInfo,
    ScoResult,
    Site,
    Snapshot,
    TaskInfo,
    TaskResult,
    UnitInfo,
    UnitResult,
)
from moodle_sync.moodle import assign, courses, results, scorm, sessions
from moodle_sync.moodle.admission import read_record
from moodle_sync.moodle.attendance import ATTENDANCE_SESSIONS, moodle_register
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import SiteError
from moodle_sync.moodle.scorm import SCO_TRACKS
from moodle_sync.moodle.site import COURSE_REPORT, SESSIONS, SiteInfo, require_functions
from moodle_sync.moodle.users import enrolled_students, full_names
from moodle_sync.rules.tracks import combine, elements_of, read_attempt

_NEW = TaskResult()  # a task the learner has not opened
# Attempts read per learner and SCO through core, besides the last: more is no learner's real use.
MAX_ATTEMPTS = 100
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # before any course's log
WORKERS = 8  # concurrent requests: enough to hide latency, few enough not to load the site
T = TypeVar("T")
R = TypeVar("R")


class Bar(Protocol):
    def update(self, steps: int) -> None: ...


# (number of steps, label) → a context manager giving a bar; click.progressbar fits.
ProgressFactory = Callable[[int, str], AbstractContextManager[Bar]]


class _Silent:
    def update(self, steps: int) -> None:
        pass


def no_progress(total: int, label: str) -> AbstractContextManager[Bar]:
    return nullcontext(_Silent())


@dataclass(frozen=True)
class PullResult:
    snapshot: Snapshot
    warnings: tuple[str, ...]


def run_parallel(function: Callable[[T], R], items: Sequence[T], workers: int, bar: Bar) -> list[R]:
    """`function` over `items` on at most `workers` threads, results in order; the first error
    stops the rest."""
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        futures = [pool.submit(function, item) for item in items]
        for future in as_completed(futures):
            future.result()
            bar.update(1)
        return [future.result() for future in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _NotAttempted(logging.Filter):
    """Every SCO a learner has not opened answers with a `notattempted` warning: normal here, not
    news."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "[notattempted " not in record.getMessage()


@contextmanager
def _quiet_not_attempted() -> Any:
    logger, quiet = logging.getLogger("moodle_sync.moodle.client"), _NotAttempted()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def _day(timestamp: Any) -> dt.date | None:
    """A course's start or end date; a broken one is left out (the plan's dates are the rule)."""
    moment = cmi.parse_moment("date", timestamp).value
    return moment.astimezone(TIMEZONE).date() if moment else None


def _unit(
    found: dict[str, Any], idnumber: str, scoes: list[dict[str, Any]], built: BuiltUnit | None
) -> UnitInfo:
    """One SCORM activity: its SCOs as Moodle lists them, with kind and nominal time from the
    build."""
    planned = {}
    for sco in built.scos if built else ():
        planned[item_id(sco.id)] = sco
    scos = []
    for row in scoes:
        if row.get("scormtype") != "sco":
            continue
        extra = {e.get("element"): e.get("value") for e in row.get("extradata", [])}
        mastery = cmi.parse_number("masteryscore", extra.get("masteryscore")).value
        match = planned.get(str(row["identifier"]))
        kind = match.kind if match else ("quiz" if mastery is not None else "lesson")
        if mastery is None and built and kind == "quiz":
            mastery = built.mastery
        scos.append(
            ScoInfo(
                int(row["id"]),
                str(row["identifier"]),
                str(row.get("title") or ""),
                kind,
                match.duration if match else None,
                mastery,
            )
        )
    return UnitInfo(
        id=idnumber or f"scorm-{found['id']}",
        code=built.code if built else "",
        title=built.title if built else str(found.get("name", "")),
        scorm_id=int(found["id"]),
        cmid=int(found["coursemodule"]),
        mastery=built.mastery if built else None,
        scos=tuple(scos),
    )


def _units(
    client: MoodleClient, courseid: int, build: dict[str, BuiltUnit], workers: int
) -> tuple[list[UnitInfo], list[str]]:
    found = scorm.scorms_in_course(client, courseid)

    def describe(activity: dict[str, Any]) -> UnitInfo:
        idnumber = str(
            scorm.course_module(client, int(activity["coursemodule"])).get("idnumber") or ""
        )
        return _unit(
            activity, idnumber, scorm.scoes(client, int(activity["id"])), build.get(idnumber)
        )

    units = run_parallel(describe, found, workers, _Silent())
    warnings = []
    for activity, unit in zip(found, units, strict=True):
        built = build.get(unit.id)
        if built is None:
            warnings.append(
                t(
                    "SCORM activity {unit} ({title}) is not in the build: its SCOs' nominal "
                    "durations are unknown and their time will not be credited",
                    unit=repr(unit.id),
                    title=unit.title,
                )
            )
        elif activity.get("sha1hash") and activity["sha1hash"] != built.sha1:
            warnings.append(
                t(
                    "the package of {unit} on Moodle is not the one in the build folder: nominal "
                    "durations are taken from the local build (run moodle-sync deploy to align "
                    "them)",
                    unit=unit.id,
                )
            )
        unknown = [s.item for s in unit.scos if s.duration is None]
        if built and unknown:
            warnings.append(
                t(
                    "{unit}: SCOs not in the build report, time not credited: {scos}",
                    unit=unit.id,
                    scos=", ".join(unknown),
                )
            )
    return units, warnings


def _moment(value: Any) -> dt.datetime | None:
    return cmi.parse_moment("time", value).value if value else None


def _task_infos(
    client: MoodleClient, courseid: int, units: list[UnitInfo], build: dict[str, BuiltUnit]
) -> list[UnitInfo]:
    """The units with their practical tasks: the course's assignments whose idnumber is
    "unit:task" (as deploy gives them), with what passing them credits from the build."""
    tasks: dict[str, list[TaskInfo]] = {}
    for found in assign.assignments(client, courseid):
        idnumber = str(scorm.course_module(client, int(found["cmid"])).get("idnumber") or "")
        unit_id, _, task_id = idnumber.partition(":")
        if not task_id:
            continue
        built = next(
            (t for t in build[unit_id].tasks if t.id == task_id) if unit_id in build else (),
            None,
        )
        tasks.setdefault(unit_id, []).append(
            TaskInfo(
                id=task_id,
                title=built.title if built else str(found["name"]),
                assign_id=int(found["id"]),
                cmid=int(found["cmid"]),
                grade_max=float(found["grade"]),
                pass_grade=built.pass_grade if built else float(found["grade"]),
                modality=built.modality if built else "lab",
                duration=built.duration if built else None,
            )
        )
    return [replace(unit, tasks=tuple(tasks.get(unit.id, ()))) for unit in units]


def _task_results(client: MoodleClient, units: list[UnitInfo]) -> dict[tuple[int, int], TaskResult]:
    """(learner, assignment id) → the learner's last submission and its grade: two calls for
    the whole course, and one for the graders' names."""
    ids = [task.assign_id for unit in units for task in unit.tasks]
    if not ids:
        return {}
    submitted: dict[tuple[int, int], dict[str, Any]] = {}
    for assignid, rows in assign.submissions(client, ids).items():
        for row in sorted(rows, key=lambda r: int(r["attemptnumber"])):
            submitted[int(row["userid"]), assignid] = row
    graded: dict[tuple[int, int], dict[str, Any]] = {}
    for assignid, rows in assign.grades(client, ids).items():
        for row in sorted(rows, key=lambda r: int(r["attemptnumber"])):
            grade = cmi.parse_number("grade", row["grade"]).value
            if grade is not None and grade >= 0:
                graded[int(row["userid"]), assignid] = {**row, "grade": grade}
    names = full_names(client, (int(g["grader"] or 0) for g in graded.values()))
    found = {}
    for key in submitted.keys() | graded.keys():
        row, grade = submitted.get(key, {}), graded.get(key)
        status = str(row.get("status", "new"))
        found[key] = TaskResult(
            status=status,
            submitted_at=_moment(row.get("timemodified")) if status == "submitted" else None,
            grade=grade["grade"] if grade else None,
            grader=names.get(int(grade["grader"] or 0), "") if grade else "",
            graded_at=_moment(grade["timemodified"]) if grade else None,
        )
    return found


def _admission(record: AdmissionRecord | None, edition: str) -> Admission | None:
    """What admission is decided on: the record `enrol` wrote for this very edition."""
    return record.admission if record is not None and record.edition == edition else None


def _attempts_result(attempts: Iterable[tuple[int, dict[str, Any]]]) -> ScoResult:
    return combine(read_attempt(number, elements) for number, elements in attempts if elements)


def core_tracks(
    client: MoodleClient, userids: list[int], units: list[UnitInfo], workers: int, bar: Bar
) -> dict[tuple[int, int], ScoResult]:
    """Every (learner, SCO): the last attempt first (Moodle's default), then the earlier ones."""
    tasks = [(userid, sco.moodle_id) for userid in userids for unit in units for sco in unit.scos]

    def read(task: tuple[int, int]) -> ScoResult:
        userid, scoid = task
        last = scorm.sco_tracks(client, scoid, userid)
        attempts = {int(last["attempt"]): last["tracks"]}
        for number in range(1, min(int(last["attempt"]), MAX_ATTEMPTS + 1)):
            attempts[number] = scorm.sco_tracks(client, scoid, userid, number)["tracks"]
        return _attempts_result(
            (number, elements_of(tracks)) for number, tracks in attempts.items()
        )

    return dict(zip(tasks, run_parallel(read, tasks, workers, bar), strict=True))


def plugin_tracks(client: MoodleClient, courseid: int) -> dict[tuple[int, int], ScoResult]:
    """Every (learner, SCO) from the plugin's course report, which carries each attempt's raw
    elements."""
    results = {}
    for row in scorm.course_report(client, courseid):
        results[int(row["userid"]), int(row["scoid"])] = _attempts_result(
            (int(a["attempt"]), {**elements_of(a["elements"]), "timemodified": a["timemodified"]})
            for a in row["tracks"]
        )
    return results


def _unit_result(
    completion: tuple[int, Any] | None,
    grade: tuple[Any, Any] | None,
    scos: dict[str, ScoResult],
    tasks: dict[str, TaskResult] | None = None,
) -> UnitResult:
    """A learner's results in one unit, Moodle's times and grades read as data (a broken one is a
    problem)."""
    problems: list[Problem] = []

    def read(reading: cmi.Reading) -> Any:
        if reading.problem:
            problems.append(reading.problem)
        return reading.value

    state, completed = completion or (None, None)
    raw, maximum = grade or (None, None)
    return UnitResult(
        state,
        read(cmi.parse_moment("timecompleted", completed)),
        read(cmi.parse_number("graderaw", raw)),
        read(cmi.parse_number("grademax", maximum)),
        scos,
        tuple(problems),
        tasks or {},
    )


def pull(
    client: MoodleClient,
    info: SiteInfo,
    edition: str,
    build: dict[str, BuiltUnit],
    *,
    admissions: dict[str, Admission] | None = None,
    use_plugin: bool | None = None,
    workers: int = WORKERS,
    progress: ProgressFactory = no_progress,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> PullResult:
    """Read the edition's course (idnumber = edition code) into a snapshot."""
    plugin = COURSE_REPORT in info.functions if use_plugin is None else use_plugin
    require_functions(info, "report", unneeded=[SCO_TRACKS if plugin else COURSE_REPORT])
    pulled_at = now()
    course = courses.find_course(client, "idnumber", edition)
    if course is None:
        raise SiteError(
            t(
                "no course with idnumber {edition} on the site: check --edition, or run "
                "'moodle-sync deploy' first",
                edition=edition,
            )
        )
    courseid = int(course["id"])
    units, warnings = _units(client, courseid, build, workers)
    units = _task_infos(client, courseid, units, build)
    task_results = _task_results(client, units)
    learners = enrolled_students(client, courseid)
    userids = [int(u["id"]) for u in learners]
    with _quiet_not_attempted():
        if plugin:
            tracks = plugin_tracks(client, courseid)
        else:
            steps = sum(len(unit.scos) for unit in units) * len(userids)
            with progress(steps, t("SCORM tracks")) as bar:
                tracks = core_tracks(client, userids, units, workers, bar)
    with progress(len(userids), t("Activity completion")) as bar:
        completion = dict(
            zip(
                userids,
                run_parallel(
                    lambda u: results.activity_completion(client, courseid, u),
                    userids,
                    workers,
                    bar,
                ),
                strict=True,
            )
        )
    grades = results.grades(client, courseid)
    register: tuple[Attendance, ...] = ()
    if ATTENDANCE_SESSIONS in info.functions:
        register, skipped = moodle_register(
            client, courseid, {int(u["id"]): str(u["username"]) for u in learners}
        )
        warnings.extend(skipped)
    records = {int(u["id"]): read_record(u.get("customfields", [])) for u in learners}
    logged: tuple[Session, ...] = ()
    window = SESSIONS in info.functions
    if window:  # the register: the course's whole log up to now
        logged = tuple(sessions.entries(client, courseid, EARLIEST, pulled_at))
    snapshot = Snapshot(
        pulled_at=pulled_at,
        source="plugin" if plugin else "core",
        site=Site(client.settings.url, info.sitename, info.release),
        course=CourseInfo(
            courseid,
            str(course.get("shortname", "")),
            str(course.get("idnumber", "")),
            str(course.get("fullname", "")),
            edition,
            _day(course.get("startdate")),
            _day(course.get("enddate")),
        ),
        units=tuple(units),
        learners=tuple(
            Learner(
                username=str(user["username"]),
                userid=int(user["id"]),
                fullname=str(user.get("fullname", "")),
                email=str(user.get("email", "")),
                admission=_admission(records[int(user["id"])], edition),
                units={
                    unit.id: _unit_result(
                        completion[int(user["id"])].get(unit.cmid),
                        grades.get((int(user["id"]), unit.cmid)),
                        {
                            sco.item: tracks.get((int(user["id"]), sco.moodle_id), ScoResult())
                            for sco in unit.scos
                        },
                        {
                            task.id: task_results.get((int(user["id"]), task.assign_id), _NEW)
                            for task in unit.tasks
                        },
                    )
                    for unit in units
                },
                admission_record=records[int(user["id"])],
            )
            for user in learners
        ),
        register=register,
        sessions=logged,
        sessions_from=EARLIEST if window else None,
        sessions_to=pulled_at if window else None,
    )
    if admissions:
        snapshot = snapshot.with_admissions(admissions)
        missing = sorted(set(admissions) - {learner.username for learner in snapshot.learners})
        if missing:
            warnings.append(
                t(
                    "learners in the enrolment file but not enrolled in {edition}: {names}",
                    edition=edition,
                    names=", ".join(missing),
                )
            )
    unknown = [learner.username for learner in snapshot.learners if learner.admission is None]
    if unknown:
        warnings.append(
            tn(
                "{count} learner has no admission record in Moodle for {edition} ({names}): "
                "give the data with --learners",
                "{count} learners have no admission record in Moodle for {edition} ({names}): "
                "give their data with --learners",
                len(unknown),
                edition=edition,
                names=", ".join(unknown),
            )
        )
    return PullResult(snapshot, tuple(warnings))
