"""`scormgen validate`: checks a SCORM package, ours or another tool's.

Our own checks always run; XSD validation runs when a schema folder is given. Zip entries
that no resource declares are an error in packages this project made (their manifest must
list every file) and a warning in others', which often ship undeclared XSDs.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from course_model.i18n import t
from course_model.scorm_data import time_seconds, timespan_seconds
from scormgen.authoring.xsd import SchemaSet
from scormgen.package.scorm import ZIP_COMMENT
from scormgen.structure.findings import labelled

MANIFEST = "imsmanifest.xml"
# What validate reads at most, so that any zip is judged in bounded memory and time.
MAX_ENTRIES = 20_000
MAX_SIZE = 2 * 1024**3  # expanded, all entries together
MAX_MANIFEST = 8 * 1024**2
MAX_RATIO = 100  # expanded / compressed size of one entry (text deflates about 10 times)
_RATIO_ALLOWANCE = 1024**2  # small entries may expand more: a file of spaces, say
_CHUNK = 1024**2
# What a damaged zip makes zipfile raise, by the part of it that is damaged.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    zlib.error,
)
_DOCTYPE = re.compile(rb"<!DOCTYPE|<\0!\0D\0O\0C\0T\0Y\0P\0E|\0<\0!\0D\0O\0C\0T\0Y\0P\0E")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
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
        return labelled(self.severity, self.message)


class _Report:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, message: str) -> None:
        self.problems.append(Problem("error", _one_line(message)))

    def warning(self, message: str) -> None:
        self.problems.append(Problem("warning", _one_line(message)))


def _one_line(message: str) -> str:
    """`message` with the control characters a package's names and values may hold escaped, so
    that each problem stays one line."""
    return _CONTROL.sub(lambda match: repr(match[0])[1:-1], message)


def _unsafe_path(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in path.parts


def validate_package(path: Path, schemas: SchemaSet | None = None) -> list[Problem]:
    """The problems of the package at `path`, in bounded memory and time whatever it holds: a
    zip that cannot be judged safely (too big, corrupt, encrypted) is one problem saying why."""
    report = _Report()
    if not path.is_file():  # a folder, or a pipe that a zip reader would wait on
        report.error(t("file not found") if not path.exists() else t("not a file"))
        return report.problems
    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS as exc:
        report.error(t("cannot read the zip: {reason}", reason=exc))
        return report.problems
    with archive:
        infos = archive.infolist()
        refusal = _refusal(infos) or _corrupt_entry(archive, infos)
        if refusal:
            report.error(refusal)
            return report.problems
        names = [info.filename for info in infos]
        ours = archive.comment == ZIP_COMMENT
        for name in names:
            if _unsafe_path(name):
                report.error(t("zip entry '{name}' has an absolute or '..' path", name=name))
        if len(set(names)) != len(names):
            report.error(t("the zip holds the same entry twice"))
        if MANIFEST not in names:
            report.error(t("no {manifest} at the root of the zip", manifest=MANIFEST))
            return report.problems
        manifest = archive.getinfo(MANIFEST)
        if manifest.file_size > MAX_MANIFEST:
            report.error(
                t(
                    "{manifest} is {size} bytes: a manifest is at most {limit}",
                    manifest=MANIFEST,
                    size=manifest.file_size,
                    limit=MAX_MANIFEST,
                )
            )
            return report.problems
        with archive.open(manifest) as source:
            text = source.read(MAX_MANIFEST)
        try:
            root = etree.fromstring(text, _PARSER)
        except etree.XMLSyntaxError as exc:
            root = None
            syntax = t(
                "{manifest} is not well-formed XML: line {line}: {reason}",
                manifest=MANIFEST,
                line=exc.lineno,
                reason=exc.msg,
            )
        if _DOCTYPE.search(text) or (
            root is not None and root.getroottree().docinfo.doctype  # in another encoding
        ):
            report.error(
                t(
                    "{manifest} declares a DTD (<!DOCTYPE>): refused, since its entities can "
                    "read other files or grow without end",
                    manifest=MANIFEST,
                )
            )
            return report.problems
        if root is None:
            report.error(syntax)
            return report.problems
        files = {n for n in names if not n.endswith("/")}
        _check_manifest(root, files, ours, report)
        version = VERSIONS.get(etree.QName(root).namespace or "")
        if schemas is not None and version is not None:
            for message in schemas.errors(version, root):
                report.error(
                    t(
                        "{manifest} does not match the SCORM schema: {reason}",
                        manifest=MANIFEST,
                        reason=message,
                    )
                )
    return report.problems


def _refusal(infos: list[zipfile.ZipInfo]) -> str | None:
    """Why the zip cannot be read safely, judged from its central directory alone: too many or
    too big entries (a zip bomb), encrypted ones or ones in a compression method no LMS reads."""
    if len(infos) > MAX_ENTRIES:
        return t(
            "the zip holds {count} entries: at most {limit} are read",
            count=len(infos),
            limit=MAX_ENTRIES,
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_SIZE:
        return t(
            "the zip would expand to {size} bytes: at most {limit} are read",
            size=total,
            limit=MAX_SIZE,
        )
    for info in infos:
        if info.flag_bits & 0x1:
            return t("zip entry '{name}' is encrypted: an LMS cannot open it", name=info.filename)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return t(
                "zip entry '{name}' uses compression method {method}: LMSs read only stored "
                "and deflated entries",
                name=info.filename,
                method=info.compress_type,
            )
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) + _RATIO_ALLOWANCE:
            return t(
                "zip entry '{name}' would expand {ratio} times, to {size} bytes: refused as a "
                "zip bomb",
                name=info.filename,
                ratio=info.file_size // max(info.compress_size, 1),
                size=info.file_size,
            )
    return None


def _corrupt_entry(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> str | None:
    """Why an entry cannot be read whole (its data or checksum is wrong), reading each in
    chunks: at most what the central directory says, which `_refusal` bounded."""
    for info in infos:
        try:
            with archive.open(info) as entry:
                while entry.read(_CHUNK):
                    pass
        except _ZIP_ERRORS as exc:
            return t("zip entry '{name}' is corrupt: {reason}", name=info.filename, reason=exc)
    return None


def _check_manifest(root: etree._Element, files: set[str], ours: bool, report: _Report) -> None:
    qname = etree.QName(root)
    version = VERSIONS.get(qname.namespace or "")
    if qname.localname != "manifest" or version is None:
        known = " or ".join(VERSIONS)
        report.error(
            t(
                "root element is {element}, expected 'manifest' in {known}",
                element=f"{{{qname.namespace}}}{qname.localname}",
                known=known,
            )
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
                t(
                    "line {line}: <{element}> has no identifier",
                    line=element.sourceline,
                    element=etree.QName(element).localname,
                )
            )
        elif identifier in seen:
            report.error(
                t(
                    "line {line}: identifier '{identifier}' is already used on line {first}",
                    line=element.sourceline,
                    identifier=identifier,
                    first=seen[identifier],
                )
            )
        else:
            seen[identifier] = element.sourceline
    resources = {r.get("identifier"): r for r in find(root, "cp:resources/cp:resource")}
    organizations = {o.get("identifier") for o in find(root, "cp:organizations/cp:organization")}
    for orgs in find(root, "cp:organizations"):
        default = orgs.get("default")
        if default and default not in organizations:
            report.error(
                t(
                    "line {line}: default organization '{default}' does not exist",
                    line=orgs.sourceline,
                    default=default,
                )
            )
        if not organizations:
            report.error(t("line {line}: the package has no organization", line=orgs.sourceline))
    for item in root.iter(f"{{{cp}}}item"):
        ref = item.get("identifierref")
        if ref is not None and ref not in resources:
            report.error(
                t(
                    "line {line}: item '{item}' refers to missing resource '{ref}'",
                    line=item.sourceline,
                    item=item.get("identifier"),
                    ref=ref,
                )
            )
    for dependency in root.iter(f"{{{cp}}}dependency"):
        ref = dependency.get("identifierref")
        if ref not in resources:
            report.error(
                t(
                    "line {line}: dependency on missing resource '{ref}'",
                    line=dependency.sourceline,
                    ref=ref,
                )
            )

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
                t(
                    "line {line}: resource '{resource}' spells the attribute adlcp:{written}; "
                    "{version} requires adlcp:{wanted}",
                    line=resource.sourceline,
                    resource=rid,
                    written=etree.QName(wrong_case).localname,
                    version=version,
                    wanted=SCORMTYPE[version],
                )
            )
        elif kind is None and resource.get("type") == "webcontent":
            report.error(
                t(
                    "line {line}: resource '{resource}' lacks adlcp:{wanted} (sco or asset)",
                    line=resource.sourceline,
                    resource=rid,
                    wanted=SCORMTYPE[version],
                )
            )
        elif kind is not None and kind not in ("sco", "asset"):
            report.error(
                t(
                    "line {line}: resource '{resource}' has adlcp:{name}='{kind}', expected "
                    "'sco' or 'asset'",
                    line=resource.sourceline,
                    resource=rid,
                    name=SCORMTYPE[version],
                    kind=kind,
                )
            )
        hrefs = [(resource, resource.get("href"))] if resource.get("href") else []
        if kind == "sco" and not hrefs:
            report.error(
                t(
                    "line {line}: SCO resource '{resource}' has no href to launch",
                    line=resource.sourceline,
                    resource=rid,
                )
            )
        hrefs += [(f, f.get("href")) for f in find(resource, "cp:file")]
        for element, href in hrefs:
            target = _package_path(base, href)
            if target is None:
                report.warning(
                    t(
                        "line {line}: '{href}' is not a file in the package; not checked",
                        line=element.sourceline,
                        href=href,
                    )
                )
            elif _unsafe_path(target):
                report.error(
                    t(
                        "line {line}: href '{href}' is absolute or leaves the package",
                        line=element.sourceline,
                        href=href,
                    )
                )
            elif target not in files:
                report.error(
                    t(
                        "line {line}: '{href}' is declared but missing from the zip",
                        line=element.sourceline,
                        href=href,
                    )
                )
            else:
                declared.add(target)
    for name in sorted(files - declared - {MANIFEST}):
        if ours:
            report.error(t("zip entry '{name}' is not declared by any resource", name=name))
        else:
            report.warning(t("zip entry '{name}' is not declared by any resource", name=name))
    _check_values(root, version, report)


def _package_path(base: str, href: str | None) -> str | None:
    if not href:
        return None
    try:
        parts = urlsplit(href)
    except ValueError:  # "http://[", say: not an address, so not a file either
        return None
    if parts.scheme or parts.netloc:
        return None
    return unquote(base + parts.path)


def _check_values(root: etree._Element, version: str, report: _Report) -> None:
    adlcp = ADLCP[version]
    for element in root.iter(f"{{{adlcp}}}masteryscore"):
        if not _number_between(element.text, 0, 100):
            report.error(
                t(
                    "line {line}: adlcp:masteryscore '{value}' is not a number from 0 to 100",
                    line=element.sourceline,
                    value=element.text,
                )
            )
    for element in root.iter(f"{{{adlcp}}}maxtimeallowed"):
        if timespan_seconds((element.text or "").strip()) is None:
            report.error(
                t(
                    "line {line}: adlcp:maxtimeallowed '{value}' is not HHHH:MM:SS",
                    line=element.sourceline,
                    value=element.text,
                )
            )
    for element in root.iter(f"{{{IMSSS}}}minNormalizedMeasure"):
        if not _number_between(element.text, -1, 1):
            report.error(
                t(
                    "line {line}: imsss:minNormalizedMeasure '{value}' is not in [-1, 1]",
                    line=element.sourceline,
                    value=element.text,
                )
            )
    for element in root.iter(f"{{{IMSSS}}}primaryObjective", f"{{{IMSSS}}}objective"):
        if element.get("minNormalizedMeasure") is not None and not _number_between(
            element.get("minNormalizedMeasure"), -1, 1
        ):
            report.error(
                t("line {line}: minNormalizedMeasure is not in [-1, 1]", line=element.sourceline)
            )
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
                    t(
                        "line {line}: typical learning time '{value}' is not a duration",
                        line=element.sourceline,
                        value=value,
                    )
                )


def _number_between(text: str | None, low: float, high: float) -> bool:
    try:
        return low <= float((text or "").strip()) <= high
    except ValueError:
        return False
