"""Deploy on a real Moodle: a second run finds the site as the build wants it and writes nothing."""

from __future__ import annotations

import re

import pytest

from moodle_sync.moodle import assign, courses, scorm
from moodle_sync.moodle.client import MoodleClient, is_read
from tests.integration.conftest import Cli, Edition
from tests.integration.site import RealSite

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


@pytest.mark.parametrize("kind", ["scorm", "assign"])
def test_an_activity_moved_by_hand_goes_back_to_its_unit_s_section(
    cli: Cli, edition: Edition, admin: MoodleClient, site: RealSite, token: str, kind: str
) -> None:
    """Found by idnumber in whatever section it is, the activity is put back in its unit's."""
    if kind == "scorm":
        cmid = int(scorm.scorms_in_course(admin, edition.course_id)[0]["coursemodule"])
    else:
        with site.client(token) as deployer:  # the plugin's own function, in its service
            cmid = int(assign.course_assigns(deployer, edition.course_id)[0]["cmid"])
    before = courses.sections(admin, edition.course_id)
    home = next(section for section in before if cmid in section.module_ids)
    elsewhere = next(section for section in before if section.number not in (0, home.number))
    admin.call(
        "core_courseformat_update_course",
        action="cm_move",
        courseid=edition.course_id,
        ids=[cmid],
        targetsectionid=elsewhere.id,
    )
    done = cli("-v", "deploy", "--edition", edition.code)
    assert f"section: {elsewhere.number} -> {home.number}" in done.stdout
    # An assignment is saved with its materials uploaded again (when it has any).
    writes = [call for call in calls(done.stderr)[1] if call != "webservice/upload.php"]
    assert writes == [f"local_scormsync_save_{kind}"]
    after = {section.number: section for section in courses.sections(admin, edition.course_id)}
    assert cmid in after[home.number].module_ids
    assert cmid not in after[elsewhere.number].module_ids
    again = cli("-v", "deploy", "--edition", edition.code)
    assert NOTHING in again.stdout and calls(again.stderr)[1] == []
