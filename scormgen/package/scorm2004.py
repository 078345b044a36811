"""SCORM 2004 4th edition: IMS CP 1.1.4, ADL CP/SEQ/NAV 1.3, IMS Simple Sequencing, IEEE LOM."""

from __future__ import annotations

from lxml import etree

from scormgen.package.manifest import XSI, Dialect, LomDialect, PackageDescription, ScoEntry, sub
from scormgen.package.manifest import write_manifest as _write

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
LOM = "http://ltsc.ieee.org/xsd/LOM"


def _ss(tag: str) -> str:
    return f"{{{IMSSS}}}{tag}"


def _mastery(item: etree._Element, sco: ScoEntry) -> None:
    # The quiz objective is satisfied by its score: scaled score ≥ mastery / 100.
    objectives = sub(sub(item, _ss("sequencing")), _ss("objectives"))
    primary = sub(
        objectives,
        _ss("primaryObjective"),
        attrib={"objectiveID": f"{sco.id}-mastery", "satisfiedByMeasure": "true"},
    )
    sub(primary, _ss("minNormalizedMeasure"), f"{sco.mastery / 100:g}")


def _organization_extras(organization: etree._Element) -> None:
    sub(
        sub(organization, _ss("sequencing")),
        _ss("controlMode"),
        attrib={"choice": "true", "flow": "true"},
    )


DIALECT = Dialect(
    cp_namespace=CP,
    nsmap={
        None: CP,
        "adlcp": ADLCP,
        "adlseq": ADLSEQ,
        "adlnav": ADLNAV,
        "imsss": IMSSS,
        "lom": LOM,
        "xsi": XSI,
    },
    schema_location=(
        f"{CP} imscp_v1p1.xsd {ADLCP} adlcp_v1p3.xsd {ADLSEQ} adlseq_v1p3.xsd "
        f"{ADLNAV} adlnav_v1p3.xsd {IMSSS} imsss_v1p0.xsd {LOM} lom.xsd"
    ),
    schema_version="2004 4th Edition",
    scormtype_attribute=f"{{{ADLCP}}}scormType",
    item_attributes={},
    lom=LomDialect(LOM, "string", "language", "typicalLearningTime", "duration"),
    write_mastery=_mastery,
    write_organization_extras=_organization_extras,
)


def write_manifest(package: PackageDescription) -> bytes:
    return _write(package, DIALECT)
