from __future__ import annotations

import logging
import re
import socket

import pytest

from moodle_sync.moodle.client import MoodleClient, flatten, is_read
from moodle_sync.moodle.errors import (
    FunctionNotAvailable,
    InvalidParameter,
    InvalidToken,
    MissingCapability,
    MoodleError,
    RecordNotFound,
    TransportError,
)
from moodle_sync.moodle.settings import Settings, Token
from tests.moodle_sync.conftest import recording
from tests.moodle_sync.fake_moodle import FakeMoodle


def test_flatten_writes_php_style_fields_as_recorded() -> None:
    recorded = recording("core_course_create_courses")["params"]
    fields = flatten(
        {
            "courses": [
                {
                    "fullname": "Test CRM Course",
                    "shortname": "TEST-CRM",
                    "categoryid": 2,
                    "idnumber": "TEST-CRM-ID",
                    "summary": "<p>Course created via REST</p>",
                    "summaryformat": 1,
                    "format": "topics",
                    "visible": True,
                    "enablecompletion": True,
                    "courseformatoptions": [{"name": "numsections", "value": 2}],
                }
            ]
        }
    )
    assert fields == {k: v for k, v in recorded.items() if k.startswith("courses")}


def test_flatten_sends_booleans_as_1_or_0_and_leaves_out_none() -> None:
    assert flatten({"a": True, "b": False, "c": None, "ids": [3, 4]}) == {
        "a": "1",
        "b": "0",
        "ids[0]": "3",
        "ids[1]": "4",
    }


def test_reads_are_the_get_functions() -> None:
    assert is_read("core_webservice_get_site_info") and is_read("mod_scorm_get_scorm_sco_tracks")
    assert not is_read("core_course_create_courses") and not is_read("local_scormsync_save_scorm")


def test_call_returns_the_answer(client: MoodleClient) -> None:
    assert client.call("core_webservice_get_site_info")["sitename"] == "Fake Moodle"


def test_a_bad_token_is_invalid_token_without_the_token(moodle: FakeMoodle) -> None:
    with MoodleClient(Settings(moodle.url, Token("wrong-token-value"))) as client:
        with pytest.raises(InvalidToken) as caught:
            client.call("core_webservice_get_site_info")
    assert "core_webservice_get_site_info" in str(caught.value)
    assert "wrong-token-value" not in str(caught.value)


@pytest.mark.parametrize(
    "function, params, kind",
    [
        ("core_course_get_contents", {"courseid": "abc"}, InvalidParameter),
        ("core_course_get_contents", {"courseid": 99999}, RecordNotFound),
        ("core_user_delete_users", {"userids": [999]}, FunctionNotAvailable),
        ("no_such_function_xyz", {}, RecordNotFound),
    ],
)
def test_moodle_exceptions_become_the_project_errors(
    client: MoodleClient, function: str, params: dict, kind: type
) -> None:
    with pytest.raises(kind, match=function):
        client.call(function, **params)


def test_missing_capability(moodle: FakeMoodle) -> None:
    with MoodleClient(Settings(moodle.url, Token(moodle.issue_token(3)))) as client:
        with pytest.raises(MissingCapability):
            client.call("core_course_create_categories", categories=[{"name": "x"}])


def test_warnings_are_kept_and_logged(
    client: MoodleClient, caplog: pytest.LogCaptureFixture
) -> None:
    client.call("core_course_update_courses", courses=[{"id": 999, "fullname": "x"}])
    assert [(w.function, w.item, w.itemid) for w in client.warnings] == [
        ("core_course_update_courses", "course", 999)
    ]
    assert "core_course_update_courses" in caplog.text


def test_reads_are_retried_after_a_server_error(moodle: FakeMoodle, client: MoodleClient) -> None:
    moodle.fail("core_webservice_get_site_info", kind="http500")
    assert client.call("core_webservice_get_site_info")["sitename"] == "Fake Moodle"
    assert moodle.calls["core_webservice_get_site_info"] == 2


def test_reads_are_retried_after_a_timeout(moodle: FakeMoodle, settings: Settings) -> None:
    moodle.timeout_delay = 1.5
    moodle.fail("core_course_get_categories", kind="timeout")
    pauses: list[float] = []
    with MoodleClient(
        Settings(moodle.url, settings.token, timeout=0.5), sleep=pauses.append
    ) as client:
        assert client.call("core_course_get_categories") == []
    assert pauses == [0.5]


