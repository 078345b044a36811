import zipfile
from pathlib import Path

import pytest

from scormgen.authoring.validate import validate_package
from scormgen.build import build
from scormgen.package.scorm import ZIP_COMMENT


@pytest.fixture
def package(course_dir, tmp_path) -> Path:
    build(course_dir, tmp_path / "build", formats=("scorm12", "scorm2004"))
    return tmp_path / "build" / "scorm12" / "uf1-prima.zip"


def rewrite(
    source: Path, target: Path, change=lambda entries: entries, comment: bytes = ZIP_COMMENT
) -> Path:
    with zipfile.ZipFile(source) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries = change(entries)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        archive.comment = comment
    return target


def manifest_edit(old: bytes, new: bytes):
    def change(entries):
        assert old in entries["imsmanifest.xml"], old
        entries["imsmanifest.xml"] = entries["imsmanifest.xml"].replace(old, new, 1)
        return entries

    return change


def errors(path: Path, schemas=None) -> list[str]:
    return [p.message for p in validate_package(path, schemas) if p.severity == "error"]


def test_our_packages_pass(package, schema_set):
    assert validate_package(package, schema_set) == []
    assert validate_package(package.parent.parent / "scorm2004" / "uf1-prima.zip", schema_set) == []


def test_missing_file(package, tmp_path):
    broken = rewrite(
        package,
        tmp_path / "p.zip",
        lambda e: {k: v for k, v in e.items() if k != "media/ciclo.svg"},
    )
    assert any(
        "'media/ciclo.svg' is declared but missing from the zip" in m for m in errors(broken)
    )


def test_undeclared_file_is_an_error_in_ours_and_a_warning_in_others(package, tmp_path):
    def add(entries):
        entries["extra/notes.txt"] = b"x"
        return entries

    ours = rewrite(package, tmp_path / "ours.zip", add)
    assert errors(ours) == ["zip entry 'extra/notes.txt' is not declared by any resource"]
    foreign = rewrite(package, tmp_path / "foreign.zip", add, comment=b"")
    problems = validate_package(foreign)
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "zip entry 'extra/notes.txt' is not declared by any resource")
    ]


def test_duplicate_identifier(package, tmp_path):
    broken = rewrite(
        package,
        tmp_path / "p.zip",
        manifest_edit(b'identifier="ITEM-chiusura"', b'identifier="ITEM-apertura"'),
    )
    assert any("identifier 'ITEM-apertura' is already used on line" in m for m in errors(broken))


def test_parent_directory_entry(package, tmp_path):
    def add(entries):
        entries["../evil.html"] = b"x"
        return entries

    broken = rewrite(package, tmp_path / "p.zip", add)
    assert "zip entry '../evil.html' has an absolute or '..' path" in errors(broken)


def test_href_leaving_the_package(package, tmp_path):
    broken = rewrite(
        package,
        tmp_path / "p.zip",
        manifest_edit(b'<file href="media/ciclo.svg"/>', b'<file href="../ciclo.svg"/>'),
    )
    assert any("href '../ciclo.svg' is absolute or leaves the package" in m for m in errors(broken))


def test_malformed_xml(package, tmp_path):
    broken = rewrite(
        package, tmp_path / "p.zip", manifest_edit(b"</organizations>", b"</organisations>")
    )
    [message] = errors(broken)
    assert message.startswith("imsmanifest.xml is not well-formed XML: line ")


def test_wrong_namespace(package, tmp_path):
    broken = rewrite(
        package,
        tmp_path / "p.zip",
        manifest_edit(
            b'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"',
            b'xmlns="http://example.org/manifest"',
        ),
    )
    [message] = errors(broken)
    assert "root element is {http://example.org/manifest}manifest" in message


def test_missing_resource_reference(package, tmp_path):
    broken = rewrite(
        package,
        tmp_path / "p.zip",
        manifest_edit(b'identifierref="RES-chiusura"', b'identifierref="RES-nessuna"'),
    )
    assert any("refers to missing resource 'RES-nessuna'" in m for m in errors(broken))


def test_scormtype_spelled_the_2004_way_in_a_12_package(package, tmp_path):
    broken = rewrite(
        package,
        tmp_path / "p.zip",
        manifest_edit(b'adlcp:scormtype="sco"', b'adlcp:scormType="sco"'),
    )
    assert any(
        "spells the attribute adlcp:scormType; scorm12 requires adlcp:scormtype" in m
        for m in errors(broken)
    )


@pytest.mark.parametrize("value", ["mezz'ora", "0000:75:00", "PT1.234S", "P1DT"])
def test_bad_typical_learning_time(package, tmp_path, value):
    # The grammar of SCORM times is the one the pull from Moodle uses (course_model.scorm_data).
    broken = rewrite(
        package,
        tmp_path / "p.zip",
        manifest_edit(
            b"<imsmd:datetime>PT30M</imsmd:datetime>",
            f"<imsmd:datetime>{value}</imsmd:datetime>".encode(),
        ),
    )
    assert any(f"typical learning time '{value}' is not a duration" in m for m in errors(broken))


def test_schema_violation_is_reported_with_its_line(package, tmp_path, schema_set):
    broken = rewrite(
        package,
        tmp_path / "p.zip",
        manifest_edit(b"<schemaversion>", b"<version>x</version><schemaversion>"),
    )
    assert errors(broken) == []  # our own checks don't look at element order
    [message] = errors(broken, schema_set)
    assert message.startswith("imsmanifest.xml does not match the SCORM schema: line ")


def test_not_a_zip(tmp_path):
    path = tmp_path / "p.zip"
    path.write_bytes(b"not a zip")
    [message] = errors(path)
    assert message.startswith("cannot read the zip")
