"""Stage 4 of the build: a rendered unit becomes the entries of a SCORM package."""

from __future__ import annotations

from dataclasses import dataclass

from course_model.identifiers import MANIFEST_FILE
from course_model.zipfiles import deterministic_zip
from scormgen.package import scorm12, scorm2004
from scormgen.package.manifest import PackageDescription, ScoEntry
from scormgen.render.pages import RenderedUnit

# Marks packages this project made: the validator is stricter with its own packages.
ZIP_COMMENT = b"scormgen"

MANIFEST_WRITERS = {"scorm12": scorm12.write_manifest, "scorm2004": scorm2004.write_manifest}


@dataclass(frozen=True, slots=True)
class Package:
    format: str
    unit_id: str
    data: bytes


def describe(
    rendered: RenderedUnit, language: str, keywords: tuple[str, ...]
) -> PackageDescription:
    unit = rendered.unit
    return PackageDescription(
        unit_id=unit.id,
        title=f"UF {unit.standard.number} – {unit.title}",
        description=unit.description,
        language=language,
        keywords=keywords,
        scos=tuple(
            ScoEntry(s.id, s.title, s.href, s.files, s.duration, s.mastery) for s in rendered.scos
        ),
        shared_files=rendered.shared_files,
        qti_files=rendered.qti_files,
    )


def build_package(fmt: str, rendered: RenderedUnit, description: PackageDescription) -> Package:
    entries = dict(rendered.files)
    entries[MANIFEST_FILE] = MANIFEST_WRITERS[fmt](description)
    return Package(fmt, rendered.unit.id, deterministic_zip(entries, ZIP_COMMENT))
