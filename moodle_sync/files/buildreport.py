"""What `scormgen build` produced, read from build/report.json and checked against the files.

The report is checked against the shape this reader needs before any of it is used, and each
unit's SCORM 1.2 package must be the file the report describes (size and sha256), inside the
build folder: deploy uploads exactly what was built, nothing else.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from course_model import shapes
from course_model.errors import InputError
from course_model.i18n import t
from course_model.shapes import FLAG, INT, NUMBER, TEXT, Nullable, Optional

PACKAGE_FOLDER = "scorm12"
TASK_SHAPE = {
    "id": TEXT,
    "title": TEXT,
    "modality": TEXT,
    "duration": NUMBER,
    "submission": {"text": FLAG, "files": INT, "types": [TEXT], "max_size_mb": NUMBER},
    "due": Nullable(INT),
    "grade": NUMBER,
    "pass": NUMBER,
    "rubric": [{"description": TEXT, "levels": [{"score": NUMBER, "definition": TEXT}]}],
    "description": TEXT,
}
REPORT_SHAPE = {
    "units": [
        {
            "id": TEXT,
            "code": TEXT,
            "title": TEXT,
            "mastery": NUMBER,
            "duration": NUMBER,
            "scos": [{"id": TEXT, "title": TEXT, "kind": TEXT, "duration": NUMBER}],
            "files": [{"path": TEXT, "size": INT, "sha256": TEXT}],
            "tasks": Optional([TASK_SHAPE]),
        }
    ]
}


@dataclass(frozen=True, slots=True)
class BuiltSco:
    id: str  # the content id; the manifest's item is identifiers.item_id(id)
    title: str
    kind: str  # "lesson" or "quiz"
    duration: float  # minutes: the nominal time, the most a learner is credited for it


@dataclass(frozen=True, slots=True)
class Criterion:
    description: str
    levels: tuple[tuple[float, str], ...]  # (score, definition), in increasing score


@dataclass(frozen=True, slots=True)
class BuiltTask:
    """A practical task: graded by a tutor in a Moodle assignment."""

    id: str
    title: str
    modality: str  # where its duration is credited once passed: "lab" or "async"
    duration: float  # minutes
    text: bool  # online text submissions
    files: int  # most files a submission holds; 0: no files
    types: tuple[str, ...]  # accepted extensions, like ".pdf"
    max_size_mb: float
    due: int | None  # days after the unit's start
    grade: float
    pass_grade: float
    rubric: tuple[Criterion, ...]
    description: str  # HTML


@dataclass(frozen=True, slots=True)
class BuiltUnit:
    id: str
    code: str
    title: str
    mastery: float
    duration: float  # minutes
    lessons: int
    quizzes: int
    package: Path
    sha1: str  # what Moodle reports as the stored package's sha1hash
    scos: tuple[BuiltSco, ...] = ()
    tasks: tuple[BuiltTask, ...] = ()


def _digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _package(unit: dict[str, Any], build_dir: Path, report: Path) -> tuple[Path, str]:
    entries = [f for f in unit["files"] if f["path"].startswith(PACKAGE_FOLDER + "/")]
    if len(entries) != 1:
        raise InputError(
            t(
                "unit {unit} lists {count} {folder} packages, expected one",
                unit=unit["id"],
                count=len(entries),
                folder=PACKAGE_FOLDER,
            ),
            report,
        )
    entry = entries[0]
    relative = PurePosixPath(entry["path"])
    if relative.is_absolute() or ".." in relative.parts or len(relative.parts) != 2:
        raise InputError(
            t(
                "unit {unit}: {path} is not a package of the build folder",
                unit=unit["id"],
                path=repr(entry["path"]),
            ),
            report,
        )
    package = build_dir / relative
    if not package.is_file():
        raise InputError(
            t("{package} is listed but missing: run scormgen build", package=package), report
        )
    if (
        package.stat().st_size != int(entry["size"])
        or _digest(package, "sha256") != entry["sha256"]
    ):
        raise InputError(
            t(
                "{package} does not match its size and sha256 in the report: run scormgen build",
                package=package,
            ),
            report,
        )
    return package, _digest(package, "sha1")


def load_build(build_dir: Path) -> dict[str, BuiltUnit]:
    """The built units by id, each with its SCORM 1.2 package verified against the report."""
    report = build_dir / "report.json"
    try:
        data = json.loads(report.read_text(encoding="utf-8"), parse_constant=str)
    except FileNotFoundError:
        raise InputError(t("no build report: run 'scormgen build' first"), report) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(t("cannot read the build report: {reason}", reason=exc), report) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            t("not valid JSON: {problem}", problem=exc.msg), report, exc.lineno
        ) from None
    try:
        shapes.check(data, REPORT_SHAPE)
    except shapes.ShapeMismatch as exc:
        raise InputError(
            t("not a build report of this version ({problem}): run scormgen build", problem=exc),
            report,
        ) from None
    units: dict[str, BuiltUnit] = {}
    for unit in data["units"]:
        scos = tuple(
            BuiltSco(sco["id"], sco["title"], sco["kind"], float(sco["duration"]))
            for sco in unit["scos"]
        )
        kinds = [sco.kind for sco in scos]
        package, sha1 = _package(unit, build_dir, report)
        units[unit["id"]] = BuiltUnit(
            id=unit["id"],
            code=unit["code"],
            title=unit["title"],
            mastery=float(unit["mastery"]),
            duration=float(unit["duration"]),
            lessons=kinds.count("lesson"),
            quizzes=kinds.count("quiz"),
            package=package,
            sha1=sha1,
            scos=scos,
            tasks=tuple(_task(task) for task in unit.get("tasks", [])),
        )
    return units


def _task(task: dict[str, Any]) -> BuiltTask:
    submission = task["submission"]
    return BuiltTask(
        id=task["id"],
        title=task["title"],
        modality=task["modality"],
        duration=float(task["duration"]),
        text=bool(int(submission["text"])),
        files=int(submission["files"]),
        types=tuple(submission["types"]),
        max_size_mb=float(submission["max_size_mb"]),
        due=None if task["due"] is None else int(task["due"]),
        grade=float(task["grade"]),
        pass_grade=float(task["pass"]),
        rubric=tuple(
            Criterion(
                c["description"],
                tuple((float(lv["score"]), lv["definition"]) for lv in c["levels"]),
            )
            for c in task["rubric"]
        ),
        description=task["description"],
    )
