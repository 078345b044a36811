"""Manifest identifiers, derived from content ids only, and the names a package gives its own files.

Moodle keeps a learner's tracks per SCO identifier, so these never depend on a lesson's position,
its file number or its text: adding, removing or editing other lessons leaves them unchanged.
"""

QUIZ_SCO_ID = "verifica"
MANIFEST_FILE = "imsmanifest.xml"
SHARED_DIR = "shared"  # the runtime's script and styles, shared by every SCO
QTI_DIR = "qti"  # the unit's quiz as QTI 2.1 items and test, carried as an asset


def manifest_id(unit_id: str) -> str:
    return f"MANIFEST-{unit_id}"


def organization_id(unit_id: str) -> str:
    return f"ORG-{unit_id}"


def item_id(sco_id: str) -> str:
    return f"ITEM-{sco_id}"


def resource_id(sco_id: str) -> str:
    return f"RES-{sco_id}"


SHARED_RESOURCE_ID = "RES-shared-assets"
QTI_RESOURCE_ID = "RES-qti"
