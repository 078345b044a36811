from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from course_model.errors import InputError
from moodle_sync.files.buildreport import load_build


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
        match=r"not a build report of this version \(units\[0\]\.code is missing\): run scormgen build",
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
