"""Deploy on a real Moodle: a second run finds the site as the build wants it and writes nothing."""

from __future__ import annotations

import re

from moodle_sync.moodle import courses
from moodle_sync.moodle.client import MoodleClient, is_read
from tests.integration.conftest import Cli, Edition

NOTHING = "Nothing to change: the site already matches the build."


def calls(log: str) -> tuple[list[str], list[str]]:
    """(reads, writes) a `moodle-sync -v` run logged, uploads counted as writes."""
    called = re.findall(r"moodle_sync\.moodle\.client: calling (\S+)", log)
    uploads = len(re.findall(r"moodle_sync\.moodle\.client: uploading ", log))
    return (
        [f for f in called if is_read(f)],
        [f for f in called if not is_read(f)] + ["webservice/upload.php"] * uploads,
    )


def test_a_second_deploy_prints_nothing_to_change_and_writes_nothing(
    cli: Cli, edition: Edition
) -> None:
    done = cli("-v", "deploy", "--edition", edition.code)
    reads, writes = calls(done.stderr)
    assert NOTHING in done.stdout
    assert writes == [] and "core_courseformat_get_state" in reads


def test_a_change_by_hand_is_put_back_once(cli: Cli, edition: Edition, admin: MoodleClient) -> None:
    section = courses.sections(admin, edition.course_id)[2]
    courses.rename_section(admin, "topics", section.id, "Rinominata a mano & <b>male</b>")
    courses.update_course(admin, edition.course_id, {"summary": "<p>L&#x27;altra</p>"})
    done = cli("-v", "deploy", "--edition", edition.code)
    assert "summary: hour plan updated" in done.stdout
    assert "name: 'Rinominata a mano & male' -> 'UF2 · " in done.stdout
    assert sorted(calls(done.stderr)[1]) == [
        "core_course_update_courses",
        "core_update_inplace_editable",
    ]
    again = cli("-v", "deploy", "--edition", edition.code)
    assert NOTHING in again.stdout and calls(again.stderr)[1] == []
