from __future__ import annotations

import csv
import datetime as dt
import re
import stat
from pathlib import Path

import pytest
import requests

from course_model.errors import InputError
from moodle_sync.commands.enrol import Access, enrol_learners
from moodle_sync.files.snapshot import Admission, AdmissionRecord
from moodle_sync.moodle import users
from moodle_sync.moodle.admission import read_record
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import MoodleError, SiteError, TransportError
from moodle_sync.moodle.settings import Settings, Token
from tests.moodle_sync.fake_moodle import FakeMoodle, plugin_profile_fields

HEADER = "username,firstname,lastname,email,birthdate,education,joined\n"
GOOD = (
    "rossi.m,Maria,Rossi,maria@example.org,1990-05-01,Diploma,2027-01-11\n"
    "bianchi,Luca,Bianchi,luca@example.org,1985-02-03,6,2027-02-01\n"
)


@pytest.fixture
def edition(client: MoodleClient) -> int:
    category = client.call("core_course_create_categories", categories=[{"name": "C"}])[0]["id"]
    return client.call(
        "core_course_create_courses",
        courses=[
            {"fullname": "Corso", "shortname": "ED-1", "idnumber": "ED-1", "categoryid": category}
        ],
    )[0]["id"]


def learners(tmp_path: Path, rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "learners.csv"
    path.write_text(header + rows, encoding="utf-8")
    return path


def test_learners_are_created_and_enrolled(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    result = enrol_learners(client, learners(tmp_path, GOOD), *course, "ED-1")
    assert (result.created, result.enrolled, result.already_enrolled) == (
        ("rossi.m", "bianchi"),
        ("rossi.m", "bianchi"),
        (),
    )
    assert moodle.snapshot()["enrolments"] == [("ED-1", "bianchi"), ("ED-1", "rossi.m")]
    start = moodle.state.enrolments[(edition, 3)]["timestart"]
    assert start > 0


def test_each_admission_is_recorded_in_moodle_and_new_learners_must_change_the_password(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    result = enrol_learners(
        client, learners(tmp_path, GOOD), *course, "ED-1", today=dt.date(2027, 1, 5)
    )
    assert result.recorded == ("rossi.m", "bianchi")
    found = users.users_by_username(client, ["rossi.m", "bianchi"])
    assert {f["shortname"]: f["value"] for f in found["bianchi"]["customfields"]} == {
        "scormsync_birthdate": "03/02/1985",
        "scormsync_eqf": "EQF 6",
        "scormsync_joined": "01/02/2027",
        "scormsync_edition": "ED-1",
        "scormsync_verdict": "ammesso il 05/01/2027",
        "scormsync_source": "learners.csv:3",
    }
    assert read_record(found["rossi.m"]["customfields"]) == AdmissionRecord(
        Admission(dt.date(1990, 5, 1), 4, dt.date(2027, 1, 11)),
        "ED-1",
        "ammesso il 05/01/2027",
        "learners.csv:2",
    )
    for user in found.values():
        assert users.password_change_pending(client, int(user["id"]))


def test_a_record_that_differs_is_written_again_and_one_that_matches_is_left(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    enrol_learners(client, learners(tmp_path, GOOD), *course, "ED-1", today=dt.date(2027, 1, 5))
    changed = learners(tmp_path, GOOD.replace("1985-02-03,6", "1985-02-03,7"))
    updates = moodle.calls["core_user_update_users"]
    result = enrol_learners(client, changed, *course, "ED-1", today=dt.date(2027, 1, 9))
    assert (result.created, result.recorded) == ((), ("bianchi",))
    assert moodle.calls["core_user_update_users"] == updates + 1
    records = {
        name: read_record(user["customfields"])
        for name, user in users.users_by_username(client, ["rossi.m", "bianchi"]).items()
    }
    assert records["bianchi"].admission.education_eqf == 7
    assert records["bianchi"].verdict == "ammesso il 09/01/2027"
    assert records["rossi.m"].verdict == "ammesso il 05/01/2027", "a matching record is left"


def test_a_site_without_the_record_fields_stops_before_enrolling(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    moodle.state.profile_fields.clear()  # a plugin from before the admission record
    with pytest.raises(SiteError, match="did not keep the admission records of 2 learners") as e:
        enrol_learners(client, learners(tmp_path, GOOD), *course, "ED-1")
    assert "install or upgrade the plugin local_scormsync" in e.value.details
    assert moodle.snapshot()["enrolments"] == []
    for shortname, datatype, name, options in plugin_profile_fields():  # the plugin upgraded
        moodle.add_profile_field(shortname, name, datatype, options)
    result = enrol_learners(client, learners(tmp_path, GOOD), *course, "ED-1")
    assert (result.created, result.recorded) == ((), ("rossi.m", "bianchi"))
    assert len(moodle.snapshot()["enrolments"]) == 2


def test_enrolling_again_changes_nothing(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    path = learners(tmp_path, GOOD)
    enrol_learners(client, path, *course, "ED-1")
    before = moodle.snapshot()
    result = enrol_learners(client, path, *course, "ED-1")
    assert (result.created, result.enrolled, result.already_enrolled, result.recorded) == (
        (),
        (),
        ("rossi.m", "bianchi"),
        (),
    )
    assert moodle.snapshot() == before
    assert (
        moodle.calls["core_user_update_users"] == 0 and moodle.calls["core_user_create_users"] == 1
    )


def test_existing_users_are_found_not_created(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    client.call(
        "core_user_create_users",
        users=[
            {
                "username": "rossi.m",
                "password": "P@ssw0rd!",
                "firstname": "M",
                "lastname": "R",
                "email": "MARIA@example.org",
            }
        ],
    )
    result = enrol_learners(client, learners(tmp_path, GOOD), *course, "ED-1")
    assert result.created == ("bianchi",) and set(result.enrolled) == {"rossi.m", "bianchi"}


def test_one_refused_row_enrols_nobody(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    rows = GOOD + (
        "young,Gio,Verdi,gio@example.org,2010-03-03,Diploma,2027-01-11\n"
        "Bad Name,Ada,Neri,not-an-email,1990-13-01,Attestato,2027-01-11\n"
        "late,Eva,Blu,eva@example.org,1990-01-01,3,2027-06-01\n"
        "rossi.m,Maria,Rossi,maria@example.org,1990-05-01,Diploma,2027-01-11\n"
    )
    before = moodle.snapshot()
    with pytest.raises(InputError, match="4 of 6 learners refused, nobody was enrolled") as caught:
        enrol_learners(client, learners(tmp_path, rows), *course, "ED-1")
    details = caught.value.details
    assert "learners.csv:4  young" in details and "aged 16 at the start of the course" in details
    assert "username 'Bad Name' may hold only" in details and "email 'not-an-email'" in details
    assert "birthdate '1990-13-01' is not a date" in details and "education 'Attestato'" in details
    assert (
        "learners.csv:6  late" in details
        and "education at EQF level 3" in details
        and "after the latest entry" in details
    )
    assert "learners.csv:7  rossi.m   the same row is already on line 2" in details
    assert moodle.snapshot() == before


def test_a_username_of_someone_else_is_refused(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    client.call(
        "core_user_create_users",
        users=[
            {
                "username": "bianchi",
                "password": "P@ssw0rd!",
                "firstname": "G",
                "lastname": "B",
                "email": "giulia@example.org",
            }
        ],
    )
    with pytest.raises(InputError) as caught:
        enrol_learners(client, learners(tmp_path, GOOD), *course, "ED-1")
    assert "username bianchi belongs to a Moodle user with another e-mail" in caught.value.details
    assert moodle.snapshot()["enrolments"] == []


def test_the_course_must_exist(client: MoodleClient, course: tuple, tmp_path: Path) -> None:
    with pytest.raises(
        SiteError, match="no course with idnumber ED-1 on the site: run 'moodle-sync deploy'"
    ):
        enrol_learners(client, learners(tmp_path, GOOD), *course, "ED-1")


def _app_token(moodle: FakeMoodle, username: str, password: str) -> dict:
    return requests.post(
        moodle.url + "/login/token.php",
        data={"username": username, "password": password, "service": "moodle_mobile_app"},
        timeout=10,
    ).json()


def test_generated_passwords_go_to_a_file_only_its_owner_reads_and_work_at_once(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    file = tmp_path / "password.csv"
    access = Access.parse("password", file)
    result = enrol_learners(client, learners(tmp_path, GOOD), *course, "ED-1", access=access)
    assert result.created == ("rossi.m", "bianchi") and result.access.method == "password"
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    rows = list(csv.DictReader(file.read_text(encoding="utf-8").splitlines()))
    assert [(r["username"], r["email"]) for r in rows] == [
        ("rossi.m", "maria@example.org"),
        ("bianchi", "luca@example.org"),
    ]
    assert rows[0]["password"] != rows[1]["password"]
    for row in rows:
        password = row["password"]
        assert (
            len(password) == 16 and re.search(r"\d", password) and re.search(r"[#%?!*]", password)
        )
        assert re.search(r"[a-z]", password) and re.search(r"[A-Z]", password)
        token = _app_token(moodle, row["username"], password)["token"]
        with MoodleClient(Settings(moodle.url, Token(token))) as learner:
            userid = learner.call("core_webservice_get_site_info")["userid"]
            assert not users.password_change_pending(client, userid)
            assert learner.call("core_enrol_get_users_courses", userid=userid) != []


def test_a_passwords_file_is_never_overwritten_and_goes_when_moodle_creates_nobody(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    file = tmp_path / "password.csv"
    file.write_text("handed out last month\n", encoding="utf-8")
    with pytest.raises(InputError, match="already exists: name a new one"):
        enrol_learners(
            client, learners(tmp_path, GOOD), *course, "ED-1", access=Access.parse("password", file)
        )
    assert file.read_text(encoding="utf-8") == "handed out last month\n"
    assert moodle.calls["core_user_create_users"] == 0
    fresh = tmp_path / "fresh.csv"
    moodle.fail("core_user_create_users")
    with pytest.raises(MoodleError):
        enrol_learners(
            client,
            learners(tmp_path, GOOD),
            *course,
            "ED-1",
            access=Access.parse("password", fresh),
        )
    assert not fresh.exists() and moodle.snapshot()["enrolments"] == []


def test_passwords_stay_in_their_file_when_moodle_created_the_users_but_the_answer_was_lost(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    file = tmp_path / "password.csv"
    moodle.fail("core_user_create_users", kind="reset", after=True)
    with pytest.raises(TransportError):
        enrol_learners(
            client, learners(tmp_path, GOOD), *course, "ED-1", access=Access.parse("password", file)
        )
    rows = list(csv.DictReader(file.read_text(encoding="utf-8").splitlines()))
    for row in rows:  # the users exist with these passwords
        assert "token" in _app_token(moodle, row["username"], row["password"])


def test_learners_of_an_external_authentication_get_no_password(
    moodle: FakeMoodle, client: MoodleClient, course: tuple, edition: int, tmp_path: Path
) -> None:
    access = Access.parse("auth:ldap", None)
    result = enrol_learners(client, learners(tmp_path, GOOD), *course, "ED-1", access=access)
    assert result.created == ("rossi.m", "bianchi") and result.access.method == "external"
    for user in users.users_by_username(client, result.created).values():
        assert not users.password_change_pending(client, int(user["id"]))
        assert int(user["id"]) not in moodle.state.passwords
    with pytest.raises(MoodleError, match="Invalid parameter value detected"):
        enrol_learners(
            client,
            learners(tmp_path, GOOD.replace("rossi.m", "nuovo").replace("maria@", "nuovo@")),
            *course,
            "ED-1",
            access=Access.parse("auth:sso", None),  # not a plugin of the site
        )


@pytest.mark.parametrize(
    "text, passwords, message",
    [
        ("password", None, "--access password needs --passwords FILE"),
        ("email", Path("p.csv"), "--passwords is only for --access password"),
        ("auth:ldap", Path("p.csv"), "--passwords is only for --access password"),
        ("auth:manual", None, "not 'auth:manual'"),
        ("auth:", None, "not 'auth:'"),
        ("sso", None, "--access is 'email', 'password' or 'auth:'"),
        ("auth:LDAP; rm", None, "not 'auth:LDAP; rm'"),
    ],
)
def test_an_unknown_way_in_is_one_line(text: str, passwords: Path | None, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        Access.parse(text, passwords)
