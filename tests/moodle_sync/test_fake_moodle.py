"""The fake Moodle answers as the real one did in the recordings: same shapes, same error objects.

The recordings' site is rebuilt in the fake in the order the README gives (category,
course, students, sections, SCORM, tracks), so the recorded requests can be replayed
against it as they were sent, with the fake's tokens.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.moodle_sync.conftest import RECORDINGS, recording
from tests.moodle_sync.fake_moodle import FakeMoodle, scorm_package

# Recordings of calls the fake does not simulate (moodle-sync never makes them).
NOT_SIMULATED = {
    "core_course_edit_section",
    "core_course_edit_section__deprecated_debug",
    "core_files_upload",
    "core_files_get_unused_draft_itemid",
    "core_grades_get_gradeitems",
    "mod_scorm_get_scorm_user_data",
    "login_token_php__error_bad_password",
    "login_token_php__error_service_not_authorised",
    "login_token_php__mobile_service",
}
LEARNER_CALLS = {
    "mod_scorm_insert_scorm_tracks",
    "mod_scorm_launch_sco",
    "core_webservice_get_site_info__student",
    "error_student_reads_other_users_tracks",
    "mod_scorm_insert_scorm_tracks__second_commit",
    "mod_scorm_insert_scorm_tracks__second_commit_with_total_time",
    "mod_scorm_insert_scorm_tracks__invalid_values_accepted",
}


def post(moodle: FakeMoodle, fields: dict[str, str]) -> Any:
    return requests.post(moodle.url + "/webservice/rest/server.php", data=fields, timeout=5).json()


def replay(moodle: FakeMoodle, name: str, token: str, **changes: str) -> tuple[dict[str, Any], Any]:
    recorded = recording(name)
    fields = {
        key: (token if value == "REDACTED" else value) for key, value in recorded["params"].items()
    }
    return recorded, post(moodle, {**fields, **changes})


def upload(moodle: FakeMoodle, token: str, files: dict[str, tuple[str, bytes]], **form: str) -> Any:
    return requests.post(
        moodle.url + "/webservice/upload.php",
        timeout=5,
        data={"token": token, "filearea": "draft", "itemid": "0", **form},
        files=files,
    ).json()


def same_shape(recorded: Any, answered: Any, path: str = "") -> None:
    """Same keys at every level and the same JSON types, where neither side is null.

    A track's `value` has mixed types in Moodle's own answers (`score_raw` is 85 or ""),
    so its type is not compared.
    """
    if recorded is None or answered is None or path.endswith(".value"):
        return
    if isinstance(recorded, dict):
        assert isinstance(answered, dict), path
        assert set(answered) == set(recorded), f"{path}: {sorted(set(answered) ^ set(recorded))}"
        for key in recorded:
            same_shape(recorded[key], answered[key], f"{path}.{key}")
    elif isinstance(recorded, list):
        assert isinstance(answered, list), path
        if recorded and answered:
            same_shape(recorded[0], answered[0], f"{path}[0]")
    else:
        kinds = (bool, int | float, str)
        assert [isinstance(recorded, k) for k in kinds] == [
            isinstance(answered, k) for k in kinds
        ], f"{path}: {recorded!r} vs {answered!r}"


@pytest.fixture
def site() -> Any:
    """The recordings' site: ids come out as they did there (category 2, course 2, users 3 and 4, cm 2, sco 2)."""
    with FakeMoodle() as moodle:
        token = moodle.token
        built = {
            name: replay(moodle, name, token)[1]
            for name in (
                "core_course_create_categories",
                "core_course_create_courses",
                "core_user_create_users",
                "enrol_manual_enrol_users",
                "core_update_inplace_editable",
                "core_course_update_courses",
                "core_courseformat_update_course__section_add",
            )
        }
        package = scorm_package("com.example.wstest.scorm12", [("ITEM-1", "Lesson 1")], mastery=80)
        draft = upload(
            moodle, token, {"file_1": ("wstest-scorm12.zip", package, "application/zip")}
        )[0]["itemid"]
        saved = post(
            moodle,
            {
                "wstoken": token,
                "wsfunction": "local_scormsync_save_scorm",
                "moodlewsrestformat": "json",
                "courseid": "2",
                "section": "1",
                "idnumber": "SCORM-1",
                "name": "WS Test SCORM 1.2",
                "draftitemid": str(draft),
                "grademethod": "0",
                "maxgrade": "100",
                "completionstatusallscos": "0",
            },
        )
        assert saved == {"cmid": 2, "scormid": 1, "created": True, "warnings": []}
        student1, student2 = moodle.issue_token(3), moodle.issue_token(4)
        for name in (
            "mod_scorm_insert_scorm_tracks",
            "mod_scorm_insert_scorm_tracks__second_commit_with_total_time",
        ):
            built[name] = replay(moodle, name, student1)[1]
        moodle.built = built
        yield moodle, {"admin": token, "student1": student1, "student2": student2}


