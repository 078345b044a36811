"""Who may sit the final exam: a pure function of snapshot, register, credits, standard and plan.

Credited hours by modality:
- aula, lab and stage from the attendance register;
- sync from the virtual-classroom sessions in Moodle's log and the register, each moment once
  (sync_hours), capped at the sync cap;
- async from the SCORM tracks: each SCO's tracked time capped at its nominal duration, the
  sum capped at the async cap (a SCO whose nominal duration is unknown credits nothing);
- recognised credits, counted as attended.
A learner is eligible when the credited total reaches the threshold (total hours less the
standard's maximum absence), every unit's verification is passed, and admission holds (age
at the course start, education level, joined by the latest entry date). Every "no" carries
its reasons, in the administrator's language (course_model.i18n).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from course_model.admission import Admission, latest_entry_date, refusals
from course_model.formats import local
from course_model.i18n import t, tn
from course_model.plan import CoursePlan
from course_model.standard import Standard
from moodle_sync.files.credits import Credit
from moodle_sync.files.register import REGISTER_MODALITIES, Attendance
from moodle_sync.files.sessions import Session
from moodle_sync.files.snapshot import (
    Learner,
    ScoInfo,
    ScoResult,
    Snapshot,
    TaskInfo,
    TaskResult,
    UnitInfo,
    UnitResult,
)
from moodle_sync.rules.limits import elearning_caps
from moodle_sync.rules.registro import (
    connected_by_learner,
    difference_note,
    unfinished_meeting,
    unfinished_meeting_note,
)
from moodle_sync.rules.sync_hours import SyncHours, meetings_by_learner, sync_hours

# Floating-point sums of minutes must not fail a learner who has exactly the threshold.
EPSILON = 1e-6
HOUR_KEYS = ("aula", "sync", "async", "lab", "stage", "credits")


@dataclass(frozen=True, slots=True)
class Rules:
    """The figures applied, all from standard.yml and course.yml."""

    total_hours: float
    max_absence_pct: float
    sync_cap: float
    async_cap: float
    min_age: int
    min_eqf: int
    education: str
    start: dt.date
    end: dt.date
    latest_entry: dt.date
    latest_entry_pct: float

    @property
    def min_attendance_pct(self) -> float:
        return 100 - self.max_absence_pct

    @property
    def threshold(self) -> float:
        return self.total_hours * self.min_attendance_pct / 100


def rules_for(standard: Standard, plan: CoursePlan) -> Rules:
    caps = elearning_caps(standard, plan)
    return Rules(
        total_hours=plan.total_hours,
        max_absence_pct=standard.max_absence_pct,
        sync_cap=caps.effective_sync_cap,
        async_cap=caps.effective_async_cap,
        min_age=standard.min_age,
        min_eqf=standard.min_eqf,
        education=standard.education,
        start=plan.edition.start,
        end=plan.edition.end,
        latest_entry=latest_entry_date(standard, plan),
        latest_entry_pct=standard.latest_entry_pct,
    )


@dataclass(frozen=True, slots=True)
class Hours:
    aula: float = 0.0
    sync: float = 0.0
    async_: float = 0.0
    lab: float = 0.0
    stage: float = 0.0
    credits: float = 0.0

    @property
    def total(self) -> float:
        return self.aula + self.sync + self.async_ + self.lab + self.stage + self.credits

    def by_modality(self) -> dict[str, float]:
        return dict(
            zip(
                HOUR_KEYS,
                (self.aula, self.sync, self.async_, self.lab, self.stage, self.credits),
                strict=True,
            )
        )


@dataclass(frozen=True, slots=True)
class ScoCredit:
    """One SCO's tracked time and what of it is credited, for the detail of a report."""

    unit_id: str
    sco: ScoInfo
    result: ScoResult
    tracked_hours: float
    credited_hours: float

    @property
    def duration_hours(self) -> float | None:
        return None if self.sco.duration is None else self.sco.duration / 60


