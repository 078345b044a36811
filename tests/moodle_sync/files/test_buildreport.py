from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from course_model.errors import InputError
from moodle_sync.files.buildreport import load_build
from tests.conftest import BUILT_UNITS
from tests.moodle_sync.fake_moodle import practical_task, write_build


def test_units_are_read_with_their_package(build: Path) -> None:
    units = load_build(build)
    unit = units["uf1-utente"]
    assert (unit.code, unit.lessons, unit.quizzes, unit.mastery) == ("1784", 2, 1, 60)
    assert unit.package == build / "scorm12" / "uf1-utente.zip"
    assert unit.sha1 == hashlib.sha1(unit.package.read_bytes()).hexdigest()


def test_no_report_says_to_build(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="run 'scormgen build' first"):
        load_build(tmp_path)


def test_a_package_changed_after_the_build_is_refused(build: Path) -> None:
    (build / "scorm12" / "uf1-utente.zip").write_bytes(b"changed")
    with pytest.raises(InputError, match="does not match its size and sha256"):
        load_build(build)


def test_a_missing_package_is_refused(build: Path) -> None:
    (build / "scorm12" / "uf2-manutenzione.zip").unlink()
    with pytest.raises(InputError, match="listed but missing"):
        load_build(build)


def test_broken_json_names_the_line(build: Path) -> None:
    (build / "report.json").write_text('{\n  "units": [\n  oops\n]}')
    with pytest.raises(InputError, match=r"report.json:3: not valid JSON"):
        load_build(build)


def test_a_unit_without_its_fields_is_refused(build: Path) -> None:
    report = json.loads((build / "report.json").read_text())
    del report["units"][0]["code"]
    (build / "report.json").write_text(json.dumps(report))
    with pytest.raises(
        InputError,
        match=(
            r"not a build report of this version \(units\[0\]\.code is missing\): "
            r"run scormgen build"
        ),
    ):
        load_build(build)


@pytest.mark.parametrize("path", ["scorm12/../../secret.zip", "/etc/passwd", "scorm12/sub/x.zip"])
def test_a_package_outside_the_build_folder_is_refused(build: Path, path: str) -> None:
    report = json.loads((build / "report.json").read_text())
    report["units"][0]["files"][0]["path"] = (
        path if path.startswith("scorm12/") else "scorm12/" + path
    )
    (build / "report.json").write_text(json.dumps(report))
    with pytest.raises(InputError, match="is not a package of the build folder"):
        load_build(build)


def test_a_report_of_the_wrong_shape_is_one_error(build: Path) -> None:
    (build / "report.json").write_text('{"units": [{"id": "x", "scos": 5}]}')
    with pytest.raises(InputError, match="not a build report of this version"):
        load_build(build)


MATERIALS = {"media/clienti.csv": b"id;nome\nC01;Edilcasa\n", "scheda.pdf": b"%PDF-1.4\n"}


@pytest.fixture
def with_materials(tmp_path: Path) -> Path:
    """A build whose UF1 task has two materials, packaged in the unit's zip."""
    task = practical_task(materials=MATERIALS)
    write_build(tmp_path / "b", [dict(BUILT_UNITS[0], tasks=[task], materials=MATERIALS)])
    return tmp_path / "b"


def edit_material(build: Path, **changes: object) -> None:
    """Change the report's entry of the task's first material."""
    report = json.loads((build / "report.json").read_text())
    report["units"][0]["tasks"][0]["materials"][0].update(changes)
    (build / "report.json").write_text(json.dumps(report))


def test_a_tasks_materials_are_read_from_its_unit_package(with_materials: Path) -> None:
    [task] = load_build(with_materials)["uf1-utente"].tasks
    assert [(m.path, m.content, m.sha1) for m in task.materials] == [
        (path, data, hashlib.sha1(data).hexdigest()) for path, data in MATERIALS.items()
    ]
    assert '<a href="@@PLUGINFILE@@/media/clienti.csv">' in task.description


@pytest.mark.parametrize(
    "path",
    [
        "../secret.csv",
        "media/../../secret.csv",
        "/etc/passwd",
        "media//clienti.csv",
        ".hidden",
        "media/",
        "",
        "media\\clienti.csv",
        "media/altro.csv",  # a path a package may hold, but this one does not
    ],
)
def test_a_material_that_is_no_file_of_the_package_is_refused(
    with_materials: Path, path: str
) -> None:
    edit_material(with_materials, path=path)
    with pytest.raises(InputError, match="is not a file of its unit's package"):
        load_build(with_materials)


@pytest.mark.parametrize(
    "change",
    [{"sha256": "0" * 64}, {"size": 3}, {"size": len(MATERIALS["media/clienti.csv"]) + 1}],
)
def test_a_material_other_than_the_report_says_is_refused(
    with_materials: Path, change: dict
) -> None:
    edit_material(with_materials, **change)
    with pytest.raises(InputError, match="does not match its size and sha256 in the report"):
        load_build(with_materials)


def test_a_material_too_large_for_any_package_is_not_read(with_materials: Path) -> None:
    edit_material(with_materials, size=51 * 2**20)
    with pytest.raises(InputError, match="is not a file of its unit's package"):
        load_build(with_materials)


def test_a_task_without_its_materials_is_from_another_version(with_materials: Path) -> None:
    report = json.loads((with_materials / "report.json").read_text())
    del report["units"][0]["tasks"][0]["materials"]
    (with_materials / "report.json").write_text(json.dumps(report))
    with pytest.raises(InputError, match=r"tasks\[0\]\.materials is missing\): run scormgen"):
        load_build(with_materials)