@pytest.mark.parametrize("kind", ["http500", "reset", "timeout"])
def test_writes_are_not_retried_once_sent(
    moodle: FakeMoodle, settings: Settings, kind: str
) -> None:
    moodle.timeout_delay = 1.5
    moodle.fail("core_course_create_categories", kind=kind, after=True)
    with MoodleClient(
        Settings(moodle.url, settings.token, timeout=0.5), sleep=lambda s: None
    ) as client:
        with pytest.raises(TransportError, match="core_course_create_categories"):
            client.call(
                "core_course_create_categories", categories=[{"name": "x", "idnumber": "x"}]
            )
    assert moodle.calls["core_course_create_categories"] == 1


def test_writes_are_retried_when_nothing_was_sent() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    pauses: list[float] = []
    with MoodleClient(
        Settings(f"http://127.0.0.1:{port}", Token("t")), sleep=pauses.append
    ) as client:
        with pytest.raises(TransportError, match="could not connect"):
            client.call("core_course_create_categories", categories=[{"name": "x"}])
    assert pauses == [0.5, 1.0]


def test_a_failed_tls_handshake_says_so_and_names_the_site(moodle: FakeMoodle) -> None:
    site = moodle.url.replace("http://", "https://")  # a plain HTTP server: no TLS answers
    with MoodleClient(Settings(site, Token(moodle.token)), attempts=1) as client:
        with pytest.raises(TransportError) as caught:
            client.call("core_webservice_get_site_info")
    assert str(caught.value) == (
        f"core_webservice_get_site_info: no secure connection to {site}: wrong version number; "
        "check the site's certificate (REQUESTS_CA_BUNDLE names the certificates it is checked "
        "against)"
    )


def test_an_answer_that_is_not_json_is_a_transport_error(moodle: FakeMoodle) -> None:
    with MoodleClient(Settings(moodle.url + "/nowhere", Token(moodle.token)), attempts=1) as client:
        with pytest.raises(TransportError, match="HTTP 404"):
            client.call("core_webservice_get_site_info")


def test_upload_returns_the_draft_item(moodle: FakeMoodle, client: MoodleClient) -> None:
    package = b"PK" + b"x" * 100
    itemid = client.upload("p.zip", package)
    assert moodle.state.drafts[(2, itemid)] == [("/", "p.zip", package)]


def test_files_go_into_one_draft_each_in_its_folder(
    moodle: FakeMoodle, client: MoodleClient
) -> None:
    itemid = client.upload("clienti.csv", b"a;b\n", "/media/")
    assert client.upload("lead.csv", b"c;d\n", "/media/dati/", itemid) == itemid
    assert moodle.state.drafts[(2, itemid)] == [
        ("/media/", "clienti.csv", b"a;b\n"),
        ("/media/dati/", "lead.csv", b"c;d\n"),
    ]


@pytest.mark.parametrize(
    ("name", "folder", "problem"),
    [
        ("b:c.csv", "/media/", "as /media/bc.csv in draft"),  # Moodle drops what PARAM_FILE refuses
        ("c.csv", "/../etc/", "as /etc/c.csv in draft"),  # and the '..' of a folder
    ],
)
def test_a_file_moodle_stores_elsewhere_is_an_error(
    client: MoodleClient, name: str, folder: str, problem: str
) -> None:
    with pytest.raises(TransportError, match=re.escape(problem)):
        client.upload(name, b"x", folder)


def test_a_folder_is_written_between_slashes(client: MoodleClient) -> None:
    with pytest.raises(MoodleError, match=r"Invalid file path\) \[storedfileproblem\]"):
        client.upload("c.csv", b"x", "media")


def test_a_file_already_in_the_draft_is_refused_by_name(client: MoodleClient) -> None:
    itemid = client.upload("a.csv", b"x", "/media/")
    with pytest.raises(MoodleError, match=r"File name already exists: a.csv \[filenameexist\]"):
        client.upload("a.csv", b"y", "/media/", itemid)


def test_upload_errors_use_the_same_exceptions(moodle: FakeMoodle) -> None:
    with MoodleClient(Settings(moodle.url, Token("bad-upload-token"))) as client:
        with pytest.raises(InvalidToken, match="webservice/upload.php") as caught:
            client.upload("p.zip", b"x")
    assert "bad-upload-token" not in str(caught.value)


def test_the_token_is_in_no_log_line(
    moodle: FakeMoodle, client: MoodleClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    moodle.fail("core_course_get_categories", kind="http500")
    client.call("core_course_get_categories")
    with pytest.raises(InvalidParameter):
        client.call("core_course_get_contents", courseid="x")
    assert caplog.text and moodle.token not in caplog.text
    assert moodle.token not in repr(client)
