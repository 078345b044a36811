"""What `scormgen build` produced, read from build/report.json and checked against the files."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course_model.errors import InputError

PACKAGE_FOLDER = "scorm12"


@dataclass(frozen=True)
class BuiltSco:
    identifier: str  # content id; the manifest item is identifiers.item_id(identifier)
    title: str
    kind: str  # "lesson" or "quiz"
    duration_minutes: float  # nominal time, the most a learner is credited for it


@dataclass(frozen=True)
class BuiltUnit:
    id: str
    code: str
    title: str
    mastery: float
    duration_minutes: float
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


def _field(unit: dict[str, Any], key: str, report: Path) -> Any:
    if key not in unit:
        raise InputError(f"a unit has no '{key}' (is the build from another version? run scormgen build)", report)
    return unit[key]


def _package(unit: dict[str, Any], build_dir: Path, report: Path) -> tuple[Path, str]:
    entries = [f for f in _field(unit, "files", report) if str(f.get("path", "")).startswith(PACKAGE_FOLDER + "/")]
    if len(entries) != 1:
        raise InputError(f"unit {unit['id']} lists {len(entries)} {PACKAGE_FOLDER} packages, expected one", report)
    entry = entries[0]
    package = build_dir / entry["path"]
    if not package.is_file():
        raise InputError(f"{package} is listed but missing: run scormgen build", report)
    if package.stat().st_size != entry.get("size") or _digest(package, "sha256") != entry.get("sha256"):
        raise InputError(f"{package} does not match its size and sha256 in the report: run scormgen build", report)
    return package, _digest(package, "sha1")


def load_build(build_dir: Path) -> dict[str, BuiltUnit]:
    """The built units by id, each with its SCORM 1.2 package verified against the report."""
    report = build_dir / "report.json"
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no build report: run 'scormgen build' first", report) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", report, exc.lineno) from None
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        raise InputError("expected an object with a 'units' list", report)
    units: dict[str, BuiltUnit] = {}
    for unit in data["units"]:
        scos = tuple(BuiltSco(str(_field(sco, "identifier", report)), str(sco.get("title", "")),
                              str(_field(sco, "kind", report)), float(_field(sco, "duration_minutes", report)))
                     for sco in _field(unit, "scos", report))
        kinds = [sco.kind for sco in scos]
        package, sha1 = _package(unit, build_dir, report)
        units[str(_field(unit, "id", report))] = BuiltUnit(
            id=str(unit["id"]), code=str(_field(unit, "code", report)), title=str(_field(unit, "title", report)),
            mastery=float(_field(unit, "mastery", report)),
            duration_minutes=float(_field(unit, "duration_minutes", report)),
            lessons=kinds.count("lesson"), quizzes=kinds.count("quiz"), package=package, sha1=sha1, scos=scos)
    return units
