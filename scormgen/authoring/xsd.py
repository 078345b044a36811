"""Offline XSD validation against a folder of official schemas (see shared/schemas/README.md).

No network: absolute schema URLs are mapped to local copies through the folder's OASIS
catalog.xml, read here by a resolver. Two SCORM 1.2 files that libxml2 cannot compile as
shipped are patched in memory; the files on disk stay untouched.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from lxml import etree

from course_model.errors import CourseError
from course_model.i18n import t

CATALOG_NS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
XS = "http://www.w3.org/2001/XMLSchema"

# namespace → schema file, relative to the schema folder, for each kind of document.
DRIVERS = {
    "scorm12": {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "scorm12/imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "scorm12/adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "scorm12/imsmd_rootv1p2p1.xsd",
    },
    "scorm2004": {
        "http://www.imsglobal.org/xsd/imscp_v1p1": "scorm2004_4ed/imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "scorm2004_4ed/adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "scorm2004_4ed/adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "scorm2004_4ed/adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "scorm2004_4ed/imsss_v1p0.xsd",
        "http://ltsc.ieee.org/xsd/LOM": "scorm2004_4ed/lom.xsd",
    },
    "qti21-package": {
        "http://www.imsglobal.org/xsd/imscp_v1p1": "qti21/imscp_v1p1.xsd",
        "http://www.imsglobal.org/xsd/imsmd_v1p2p4": "qti21/imsmd_v1p2p4.xsd",
        "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1": "qti21/imsqti_metadata_v2p1.xsd",
        "http://www.imsglobal.org/xsd/imsqti_v2p1": "qti21/imsqti_v2p1.xsd",
    },
    "qti21": {
        "http://www.imsglobal.org/xsd/imsqti_v2p1": "qti21/imsqti_v2p1.xsd",
    },
}


def _patch_ims_xml(text: str) -> str:
    # Binding the default namespace to the xml namespace is forbidden; the declaration is unused.
    return text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "")


def _patch_imsmd(text: str) -> str:
    # ##any after optional local elements is not deterministic; IMS MD 1.2.4 uses ##other.
    return text.replace('namespace="##any"', 'namespace="##other"')


PATCHES = {"ims_xml.xsd": _patch_ims_xml, "imsmd_rootv1p2p1.xsd": _patch_imsmd}


class _CatalogResolver(etree.Resolver):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.system: dict[str, Path] = {}
        self.rewrites: list[tuple[str, Path]] = []
        catalog = folder / "catalog.xml"
        if catalog.exists():
            root = etree.parse(
                str(catalog), etree.XMLParser(resolve_entities=False, no_network=True)
            ).getroot()
            for entry in root:
                if entry.tag == CATALOG_NS + "system":
                    self.system[entry.get("systemId")] = folder / entry.get("uri")
                elif entry.tag == CATALOG_NS + "uri":
                    self.system[entry.get("name")] = folder / entry.get("uri")
                elif entry.tag in (CATALOG_NS + "rewriteSystem", CATALOG_NS + "rewriteURI"):
                    start = entry.get("systemIdStartString") or entry.get("uriStartString")
                    self.rewrites.append((start, folder / entry.get("rewritePrefix")))

    def resolve(self, url, pubid, context):  # noqa: ANN001 (lxml's signature)
        path = self.system.get(url)
        for start, prefix in self.rewrites:
            if path is None and url.startswith(start):
                path = Path(str(prefix) + "/" + url[len(start) :])
        if path is None and url.startswith("file:"):
            path = Path(url[len("file://") :] if url.startswith("file://") else url[len("file:") :])
        elif path is None and "://" not in url:
            path = Path(url)
        if path is None:
            return None  # never fetched: the parser has no network access
        patch = PATCHES.get(path.name)
        if patch is not None:
            return self.resolve_string(
                patch(path.read_text(encoding="utf-8")), context, base_url=str(path)
            )
        return self.resolve_filename(str(path), context)


class SchemaSet:
    """Compiled schemas from one folder, built on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).resolve()
        if not (self.folder / "scorm12").is_dir():
            raise CourseError(
                t("not a schema folder (expected scorm12/, scorm2004_4ed/, qti21/)"), folder
            )
        self._compiled: dict[str, etree.XMLSchema] = {}

    @cached_property
    def _parser(self) -> etree.XMLParser:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        parser.resolvers.add(_CatalogResolver(self.folder))
        return parser

    def schema(self, kind: str) -> etree.XMLSchema:
        if kind not in self._compiled:
            imports = "".join(
                f'<xs:import namespace="{ns}" schemaLocation="{(self.folder / path).as_uri()}"/>'
                for ns, path in DRIVERS[kind].items()
            )
            driver = etree.XML(
                f'<xs:schema xmlns:xs="{XS}">{imports}</xs:schema>',
                self._parser,
                base_url=(self.folder / "driver.xsd").as_uri(),
            )
            self._compiled[kind] = etree.XMLSchema(driver)
        return self._compiled[kind]

    def errors(self, kind: str, document: etree._ElementTree | etree._Element) -> list[str]:
        """Schema violations as 'line N: message', empty when the document is valid."""
        schema = self.schema(kind)
        if schema.validate(document):
            return []
        return [f"line {e.line}: {e.message}" for e in schema.error_log]
