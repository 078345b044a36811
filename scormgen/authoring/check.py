"""`scormgen check`: content lint, every finding with file and line."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from course_model.errors import ContentError
from scormgen.authoring.facts import case_errors
from scormgen.quiz.model import TRUE_WORDS, Pool, Question, Quiz
from scormgen.quiz.parser import parse_quiz_file
from scormgen.render.pages import is_external_link, local_target
from scormgen.structure.course import Course, Lesson, Reference, Unit, load_course


@dataclass(frozen=True, slots=True)
class Finding:
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
    quizzes: list[tuple[Unit, Quiz]] = []
    for unit in course.units:
        for lesson in unit.lessons:
            findings += _check_lesson(unit, lesson)
        unit_findings, quiz = _check_unit(course, unit)
        findings += unit_findings
        if quiz is not None:
            quizzes.append((unit, quiz))
    findings += _repeated_stems(quizzes)
    findings += [Finding("error", e.message, e.path, e.line) for e in case_errors(course)]
    return findings


def _check_lesson(unit: Unit, lesson: Lesson) -> list[Finding]:
    findings = []
    for image in lesson.images:
        if not (image.alt or "").strip():
            findings.append(
                Finding("error", f"image '{image.target}' has no alt text", lesson.path, image.line)
            )
        findings += _missing_file(unit, lesson, image, f"image '{image.target}' not found")
    for link in lesson.links:
        if not is_external_link(link.target):
            findings += _missing_file(
                unit, lesson, link, f"link to '{link.target}', which does not exist"
            )
    if not lesson.covers:
        findings.append(
            Finding(
                "warning",
                "the lesson covers no item of the standard",
                lesson.path,
                lesson.covers_line,
            )
        )
    return findings


def _missing_file(unit: Unit, lesson: Lesson, ref: Reference, message: str) -> list[Finding]:
    try:
        path = local_target(ref, lesson.path)
    except ContentError as exc:
        return [Finding("error", exc.message, lesson.path, ref.line)]
    return (
        [] if (unit.folder / path).is_file() else [Finding("error", message, lesson.path, ref.line)]
    )


def _check_unit(course: Course, unit: Unit) -> tuple[list[Finding], Quiz | None]:
    findings = []
    quiz = None
    covered = {item for lesson in unit.lessons for item in lesson.covers}
    uncovered = [item for item in unit.standard.items if item not in covered]
    if uncovered:
        findings.append(
            Finding(
                "error",
                f"no lesson covers {', '.join(uncovered)} of UF {unit.standard.code}",
                unit.folder / "unit.yml",
            )
        )
    if unit.quiz_path is None:
        findings.append(
            Finding(
                "error",
                "the unit has no verification: the standard requires one at the end of "
                "each unit (set 'quiz' in unit.yml)",
                unit.folder / "unit.yml",
            )
        )
    else:
        quiz_findings, quiz = _check_quiz(unit, unit.quiz_path)
        findings += quiz_findings
    planned = round(unit.plan.hours.async_ * 60)
    nominal = unit.lesson_minutes + unit.quiz_duration
    if nominal != planned:
        findings.append(
            Finding(
                "error",
                f"lessons ({unit.lesson_minutes} min) + quiz ({unit.quiz_duration} min) = {nominal} min, "
                f"but course.yml plans {unit.plan.hours.async_:g} h = {planned} min of asynchronous e-learning",
                course.plan.path,
                unit.plan.line,
            )
        )
    return findings, quiz


def _check_quiz(unit: Unit, path: Path) -> tuple[list[Finding], Quiz | None]:
    """The unit's verification parses, tags only the unit's items, and assesses every one of them in
    every attempt; its keys do not give the answers away."""
    try:
        quiz = parse_quiz_file(path)
    except ContentError as exc:
        return [Finding("error", exc.message, exc.path, exc.line)], None
    findings = []
    assessed: set[str] = set()
    for question in quiz.questions():
        unknown = [item for item in question.covers if item not in unit.standard.items]
        if unknown:
            findings.append(
                Finding(
                    "error",
                    f"Covers: {', '.join(unknown)} is not an item of UF {unit.standard.code}",
                    path,
                    question.line,
                )
            )
        assessed.update(question.covers)
    unassessed = [item for item in unit.standard.items if item not in assessed]
    if unassessed:
        findings.append(
            Finding(
                "error",
                f"no question assesses {', '.join(unassessed)} of UF {unit.standard.code}",
                path,
            )
        )
    for item in unit.standard.items:
        missed = skip_probability(quiz, item)
        if item in assessed and missed > 0:
            share = f"{missed:.0%}" if missed >= 0.01 else "fewer than 1%"
            findings.append(
                Finding(
                    "error",
                    f"{item} is not assessed in every attempt: the pools that hold its questions skip it in "
                    f"{share} of attempts (put its questions where every draw takes one)",
                    path,
                )
            )
    return findings + _balance(quiz, path), quiz


def skip_probability(quiz: Quiz, item: str) -> float:
    """The share of attempts that draw no question assessing `item`: pools draw independently, each
    `pick` of its questions, every subset alike."""
    skipped = 1.0
    for entry in quiz.items:
        if isinstance(entry, Question) and item in entry.covers:
            return 0.0
        if isinstance(entry, Pool):
            others = sum(1 for q in entry.questions if item not in q.covers)
            drawn = min(entry.pick, len(entry.questions))
            skipped *= math.comb(others, drawn) / math.comb(len(entry.questions), drawn)
    return skipped


def _balance(quiz: Quiz, path: Path) -> list[Finding]:
    """Keys a learner can guess without knowing: true/false mostly one way, the right option the longest."""
    findings = []
    true_false = [q for q in quiz.questions() if q.is_true_false]
    true_keys = sum(
        1 for q in true_false if q.correct_choices[0].text.strip().casefold() in TRUE_WORDS
    )
    if len(true_false) >= 4 and max(true_keys, len(true_false) - true_keys) > 0.6 * len(true_false):
        findings.append(
            Finding(
                "warning",
                f"true/false keys are unbalanced: {true_keys} true and "
                f"{len(true_false) - true_keys} false",
                path,
            )
        )
    single = [
        q
        for q in quiz.questions()
        if q.kind == "single" and not q.is_true_false and len(q.choices) > 2
    ]
    longest = [q for q in single if _right_is_longest(q)]
    if len(single) >= 4 and len(longest) > len(single) / 2:
        findings.append(
            Finding(
                "warning",
                f"the right option is the longest in {len(longest)} of {len(single)} "
                "single-choice questions: length gives the answer away",
                path,
            )
        )
    return findings


def _right_is_longest(question: Question) -> bool:
    right = max(len(c.text) for c in question.choices if c.correct)
    return all(len(c.text) < right for c in question.choices if not c.correct)


def _repeated_stems(quizzes: list[tuple[Unit, Quiz]]) -> list[Finding]:
    """The same question in two units' verifications (compared without case and spacing)."""
    seen: dict[str, tuple[Unit, Question]] = {}
    findings = []
    for unit, quiz in quizzes:
        for question in quiz.questions():
            stem = " ".join(question.text.split()).casefold()
            first = seen.setdefault(stem, (unit, question))
            if first[0] is not unit:
                findings.append(
                    Finding(
                        "warning",
                        f"the same question is in {first[0].id} "
                        f"({quiz_name(first)}:{first[1].line})",
                        quiz.source,
                        question.line,
                    )
                )
    return findings


def quiz_name(entry: tuple[Unit, Question]) -> str:
    unit, _ = entry
    return unit.quiz_path.name if unit.quiz_path else unit.id
