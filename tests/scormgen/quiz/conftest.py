"""Schemas for the quiz tests: QTI 2.1 for items and tests, and the QTI content package driver
(IMS CP + IMS MD + QTI metadata + QTI) for imsmanifest.xml, compiled offline by the project's
SchemaSet from ../shared/schemas (the tests skip, saying why, where that folder is missing)."""

from __future__ import annotations

import pytest
from lxml import etree


@pytest.fixture(scope="session")
def qti_schema(schema_set) -> etree.XMLSchema:
    return schema_set.schema("qti21")


@pytest.fixture(scope="session")
def manifest_schema(schema_set) -> etree.XMLSchema:
    return schema_set.schema("qti21-package")


def assert_valid(schema: etree.XMLSchema, document: bytes, name: str = "document") -> None:
    tree = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    if not schema.validate(tree):
        errors = "\n".join(f"  line {e.line}: {e.message}" for e in schema.error_log)
        raise AssertionError(f"{name} is not valid:\n{errors}\n{document.decode()}")
