"""SCORM 1.2: IMS CP 1.1.2, ADL CP 1.2 and IMS MD 1.2.1 metadata."""

from __future__ import annotations

from lxml import etree

from scormgen.package.manifest import (
    XML_NS,
    XSI,
    Dialect,
    LomDialect,
    PackageDescription,
    ScoEntry,
    sub,
)
from scormgen.package.manifest import write_manifest as _write

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"


def _mastery(item: etree._Element, sco: ScoEntry) -> None:
    sub(item, f"{{{ADLCP}}}masteryscore", f"{sco.mastery:g}")


DIALECT = Dialect(
    cp_namespace=CP,
    nsmap={None: CP, "adlcp": ADLCP, "imsmd": IMSMD, "xsi": XSI},
    schema_location=(
        f"{CP} imscp_rootv1p1p2.xsd {IMSMD} imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd"
    ),
    schema_version="1.2",
    scormtype_attribute=f"{{{ADLCP}}}scormtype",
    item_attributes={"isvisible": "true"},
    lom=LomDialect(IMSMD, "langstring", f"{{{XML_NS}}}lang", "typicallearningtime", "datetime"),
    write_mastery=_mastery,
    write_organization_extras=lambda organization: None,
)


def write_manifest(package: PackageDescription) -> bytes:
    return _write(package, DIALECT)
