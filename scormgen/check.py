"""`scormgen check`: content lint, every finding with file and line."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from scormgen.errors import ContentError
from scormgen.quiz.parser import parse_quiz_file
from scormgen.render import is_external_link, local_target
from scormgen.structure import Course, Lesson, Reference, Unit, load_course


class Finding(NamedTuple):
    severity: str  # "error" | "warning"
    message: str
    path: Path | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.severity}: {self.message}"


def check_course(content: Path) -> list[Finding]:
    try:
        course = load_course(content)
    except ContentError as exc:
        return [Finding("error", exc.message, exc.path, exc.line)]
    findings: list[Finding] = []
    for unit in course.units:
        for lesson in unit.lessons:
            findings += _check_lesson(unit, lesson)
        findings += _check_unit(course, unit)
    return findings


def _check_lesson(unit: Unit, lesson: Lesson) -> list[Finding]:
    findings = []
    for image in lesson.images:
        if not (image.alt or "").strip():
            findings.append(Finding("error", f"image '{image.target}' has no alt text", lesson.path, image.line))
        findings += _missing_file(unit, lesson, image, f"image '{image.target}' not found")
    for link in lesson.links:
        if not is_external_link(link.target):
            findings += _missing_file(unit, lesson, link, f"link to '{link.target}', which does not exist")
    if not lesson.covers:
        findings.append(Finding("warning", "the lesson covers no item of the standard", lesson.path, lesson.covers_line))
    return findings


def _missing_file(unit: Unit, lesson: Lesson, ref: Reference, message: str) -> list[Finding]:
    try:
        path = local_target(ref, lesson.path)
    except ContentError as exc:
        return [Finding("error", exc.message, lesson.path, ref.line)]
    return [] if (unit.folder / path).is_file() else [Finding("error", message, lesson.path, ref.line)]


def _check_unit(course: Course, unit: Unit) -> list[Finding]:
    findings = []
    covered = {item for lesson in unit.lessons for item in lesson.covers}
    uncovered = [item for item in unit.standard.items if item not in covered]
    if uncovered:
        findings.append(Finding("error", f"no lesson covers {', '.join(uncovered)} of UF {unit.standard.code}",
                                unit.folder / "unit.yml"))
    if unit.quiz_path is not None:
        findings += _check_quiz(unit, unit.quiz_path)
    planned = round(unit.plan.hours.async_ * 60)
    nominal = unit.lesson_minutes + unit.quiz_duration
    if nominal != planned:
        findings.append(Finding(
            "error",
            f"lessons ({unit.lesson_minutes} min) + quiz ({unit.quiz_duration} min) = {nominal} min, "
            f"but course.yml plans {unit.plan.hours.async_:g} h = {planned} min of asynchronous e-learning",
            course.plan.path, unit.plan.line))
    return findings


def _check_quiz(unit: Unit, path: Path) -> list[Finding]:
    """The unit's verification parses, tags only the unit's items, and assesses every one of them."""
    try:
        quiz = parse_quiz_file(path)
    except ContentError as exc:
        return [Finding("error", exc.message, exc.path, exc.line)]
    findings = []
    assessed: set[str] = set()
    for question in quiz.questions():
        unknown = [item for item in question.covers if item not in unit.standard.items]
        if unknown:
            findings.append(Finding("error", f"Covers: {', '.join(unknown)} is not an item of UF {unit.standard.code}",
                                    path, question.line))
        assessed.update(question.covers)
    unassessed = [item for item in unit.standard.items if item not in assessed]
    if unassessed:
        findings.append(Finding("error", f"no question assesses {', '.join(unassessed)} of UF {unit.standard.code}", path))
    return findings

