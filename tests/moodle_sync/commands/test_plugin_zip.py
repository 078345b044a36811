"""The Moodle plugin: its service matches what moodle-sync calls, its strings exist, its PHP
parses."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from course_model.errors import CourseError
from moodle_sync.commands.plugin_zip import SOURCE, plugin_files, write_plugin_zip
from moodle_sync.moodle.site import NEEDED_FUNCTIONS, SERVICE


def php(path: str) -> str:
    return (SOURCE / path).read_text(encoding="utf-8")


def test_the_service_holds_every_function_moodle_sync_calls() -> None:
    services = php("db/services.php")
    block = services[services.index("$services") :]
    listed = re.findall(r"'(\w+)',", block[block.index("'functions'") : block.index("]")])
    assert sorted(listed) == sorted(NEEDED_FUNCTIONS)
    assert f"'shortname' => '{SERVICE}'" in block and "'uploadfiles' => 1" in block
    assert "'restrictedusers' => 0" in block and "'enabled' => 1" in block


def test_the_plugin_functions_are_declared_with_their_classes() -> None:
    services = php("db/services.php")
    for name, cls in (
        ("local_scormsync_save_scorm", "save_scorm"),
        ("local_scormsync_get_course_report", "get_course_report"),
    ):
        assert (
            f"'{name}' =>" in services and f"\\local_scormsync\\external\\{cls}::class" in services
        )
        assert f"class {cls} extends external_api" in php(f"classes/external/{cls}.php")


@pytest.mark.parametrize("lang", ["en", "it"])
def test_every_string_the_plugin_uses_is_translated(lang: str) -> None:
    used = set()
    for path in plugin_files():
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"moodle_exception\('(\w+)', 'local_scormsync'", text))
        used |= {f"scormsync:{c}" for c in re.findall(r"'local/scormsync:(\w+)'", text)}
        used |= set(re.findall(r"'(privacy:metadata[\w:]*)'", text))
    defined = set(re.findall(r"\$string\['([\w:]+)'\]", php(f"lang/{lang}/local_scormsync.php")))
    assert "privacy:metadata:profilefield" in used and used | {"pluginname"} == defined


@pytest.mark.skipif(shutil.which("php") is None, reason="php-cli is not installed (CI installs it)")
@pytest.mark.parametrize("path", [p.relative_to(SOURCE).as_posix() for p in plugin_files()])
def test_php_files_parse(path: str) -> None:
    result = subprocess.run(["php", "-l", str(SOURCE / path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_zip_installs_as_local_scormsync_and_is_reproducible(tmp_path: Path) -> None:
    first = write_plugin_zip(tmp_path / "a" / "local_scormsync.zip")
    second = write_plugin_zip(tmp_path / "b" / "local_scormsync.zip")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        assert "scormsync/version.php" in names and "scormsync/db/services.php" in names
        assert (
            "$plugin->component = 'local_scormsync';"
            in archive.read("scormsync/version.php").decode()
        )
    assert not list(first.parent.glob(".local_scormsync.zip.*")), "no temporary file left"


def test_the_zip_never_replaces_a_file_of_the_plugin(tmp_path):
    version = SOURCE / "version.php"
    before = version.read_bytes()
    (tmp_path / "link.php").symlink_to(version)
    for out in (version, tmp_path / "link.php"):
        with pytest.raises(CourseError, match="the command reads this file"):
            write_plugin_zip(out)
    assert version.read_bytes() == before
