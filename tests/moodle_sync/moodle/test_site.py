from __future__ import annotations

import pytest

from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import SiteError
from moodle_sync.moodle.site import (
    COURSE_REPORT,
    SAVE_SCORM,
    plugin_state,
    render_check,
    require_functions,
    site_info,
)
from tests.moodle_sync.fake_moodle import FakeMoodle


def test_site_info(client: MoodleClient) -> None:
    info = site_info(client)
    assert (info.sitename, info.release, info.version, info.username) == (
        "Fake Moodle",
        "5.2dev (Build: 20260205)",
        "2026020500",
        "admin",
    )
    assert SAVE_SCORM in info.functions and info.uploadfiles


@pytest.mark.parametrize(
    "installed, in_service, state",
    [
        (True, True, "in service"),
        (True, False, "installed, not in the token's service"),
        (False, False, "not installed"),
    ],
)
def test_plugin_state(
    moodle: FakeMoodle, client: MoodleClient, installed: bool, in_service: bool, state: str
) -> None:
    moodle.plugin_installed, moodle.plugin_in_service = installed, in_service
    assert plugin_state(client, site_info(client)) == state


def test_the_check_table_lists_what_is_missing(moodle: FakeMoodle, client: MoodleClient) -> None:
    moodle.plugin_installed = False
    moodle.excluded = {"core_user_create_users"}
    info = site_info(client)
    text = render_check(info, plugin_state(client, info))
    assert "Moodle:   5.2dev (Build: 20260205) (version 2026020500)" in text
    assert "Plugin:   local_scormsync: not installed" in text
    rows = {
        line.split()[0]: line.split()[-1]
        for line in text.splitlines()
        if line.startswith(("core_", "local_"))
    }
    assert rows["core_user_create_users"] == "MISSING" and rows[COURSE_REPORT] == "MISSING"
    assert rows["core_course_get_contents"] == "yes"
    assert "Missing: 6 functions" in text  # the plugin's five and core_user_create_users


def test_deploy_needs_the_plugin(moodle: FakeMoodle, client: MoodleClient) -> None:
    moodle.plugin_installed = False
    with pytest.raises(SiteError, match="needed to deploy: local_scormsync_save_scorm") as caught:
        require_functions(site_info(client), "deploy")
    assert "install it (moodle-sync plugin-zip)" in caught.value.details
    require_functions(site_info(client), "enrol")
