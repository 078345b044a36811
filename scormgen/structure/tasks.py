"""Practical tasks of a unit (content/<unit>/tasks/NN-slug.md): read and validated as plain data.

A task is graded by a tutor in Moodle (an assignment with a rubric); every problem of a task
file is found in one pass, so the author sees them all at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course_model.errors import ContentError, ContentErrors
from course_model.identifiers import QUIZ_SCO_ID
from course_model.standard import StandardUnit
from course_model.yamlfile import YamlMap

if TYPE_CHECKING:
    from scormgen.structure.course import LessonFile
    from scormgen.structure.references import Reference

TASK_FILE = re.compile(r"^(\d{2})-([a-z0-9][a-z0-9-]*)\.md$")
TASK_ID = re.compile(r"^[a-z][a-z0-9-]*$")
FILE_TYPE = re.compile(r"^\.[a-z0-9]{1,10}$")
TASK_MODALITIES = ("lab", "async")
RUBRIC_CRITERIA = (3, 5)  # fewest and most criteria of a rubric
RESERVED_IDS = frozenset({QUIZ_SCO_ID, "shared", "qti", "media"})  # names the package uses
_FIELDS = {
    "id",
    "title",
    "covers",
    "modality",
    "duration",
    "submission",
    "due",
    "grade",
    "pass",
    "rubric",
}


@dataclass(frozen=True, slots=True)
class Submission:
    text: bool  # online text
    files: int  # most files a learner may upload; 0: no file submissions
    types: tuple[str, ...]  # accepted extensions, like ".pdf"; empty: any
    max_size_mb: float


@dataclass(frozen=True, slots=True)
class Level:
    points: float
    description: str


@dataclass(frozen=True, slots=True)
class Criterion:
    criterion: str
    levels: tuple[Level, ...]


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    path: Path
    title: str
    covers: tuple[str, ...]
    modality: str  # "lab" or "async": where its duration is credited
    duration: int  # minutes
    submission: Submission
    due: int | None  # days after the unit's start
    grade: float
    pass_grade: float
    rubric: tuple[Criterion, ...]
    body: str  # the instructions, Markdown
    body_line: int
    files: tuple[LessonFile, ...] = ()  # its materials, beside the task file
    images: tuple[Reference, ...] = ()  # as written in the instructions, with their alt text


class _Problems:
    """Collects a task file's problems instead of stopping at the first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.found: list[ContentError] = []

    def add(self, message: str, line: int | None) -> None:
        self.found.append(ContentError(message, self.path, line))

    def value(self, meta: YamlMap, key: str, kind: Any, default: Any = None) -> Any:
        try:
            return (
                meta.get_typed(key, kind) if default is None else meta.get_typed(key, kind, default)
            )
        except ContentError as exc:
            self.found.append(exc)
            return default

    def unknown(self, data: YamlMap, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.add(f"unknown field '{key}' (expected one of: {known})", data.line_of(key))

    def raise_if_any(self) -> None:
        if self.found:
            raise ContentErrors(self.found)


def read_task(
    path: Path,
    meta: YamlMap,
    body: str,
    body_line: int,
    standard_unit: StandardUnit,
    taken: set[str],
) -> Task:
    problems = _Problems(path)
    match = TASK_FILE.match(path.name)
    if not match:
        problems.add("task files are named NN-slug.md (two digits, lower-case slug)", None)
    problems.unknown(meta, _FIELDS)
    task_id = problems.value(meta, "id", str, match.group(2) if match else "")
    if not TASK_ID.match(task_id):
        problems.add(
            f"task id '{task_id}' must start with a letter and hold only a-z, 0-9 and '-'",
            meta.line_of("id"),
        )
    elif task_id in RESERVED_IDS or task_id in taken:
        problems.add(
            f"task id '{task_id}' is reserved or used by a lesson or task of the unit",
            meta.line_of("id"),
        )
    title = problems.value(meta, "title", str, "")
    if not title.strip():
        problems.add("a task needs a 'title'", meta.line_of("title"))
    covers = tuple(str(c) for c in problems.value(meta, "covers", list, []))
    for item in covers:
        if item not in standard_unit.items:
            problems.add(standard_unit.unknown_item(item), meta.line_of("covers"))
    if not covers:
        problems.add("a task covers at least one item of the standard", meta.line_of("covers"))
    modality = problems.value(meta, "modality", str, "")
    if modality not in TASK_MODALITIES:
        problems.add("'modality' is lab or async", meta.line_of("modality"))
    duration = problems.value(meta, "duration", int, 0)
    if duration <= 0:
        problems.add("'duration' is a positive number of minutes", meta.line_of("duration"))
    submission = _submission(meta, problems)
    due = problems.value(meta, "due", int, -1)
    if "due" in meta and due < 0:
        problems.add("'due' is a number of days after the unit's start", meta.line_of("due"))
    grade = float(problems.value(meta, "grade", (int, float), 100))
    if not 0 < grade <= 100:
        problems.add("'grade' is between 1 and 100", meta.line_of("grade"))
    pass_grade = float(problems.value(meta, "pass", (int, float), -1))
    if not 0 < pass_grade <= grade:
        problems.add(f"'pass' is above 0 and at most the grade ({grade:g})", meta.line_of("pass"))
    rubric = _rubric(meta, grade, problems)
    if not body.strip():
        problems.add("the task has no instructions", body_line)
    problems.raise_if_any()
    return Task(
        id=task_id,
        path=path,
        title=title,
        covers=covers,
        modality=modality,
        duration=duration,
        submission=submission,
        due=due if due >= 0 else None,
        grade=grade,
        pass_grade=pass_grade,
        rubric=rubric,
        body=body,
        body_line=body_line,
    )


def _submission(meta: YamlMap, problems: _Problems) -> Submission:
    data = problems.value(meta, "submission", dict, YamlMap())
    if not isinstance(data, YamlMap):
        return Submission(False, 0, (), 0)
    problems.unknown(data, {"text", "files", "types", "max_size_mb"})
    text = problems.value(data, "text", bool, False)
    files = problems.value(data, "files", int, 0)
    types = tuple(str(t).lower() for t in problems.value(data, "types", list, []))
    size = float(problems.value(data, "max_size_mb", (int, float), 0))
    if not text and files <= 0:
        problems.add(
            "the submission takes online text, files or both ('text: true', 'files: N')",
            meta.line_of("submission"),
        )
    if files < 0 or files > 20:
        problems.add("'files' is between 0 and 20", data.line_of("files"))
    for kind in types:
        if not FILE_TYPE.match(kind):
            problems.add(f"file type '{kind}' is an extension like .pdf", data.line_of("types"))
    if files > 0 and size <= 0:
        problems.add("file submissions need 'max_size_mb' above 0", data.line_of("max_size_mb"))
    return Submission(bool(text), max(files, 0), types, size)


def _rubric(meta: YamlMap, grade: float, problems: _Problems) -> tuple[Criterion, ...]:
    entries = problems.value(meta, "rubric", list, [])
    fewest, most = RUBRIC_CRITERIA
    if not fewest <= len(entries) <= most:
        problems.add(
            f"a rubric has {fewest} to {most} criteria, not {len(entries)}", meta.line_of("rubric")
        )
    criteria = []
    for entry in entries:
        if not isinstance(entry, YamlMap):
            problems.add("each criterion is a mapping (criterion, levels)", meta.line_of("rubric"))
            continue
        problems.unknown(entry, {"criterion", "levels"})
        name = problems.value(entry, "criterion", str, "")
        levels = []
        for level in problems.value(entry, "levels", list, []):
            if not isinstance(level, YamlMap):
                problems.add("each level is a mapping (points, description)", entry.line)
                continue
            problems.unknown(level, {"points", "description"})
            points = float(problems.value(level, "points", (int, float), 0))
            text = problems.value(level, "description", str, "")
            if not text.strip():
                problems.add("each level needs a 'description'", level.line)
            levels.append(Level(points, " ".join(text.split())))
        points = [level.points for level in levels]
        if len(levels) < 2:
            problems.add(f"criterion '{name}' needs at least two levels", entry.line)
        elif any(b <= a for a, b in zip(points, points[1:], strict=False)):
            problems.add(f"the levels of criterion '{name}' go up in points", entry.line)
        criteria.append(Criterion(" ".join(name.split()), tuple(levels)))
    top = sum(max((level.points for level in c.levels), default=0) for c in criteria)
    if criteria and top != grade:
        problems.add(
            f"the criteria's top levels add up to {top:g} points, but the grade is {grade:g}",
            meta.line_of("rubric"),
        )
    return tuple(criteria)
