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
from course_model.shapes import INT, NUMBER, TEXT

PACKAGE_FOLDER = "scorm12"
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
        )
    return units
