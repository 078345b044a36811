"""`scormgen check`: content lint, every finding with file and line."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

from course_model.errors import ContentError
from course_model.i18n import t
from course_model.table import render_table
from scormgen.authoring.facts import case_errors
from scormgen.build import coverage, render_checked
from scormgen.quiz.model import TRUE_WORDS, Pool, Question, Quiz
from scormgen.render.pages import PageRenderer
from scormgen.structure.course import Course, Lesson, Unit, load_course_settings, load_unit
from scormgen.structure.findings import Finding, Findings
from scormgen.structure.references import Reference


def check_course(content: Path) -> list[Finding]:
    """Every problem of the content: what the build would refuse (errors) and what a reviewer
    would point out (warnings), in one pass."""
    return check_with_coverage(content)[0]


def check_with_coverage(content: Path) -> tuple[list[Finding], str]:
    """The findings, and the coverage table: per unit and item, what teaches and assesses it."""
    try:
        course = load_course_settings(content)
        renderer = PageRenderer(course)  # renders the company profile, which every unit links to
    except ContentError as exc:
        return [Finding("error", exc.message, exc.path, exc.line)], ""
    findings = Findings()
    quizzes: list[tuple[Unit, Quiz]] = []
    units: list[Unit] = []
    tables = []
    for unit_plan in course.plan.units:
        since = len(findings)
        unit = load_unit(course, unit_plan, findings)
        if unit is None:
            continue
        units.append(unit)
        quiz, _ = render_checked(renderer, unit, findings, since)
        for lesson in unit.lessons:
            _check_lesson(lesson, findings)
        for task in unit.tasks:
            _check_alt_text(task.images, task.path, findings)
        if len(unit.lessons) == len(list(unit.folder.glob("*.md"))):
            _check_unit(course, unit, findings)  # sums over lessons: only when all were read
        if quiz is not None:
            _check_quiz(unit, quiz, findings)
            quizzes.append((unit, quiz))
        tables.append(coverage_table(unit, coverage(unit, quiz)))
    _repeated_stems(quizzes, findings)
    for error in case_errors(replace(course, units=tuple(units))):
        findings.add(error)
    return findings.in_order(), "\n\n".join(tables)


def coverage_table(unit: Unit, matrix: dict[str, dict[str, list[str]]]) -> str:
    """One row per item of the unit's standard: its lessons, how many questions, its tasks."""
    header = (t("Item"), t("Lessons"), t("Questions"), t("Tasks"))
    rows = [
        (
            item,
            ", ".join(_lesson_number(unit, lesson) for lesson in found["lessons"]) or "-",
            str(len(found["questions"])),
            ", ".join(found["tasks"]) or "-",
        )
        for item, found in matrix.items()
    ]
    title = t("Coverage of {unit} (UF {code})", unit=unit.id, code=unit.standard.code)
    return "\n".join([title, render_table(header, rows)])


def _lesson_number(unit: Unit, lesson_id: str) -> str:
    """A lesson by its file number, short enough for a table row."""
    lesson = next(lesson for lesson in unit.lessons if lesson.id == lesson_id)
    return lesson.path.name[:2]


def _check_alt_text(images: tuple[Reference, ...], path: Path, findings: Findings) -> None:
    """Every image of a lesson or a task says what it shows, for those who cannot see it."""
    for image in images:
        if not (image.alt or "").strip():
            findings.error(
                t("image '{target}' has no alt text", target=image.target), path, image.line
            )


def _check_lesson(lesson: Lesson, findings: Findings) -> None:
    _check_alt_text(lesson.images, lesson.path, findings)
    if not lesson.covers:
        findings.warning(
            t("the lesson covers no item of the standard"), lesson.path, lesson.covers_line
        )


def _check_unit(course: Course, unit: Unit, findings: Findings) -> None:
    covered = {item for lesson in unit.lessons for item in lesson.covers}
    uncovered = [item for item in unit.standard.items if item not in covered]
    if uncovered:
        findings.error(
            t(
                "no lesson covers {items} of UF {code}",
                items=", ".join(uncovered),
                code=unit.standard.code,
            ),
            unit.folder / "unit.yml",
        )
    _check_hours(course, unit, findings)


