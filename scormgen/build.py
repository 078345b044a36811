"""The build pipeline: config → structure → render → package → write.

Every stage's output is plain data; nothing is written until every unit has rendered and
packaged, so a content error leaves the output folder as it was.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from scormgen import __version__
from scormgen.errors import ContentError
from scormgen.package import MANIFEST_WRITERS, build_package, describe
from scormgen.render import PageRenderer, RenderedUnit
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


def build_unit(course: Course, rendered: RenderedUnit, formats: tuple[str, ...]) -> UnitBuild:
    unit = rendered.unit
    result = UnitBuild(unit)
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


_worker_renderer: PageRenderer | None = None


def _start_worker(course: Course) -> None:
    global _worker_renderer  # one renderer per worker process, reused for each unit it renders
    _worker_renderer = PageRenderer(course)


def _render_in_worker(unit: Unit) -> RenderedUnit:
    assert _worker_renderer is not None
    return _worker_renderer.render_unit(unit)


def render_units(course: Course, units: list[Unit]) -> list[RenderedUnit]:
    """Render units on every core: Markdown rendering is most of a build's time.

    Workers are forked, so they start with the course already loaded and nothing to re-import.
    """
    workers = min(len(units), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        renderer = PageRenderer(course)
        return [renderer.render_unit(unit) for unit in units]
    with multiprocessing.get_context("fork").Pool(workers, _start_worker, (course,)) as pool:
        return pool.map(_render_in_worker, units, chunksize=1)


def build(content: Path, out: Path, formats: tuple[str, ...] = ALL_FORMATS, unit_ids: tuple[str, ...] = (),
          progress: Callable[[UnitBuild], None] = lambda b: None) -> dict:
    course = load_course(content)
    units = [course.unit(unit_id) for unit_id in unit_ids] if unit_ids else list(course.units)
    builds = [build_unit(course, rendered, formats) for rendered in render_units(course, units)]
    for unit_build in builds:
        for output in unit_build.outputs:
            atomic_write(out / output.path, output.data)
        progress(unit_build)
    summary = report(course, builds)
    atomic_write(out / "report.json", (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return summary
