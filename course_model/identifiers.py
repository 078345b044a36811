"""Manifest identifiers, derived from content ids only, and the names a package gives its own files.

Moodle keeps a learner's tracks per SCO identifier, so these never depend on a lesson's position,
its file number or its text: adding, removing or editing other lessons leaves them unchanged.
"""

import re

QUIZ_SCO_ID = "verifica"
MANIFEST_FILE = "imsmanifest.xml"
SHARED_DIR = "shared"  # the runtime's script and styles, shared by every SCO
QTI_DIR = "qti"  # the unit's quiz as QTI 2.1 items and test, carried as an asset
_PATH_SEGMENT = re.compile(r"\w[\w.-]*")
MAX_MEDIA_BYTES = 50 * 2**20  # the most an author's file in a package may hold


def is_package_path(path: str) -> bool:
    """Whether `path` may name an author's file in a package (and, for a task's materials, in
    Moodle): relative, each folder and the name of letters, digits, '_', '-' and '.', none
    starting with '.', so never '..' nor a hidden file."""
    return all(_PATH_SEGMENT.fullmatch(part) for part in path.split("/"))


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
