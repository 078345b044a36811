import shutil
import subprocess
import zipfile
from importlib import resources

import pytest

from scormgen.build import build
from scormgen.runtime.shipped import STATIC_FILES, shipped

SIZE_LIMIT = 40 * 1024  # what every SCO's first screen loads, script and styles together


def written(name: str) -> str:
    return resources.files("scormgen.runtime").joinpath("static", name).read_text("utf-8")


def test_the_shipped_files_keep_their_first_comment_and_fit_the_first_screens_budget():
    total = 0
    for name in STATIC_FILES:
        source, data = written(name), shipped(name).decode("utf-8")
        header = source[: source.index("*/") + 2]  # says what the file is
        assert data.startswith(header + "\n")
        assert "/*" not in data[len(header) :]  # no other comment
        assert len(data) < len(source) * 0.9
        total += len(data.encode("utf-8"))
    assert total < SIZE_LIMIT


def test_packages_carry_the_shipped_copies(course_dir, tmp_path):
    build(course_dir, tmp_path / "out")
    for package in sorted(tmp_path.joinpath("out").glob("scorm*/*.zip")):
        with zipfile.ZipFile(package) as archive:
            for name in STATIC_FILES:
                assert archive.read(f"shared/{name}") == shipped(name), (package, name)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_shipped_script_is_valid_javascript(tmp_path):
    script = tmp_path / "runtime.js"
    script.write_bytes(shipped("runtime.js"))
    checked = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
