"""Fixtures for the quiz tests: XML Schemas of QTI 2.1 and its content package, compiled offline.

libxml2 must know the catalog that maps the schemas' absolute URLs to local copies before
lxml is first imported, so the environment variable is set here, at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SCHEMAS = (Path(__file__).resolve().parents[3] / ".." / "shared" / "schemas").resolve()
if SCHEMAS.is_dir():
    os.environ.setdefault("XML_CATALOG_FILES", str(SCHEMAS / "catalog.xml"))

from lxml import etree  # noqa: E402  (after XML_CATALOG_FILES)

_MANIFEST_DRIVER = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.imsglobal.org/xsd/imscp_v1p1" schemaLocation="{qti}/imscp_v1p1.xsd"/>
  <xs:import namespace="http://www.imsglobal.org/xsd/imsmd_v1p2" schemaLocation="{qti}/imsmd_v1p2p4.xsd"/>
  <xs:import namespace="http://www.imsglobal.org/xsd/imsqti_metadata_v2p1"
             schemaLocation="{qti}/imsqti_metadata_v2p1.xsd"/>
  <xs:import namespace="http://www.imsglobal.org/xsd/imsqti_v2p1" schemaLocation="{qti}/imsqti_v2p1.xsd"/>
</xs:schema>"""


def _require_schemas() -> Path:
    if not (SCHEMAS / "qti21" / "imsqti_v2p1.xsd").is_file():
        pytest.skip(f"QTI 2.1 schemas not found at {SCHEMAS} (the repository is checked out beside shared/)")
    return SCHEMAS / "qti21"


@pytest.fixture(scope="session")
def qti_schema() -> etree.XMLSchema:
    """imsqti_v2p1.xsd, for assessmentItem and assessmentTest documents."""
    return etree.XMLSchema(etree.parse(str(_require_schemas() / "imsqti_v2p1.xsd")))


@pytest.fixture(scope="session")
def manifest_schema() -> etree.XMLSchema:
    """A driver schema importing IMS CP, IMS MD, QTI metadata and QTI, for imsmanifest.xml."""
    qti = _require_schemas().as_uri()
    return etree.XMLSchema(etree.fromstring(_MANIFEST_DRIVER.format(qti=qti)))


def assert_valid(schema: etree.XMLSchema, document: bytes, name: str = "document") -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    tree = etree.fromstring(document, parser)
    if not schema.validate(tree):
        errors = "\n".join(f"  line {e.line}: {e.message}" for e in schema.error_log)
        raise AssertionError(f"{name} is not valid:\n{errors}\n{document.decode()}")
