"""Enrolment on a real Moodle: the admission record in the site, its privacy, the first access."""

from __future__ import annotations

import csv as csv_module
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from course_model.plan import TIMEZONE
from moodle_sync.files.learners import load_admissions
from moodle_sync.moodle import scorm, users
from moodle_sync.moodle.admission import read_record
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import MoodleError
from moodle_sync.moodle.settings import Settings, Token
from tests.integration.conftest import RUN, Cli, Edition, Enrolled
from tests.integration.site import RealSite
from tests.integration.test_deploy import calls


def test_enrol_keeps_each_admission_record_in_moodle(
    enrolled: Enrolled, edition: Edition, admin: MoodleClient
) -> None:
    wanted = load_admissions(enrolled.csv)
    found = users.users_by_username(admin, list(enrolled.ids))
    for line, username in enumerate(enrolled.ids, start=2):
        record = read_record(found[username].get("customfields", []))
        assert record is not None and record.problems == ()
        assert (record.admission, record.edition) == (wanted[username], edition.code)
        assert record.source == f"iscritti.csv:{line}"
        assert record.verdict == f"ammesso il {dt.datetime.now(TIMEZONE).date():%d/%m/%Y}"


def test_enrolling_again_writes_nothing(cli: Cli, enrolled: Enrolled, edition: Edition) -> None:
    done = cli("-v", "enrol", str(enrolled.csv), "--edition", edition.code)
    assert "Created 0 user(s), enrolled 0, 2 already enrolled; admission record written in " in (
        done.stdout
    )
    assert calls(done.stderr)[1] == []


def test_enrol_says_who_must_change_the_password_and_until_then_moodle_refuses_them(
    cli: Cli, enrolled: Enrolled, edition: Edition, admin: MoodleClient, site: RealSite
) -> None:
    names = ", ".join(enrolled.ids)
    assert f"First access: Moodle has e-mailed 2 new learners ({names}) a password" in " ".join(
        enrolled.output.split()
    )
    bruno = list(enrolled.ids)[1]  # the player's tests log Anna in
    listed = cli("learners", "--edition", edition.code).stdout
    [row] = [line for line in listed.splitlines() if line.startswith(bruno)]
    assert "born 1985-02-03, EQF 6, joined " in row and row.rstrip().endswith(
        "must change the password"
    )
    # What Moodle does with such a learner (and the fake Moodle copies): the administrator sets
    # a password, the app's token is handed out, and the calls that need the course fail.
    admin.call(
        "core_user_update_users", users=[{"id": enrolled.ids[bruno], "password": "Bruno#Pass26"}]
    )
    assert users.password_change_pending(admin, enrolled.ids[bruno]), "a new password keeps it"
    token = requests.post(
        site.url + "/login/token.php",
        data={"username": bruno, "password": "Bruno#Pass26", "service": "moodle_mobile_app"},
        timeout=60,
    ).json()["token"]
    with MoodleClient(Settings(site.url, Token(token))) as learner:
        assert learner.call("core_webservice_get_site_info")["username"] == bruno
        with pytest.raises(MoodleError, match="errorcoursecontextnotvalid"):
            learner.call("core_course_get_contents", courseid=edition.course_id)
        with pytest.raises(MoodleError, match="forcepasswordchangenotice"):
            learner.call("mod_scorm_get_scorm_scoes", scormid=_any_scorm(admin, edition))
        listed = learner.call("mod_scorm_get_scorms_by_courses", courseids=[edition.course_id])
        assert listed["scorms"] == [] and listed["warnings"][0]["warningcode"] == "1"
        assert learner.call("core_enrol_get_users_courses", userid=enrolled.ids[bruno]) == []


def _any_scorm(admin: MoodleClient, edition: Edition) -> int:
    return int(scorm.scorms_in_course(admin, edition.course_id)[0]["id"])


def test_the_record_is_in_moodles_privacy_export(
    enrolled: Enrolled, edition: Edition, site: RealSite
) -> None:
    anna = list(enrolled.ids)[0]
    export = json.loads(site.php_script("privacy_export.php", anna))
    assert export["compliant"] is True
    assert {(m["type"], m["name"]) for m in export["metadata"]} == {
        ("plugintype_link", "profilefield"),
        ("external_location", "moodle_sync"),
    }
    today = f"{dt.datetime.now(TIMEZONE).date():%d/%m/%Y}"
    [record] = export["record"].values()
    assert record == {
        "Data di nascita": "01/05/1990",
        "Titolo di studio (livello EQF)": "EQF 4",
        "Data di ingresso nel corso": today,
        "Edizione": edition.code,
        "Esito dell'ammissione": f"ammesso il {today}",
        "Dati di ammissione da": "iscritti.csv:2",
    }


def test_eligibility_needs_no_enrolment_file_for_learners_enrol_made(
    cli: Cli, enrolled: Enrolled, edition: Edition, tmp_path: Path
) -> None:
    without, given = tmp_path / "without.json", tmp_path / "given.json"
    cli("eligibility", "--edition", edition.code, "--format", "json", "-o", str(without))
    cli(
        "eligibility",
        "--edition",
        edition.code,
        "--learners",
        str(enrolled.csv),
        "--format",
        "json",
        "-o",
        str(given),
    )
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (without, given))
    assert [(r["username"], r["eligible"], r["admitted"], r["reasons"]) for r in first] == [
        (r["username"], r["eligible"], r["admitted"], r["reasons"]) for r in second
    ]
    assert all(r["admitted"] for r in first) and len(first) == 2
    assert not any("admission" in note for r in first + second for note in r["notes"])


@pytest.mark.parametrize("access", ["password", "auth:ldap"])
def test_new_learners_get_in_as_the_administrator_chose(
    cli: Cli,
    edition: Edition,
    admin: MoodleClient,
    site: RealSite,
    cleanup: Callable[[str, int], None],
    tmp_path: Path,
    access: str,
) -> None:
    username = f"it{RUN}{'p' if access == 'password' else 'x'}"
    csv = tmp_path / "iscritti.csv"
    csv.write_text(
        "username,firstname,lastname,email,birthdate,education,joined\n"
        f"{username},Carla,Russo,{username}@example.org,1992-07-01,Diploma,{dt.datetime.now(TIMEZONE).date()}\n",
        encoding="utf-8",
    )
    passwords = tmp_path / "password.csv"
    options = ["--passwords", str(passwords)] if access == "password" else []
    done = cli("enrol", str(csv), "--edition", edition.code, "--access", access, *options)
    [user] = users.users_by_username(admin, [username]).values()
    cleanup("user", int(user["id"]))
    assert not users.password_change_pending(admin, int(user["id"]))
    if access != "password":
        assert "through the site's authentication 'ldap'" in " ".join(done.stdout.split())
        return
    [row] = list(csv_module.DictReader(passwords.read_text(encoding="utf-8").splitlines()))
    answer = requests.post(  # the generated password passes the site's policy and works at once
        site.url + "/login/token.php",
        data={"username": username, "password": row["password"], "service": "moodle_mobile_app"},
        timeout=60,
    ).json()
    with MoodleClient(Settings(site.url, Token(answer["token"]))) as learner:
        courses = learner.call("core_enrol_get_users_courses", userid=int(user["id"]))
        assert [course["id"] for course in courses] == [edition.course_id]
