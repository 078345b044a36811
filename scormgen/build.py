"""The build pipeline: config → structure → render → package → write.

Every stage's output is plain data. Each unit's files are written to a staging folder as soon
as the unit is packaged, and the staging folder replaces the output folder only once every unit
has been built, so a content error (or a kill) leaves the output folder as it was.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import multiprocessing
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from course_model.errors import ContentError, ContentErrors
from course_model.i18n import t, tn
from course_model.output import carry_over, replaced_output, write_synced
from course_model.plan import UnitPlan
from course_model.zipfiles import deterministic_zip
from scormgen import __version__
from scormgen.package.scorm import MANIFEST_WRITERS, build_package, describe
from scormgen.quiz.model import Quiz
from scormgen.quiz.moodle_xml import moodle_xml
from scormgen.render.pages import PageRenderer, RenderedUnit
from scormgen.render.tasks import task_report
from scormgen.structure.course import (
    Course,
    Unit,
    load_course_settings,
    load_unit,
    pass_mark,
)
from scormgen.structure.findings import Finding, Findings

PACKAGE_FORMATS = tuple(MANIFEST_WRITERS)
QUIZ_FORMATS = ("qti21", "moodle")
ALL_FORMATS = PACKAGE_FORMATS + QUIZ_FORMATS
REPORT = "report.json"
# What a report may list: a file of a format folder (never a path that leads elsewhere).
_OUTPUT_PATH = re.compile(rf"(?:{'|'.join(ALL_FORMATS)})/[\w-][\w.-]*")


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str  # relative to the output folder
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class UnitBuild:
    unit: Unit
    outputs: tuple[OutputFile, ...]
    scos: list[dict]  # as the report lists them
    coverage: dict[str, dict[str, list[str]]]
    mastery: float  # the pass mark: see pass_mark
    tasks: list[dict]  # as the report lists them


@dataclass(frozen=True, slots=True)
class UnitFailure:
    """A unit that cannot be built, with every error found in it."""

    unit_id: str
    errors: tuple[Finding, ...]


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip() for f in text.split(",") if f.strip()))  # once each
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown or not formats:
        raise ContentError(
            t(
                "unknown format {formats}; choose from {known}",
                formats=", ".join(unknown) or t("(none)"),
                known=", ".join(ALL_FORMATS),
            )
        )
    return formats


class UnitBuilder:
    """Reads, renders and packages units; holds what is costly to set up once (templates,
    Markdown)."""

    def __init__(self, course: Course, formats: tuple[str, ...], staging: Path) -> None:
        self.course = course
        self.formats = formats
        self.staging = staging  # where the unit's files are written, see output.replaced_output
        self.renderer = PageRenderer(course)

    def build(self, unit_plan: UnitPlan) -> UnitBuild | UnitFailure:
        findings = Findings()
        unit = load_unit(self.course, unit_plan, findings)
        rendered = render_checked(self.renderer, unit, findings)[1] if unit is not None else None
        if unit is None or rendered is None:
            return UnitFailure(unit_plan.id, tuple(findings.errors))
        outputs = []
        description = describe(rendered, self.course.plan.language, self.course.plan.keywords)
        for fmt in self.formats:
            if fmt in PACKAGE_FORMATS:
                package = build_package(fmt, rendered, description)
                outputs.append(self._write(f"{fmt}/{unit.id}.zip", package.data))
            elif fmt == "qti21" and rendered.quiz is not None:
                qti_zip = deterministic_zip(rendered.qti_package)
                outputs.append(self._write(f"qti21/{unit.id}.zip", qti_zip))
            elif fmt == "moodle" and rendered.quiz is not None:
                category = f"UF {unit.standard.number} ({unit.standard.code}) – {unit.title}"
                outputs.append(
                    self._write(f"moodle/{unit.id}.xml", moodle_xml(rendered.quiz, category))
                )
        scos = [
            {"id": sco.id, "title": sco.title, "kind": sco.kind, "duration": sco.duration}
            for sco in rendered.scos
        ]
        return UnitBuild(
            unit,
            tuple(outputs),
            scos,
            coverage(unit, rendered.quiz),
            pass_mark(unit, rendered.quiz),
            [
                task_report(task, rendered.task_descriptions[task.id], rendered.files)
                for task in unit.tasks
            ],
        )

    def _write(self, path: str, data: bytes) -> OutputFile:
        write_synced(self.staging / path, data)
        return OutputFile(path, len(data), hashlib.sha256(data).hexdigest())


def report(course: Course, builds: list[UnitBuild]) -> dict:
    return {
        "generator": f"scormgen {__version__}",
        "course": course.plan.title,
        "units": [
            {
                "id": b.unit.id,
                "code": b.unit.standard.code,
                "title": b.unit.title,
                "mastery": b.mastery,
                "duration": sum(s["duration"] for s in b.scos),
                "scos": b.scos,
                "tasks": b.tasks,
                "files": [{"path": o.path, "sha256": o.sha256, "size": o.size} for o in b.outputs],
            }
            for b in builds
        ],
        "coverage": {b.unit.id: b.coverage for b in builds},
    }


def coverage(unit: Unit, quiz: Quiz | None) -> dict[str, dict[str, list[str]]]:
    """Each item of the unit's standard → the lessons that teach it, the questions and the
    practical tasks that assess it."""
    questions = list(quiz.questions()) if quiz else []
    return {
        item: {
            "lessons": [lesson.id for lesson in unit.lessons if item in lesson.covers],
            "questions": [q.id for q in questions if item in q.covers],
            "tasks": [task.id for task in unit.tasks if item in task.covers],
        }
        for item in unit.standard.items
    }


def nothing_built(errors: int) -> str:
    return tn(
        "{count} error in the content: nothing was built",
        "{count} errors in the content: nothing was built",
        errors,
    )


def render_checked(
    renderer: PageRenderer, unit: Unit, findings: Findings, since: int = 0
) -> tuple[Quiz | None, RenderedUnit | None]:
    """The unit's quiz and pages. The pages are None when the unit has an error: one recorded
    in `findings` after its first `since` entries (loading the unit), its quiz's or its pages'.
    Every error of the unit is in `findings` afterwards."""
    quiz = findings.attempt(lambda: renderer.read_quiz(unit), None)
    if quiz is not None:  # its pass mark, known before the pages, whatever errors they have
        findings.attempt(lambda: pass_mark(unit, quiz), 0.0)
    if findings.errors_since(since):
        return quiz, None
    return quiz, findings.attempt(lambda: renderer.render_unit(unit, quiz), None)


_worker_builder: UnitBuilder | None = None


def _start_worker(builder: UnitBuilder) -> None:
    # The parent's builder, inherited through fork with its templates compiled.
    global _worker_builder
    _worker_builder = builder
    # Ctrl-C is for the build, which stops its workers: they print nothing of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":  # a killed build's workers end with it (PR_SET_PDEATHSIG)
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)


def _build_in_worker(unit_plan: UnitPlan) -> UnitBuild | UnitFailure:
    assert _worker_builder is not None
    return _worker_builder.build(unit_plan)


def build_units(
    builder: UnitBuilder, unit_plans: list[UnitPlan]
) -> Iterator[UnitBuild | UnitFailure]:
    """Build units on every core, yielding each in order as soon as it is done: reading lessons,
    rendering Markdown, compressing and writing zips are most of a build's time.

    Workers are forked, so they start with the course settings loaded and the templates compiled.
    """
    workers = min(len(unit_plans), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(builder.build, unit_plans)
        return
    workers_pool = ProcessPoolExecutor(
        workers, multiprocessing.get_context("fork"), _start_worker, (builder,)
    )
    try:
        yield from workers_pool.map(_build_in_worker, unit_plans)
    finally:
        # Stopped (Ctrl-C, an error): the units being built finish, the others never start; no
        # worker is killed while it sends a unit back, which could leave the build waiting.
        workers_pool.shutdown(wait=True, cancel_futures=True)


def build(
    content: Path,
    out: Path,
    formats: tuple[str, ...] = ALL_FORMATS,
    unit_ids: tuple[str, ...] = (),
    progress: Callable[[UnitBuild], None] = lambda b: None,
    removed: Callable[[str, list[str]], None] = lambda unit, paths: None,
) -> dict:
    """Build the units into `out`, calling `progress` as each is done; nothing changes in `out`
    unless every unit builds. The errors of every unit are raised together (ContentErrors).

    A build of some units keeps the other units' files. A unit built in fewer formats than by
    the previous build loses its other files (they would no longer match its content), and a
    unit no longer in the course plan all of its files: once the output is published, `removed`
    is called with each such unit and its paths."""
    try:  # the units are read by the workers that build them
        course = load_course_settings(content)
    except ContentError as error:  # printed as the errors of units are
        raise ContentErrors([error], nothing_built(1)) from None
    _refuse_mixing(content.resolve(), out.resolve())
    findings = Findings()
    unit_plans = (
        [course.unit_plan(unit_id) for unit_id in dict.fromkeys(unit_ids)]  # each unit once
        if unit_ids
        else list(course.plan.units)
    )
    builds = []
    with replaced_output(out, (*ALL_FORMATS, REPORT)) as staging:
        try:
            builder = UnitBuilder(course, formats, staging)
        except ContentError as error:  # in the company profile, whose page every unit holds
            raise ContentErrors([error], nothing_built(1)) from None
        for outcome in build_units(builder, unit_plans):
            if isinstance(outcome, UnitFailure):
                findings.found += outcome.errors
            elif not findings.found:  # once a unit has failed, nothing will be built
                progress(outcome)
                builds.append(outcome)
        if findings.errors:
            findings.raise_errors(nothing_built(len(findings.errors)))
        summary = report(course, builds)
        try:
            previous = _previous_report(out.resolve())
        except ContentError:
            if unit_ids:  # the other units' files cannot be kept
                raise
            previous = {}  # the whole output is replaced: only no warning
        gone = _not_built_again(previous, summary, course)
        if unit_ids:
            summary = _with_other_units(summary, course, previous, out.resolve(), staging)
        write_synced(
            staging / REPORT,
            (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        )
    for unit_id, paths in gone.items():
        removed(unit_id, paths)
    return summary


def _refuse_mixing(content: Path, out: Path) -> None:
    """The build's output and the author's content stay apart: an output in the content would
    be read as content, and one holding it would carry the whole content over each time."""
    if out == content:
        problem = t("the output folder is the content folder: give the output a folder of its own")
    elif content in out.parents:
        problem = t(
            "the output folder is inside the content folder: give the output a folder of its own"
        )
    elif out in content.parents:
        problem = t(
            "the output folder holds the content folder: give the output a folder of its own"
        )
    else:
        return
    raise ContentError(problem, out)


def _not_built_again(previous: dict, summary: dict, course: Course) -> dict[str, list[str]]:
    """For each unit built, the files of the previous build it no longer has; for each unit no
    longer in the course plan, all of its files."""
    built = {unit["id"]: {file["path"] for file in unit["files"]} for unit in summary["units"]}
    planned = {plan.id for plan in course.plan.units}
    gone = {
        unit["id"]: [
            file["path"] for file in unit["files"] if file["path"] not in built.get(unit["id"], ())
        ]
        for unit in previous.get("units", [])
        if unit["id"] in built or unit["id"] not in planned
    }
    return {unit: paths for unit, paths in gone.items() if paths}


def _with_other_units(
    summary: dict, course: Course, previous: dict, out: Path, staging: Path
) -> dict:
    """The report of a build of some units, with the entries of the course's other units from
    the `previous` report; their files are carried over, so the output stays the whole
    course's."""
    built = {unit["id"] for unit in summary["units"]}
    kept = {
        unit["id"]: unit
        for unit in previous.get("units", [])
        if unit["id"] not in built and unit["id"] in {plan.id for plan in course.plan.units}
    }
    for unit in kept.values():
        for file in unit["files"]:
            if not (out / file["path"]).is_file():
                raise ContentError(
                    t(
                        "{path} of the previous build is missing: build every unit",
                        path=file["path"],
                    ),
                    out,
                )
            carry_over(out, staging, file["path"])
    order = [plan.id for plan in course.plan.units]
    units = sorted([*summary["units"], *kept.values()], key=lambda unit: order.index(unit["id"]))
    before = previous.get("coverage", {})
    coverage = {unit: before[unit] for unit in kept if unit in before} | summary["coverage"]
    return {
        **summary,
        "units": units,
        "coverage": {unit["id"]: coverage[unit["id"]] for unit in units if unit["id"] in coverage},
    }


def _previous_report(out: Path) -> dict:
    """The previous build's report, or an empty one when there is none."""
    path = out / REPORT
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data.get("coverage", {}), dict) or not all(
            isinstance(unit.get("id"), str)
            and all(_OUTPUT_PATH.fullmatch(file.get("path")) for file in unit["files"])
            for unit in data.get("units", [])
        ):
            raise ValueError
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        raise ContentError(
            t("the previous build's report cannot be read: build every unit"), path
        ) from None
    return data
