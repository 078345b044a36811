"""`scormgen validate`: checks a SCORM package, ours or another tool's.

Our own checks always run; XSD validation runs when a schema folder is given. Zip entries
that no resource declares are an error in packages this project made (their manifest must
list every file) and a warning in others', which often ship undeclared XSDs.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from course_model.scorm_data import time_seconds, timespan_seconds
from scormgen.authoring.xsd import SchemaSet
from scormgen.package.scorm import ZIP_COMMENT

MANIFEST = "imsmanifest.xml"
VERSIONS = {
    "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "scorm12",
    "http://www.imsglobal.org/xsd/imscp_v1p1": "scorm2004",
}
ADLCP = {
    "scorm12": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "scorm2004": "http://www.adlnet.org/xsd/adlcp_v1p3",
}
SCORMTYPE = {"scorm12": "scormtype", "scorm2004": "scormType"}
IMSSS = "http://www.imsglobal.org/xsd/imsss"


@dataclass(frozen=True, slots=True)
class Problem:
    severity: str  # "error" | "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.message}"


class _Report:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, message: str) -> None:
        self.problems.append(Problem("error", message))

    def warning(self, message: str) -> None:
        self.problems.append(Problem("warning", message))


def _unsafe_path(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in path.parts


def validate_package(path: Path, schemas: SchemaSet | None = None) -> list[Problem]:
    report = _Report()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        report.error(f"cannot read the zip: {exc}")
        return report.problems
    with archive:
        names = [info.filename for info in archive.infolist()]
        ours = archive.comment == ZIP_COMMENT
        for name in names:
            if _unsafe_path(name):
                report.error(f"zip entry '{name}' has an absolute or '..' path")
        if len(set(names)) != len(names):
            report.error("the zip holds the same entry twice")
        if MANIFEST not in names:
            report.error(f"no {MANIFEST} at the root of the zip")
            return report.problems
        try:
            root = etree.fromstring(
                archive.read(MANIFEST),
                etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False),
            )
        except etree.XMLSyntaxError as exc:
            report.error(f"{MANIFEST} is not well-formed XML: line {exc.lineno}: {exc.msg}")
            return report.problems
        files = {n for n in names if not n.endswith("/")}
        _check_manifest(root, files, ours, report)
        version = VERSIONS.get(etree.QName(root).namespace or "")
        if schemas is not None and version is not None:
            for message in schemas.errors(version, root):
                report.error(f"{MANIFEST} does not match the SCORM schema: {message}")
    return report.problems


def _check_manifest(root: etree._Element, files: set[str], ours: bool, report: _Report) -> None:
    qname = etree.QName(root)
    version = VERSIONS.get(qname.namespace or "")
    if qname.localname != "manifest" or version is None:
        known = " or ".join(VERSIONS)
        report.error(
            f"root element is {{{qname.namespace}}}{qname.localname}, expected 'manifest' in {known}"
        )
        return
    cp = qname.namespace

    def find(element: etree._Element, path: str) -> list[etree._Element]:
        return element.findall(path.replace("cp:", f"{{{cp}}}"))

    # Identifiers: unique across the manifest, and every reference resolves.
    seen: dict[str, int] = {}
    for element in root.iter(
        f"{{{cp}}}manifest", f"{{{cp}}}organization", f"{{{cp}}}item", f"{{{cp}}}resource"
    ):
        identifier = element.get("identifier")
        if not identifier:
            report.error(
                f"line {element.sourceline}: <{etree.QName(element).localname}> has no identifier"
            )
        elif identifier in seen:
            report.error(
                f"line {element.sourceline}: identifier '{identifier}' is already used on line {seen[identifier]}"
            )
        else:
            seen[identifier] = element.sourceline
    resources = {r.get("identifier"): r for r in find(root, "cp:resources/cp:resource")}
    organizations = {o.get("identifier") for o in find(root, "cp:organizations/cp:organization")}
    for orgs in find(root, "cp:organizations"):
        default = orgs.get("default")
        if default and default not in organizations:
            report.error(f"line {orgs.sourceline}: default organization '{default}' does not exist")
        if not organizations:
            report.error(f"line {orgs.sourceline}: the package has no organization")
    for item in root.iter(f"{{{cp}}}item"):
        ref = item.get("identifierref")
        if ref is not None and ref not in resources:
            report.error(
                f"line {item.sourceline}: item '{item.get('identifier')}' refers to missing resource '{ref}'"
            )
    for dependency in root.iter(f"{{{cp}}}dependency"):
        ref = dependency.get("identifierref")
        if ref not in resources:
            report.error(f"line {dependency.sourceline}: dependency on missing resource '{ref}'")

    # Files: every declared file exists, and (in our packages) every file is declared.
    declared: set[str] = set()
    scormtype = f"{{{ADLCP[version]}}}{SCORMTYPE[version]}"
    wrong_case = (
        f"{{{ADLCP[version]}}}{SCORMTYPE['scorm2004' if version == 'scorm12' else 'scorm12']}"
    )
    for resource in resources.values():
        base = resource.get("{http://www.w3.org/XML/1998/namespace}base", "")
        rid = resource.get("identifier")
        kind = resource.get(scormtype)
        if resource.get(wrong_case) is not None:
            report.error(
                f"line {resource.sourceline}: resource '{rid}' spells the attribute "
                f"adlcp:{etree.QName(wrong_case).localname}; {version} requires adlcp:{SCORMTYPE[version]}"
            )
        elif kind is None and resource.get("type") == "webcontent":
            report.error(
                f"line {resource.sourceline}: resource '{rid}' lacks adlcp:{SCORMTYPE[version]} (sco or asset)"
            )
        elif kind is not None and kind not in ("sco", "asset"):
            report.error(
                f"line {resource.sourceline}: resource '{rid}' has adlcp:{SCORMTYPE[version]}='{kind}', "
                "expected 'sco' or 'asset'"
            )
        hrefs = [(resource, resource.get("href"))] if resource.get("href") else []
        if kind == "sco" and not hrefs:
            report.error(f"line {resource.sourceline}: SCO resource '{rid}' has no href to launch")
        hrefs += [(f, f.get("href")) for f in find(resource, "cp:file")]
        for element, href in hrefs:
            target = _package_path(base, href)
            if target is None:
                report.warning(
                    f"line {element.sourceline}: '{href}' is not a file in the package; not checked"
                )
            elif _unsafe_path(target):
                report.error(
                    f"line {element.sourceline}: href '{href}' is absolute or leaves the package"
                )
            elif target not in files:
                report.error(
                    f"line {element.sourceline}: '{href}' is declared but missing from the zip"
                )
            else:
                declared.add(target)
    for name in sorted(files - declared - {MANIFEST}):
        if ours:
            report.error(f"zip entry '{name}' is not declared by any resource")
        else:
            report.warning(f"zip entry '{name}' is not declared by any resource")
    _check_values(root, version, report)


def _package_path(base: str, href: str | None) -> str | None:
    if not href:
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    return unquote(base + parts.path)


def _check_values(root: etree._Element, version: str, report: _Report) -> None:
    adlcp = ADLCP[version]
    for element in root.iter(f"{{{adlcp}}}masteryscore"):
        if not _number_between(element.text, 0, 100):
            report.error(
                f"line {element.sourceline}: adlcp:masteryscore '{element.text}' is not a number from 0 to 100"
            )
    for element in root.iter(f"{{{adlcp}}}maxtimeallowed"):
        if timespan_seconds((element.text or "").strip()) is None:
            report.error(
                f"line {element.sourceline}: adlcp:maxtimeallowed '{element.text}' is not HHHH:MM:SS"
            )
    for element in root.iter(f"{{{IMSSS}}}minNormalizedMeasure"):
        if not _number_between(element.text, -1, 1):
            report.error(
                f"line {element.sourceline}: imsss:minNormalizedMeasure '{element.text}' is not in [-1, 1]"
            )
    for element in root.iter(f"{{{IMSSS}}}primaryObjective", f"{{{IMSSS}}}objective"):
        if element.get("minNormalizedMeasure") is not None and not _number_between(
            element.get("minNormalizedMeasure"), -1, 1
        ):
            report.error(f"line {element.sourceline}: minNormalizedMeasure is not in [-1, 1]")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if (
            name in ("datetime", "duration")
            and etree.QName(element.getparent()).localname.lower() == "typicallearningtime"
        ):
            value = (element.text or "").strip()
            if time_seconds(value) is None:
                report.error(
                    f"line {element.sourceline}: typical learning time '{value}' is not a duration"
                )


def _number_between(text: str | None, low: float, high: float) -> bool:
    try:
        return low <= float((text or "").strip()) <= high
    except ValueError:
        return False
