import json
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from course_model.errors import ContentError
from scormgen.authoring.validate import validate_package
from scormgen.build import build, parse_formats

REPO = Path(__file__).resolve().parents[2]


def zips(out: Path) -> dict[str, bytes]:
    """Every output of a build but the report, by path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("*/*.*"))}


def identifiers(package: bytes) -> dict[str, str]:
    """SCO title → item identifier in a package's manifest."""
    with zipfile.ZipFile(__import__("io").BytesIO(package)) as archive:
        root = etree.fromstring(archive.read("imsmanifest.xml"))
    items = root.iter("{*}item")
    return {item.findtext("{*}title"): item.get("identifier") for item in items}


def test_two_builds_are_byte_identical(course_dir, tmp_path):
    build(course_dir, tmp_path / "a")
    build(course_dir, tmp_path / "b")
    first, second = zips(tmp_path / "a"), zips(tmp_path / "b")
    assert len(first) == 8 and first == second
    assert (tmp_path / "a" / "report.json").read_bytes() == (
        tmp_path / "b" / "report.json"
    ).read_bytes()


def test_editing_one_lesson_changes_only_its_unit(course_dir, tmp_path, lesson_writer):
    build(course_dir, tmp_path / "before")
    lesson = course_dir / "uf1-prima" / "02-chiusura.md"
    lesson.write_text(lesson.read_text().replace("Primo paragrafo", "Paragrafo riscritto"))
    build(course_dir, tmp_path / "after")
    before, after = zips(tmp_path / "before"), zips(tmp_path / "after")
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {
        "scorm12/uf1-prima.zip",
        "scorm2004/uf1-prima.zip",
    }  # its quiz did not change
    assert identifiers(before["scorm12/uf1-prima.zip"]) == identifiers(
        after["scorm12/uf1-prima.zip"]
    )


def test_adding_and_removing_lessons_keeps_other_identifiers(course_dir, tmp_path, lesson_writer):
    build(course_dir, tmp_path / "before")
    lesson_writer(
        course_dir / "uf1-prima", "01-nuova.md", "Nuova", 5, "A1"
    )  # same number as another
    (course_dir / "uf1-prima" / "02-chiusura.md").rename(
        course_dir / "uf1-prima" / "07-chiusura.md"
    )
    (course_dir / "uf1-prima" / "01-apertura.md").unlink()
    build(course_dir, tmp_path / "after")
    for fmt in ("scorm12", "scorm2004"):
        before = identifiers(zips(tmp_path / "before")[f"{fmt}/uf1-prima.zip"])
        after = identifiers(zips(tmp_path / "after")[f"{fmt}/uf1-prima.zip"])
        assert after["Chiusura"] == before["Chiusura"] == "ITEM-chiusura"
        assert after["Nuova"] == "ITEM-nuova" and "Apertura" not in after


