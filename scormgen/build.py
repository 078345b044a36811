"""The build pipeline: config → structure → render → package → write.

Every stage's output is plain data; nothing is written until every unit has rendered and
packaged, so a content error leaves the output folder as it was.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from scormgen import __version__
from scormgen.errors import ContentError
from scormgen.package import MANIFEST_WRITERS, build_package, describe
from scormgen.render import PageRenderer
from scormgen.structure import Course, Unit, load_course
from scormgen.zipwriter import atomic_write

PACKAGE_FORMATS = tuple(MANIFEST_WRITERS)
ALL_FORMATS = PACKAGE_FORMATS


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the output folder
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class UnitBuild:
    unit: Unit
    outputs: list[OutputFile] = field(default_factory=list)
    scos: list[dict] = field(default_factory=list)


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip() for f in text.split(",") if f.strip())
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown or not formats:
        raise ContentError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(ALL_FORMATS)}")
    return formats


def build_unit(course: Course, renderer: PageRenderer, unit: Unit, formats: tuple[str, ...]) -> UnitBuild:
    result = UnitBuild(unit)
    rendered = renderer.render_unit(unit)
    description = describe(rendered, course.plan.language, course.plan.keywords)
    for fmt in formats:
        if fmt in PACKAGE_FORMATS:
            package = build_package(fmt, rendered, description)
            result.outputs.append(OutputFile(f"{fmt}/{unit.id}.zip", package.data))
    result.scos = [{"identifier": sco.identifier, "title": sco.title, "kind": sco.kind,
                    "duration_minutes": sco.duration} for sco in rendered.scos]
    return result


def report(course: Course, builds: list[UnitBuild]) -> dict:
    return {
        "generator": f"scormgen {__version__}",
        "course": course.plan.title,
        "units": [{
            "id": b.unit.id,
            "code": b.unit.standard.code,
            "title": b.unit.title,
            "mastery": b.unit.mastery,
            "duration_minutes": sum(s["duration_minutes"] for s in b.scos),
            "scos": b.scos,
            "files": [{"path": o.path, "sha256": o.sha256, "size": len(o.data)} for o in b.outputs],
        } for b in builds],
        "coverage": coverage(course, [b.unit for b in builds]),
    }


def coverage(course: Course, units: list[Unit]) -> dict:
    """For each unit, each standard item → the lessons that cover it."""
    return {unit.id: {item: [lesson.id for lesson in unit.lessons if item in lesson.covers]
                      for item in unit.standard.items} for unit in units}


def build(content: Path, out: Path, formats: tuple[str, ...] = ALL_FORMATS, unit_ids: tuple[str, ...] = (),
          progress: Callable[[UnitBuild], None] = lambda b: None) -> dict:
    course = load_course(content)
    units = [course.unit(unit_id) for unit_id in unit_ids] if unit_ids else list(course.units)
    renderer = PageRenderer(course)
    builds = []
    for unit in units:
        builds.append(build_unit(course, renderer, unit, formats))
    for unit_build in builds:
        for output in unit_build.outputs:
            atomic_write(out / output.path, output.data)
        progress(unit_build)
    summary = report(course, builds)
    atomic_write(out / "report.json", (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return summary
