"""The fake Moodle answers as the real one did in the recordings: same shapes, same error objects.

The shared recordings' site is rebuilt in the fake in the order their README gives (category,
course, students, sections, SCORM, tracks), so the recorded requests can be replayed against
it as they were sent, with the fake's tokens. The local recordings (the plugin's functions and
the core calls the shared ones lack) come from tests/integration/record.py's scenario, which
is played on the fake as it was on the real site.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from moodle_sync.moodle import courses
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.settings import Settings, Token
from moodle_sync.moodle.site import NEEDED_FUNCTIONS
from tests.integration.record import Recorder, scenario
from tests.moodle_sync.conftest import LOCAL_RECORDINGS, RECORDINGS, recording
from tests.moodle_sync.fake_moodle import PLUGIN_FUNCTIONS, FakeMoodle, scorm_package

# Recordings of calls the fake does not simulate: moodle-sync never makes them.
NOT_SIMULATED = {
    "core_course_edit_section",
    "core_course_edit_section__deprecated_debug",
    "core_course_get_course_module_by_instance",
    "core_course_get_courses__summary_roundtrip",
    "core_files_upload",
    "core_files_get_unused_draft_itemid",
    "core_grades_get_gradeitems",
    "core_grades_get_gradeitems__scorm_and_assign",
    "mod_scorm_get_scorm_user_data",
    # Assignments: a recording of what Moodle offers, not a call of the product.
    "core_completion_get_activities_completion_status__assign_graded",
    "gradereport_user_get_grade_items__assign_graded",  # needs an assignment: see its own test
    "mod_assign_get_assignments",
    "mod_assign_get_assignments__admin_not_enrolled",
    "mod_assign_get_grades",
    "mod_assign_get_submission_status",
    "mod_assign_get_submissions",
    "mod_assign_get_submissions__raw",
    "mod_assign_save_grade",
    "mod_assign_save_submission",
    "mod_assign_submit_for_grading",
}
LOCAL = sorted(p.stem for p in LOCAL_RECORDINGS.glob("*.json"))
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


# The ids of the shared recordings made later (README, "Recorded later") as the site fixture
# has them: course 13 is course 2 here, its SCORM activity cm 2, learner 19 (created with a
# generated password) user 5, learner 20 (created with one) user 6.
LATER_IDS = {"13": "2", "19": "5", "20": "6"}
ID_FIELDS = {"courseid", "courseids[0]", "cmid", "userid", "values[0]", "users[0][id]", "value"}
ID_FIELDS |= {"courses[0][id]"}


def replay(moodle: FakeMoodle, name: str, token: str, **changes: str) -> tuple[dict[str, Any], Any]:
    recorded = recording(name)
    fields = {
        key: (
            token
            if value == "REDACTED"
            else LATER_IDS.get(value, value)
            if key in ID_FIELDS
            else value
        )
        for key, value in recorded["params"].items()
    }
    return recorded, post(moodle, {**fields, **changes})


def save_scorm(moodle: FakeMoodle, token: str, **fields: str) -> Any:
    """The plugin's save of the site's SCORM activity (course 2, section 1, idnumber SCORM-1)."""
    return post(
        moodle,
        {
            "wstoken": token,
            "wsfunction": "local_scormsync_save_scorm",
            "moodlewsrestformat": "json",
            "courseid": "2",
            "section": "1",
            "idnumber": "SCORM-1",
            "name": "WS Test SCORM 1.2",
            **fields,
        },
    )


def upload(moodle: FakeMoodle, token: str, files: dict[str, tuple[str, bytes]], **form: str) -> Any:
    return requests.post(
        moodle.url + "/webservice/upload.php",
        timeout=5,
        data={"token": token, "filearea": "draft", "itemid": "0", **form},
        files=files,
    ).json()


def shape_problem(recorded: Any, answered: Any, path: str = "") -> str | None:
    """Where `answered` has not the shape of `recorded`: the same keys at every level and the same
    JSON types where neither side is null; every item of a list with the shape of one of the
    recorded items (lists mix kinds: a course's modules are forums and SCORM activities).

    A track's `value` has mixed types in Moodle's own answers (`score_raw` is 85 or ""), so its
    type is not compared.
    """
    if recorded is None or answered is None or path.endswith(".value"):
        return None
    if isinstance(recorded, dict):
        if not isinstance(answered, dict):
            return f"{path}: an object expected, found {answered!r:.80}"
        if set(answered) != set(recorded):
            return f"{path}: keys differ: {sorted(set(answered) ^ set(recorded))}"
        for key in recorded:
            problem = shape_problem(recorded[key], answered[key], f"{path}.{key}")
            if problem:
                return problem
        return None
    if isinstance(recorded, list):
        if not isinstance(answered, list):
            return f"{path}: a list expected, found {answered!r:.80}"
        for index, item in enumerate(answered):
            problems = [shape_problem(r, item, f"{path}[{index}]") for r in recorded]
            if recorded and all(problems):
                return problems[0]
        return None
    kinds = (bool, int | float, str)
    if [isinstance(recorded, k) for k in kinds] != [isinstance(answered, k) for k in kinds]:
        return f"{path}: {recorded!r:.40} recorded, {answered!r:.40} answered"
    return None


def same_shape(recorded: Any, answered: Any) -> None:
    problem = shape_problem(recorded, answered)
    assert problem is None, problem


def test_every_item_of_a_list_is_compared() -> None:
    recorded = [{"id": 1, "modname": "forum"}, {"id": 2, "modname": "scorm", "customdata": "{}"}]
    same_shape(recorded, [recorded[1], recorded[0], recorded[1]])
    assert "[1]: keys differ" in shape_problem(recorded, [recorded[0], {"extra": 1}])
    assert "[1].id" in shape_problem([{"id": 1}], [{"id": 2}, {"id": "3"}])


@pytest.fixture
def site() -> Any:
    """The recordings' site: ids come out as they did there (category 2, course 2, users 3 and 4,
    cm 2, sco 2), then the learners recorded later (users 5 and 6, see LATER_IDS)."""
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
        saved = save_scorm(
            moodle,
            token,
            draftitemid=str(draft),
            grademethod="0",
            maxgrade="100",
            completionstatusallscos="0",
        )
        assert saved == {"cmid": 2, "scormid": 1, "created": True, "warnings": []}
        student1, student2 = moodle.issue_token(3), moodle.issue_token(4)
        for name in (
            "mod_scorm_insert_scorm_tracks",
            "mod_scorm_insert_scorm_tracks__second_commit_with_total_time",
        ):
            built[name] = replay(moodle, name, student1)[1]
        for name in (
            "core_user_create_users__createpassword",
            "core_user_create_users__explicit_password",
        ):
            built[name] = replay(moodle, name, token)[1]
        moodle.add_profile_field("birthdate", "Data di nascita")
        built["core_user_update_users__customfields"] = replay(
            moodle, "core_user_update_users__customfields", token
        )[1]
        post(
            moodle,
            {
                "wstoken": token,
                "wsfunction": "enrol_manual_enrol_users",
                "moodlewsrestformat": "json",
                "enrolments[0][roleid]": "5",
                "enrolments[0][userid]": "5",
                "enrolments[0][courseid]": "2",
            },
        )
        moodle.built = built
        yield moodle, {"admin": token, "student1": student1, "student2": student2}


def _success_recordings() -> list[str]:
    names = sorted(p.stem for p in RECORDINGS.glob("*.json")) if RECORDINGS.is_dir() else []
    return [
        n
        for n in names
        if not n.startswith(("error_", "param_bool", "upload_php", "login_token_php"))
        and not n.startswith(PLUGIN_FUNCTIONS)  # the local recordings describe the plugin now
        and n not in NOT_SIMULATED
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
    assert answered or not recorded["response"], "an empty answer where Moodle gave one"
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
    # learning objects: one SCO of one passed; user 5 is enrolled, without tracks
    assert grades == [(3, 1.0, 1.0), (4, None, 1.0), (5, None, 1.0)]


def test_an_assignment_grade_counts_in_the_gradebook_as_recorded(site: Any) -> None:
    """A learner with a graded assignment and no SCORM grade: the SCORM item weighs nothing
    ("novalue"), the assignment everything, and the course total is the assignment's."""
    moodle, tokens = site
    saved = post(
        moodle,
        {
            "wstoken": tokens["admin"],
            "wsfunction": "local_scormsync_save_assign",
            "moodlewsrestformat": "json",
            "courseid": "2",
            "section": "1",
            "idnumber": "TASK-1",
            "name": "Prova pratica UF1",
            "onlinetext": "1",
            "grade": "100",
            "gradepass": "60",
        },
    )
    graded = post(
        moodle,
        {
            "wstoken": tokens["admin"],
            "wsfunction": "mod_assign_save_grade",
            "moodlewsrestformat": "json",
            "assignmentid": str(saved["assignid"]),
            "userid": "4",
            "grade": "75",
            "attemptnumber": "-1",
            "addattempt": "0",
            "workflowstate": "",
            "applytoall": "1",
        },
    )
    assert graded is None
    recorded = recording("gradereport_user_get_grade_items__assign_graded", shared=True)
    answered = post(
        moodle,
        {
            "wstoken": tokens["admin"],
            "wsfunction": "gradereport_user_get_grade_items",
            "moodlewsrestformat": "json",
            "courseid": "2",
            "userid": "4",
        },
    )
    same_shape(recorded["response"], answered)

    def summary(answer: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [
            (i["itemmodule"], i.get("weightraw"), i.get("status"), i["graderaw"], i["grademax"])
            for i in answer["usergrades"][0]["gradeitems"]
        ]

    # the recorded SCORM activity's maximum is 100, the site's here 1 (learning objects)
    assert summary(recorded["response"]) == [
        ("scorm", 0, "novalue", None, 100),
        ("assign", 1, None, 75, 100),
        (None, None, None, 75, 100),
    ]
    assert summary(answered) == [
        ("scorm", 0.0, "novalue", None, 1.0),
        ("assign", 1.0, None, 75.0, 100.0),
        (None, None, None, 75.0, 100.0),
    ]


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
    saved = save_scorm(moodle, tokens["admin"], draftitemid=str(draft))
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


# --------------------------------------------------------------- the local recordings' scenario


@pytest.fixture(scope="module")
def played() -> Any:
    """tests/integration/record.py's scenario, played on the fake: its answers by recording."""
    with FakeMoodle() as moodle:

        def learner_token(username: str) -> str:
            [userid] = [u["id"] for u in moodle.state.users.values() if u["username"] == username]
            moodle.change_password(userid)  # as the site's helper does on the real one
            return moodle.issue_token(userid)

        with MoodleClient(Settings(moodle.url, Token(moodle.token))) as client:
            category = courses.create_category(client, "WS REC", "ws-rec")
            courseid = courses.create_course(
                client, {"fullname": "WS REC", "shortname": "WS-REC", "categoryid": category}, 2
            )
            recorder = Recorder(moodle.url, moodle.token, learner_token)
            scenario(recorder, client, courseid, "wsrec1")
        yield recorder.answers


@pytest.mark.parametrize("name", LOCAL)
def test_the_fake_answers_the_recorded_scenario_as_the_real_site_did(
    played: dict[str, Any], name: str
) -> None:
    recorded, answered = recording(name), played[name]
    assert answered["params"].keys() == recorded["params"].keys(), "the same call"
    assert answered["http_status"] == recorded["http_status"]
    response, answer = recorded["response"], answered["response"]
    if name.startswith("error_"):
        assert answer == response
        return
    if isinstance(response, str):  # JSON inside JSON, as Moodle sends it
        response, answer = json.loads(response), json.loads(answer)
    assert answer or not response, "an empty answer where Moodle gave one"
    same_shape(response, answer)


def test_every_function_moodle_sync_calls_has_a_recording() -> None:
    recorded = {
        json.loads(path.read_text(encoding="utf-8"))["function"]
        for folder in (RECORDINGS, LOCAL_RECORDINGS)
        for path in folder.glob("*.json")
    }
    if not RECORDINGS.is_dir():
        pytest.skip(f"the Moodle recordings are not at {RECORDINGS} (set MOODLE_WS_RECORDINGS)")
    assert sorted(set(NEEDED_FUNCTIONS) - recorded) == []


# --------------------------------------------------------------- texts as Moodle hands them out


@pytest.mark.parametrize("read", ["summary_entities", "summary_roundtrip", "summary_roundtrip_raw"])
def test_course_texts_read_back_as_recorded(site: Any, read: str) -> None:
    moodle, tokens = site
    replay(moodle, "core_course_update_courses__summary_roundtrip", tokens["admin"])
    if read == "summary_entities":
        replay(moodle, "core_course_update_courses__summary_entities", tokens["admin"])
    recorded, answered = replay(
        moodle, f"core_course_get_courses_by_field__{read}", tokens["admin"]
    )
    for key in ("fullname", "displayname", "summary"):
        assert answered["courses"][0][key] == recorded["response"]["courses"][0][key], key


@pytest.mark.parametrize("read", ["intro_entities", "intro_roundtrip", "intro_roundtrip_raw"])
def test_activity_texts_read_back_as_recorded(site: Any, read: str) -> None:
    moodle, tokens = site
    read = f"mod_scorm_get_scorms_by_courses__{read}"
    recorded = recording(read)["response"]["scorms"][0]
    written = recording(
        "local_scormsync_save_scorm__intro_entities"
        if read.endswith("entities")
        else "local_scormsync_save_scorm",
        shared=True,
    )["params"]
    save_scorm(moodle, tokens["admin"], name=written["name"], intro=written["intro"])
    _, answered = replay(moodle, read, tokens["admin"])
    assert (answered["scorms"][0]["name"], answered["scorms"][0]["intro"]) == (
        recorded["name"],
        recorded["intro"],
    )


# --------------------------------------------------------------- a learner's first access


def test_a_learner_who_must_change_the_password_meets_the_recorded_refusals(site: Any) -> None:
    moodle, tokens = site
    assert moodle.must_change_password(5), "created with a generated password"
    _, answered = replay(
        moodle, "core_user_get_user_preferences__createpassword_user", tokens["admin"]
    )
    assert answered["preferences"] == [{"name": "auth_forcepasswordchange", "value": "1"}]
    learner = moodle.issue_token(5)
    for name, changes in (
        ("error_forcepasswordchangenotice", {}),
        ("error_forcepasswordchange_course_context", {"courseid": "13"}),
        ("mod_scorm_get_scorms_by_courses__forcepasswordchange_user", {"courseids[0]": "13"}),
        ("core_enrol_get_users_courses__forcepasswordchange_user", {}),
    ):
        recorded, answered = replay(moodle, name, learner, **changes)  # courses as recorded
        assert answered == recorded["response"], name
    assert (
        post(
            moodle,
            {
                "wstoken": learner,
                "wsfunction": "core_webservice_get_site_info",
                "moodlewsrestformat": "json",
            },
        )["userid"]
        == 5
    )


def test_a_new_password_keeps_the_change_forced_until_the_learner_or_a_manager_lifts_it(
    site: Any,
) -> None:
    moodle, tokens = site
    replay(moodle, "core_user_update_users__password_keeps_forcepasswordchange", tokens["admin"])
    recorded, answered = replay(
        moodle, "core_user_get_user_preferences__after_password_update", tokens["admin"]
    )
    assert answered == recorded["response"]
    token = requests.post(
        moodle.url + "/login/token.php",
        data=recording("login_token_php__forcepasswordchange_user")["params"]
        | {"username": moodle.state.users[5]["username"]},
        timeout=5,
    ).json()["token"]
    assert replay(moodle, "error_forcepasswordchangenotice", token)[1]["errorcode"] == (
        "forcepasswordchangenotice"
    )
    replay(moodle, "core_user_update_users__clear_forcepasswordchange", tokens["admin"])
    recorded, answered = replay(
        moodle, "core_user_get_user_preferences__after_clear", tokens["admin"]
    )
    assert answered == recorded["response"]
    recorded, answered = replay(moodle, "core_enrol_get_users_courses__after_clear", token)
    assert [c["id"] for c in answered] == [2] and same_shape(recorded["response"], answered) is None


@pytest.mark.parametrize(
    "name, form",
    [
        ("login_token_php__error_bad_password", {}),
        ("login_token_php__error_service_not_authorised", {}),
    ],
)
def test_login_token_refusals_are_the_recorded_objects(site: Any, name: str, form: dict) -> None:
    moodle, _ = site
    recorded = recording(name)
    answered = requests.post(
        moodle.url + "/login/token.php", data={**recorded["params"], **form}, timeout=5
    ).json()
    assert answered == recorded["response"]


def test_login_token_hands_out_a_token_of_the_mobile_service(site: Any) -> None:
    moodle, _ = site
    recorded = recording("login_token_php__mobile_service")
    answered = requests.post(moodle.url + "/login/token.php", data=recorded["params"], timeout=5)
    same_shape(recorded["response"], answered.json())
    assert answered.json()["token"] in moodle.tokens


def test_custom_fields_unknown_to_the_site_are_ignored(site: Any) -> None:
    moodle, tokens = site
    recorded, answered = replay(
        moodle, "core_user_update_users__unknown_customfield_ignored", tokens["admin"]
    )
    assert answered == recorded["response"]
    recorded, answered = replay(
        moodle, "core_user_get_users_by_field__customfields", tokens["admin"]
    )
    assert answered[0]["customfields"] == [
        {**field, "value": field["value"]} for field in recorded["response"][0]["customfields"]
    ]