def _check_hours(course: Course, unit: Unit, findings: Findings) -> None:
    """Lessons, quiz and asynchronous tasks fill the unit's asynchronous hours exactly; lab
    tasks fit in its lab hours."""
    planned = round(unit.plan.hours.async_ * 60)
    async_tasks = sum(task.duration for task in unit.tasks if task.modality == "async")
    nominal = unit.lesson_minutes + unit.quiz_duration + async_tasks
    durations_read = all(lesson.duration > 0 for lesson in unit.lessons)  # else already an error
    if durations_read and nominal != planned:
        findings.error(
            t(
                "lessons ({lessons} min) + quiz ({quiz} min) + asynchronous tasks ({tasks} min)"
                " = {total} min, but course.yml plans {hours} h = {planned} min of "
                "asynchronous e-learning",
                lessons=unit.lesson_minutes,
                quiz=unit.quiz_duration,
                tasks=async_tasks,
                total=nominal,
                hours=f"{unit.plan.hours.async_:g}",
                planned=planned,
            ),
            course.plan.path,
            unit.plan.line,
        )
    lab_tasks = sum(task.duration for task in unit.tasks if task.modality == "lab")
    if lab_tasks > round(unit.plan.hours.lab * 60):
        findings.error(
            t(
                "the lab tasks take {tasks} min, more than the {hours} h of lab that "
                "course.yml plans",
                tasks=lab_tasks,
                hours=f"{unit.plan.hours.lab:g}",
            ),
            course.plan.path,
            unit.plan.line,
        )


def _check_quiz(unit: Unit, quiz: Quiz, findings: Findings) -> None:
    """The unit's verification tags only the unit's items, and assesses every one of them in
    every attempt; its keys do not give the answers away."""
    path = quiz.source
    assessed: set[str] = set()
    for question in quiz.questions():
        unknown = [item for item in question.covers if item not in unit.standard.items]
        if unknown:
            findings.error(
                t(
                    "Covers: {items} is not an item of UF {code}",
                    items=", ".join(unknown),
                    code=unit.standard.code,
                ),
                path,
                question.line,
            )
        assessed.update(question.covers)
    unassessed = [item for item in unit.standard.items if item not in assessed]
    if unassessed:
        findings.error(
            t(
                "no question assesses {items} of UF {code}",
                items=", ".join(unassessed),
                code=unit.standard.code,
            ),
            path,
        )
    for item in unit.standard.items:
        missed = skip_probability(quiz, item)
        if item in assessed and missed > 0:
            share = f"{missed:.0%}" if missed >= 0.01 else t("fewer than 1%")
            findings.error(
                t(
                    "{item} is not assessed in every attempt: the pools that hold its questions "
                    "skip it in {share} of attempts (put its questions where every draw takes "
                    "one)",
                    item=item,
                    share=share,
                ),
                path,
            )
    written = quiz.options.mastery_pct
    if written is not None and unit.mastery is not None and written != unit.mastery:
        findings.warning(
            t(
                "the quiz's 'Mastery: {quiz}%' and this file's 'mastery: {unit}' differ: the "
                "quiz's pass mark applies; write it in one place",
                quiz=f"{written:g}",
                unit=f"{unit.mastery:g}",
            ),
            unit.folder / "unit.yml",
            unit.mastery_line or None,
        )
    _balance(quiz, findings)


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


def _balance(quiz: Quiz, findings: Findings) -> None:
    """Keys a learner can guess without knowing: true/false mostly one way, the right option
    the longest."""
    path = quiz.source
    true_false = [q for q in quiz.questions() if q.is_true_false]
    true_keys = sum(
        1 for q in true_false if q.correct_choices[0].text.strip().casefold() in TRUE_WORDS
    )
    false_keys = len(true_false) - true_keys
    if len(true_false) >= 4 and max(true_keys, false_keys) > 0.6 * len(true_false):
        findings.warning(
            t(
                "true/false keys are unbalanced: {true} true and {false} false",
                true=true_keys,
                false=false_keys,
            ),
            path,
        )
    single = [
        q
        for q in quiz.questions()
        if q.kind == "single" and not q.is_true_false and len(q.choices) > 2
    ]
    longest = [q for q in single if _right_is_longest(q)]
    if len(single) >= 4 and len(longest) > len(single) / 2:
        findings.warning(
            t(
                "the right option is the longest in {longest} of {count} single-choice "
                "questions: length gives the answer away",
                longest=len(longest),
                count=len(single),
            ),
            path,
        )


def _right_is_longest(question: Question) -> bool:
    right = max(len(c.text) for c in question.choices if c.correct)
    return all(len(c.text) < right for c in question.choices if not c.correct)


def _repeated_stems(quizzes: list[tuple[Unit, Quiz]], findings: Findings) -> None:
    """The same question in two units' verifications (compared without case and spacing)."""
    seen: dict[str, tuple[Unit, Question]] = {}
    for unit, quiz in quizzes:
        for question in quiz.questions():
            stem = " ".join(question.text.split()).casefold()
            first = seen.setdefault(stem, (unit, question))
            if first[0] is not unit:
                findings.warning(
                    t(
                        "the same question is in {unit} ({place})",
                        unit=first[0].id,
                        place=f"{quiz_name(first)}:{first[1].line}",
                    ),
                    quiz.source,
                    question.line,
                )


def quiz_name(entry: tuple[Unit, Question]) -> str:
    unit, _ = entry
    return unit.quiz_path.name if unit.quiz_path else unit.id
