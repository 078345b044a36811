"""Installing the tools leaves the course's output folder alone: setuptools keeps its build files
out of build/, which is scormgen's (see setup.cfg)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_building_the_wheel_writes_nothing_into_the_course_output_folder(tmp_path):
    copy = tmp_path / "repo"
    ignored = (".git", "build", "node_modules", ".setuptools-build", "*.egg-info", "__pycache__")
    shutil.copytree(
        REPO, copy, symlinks=True, ignore=shutil.ignore_patterns(*ignored, ".*cache", ".hypothesis")
    )
    output = copy / "build" / "scorm12"
    output.mkdir(parents=True)
    (output / "uf1.zip").write_bytes(b"a package")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", tmp_path / "dist"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    assert sorted(p.relative_to(copy / "build") for p in (copy / "build").rglob("*")) == [
        Path("scorm12"),
        Path("scorm12/uf1.zip"),
    ]
    [wheel] = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as built:
        assert "scormgen/cli.py" in built.namelist()
        assert "course_model/locale/it/LC_MESSAGES/messages.po" in built.namelist()
