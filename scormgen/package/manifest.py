"""The manifest structure both SCORM versions share; each version module supplies a Dialect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from course_model import identifiers as ids

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"


@dataclass(frozen=True, slots=True)
class ScoEntry:
    id: str  # content id of the SCO (lesson id, or the quiz's)
    title: str
    href: str
    files: tuple[str, ...]
    duration: int  # minutes
    mastery: float | None  # percent; only graded SCOs have one


@dataclass(frozen=True, slots=True)
class PackageDescription:
    """Everything a manifest says about one unit's package, independent of the SCORM version."""

    unit_id: str
    title: str
    description: str
    language: str
    keywords: tuple[str, ...]
    scos: tuple[ScoEntry, ...]
    shared_files: tuple[str, ...]
    qti_files: tuple[
        str, ...
    ] = ()  # the quiz as QTI 2.1, listed as a plain asset so the SCORM XSDs accept it

    @property
    def duration(self) -> int:
        return sum(sco.duration for sco in self.scos)


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    description: str
    language: str
    keywords: tuple[str, ...]
    minutes: int


@dataclass(frozen=True, slots=True)
class LomDialect:
    """IMS MD 1.2.1 (SCORM 1.2) and IEEE LOM (SCORM 2004) say the same things with other tags."""

    namespace: str
    string_tag: str  # langstring | string
    language_attribute: str  # xml:lang | language
    learning_time_tag: str  # typicallearningtime | typicalLearningTime
    learning_time_value_tag: str  # datetime | duration

    def tag(self, name: str) -> str:
        return f"{{{self.namespace}}}{name}"

    def _string(self, parent: etree._Element, name: str, text: str, language: str) -> None:
        sub(
            sub(parent, self.tag(name)),
            self.tag(self.string_tag),
            text,
            {self.language_attribute: language},
        )

    def write(self, parent: etree._Element, meta: Metadata) -> None:
        lom = sub(parent, self.tag("lom"))
        general = sub(lom, self.tag("general"))
        self._string(general, "title", meta.title, meta.language)
        sub(general, self.tag("language"), meta.language)
        if meta.description:
            self._string(general, "description", meta.description, meta.language)
        for keyword in meta.keywords:
            self._string(general, "keyword", keyword, meta.language)
        learning_time = sub(sub(lom, self.tag("educational")), self.tag(self.learning_time_tag))
        sub(learning_time, self.tag(self.learning_time_value_tag), iso_duration(meta.minutes))


@dataclass(frozen=True, slots=True)
class Dialect:
    """What differs between SCORM versions in an otherwise identical manifest."""

    cp_namespace: str
    nsmap: dict[str | None, str]
    schema_location: str
    schema_version: str
    scormtype_attribute: str  # adlcp:scormtype (1.2) or adlcp:scormType (2004)
    item_attributes: dict[str, str]
    lom: LomDialect
    write_mastery: Callable[[etree._Element, ScoEntry], None]
    write_organization_extras: Callable[[etree._Element], None]


def iso_duration(minutes: int) -> str:
    """ISO 8601 duration as LOM and IMS MD expect, e.g. 150 → PT2H30M."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def sub(
    parent: etree._Element, tag: str, text: str | None = None, attrib: dict[str, str] | None = None
) -> etree._Element:
    element = etree.SubElement(parent, tag, attrib or {})
    if text is not None:
        element.text = text
    return element


def write_manifest(package: PackageDescription, dialect: Dialect) -> bytes:
    def cp(tag: str) -> str:
        return f"{{{dialect.cp_namespace}}}{tag}"

    root = etree.Element(
        cp("manifest"),
        {
            "identifier": ids.manifest_id(package.unit_id),
            "version": "1.0",
            f"{{{XSI}}}schemaLocation": dialect.schema_location,
        },
        nsmap=dialect.nsmap,
    )
    metadata = sub(root, cp("metadata"))
    sub(metadata, cp("schema"), "ADL SCORM")
    sub(metadata, cp("schemaversion"), dialect.schema_version)
    dialect.lom.write(
        metadata,
        Metadata(
            package.title, package.description, package.language, package.keywords, package.duration
        ),
    )

    org_id = ids.organization_id(package.unit_id)
    organization = sub(
        sub(root, cp("organizations"), attrib={"default": org_id}),
        cp("organization"),
        attrib={"identifier": org_id},
    )
    sub(organization, cp("title"), package.title)
    for sco in package.scos:
        item = sub(
            organization,
            cp("item"),
            attrib={
                "identifier": ids.item_id(sco.id),
                "identifierref": ids.resource_id(sco.id),
                **dialect.item_attributes,
            },
        )
        sub(item, cp("title"), sco.title)
        if sco.mastery is not None:
            dialect.write_mastery(item, sco)
    dialect.write_organization_extras(organization)

    resources = sub(root, cp("resources"))
    for sco in package.scos:
        resource = sub(
            resources,
            cp("resource"),
            attrib={
                "identifier": ids.resource_id(sco.id),
                "type": "webcontent",
                dialect.scormtype_attribute: "sco",
                "href": sco.href,
            },
        )
        dialect.lom.write(
            sub(resource, cp("metadata")),
            Metadata(sco.title, "", package.language, (), sco.duration),
        )
        for path in sco.files:
            sub(resource, cp("file"), attrib={"href": path})
        sub(resource, cp("dependency"), attrib={"identifierref": ids.SHARED_RESOURCE_ID})
    for identifier, files in (
        (ids.SHARED_RESOURCE_ID, package.shared_files),
        (ids.QTI_RESOURCE_ID, package.qti_files),
    ):
        if files:
            asset = sub(
                resources,
                cp("resource"),
                attrib={
                    "identifier": identifier,
                    "type": "webcontent",
                    dialect.scormtype_attribute: "asset",
                },
            )
            for path in files:
                sub(asset, cp("file"), attrib={"href": path})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
