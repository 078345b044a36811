"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO.parent / "shared" / "schemas"


@pytest.fixture(scope="session")
def schema_set():
    """The official SCORM/QTI schemas, checked out beside the repository (../shared/schemas)."""
    if not (SCHEMAS / "scorm12").is_dir():
        pytest.skip(f"official schemas not found at {SCHEMAS}")
    from scormgen.xsd import SchemaSet

    return SchemaSet(SCHEMAS)
