"""What the Moodle course of an edition should look like: a pure function of standard, plan and
build.

Category, course, one section per UF in plan order, one SCORM activity per UF package.
Everything carries a stable idnumber (sections have none in Moodle: they are matched by
their number, UF n in section n), so deploy can find it again before creating anything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from course_model.errors import InputError
from course_model.formats import ITALIAN
from course_model.i18n import t
from course_model.plan import CoursePlan, timestamp
from course_model.standard import Standard
from moodle_sync.files.buildreport import BuiltTask, BuiltUnit
from moodle_sync.moodle.assign import AssignSettings
from moodle_sync.moodle.scorm import ScormSettings

MODALITY_LABELS = {
    "aula": "Aula",
    "sync": "E-learning sincrono",
    "async": "E-learning asincrono",
    "lab": "Laboratorio",
    "stage": "Tirocinio",
}


@dataclass(frozen=True)
class CategorySpec:
    name: str
    idnumber: str


@dataclass(frozen=True)
class CourseSpec:
    fullname: str
    shortname: str
    idnumber: str
    summary: str
    startdate: int
    enddate: int

    def fields(self, categoryid: int) -> dict[str, Any]:
        """The course as core_course_create_courses / update_courses take it."""
        return {
            "fullname": self.fullname,
            "shortname": self.shortname,
            "idnumber": self.idnumber,
            "categoryid": categoryid,
            "summary": self.summary,
            "summaryformat": 1,
            "startdate": self.startdate,
            "enddate": self.enddate,
            "enablecompletion": 1,
        }


@dataclass(frozen=True)
class SectionSpec:
    number: int
    name: str


@dataclass(frozen=True)
class ActivitySpec:
    idnumber: str
    section: int
    name: str
    intro: str
    package: Path
    sha1: str
    settings: ScormSettings


@dataclass(frozen=True)
class AssignSpec:
    """The assignment of a practical task, in its unit's section."""

    idnumber: str
    section: int
    name: str
    intro: str
    settings: AssignSettings


@dataclass(frozen=True)
class CourseLayout:
    category: CategorySpec
    course: CourseSpec
    sections: tuple[SectionSpec, ...]
    activities: tuple[ActivitySpec, ...]
    assigns: tuple[AssignSpec, ...] = ()


def task_idnumber(unit_id: str, task_id: str) -> str:
    """The idnumber of a task's assignment: unique in the course, stable across builds."""
    return f"{unit_id}:{task_id}"


MB = 1024 * 1024
DUE_TIME = 23 * 3600 + 59 * 60  # a task is due at the end of its day


def assign_settings(task: BuiltTask, unit_start: dt.date) -> AssignSettings:
    due = 0
    if task.due is not None:
        due = timestamp(unit_start + dt.timedelta(days=task.due)) + DUE_TIME
    return AssignSettings(
        onlinetext=int(task.text),
        maxfiles=task.files,
        maxsizebytes=round(task.max_size_mb * MB) if task.files else 0,
        filetypes=",".join(task.types) if task.files else "",
        duedate=due,
        grade=task.grade,
        gradepass=task.pass_grade,
        rubric=tuple((c.description, c.levels) for c in task.rubric),
    )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def hour_plan_html(standard: Standard, plan: CoursePlan, titles: dict[str, str]) -> str:
    """The hour plan by UF and modality, as the course summary shows it."""
    head = "".join(
        f"<th>{label}</th>" for label in ("Unità formativa", *MODALITY_LABELS.values(), "Totale")
    )
    rows = []
    for unit in plan.units:
        cells = "".join(f"<td>{ITALIAN.number(h)}</td>" for h in unit.hours.by_modality().values())
        rows.append(
            f"<tr><td>{escape(titles[unit.id])}</td>{cells}<td>{ITALIAN.number(unit.hours.total)}</td></tr>"
        )
    kc = "".join(
        f"<td>{ITALIAN.number(plan.key_competences if m == 'aula' else 0)}</td>"
        for m in MODALITY_LABELS
    )
    rows.append(
        f"<tr><td>Competenze chiave</td>{kc}<td>{ITALIAN.number(plan.key_competences)}</td></tr>"
    )
    totals = plan.hours_by_modality()
    totals["aula"] += plan.key_competences
    total_cells = "".join(f"<th>{ITALIAN.number(totals[m])}</th>" for m in MODALITY_LABELS)
    rows.append(f"<tr><th>Totale</th>{total_cells}<th>{ITALIAN.number(plan.total_hours)}</th></tr>")
    return (
        f"<p>{escape(standard.qualification)} (EQF {standard.eqf}), {escape(standard.region)}. "
        f"Ore per unità formativa e modalità:</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _activity_intro(unit: BuiltUnit) -> str:
    lessons = f"{unit.lessons} lezion{'e' if unit.lessons == 1 else 'i'}"
    quiz = f" e la verifica finale (soglia {ITALIAN.number(unit.mastery)}%)" if unit.quizzes else ""
    return f"<p>{lessons}{quiz}, circa {ITALIAN.number(unit.duration)} minuti.</p>"


def course_layout(
    standard: Standard,
    plan: CoursePlan,
    build: dict[str, BuiltUnit],
    edition_code: str | None = None,
) -> CourseLayout:
    code = edition_code or plan.edition.code
    sections, activities, assigns, titles = [], [], [], {}
    for number, unit_plan in enumerate(plan.units, start=1):
        built = build.get(unit_plan.id)
        if built is None:
            raise InputError(
                t(
                    "unit {unit} is in the plan but not in the build: run scormgen build",
                    unit=unit_plan.id,
                ),
                plan.path,
                unit_plan.line,
            )
        unit = standard.unit(built.code)
        if unit is None:
            raise InputError(
                t(
                    "unit {unit} is built with standard code {code}, which the standard does "
                    "not define",
                    unit=unit_plan.id,
                    code=built.code,
                ),
                plan.path,
                unit_plan.line,
            )
        titles[unit_plan.id] = f"UF{unit.number} · {unit.title}"
        sections.append(SectionSpec(number, titles[unit_plan.id]))
        activities.append(
            ActivitySpec(
                idnumber=unit_plan.id,
                section=number,
                name=built.title,
                intro=_activity_intro(built),
                package=built.package,
                sha1=built.sha1,
                settings=ScormSettings(),
            )
        )
        assigns += [
            AssignSpec(
                idnumber=task_idnumber(unit_plan.id, task.id),
                section=number,
                name=task.title,
                intro=task.description,
                settings=assign_settings(task, plan.unit_start(unit_plan.id)),
            )
            for task in built.tasks
        ]
    course = CourseSpec(
        fullname=f"{plan.title} ({code})",
        shortname=code,
        idnumber=code,
        summary=hour_plan_html(standard, plan, titles),
        startdate=timestamp(plan.edition.start),
        enddate=timestamp(plan.edition.end),
    )
    category = CategorySpec(plan.edition.category, slug(plan.edition.category))
    return CourseLayout(category, course, tuple(sections), tuple(activities), tuple(assigns))