def _success_recordings() -> list[str]:
    names = sorted(p.stem for p in RECORDINGS.glob("*.json")) if RECORDINGS.is_dir() else []
    return [
        n
        for n in names
        if not n.startswith(("error_", "param_bool", "upload_php")) and n not in NOT_SIMULATED
    ]


@pytest.mark.parametrize("name", _success_recordings() or ["recordings-missing"])
def test_successful_answers_have_the_recorded_shape(site: Any, name: str) -> None:
    moodle, tokens = site
    token = tokens["student1"] if name in LEARNER_CALLS else tokens["admin"]
    if name in moodle.built:  # the calls that built the site were replayed by the fixture
        recorded, answered = recording(name), moodle.built[name]
    else:
        recorded, answered = replay(moodle, name, token)
    if isinstance(recorded["response"], str):  # JSON inside JSON, as Moodle sends it
        recorded["response"], answered = json.loads(recorded["response"]), json.loads(answered)
    same_shape(recorded["response"], answered)


ERROR_CASES = {
    "error_bad_token": {"wstoken": "not-a-token"},
    "error_function_not_in_service": {},
    "error_invalid_param_value": {},
    "error_missing_required_param": {},
    "error_unexpected_extra_param": {},
    "error_duplicate_shortname": {},
    "error_duplicate_username": {},
    "error_nonexistent_course": {},
    "error_unknown_function": {},
    "error_courseformat_bad_action": {},
    "error_student_reads_other_users_tracks": {},
    "param_bool__addsubcategories_true": {},
    "param_bool__addsubcategories_false": {},
    "error_bool_as_true_string": {},
}


@pytest.mark.parametrize("name", sorted(ERROR_CASES))
def test_errors_are_the_recorded_objects(site: Any, name: str) -> None:
    moodle, tokens = site
    token = tokens["student1"] if name in LEARNER_CALLS else tokens["admin"]
    recorded, answered = replay(moodle, name, token, **ERROR_CASES[name])
    assert answered == recorded["response"]


@pytest.mark.parametrize(
    "name",
    [
        "error_invalid_param_value__debug",
        "error_missing_required_param__debug",
        "error_bool_as_true_string__debug",
        "error_unknown_function__debug",
    ],
)
def test_debugging_adds_the_recorded_debuginfo(site: Any, name: str) -> None:
    moodle, tokens = site
    moodle.debug = True
    recorded, answered = replay(moodle, name, tokens["admin"])
    assert answered == recorded["response"]


def test_a_token_of_another_service_gets_an_access_exception(site: Any) -> None:
    moodle, _ = site
    mobile = moodle.issue_token(4, functions={"core_webservice_get_site_info"})
    recorded, answered = replay(moodle, "error_mobile_token_function_not_in_service", mobile)
    assert answered == recorded["response"]


def test_upload_answers_as_recorded(site: Any) -> None:
    moodle, tokens = site
    one = upload(
        moodle, tokens["admin"], {"file_1": ("wstest-scorm12.zip", b"x" * 1096, "application/zip")}
    )
    same_shape(recording("upload_php__success")["response"], one)
    two = upload(
        moodle,
        tokens["admin"],
        {"file_1": ("a.txt", b"aa", "text/plain"), "file_2": ("b.txt", b"bb", "text/plain")},
        filepath="/docs/",
    )
    same_shape(recording("upload_php__two_files_same_item")["response"], two)
    assert two[0]["itemid"] == two[1]["itemid"] and two[0]["filepath"] == "/docs/"
    assert upload(moodle, tokens["admin"], {}) == recording("upload_php__error_no_file")["response"]
    bad = upload(moodle, "not-a-token", {"file_1": ("x.txt", b"x", "text/plain")})
    assert bad == recording("upload_php__error_bad_token")["response"]
    fallback = upload(
        moodle, tokens["admin"], {"file_1": ("x.txt", b"x", "text/plain")}, filearea="private_nope"
    )
    assert fallback[0]["filearea"] == "draft"


def test_tracks_read_back_as_recorded(site: Any) -> None:
    moodle, tokens = site
    recorded, answered = replay(moodle, "mod_scorm_get_scorm_sco_tracks", tokens["admin"])
    assert [t["element"] for t in answered["data"]["tracks"]] == [
        t["element"] for t in recorded["response"]["data"]["tracks"]
    ]
    values = {t["element"]: t["value"] for t in answered["data"]["tracks"]}
    assert (
        values["score_raw"] == 85
        and values["status"] == "passed"
        and values["total_time"] == "00:07:45.50"
    )
    assert values["userid"] == 3 and values["scoid"] == "2"