def test_source_date_epoch_sets_the_zip_timestamps(course_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00:00 UTC
    build(course_dir, tmp_path / "out")
    with zipfile.ZipFile(tmp_path / "out" / "scorm12" / "uf1-prima.zip") as archive:
        infos = archive.infolist()
    assert {info.date_time for info in infos} == {(2026, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)


def test_a_failed_build_leaves_the_previous_output_untouched(course_dir, tmp_path):
    out = tmp_path / "out"
    build(course_dir, out)
    before = zips(out)
    broken = course_dir / "uf2-seconda" / "01-unica.md"
    broken.write_text(broken.read_text().replace("media/ciclo.svg", "media/manca.svg"))
    lesson = course_dir / "uf1-prima" / "01-apertura.md"
    lesson.write_text(lesson.read_text().replace("Primo paragrafo", "Cambiato"))
    with pytest.raises(ContentError, match="nothing was built") as error:
        build(course_dir, out)
    [missing] = error.value.errors
    assert missing.path == broken and "manca.svg" in missing.message
    assert (
        broken.read_text()
        .split("\n")[missing.line - 1]
        .startswith("![Schema del ciclo](media/manca.svg)")
    )
    assert zips(out) == before  # unit 1 was fine, but nothing is written when any unit fails
    assert not list(out.rglob("*.tmp"))


def test_progress_comes_unit_by_unit_before_anything_is_published(course_dir, tmp_path):
    out = tmp_path / "out"
    seen = []

    def progress(unit_build):
        seen.append((unit_build.unit.id, [o.path for o in unit_build.outputs], zips(out)))

    build(course_dir, out, progress=progress)
    assert [unit_id for unit_id, _, _ in seen] == ["uf1-prima", "uf2-seconda"]
    assert seen[0][1] == [
        "scorm12/uf1-prima.zip",
        "scorm2004/uf1-prima.zip",
        "qti21/uf1-prima.zip",
        "moodle/uf1-prima.xml",
    ]
    assert all(published == {} for _, _, published in seen)
    assert len(zips(out)) == 8


def test_report_lists_files_durations_and_coverage(course_dir, tmp_path):
    build(course_dir, tmp_path / "out")
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    unit = report["units"][0]
    assert unit["id"] == "uf1-prima" and unit["code"] == "1001"
    assert [s["duration"] for s in unit["scos"] if s["kind"] == "lesson"] == [20, 30]
    files = {f["path"]: f for f in unit["files"]}
    package = (tmp_path / "out" / "scorm12" / "uf1-prima.zip").read_bytes()
    assert files["scorm12/uf1-prima.zip"]["size"] == len(package)
    assert (
        files["scorm12/uf1-prima.zip"]["sha256"]
        == __import__("hashlib").sha256(package).hexdigest()
    )
    coverage = report["coverage"]["uf1-prima"]
    assert {item: c["lessons"] for item, c in coverage.items()} == {
        "A1": ["apertura"],
        "A2": ["chiusura"],
        "K1": ["apertura"],
    }
    [question] = coverage["A1"]["questions"]  # the fixture's one question covers every item
    assert question.startswith("q-") and all(
        c["questions"] == [question] for c in coverage.values()
    )


def test_build_one_unit_in_one_format(course_dir, tmp_path):
    out = tmp_path / "out"
    report = build(course_dir, out, formats=("scorm2004",), unit_ids=("uf2-seconda",))
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.*")) == [
        "report.json",
        "scorm2004/uf2-seconda.zip",
    ]
    assert [u["id"] for u in report["units"]] == ["uf2-seconda"]


def test_shipped_course_builds_valid_packages(tmp_path, schema_set):
    report = build(REPO / "content", tmp_path)
    packages = sorted(tmp_path.glob("scorm*/*.zip"))
    assert len(packages) == 2 * len(report["units"]) >= 8
    for package in packages:
        assert validate_package(package, schema_set) == [], package
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for package in sorted(tmp_path.glob("qti21/*.zip")):
        with zipfile.ZipFile(package) as archive:
            for name in archive.namelist():
                if name.endswith(".xml"):
                    kind = "qti21-package" if name == "imsmanifest.xml" else "qti21"
                    assert (
                        schema_set.errors(kind, etree.fromstring(archive.read(name), parser)) == []
                    ), (package, name)
    for bank in sorted(tmp_path.glob("moodle/*.xml")):
        root = etree.parse(str(bank), parser).getroot()
        assert root.tag == "quiz" and root[0].get("type") == "category"
        assert len(root.findall("question")) > 25


def test_package_lists_every_file_and_the_shared_assets(course_dir, tmp_path):
    build(course_dir, tmp_path / "out")
    with zipfile.ZipFile(tmp_path / "out" / "scorm12" / "uf1-prima.zip") as archive:
        names = set(archive.namelist())
        root = etree.fromstring(archive.read("imsmanifest.xml"))
    declared = {f.get("href") for f in root.iter("{*}file")}
    assert names - {"imsmanifest.xml"} == declared
    assert {
        "shared/runtime.js",
        "shared/course.css",
        "media/ciclo.svg",
        "apertura.html",
    } <= declared
    resources = {r.get("identifier"): r for r in root.iter("{*}resource")}
    assert (
        resources["RES-shared-assets"].get("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype")
        == "asset"
    )
    deps = [d.get("identifierref") for d in resources["RES-apertura"].iter("{*}dependency")]
    assert deps == ["RES-shared-assets"]


def test_linked_local_files_are_packaged(course_dir, tmp_path):
    folder = course_dir / "uf2-seconda"
    (folder / "allegati").mkdir()
    (folder / "allegati" / "modello-sla.pdf").write_bytes(b"%PDF-1.4 modello")
    lesson = folder / "01-unica.md"
    lesson.write_text(
        lesson.read_text().replace(
            "Primo paragrafo", "Scarica il [modello](allegati/modello-sla.pdf#p1)."
        )
    )
    build(course_dir, tmp_path / "out", formats=("scorm12",))
    with zipfile.ZipFile(tmp_path / "out" / "scorm12" / "uf2-seconda.zip") as archive:
        assert archive.read("allegati/modello-sla.pdf") == b"%PDF-1.4 modello"
    assert validate_package(tmp_path / "out" / "scorm12" / "uf2-seconda.zip") == []


def test_a_link_to_another_lesson_resolves_inside_the_package(course_dir, tmp_path):
    lesson = course_dir / "uf1-prima" / "02-chiusura.md"
    lesson.write_text(
        lesson.read_text().replace("Primo", "[Ripasso](01-apertura.md#seconda-schermata). Primo")
    )
    build(course_dir, tmp_path / "out", formats=("scorm12", "scorm2004"))
    for fmt in ("scorm12", "scorm2004"):
        with zipfile.ZipFile(tmp_path / "out" / fmt / "uf1-prima.zip") as archive:
            page = archive.read("chiusura.html").decode("utf-8")
            [href] = re.findall(r'href="([^"]*)"[^>]*>Ripasso<', page)
            target, _, anchor = href.partition("?consulta=1#")
            assert target in archive.namelist()
            assert f'id="{anchor}"' in archive.read(target).decode("utf-8")
        assert validate_package(tmp_path / "out" / fmt / "uf1-prima.zip") == []


def test_a_format_or_unit_named_twice_is_built_once(course_dir, tmp_path):
    out = tmp_path / "out"
    build(course_dir, out, parse_formats("scorm12, scorm12,qti21"))
    report = build(course_dir, out, parse_formats("scorm12,qti21"), ("uf1-prima", "uf1-prima"))
    assert [unit["id"] for unit in report["units"]] == ["uf1-prima", "uf2-seconda"]
    for unit in report["units"]:
        assert sorted(file["path"].split("/")[0] for file in unit["files"]) == ["qti21", "scorm12"]
    assert json.loads((out / "report.json").read_text()) == report