@dataclass(frozen=True, slots=True)
class TaskCheck:
    """A practical task of a unit: graded at or above its pass mark, or why not."""

    task: TaskInfo
    result: TaskResult
    passed: bool
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class UnitCheck:
    """A unit's verification: passed or not, and why not (a tuple: one per learner and unit).
    The quiz decides `reason`; each practical task has its own check in `tasks`."""

    unit_id: str
    label: str  # "UF1 (1784)"
    title: str
    passed: bool
    status: str | None = None
    score: float | None = None
    mastery: float | None = None
    reason: str | None = None
    tasks: tuple[TaskCheck, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        """Every reason the unit is not passed: the quiz's, then each task's."""
        found = (self.reason, *(task.reason for task in self.tasks))
        return tuple(reason for reason in found if reason)


@dataclass(frozen=True, slots=True)
class Verdict:
    username: str
    fullname: str
    eligible: bool
    credited: Hours
    # Before the caps (async: the tracked time of every SCO; sync: every hour of the sessions
    # and the register, each moment once).
    tracked: Hours
    units: tuple[UnitCheck, ...]
    # What the snapshot holds for them: sco_credits() details their SCORM time from it.
    learner: Learner
    register: tuple[Attendance, ...]
    credits: tuple[Credit, ...]
    admitted: bool  # admission rules (age, education, entry date) hold
    reasons: tuple[str, ...]
    # What an auditor should see but does not decide (invalid values, odd rows).
    notes: tuple[str, ...]
    sync: SyncHours = SyncHours()  # the credited sync hours by source
    meetings: tuple[Session, ...] = ()  # their sessions in a virtual classroom, counted or not


@dataclass(frozen=True, slots=True)
class Assessment:
    rules: Rules
    units: tuple[UnitInfo, ...]  # the SCORM units of the snapshot
    verdicts: tuple[Verdict, ...]
    notes: tuple[str, ...]  # about the inputs as a whole
    # Learner id → SCO id → seconds connected, from the snapshot's register; None without one.
    connected: dict[int, dict[int, int]] | None = None
    # Those of the notes that cost a learner hours unseen in a CSV or JSON report: the command
    # also gives them on stderr.
    warnings: tuple[str, ...] = ()

    def sco_credits(self, verdict: Verdict) -> list[ScoCredit]:
        connected = (
            None if self.connected is None else self.connected.get(verdict.learner.userid, {})
        )
        return sco_credits(verdict.learner, self.units, connected)


_NO_UNIT, _NO_SCO, _NEW = UnitResult(), ScoResult(), TaskResult()


class _Attended:
    """One learner's register rows, their hours by modality, and how many fall outside the
    edition."""

    __slots__ = ("rows", "hours", "outside")

    def __init__(self) -> None:
        self.rows: list[Attendance] = []
        self.hours = dict.fromkeys(REGISTER_MODALITIES, 0.0)
        self.outside = 0


def _attendance(register: Iterable[Attendance], rules: Rules) -> dict[str, _Attended]:
    """The register by learner, summed in the same pass: it can hold hundreds of thousands of
    rows."""
    found: dict[str, _Attended] = {}
    start, end = rules.start, rules.end
    for row in register:
        attended = found.get(row.username)
        if attended is None:
            attended = found[row.username] = _Attended()
        attended.rows.append(row)
        attended.hours[row.modality] += row.hours
        if not start <= row.date <= end:
            attended.outside += 1
    return found


def _credits_by_learner(credits: Iterable[Credit]) -> dict[str, list[Credit]]:
    grouped: dict[str, list[Credit]] = defaultdict(list)
    for credit in credits:
        grouped[credit.username].append(credit)
    return grouped


@dataclass(frozen=True, slots=True)
class _Planned:
    """A unit of the plan, with its SCORM activity in the snapshot (None when missing)."""

    unit_id: str
    unit: UnitInfo | None
    label: str  # "UF1 (1784)"
    title: str
    quizzes: tuple[ScoInfo, ...] = ()


def _planned_units(
    snapshot: Snapshot, standard: Standard, plan: CoursePlan
) -> tuple[_Planned, ...]:
    found = {unit.id: unit for unit in snapshot.units}
    planned = []
    for unit_plan in plan.units:
        unit = found.get(unit_plan.id)
        known = standard.unit(unit.code) if unit else None
        quizzes = unit.quizzes if unit else ()
        if known:
            planned.append(
                _Planned(
                    unit_plan.id, unit, f"UF{known.number} ({known.code})", known.title, quizzes
                )
            )
        else:
            planned.append(
                _Planned(
                    unit_plan.id, unit, unit_plan.id, unit.title if unit else unit_plan.id, quizzes
                )
            )
    return tuple(planned)


# Per unit id, its SCOs with their durations in hours (None when unknown), worked out once per
# assessment.
_Durations = tuple[tuple[str, tuple[tuple[ScoInfo, float | None], ...]], ...]


def _durations(units: tuple[UnitInfo, ...]) -> _Durations:
    return tuple(
        (
            unit.id,
            tuple((sco, None if sco.duration is None else sco.duration / 60) for sco in unit.scos),
        )
        for unit in units
    )


def _credited(
    duration_hours: float | None, tracked_hours: float, connected_hours: float | None
) -> float:
    """A SCO's tracked time up to its duration and, where the register is known, up to the time
    connected to it; nothing when the duration is unknown."""
    if duration_hours is None:
        return 0.0
    return min(
        tracked_hours, duration_hours, tracked_hours if connected_hours is None else connected_hours
    )


def _connected_hours(connected: dict[int, int] | None, sco: ScoInfo) -> float | None:
    return None if connected is None else connected.get(sco.moodle_id, 0) / 3600


def sco_credits(
    learner: Learner, units: tuple[UnitInfo, ...], connected: dict[int, int] | None = None
) -> list[ScoCredit]:
    """Each SCO's tracked and credited time, for a report's detail (`connected`: the learner's
    seconds connected per SCO id, where the register is known)."""
    credits = []
    for unit_id, scos in _durations(units):
        results = learner.units.get(unit_id, _NO_UNIT).scos
        for sco, duration in scos:
            result = results.get(sco.item, _NO_SCO)
            hours = result.seconds / 3600
            credited = _credited(duration, hours, _connected_hours(connected, sco))
            credits.append(ScoCredit(unit_id, sco, result, hours, credited))
    return credits


def _async_hours(
    learner: Learner, durations: _Durations, notes: list[str], connected: dict[int, int] | None
) -> tuple[float, float]:
    """(tracked, credited within each SCO's duration and connected time): sums only, as this
    runs for every learner."""
    tracked = credited = 0.0
    for unit_id, scos in durations:
        results = learner.units.get(unit_id, _NO_UNIT).scos
        for sco, duration in scos:
            result = results.get(sco.item)
            if result is None:
                continue
            hours = result.seconds / 3600
            tracked += hours
            joined = _connected_hours(connected, sco)
            credited += _credited(duration, hours, joined)
            note = (
                None
                if joined is None
                else difference_note(unit_id, sco.title, result.seconds, joined * 3600)
            )
            if note:
                notes.append(note)
            if hours and duration is None:
                notes.append(
                    t(
                        "{unit} · {sco}: nominal duration unknown, {hours} tracked not credited",
                        unit=unit_id,
                        sco=sco.title,
                        hours=local().hours(hours),
                    )
                )
            if result.problems:
                notes.extend(
                    t(
                        "{unit} · {sco}: {problem} (not credited)",
                        unit=unit_id,
                        sco=sco.title,
                        problem=str(problem),
                    )
                    for problem in result.problems
                )
    return tracked, credited


def _quiz_check(planned: _Planned, quiz: ScoInfo, result: ScoResult) -> UnitCheck:
    mastery = quiz.mastery if quiz.mastery is not None else planned.unit.mastery
    passed = result.status == "passed" or (
        result.score is not None and mastery is not None and result.score >= mastery - EPSILON
    )
    out = local()
    if passed:
        why = None
    elif result.attempts == 0:
        why = t("verification not taken")
    elif result.score is not None and mastery is not None:
        why = t(
            "verification not passed: score {score}, minimum {mastery}",
            score=out.percent(result.score),
            mastery=out.percent(mastery),
        )
    elif result.status in ("failed", "completed"):
        why = t("verification not passed (result {status}, no valid score)", status=result.status)
    else:
        why = t(
            "verification not completed (status {status})",
            status=result.status or t("missing or not valid"),
        )
    if why and result.problems:
        why = t(
            "{reason}; invalid values: {problems}",
            reason=why,
            problems="; ".join(map(str, result.problems)),
        )
    return UnitCheck(
        planned.unit_id,
        planned.label,
        planned.title,
        passed,
        result.status,
        result.score,
        mastery,
        why,
    )


def _task_check(task: TaskInfo, result: TaskResult) -> TaskCheck:
    """A task is passed once graded at or above its pass mark; until then, why not."""
    if result.grade is not None:
        if result.grade >= task.pass_grade - EPSILON:
            return TaskCheck(task, result, True)
        why = t(
            "practical task {title} not passed: grade {grade}, at least {pass_grade} needed",
            title=task.title,
            grade=local().number(result.grade),
            pass_grade=local().number(task.pass_grade),
        )
    elif result.status == "submitted":
        why = t("practical task submitted, waiting to be graded: {title}", title=task.title)
    else:
        why = t("practical task not submitted: {title}", title=task.title)
    return TaskCheck(task, result, False, why)


def _unit_check(learner: Learner, planned: _Planned) -> UnitCheck:
    """The unit's verification: every quiz SCO in its package passed, and every practical task
    graded at or above its pass mark."""
    check = _quiz_unit_check(learner, planned)
    if planned.unit is None or not planned.unit.tasks:
        return check
    results = learner.units.get(planned.unit_id, _NO_UNIT).tasks
    tasks = tuple(_task_check(task, results.get(task.id, _NEW)) for task in planned.unit.tasks)
    return replace(check, passed=check.passed and all(t.passed for t in tasks), tasks=tasks)


def _task_hours(learner: Learner, units: tuple[UnitInfo, ...]) -> dict[str, float]:
    """Hours of passed practical tasks by modality: a task's duration is credited once passed."""
    hours = {"lab": 0.0, "async": 0.0}
    for unit in units:
        results = learner.units.get(unit.id, _NO_UNIT).tasks
        for task in unit.tasks:
            result = results.get(task.id, _NEW)
            passed = result.grade is not None and result.grade >= task.pass_grade - EPSILON
            if passed and task.duration is not None and task.modality in hours:
                hours[task.modality] += task.duration / 60
    return hours


def _quiz_unit_check(learner: Learner, planned: _Planned) -> UnitCheck:
    """The unit's quizzes: every quiz SCO in its package passed."""
    if planned.unit is None or not planned.quizzes:
        why = (
            t("the unit's SCORM activity was not found in the course on Moodle")
            if planned.unit is None
            else t("no verification in the unit's SCORM package")
        )
        return UnitCheck(planned.unit_id, planned.label, planned.title, False, reason=why)
    results = learner.units.get(planned.unit_id, _NO_UNIT).scos
    checks = [
        _quiz_check(planned, quiz, results.get(quiz.item, _NO_SCO)) for quiz in planned.quizzes
    ]
    return next((c for c in checks if not c.passed), checks[0])


def _described(admission: Admission) -> str:
    out = local()
    return (
        f"{out.date(admission.birthdate)}, EQF {admission.education_eqf}, "
        f"{out.date(admission.joined)}"
    )


def _admission_notes(learner: Learner, edition: str) -> list[str]:
    """Where the admission data come from, when an auditor should look: a record in Moodle that
    cannot be read or is for another edition, or an enrolment file that says otherwise."""
    record = learner.admission_record
    if record is None:
        return []
    notes = [str(problem) for problem in record.problems]
    if record.edition != edition:
        notes.append(
            t(
                "the admission record in Moodle is for edition {other}, not {edition}",
                other=record.edition or "?",
                edition=edition,
            )
        )
    elif record.admission is not None and learner.admission not in (None, record.admission):
        notes.append(
            t(
                "the enrolment file gives other admission data ({given}) than the record in "
                "Moodle ({recorded}): the file's are used",
                given=_described(learner.admission),
                recorded=_described(record.admission),
            )
        )
    return notes


def _assess_learner(
    learner: Learner,
    units_info: tuple[UnitInfo, ...],
    durations: _Durations,
    planned: tuple[_Planned, ...],
    register: _Attended,
    credits: list[Credit],
    rules: Rules,
    standard: Standard,
    plan: CoursePlan,
    edition: str,
    connected: dict[int, int] | None,
    meetings: list[Session],
) -> Verdict:
    notes: list[str] = []
    async_tracked, async_within_scos = _async_hours(learner, durations, notes, connected)
    tasks = _task_hours(learner, units_info)
    async_tracked += tasks["async"]
    async_within_scos += tasks["async"]
    attended = register.hours
    # Most learners have no virtual classroom: their register's sum stands as it is.
    sync = sync_hours(meetings, register.rows) if meetings else SyncHours(0.0, attended["sync"])
    notes.extend(unfinished_meeting_note(m) for m in meetings if unfinished_meeting(m))
    credited_sync = sync.capped(rules.sync_cap)
    tracked = Hours(
        attended["aula"],
        sync.total,
        async_tracked,
        attended["lab"] + tasks["lab"],
        attended["stage"],
        sum(c.hours for c in credits),
    )
    if tasks["lab"]:
        notes.append(
            t("lab: {hours} from passed practical tasks", hours=local().hours(tasks["lab"]))
        )
    credited = Hours(
        tracked.aula,
        credited_sync.total,
        min(async_within_scos, rules.async_cap),
        tracked.lab,
        tracked.stage,
        tracked.credits,
    )
    out = local()
    for message, before, after, cap in (
        (
            t("synchronous e-learning: {hours} reduced to the limit of {cap}"),
            tracked.sync,
            credited.sync,
            rules.sync_cap,
        ),
        (
            t("asynchronous e-learning: {hours} reduced to the limit of {cap}"),
            async_within_scos,
            credited.async_,
            rules.async_cap,
        ),
    ):
        if after < before:
            notes.append(message.format(hours=out.hours(before), cap=out.hours(cap)))
    if register.outside:
        notes.append(
            tn(
                "{count} register row outside the edition's dates ({start} – {end})",
                "{count} register rows outside the edition's dates ({start} – {end})",
                register.outside,
                start=out.date(rules.start),
                end=out.date(rules.end),
            )
        )

    reasons = []
    if credited.total < rules.threshold - EPSILON:
        reasons.append(
            t(
                "attendance {hours} of {total} ({percent}), minimum {threshold} ({minimum})",
                hours=out.hours(credited.total),
                total=out.hours(rules.total_hours),
                percent=out.percent(100 * credited.total / rules.total_hours),
                threshold=out.hours(rules.threshold),
                minimum=out.percent(rules.min_attendance_pct),
            )
        )
    units = [_unit_check(learner, unit) for unit in planned]
    reasons.extend(f"{u.label} – {reason}" for u in units for reason in u.reasons)
    notes.extend(_admission_notes(learner, edition))
    refused = refusals(learner.admission, standard, plan)
    reasons.extend(refused)
    return Verdict(
        learner.username,
        learner.fullname,
        not reasons,
        credited,
        tracked,
        tuple(units),
        learner,
        tuple(register.rows),
        tuple(credits),
        not refused,
        tuple(reasons),
        tuple(notes),
        credited_sync,
        tuple(meetings),
    )


def assess(
    snapshot: Snapshot,
    register: Iterable[Attendance],
    credits: Iterable[Credit],
    standard: Standard,
    plan: CoursePlan,
) -> Assessment:
    rules = rules_for(standard, plan)
    rows, recognised = _attendance(register, rules), _credits_by_learner(credits)
    planned, durations = _planned_units(snapshot, standard, plan), _durations(snapshot.units)
    logged = snapshot.sessions_from is not None
    connected = connected_by_learner(snapshot.sessions) if logged else None
    meetings = meetings_by_learner(snapshot.sessions)
    verdicts = tuple(
        _assess_learner(
            learner,
            snapshot.units,
            durations,
            planned,
            rows.get(learner.username) or _Attended(),
            recognised.get(learner.username, []),
            rules,
            standard,
            plan,
            snapshot.course.edition,
            None if connected is None else connected.get(learner.userid, {}),
            meetings.get(learner.userid, []),
        )
        for learner in sorted(snapshot.learners, key=lambda learner: learner.username)
    )
    enrolled = {learner.username for learner in snapshot.learners}
    strangers = sorted((set(rows) | set(recognised)) - enrolled)
    warnings = (
        (
            t(
                "register or credits for users not enrolled in the course: {names}",
                names=", ".join(strangers),
            ),
        )
        if strangers
        else ()
    )
    notes = warnings
    if not logged:
        notes += (
            t(
                "asynchronous hours are not backed by sessions: the snapshot has no e-learning "
                "register (pull through the plugin {version} or later)",
                version="0.4.0",
            ),
        )
    return Assessment(rules, snapshot.units, verdicts, notes, connected, warnings)