def test_a_learner_without_tracks_gets_the_notattempted_warning(site: Any) -> None:
    moodle, tokens = site
    recorded, answered = replay(
        moodle, "mod_scorm_get_scorm_sco_tracks__user_without_tracks", tokens["admin"]
    )
    assert answered == recorded["response"]


def test_invalid_values_are_stored_as_sent(site: Any) -> None:
    moodle, tokens = site
    replay(moodle, "mod_scorm_insert_scorm_tracks__invalid_values_accepted", tokens["student2"])
    recorded, answered = replay(
        moodle, "mod_scorm_get_scorm_sco_tracks__invalid_values_no_total_time", tokens["admin"]
    )
    assert [
        (t["element"], t["value"])
        for t in answered["data"]["tracks"]
        if t["element"] != "timemodified"
    ] == [
        (t["element"], t["value"])
        for t in recorded["response"]["data"]["tracks"]
        if t["element"] != "timemodified"
    ]


def test_completion_and_grades_follow_the_tracks(site: Any) -> None:
    moodle, tokens = site
    for name, student in (
        ("core_completion_get_activities_completion_status", 3),
        ("core_completion_get_activities_completion_status__not_started", 4),
        ("core_completion_get_course_completion_status", 3),
        ("core_completion_get_course_completion_status__not_started", 4),
    ):
        recorded, answered = replay(moodle, name, tokens["admin"])
        state = json.dumps(answered)
        assert ('"state": 1' in state or '"completed": true' in state) == (student == 3), name
    recorded, answered = replay(
        moodle, "gradereport_user_get_grade_items__all_users", tokens["admin"]
    )
    grades = [
        (g["userid"], g["gradeitems"][0]["graderaw"], g["gradeitems"][0]["grademax"])
        for g in answered["usergrades"]
    ]
    assert grades == [(3, 1.0, 1.0), (4, None, 1.0)]  # learning objects: one SCO of one passed


def test_faults_fire_at_the_chosen_call(moodle: FakeMoodle) -> None:
    fields = {
        "wstoken": moodle.token,
        "wsfunction": "core_webservice_get_site_info",
        "moodlewsrestformat": "json",
    }
    moodle.fail("core_webservice_get_site_info", at=2, kind="http500")
    assert (
        requests.post(
            moodle.url + "/webservice/rest/server.php", data=fields, timeout=5
        ).status_code
        == 200
    )
    assert (
        requests.post(
            moodle.url + "/webservice/rest/server.php", data=fields, timeout=5
        ).status_code
        == 500
    )
    moodle.fail("core_webservice_get_site_info", kind="reset")
    with pytest.raises(requests.ConnectionError):
        requests.post(moodle.url + "/webservice/rest/server.php", data=fields, timeout=5)
    moodle.fail("core_webservice_get_site_info", kind="exception", error="nopermissions")
    assert post(moodle, fields)["errorcode"] == "nopermissions"
    assert moodle.calls["core_webservice_get_site_info"] == 4


def test_a_new_package_keeps_the_ids_of_the_scos_it_still_has(site: Any) -> None:
    moodle, tokens = site
    package = scorm_package(
        "com.example.wstest.scorm12", [("ITEM-0", "New"), ("ITEM-1", "Lesson 1 again")]
    )
    draft = upload(moodle, tokens["admin"], {"file_1": ("v2.zip", package, "application/zip")})[0][
        "itemid"
    ]
    saved = post(
        moodle,
        {
            "wstoken": tokens["admin"],
            "wsfunction": "local_scormsync_save_scorm",
            "moodlewsrestformat": "json",
            "courseid": "2",
            "section": "1",
            "idnumber": "SCORM-1",
            "name": "WS Test SCORM 1.2",
            "draftitemid": str(draft),
        },
    )
    assert saved["created"] is False and saved["cmid"] == 2
    scoes = post(
        moodle,
        {
            "wstoken": tokens["admin"],
            "wsfunction": "mod_scorm_get_scorm_scoes",
            "moodlewsrestformat": "json",
            "scormid": "1",
        },
    )["scoes"]
    assert {s["identifier"]: s["id"] for s in scoes}["ITEM-1"] == 2
    _, tracks = replay(moodle, "mod_scorm_get_scorm_sco_tracks", tokens["admin"])
    assert tracks["data"]["tracks"], "the learner's tracks survive the update"


def test_paths_of_recordings_exist_or_tests_skip() -> None:
    assert isinstance(RECORDINGS, Path)
