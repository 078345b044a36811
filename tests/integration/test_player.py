"""A learner in Moodle's own player: first login, a lesson and the quiz of UF1, then the pull.

Debian's chromium through Playwright, as tests/browser/ does; the learner's password is set by
the administrator (as when Moodle's e-mail does not arrive), so the first login still asks to
change it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from course_model.identifiers import QUIZ_SCO_ID, item_id
from moodle_sync.moodle import scorm, users
from moodle_sync.moodle.admission import FIELDS, read_record
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.settings import Settings, Token
from scormgen.build import build
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.test_runtime import answer_all, hand_in
from tests.integration.conftest import Cli, Edition, Enrolled
from tests.integration.site import RealSite

FIRST, CHANGED = "Anna#Pass26a", "Anna#Pass26b"
UNIT = "uf1-assistenza-utente"


@dataclass(frozen=True)
class Played:
    username: str
    page: Any  # the learner's browser tab, still logged in
    lesson: str  # the manifest item of the lesson played
    quiz: str
    result: str  # what the quiz page said
    moments: tuple[float, float, float, float]  # lesson opened, left; quiz opened, left (Unix)


@pytest.fixture(scope="module")
def page(site: RealSite) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser.new_context().new_page()
        browser.close()


def scorm_frame(page: Any) -> Any:
    frame = page.frame_locator("#scorm_object")
    frame.locator("#status").wait_for(state="attached", timeout=60_000)
    return frame


@pytest.fixture(scope="module")
def played(
    page: Any,
    site: RealSite,
    enrolled: Enrolled,
    edition: Edition,
    admin: MoodleClient,
    tmp_path_factory: pytest.TempPathFactory,
) -> Played:
    username = list(enrolled.ids)[0]
    admin.call("core_user_update_users", users=[{"id": enrolled.ids[username], "password": FIRST}])
    # The login page's scripts may redraw the password input once loaded: fill it after them.
    page.goto(site.url + "/login/index.php", wait_until="networkidle")
    page.fill("#username", username)
    page.fill("#password", FIRST)
    assert page.input_value("#password") == FIRST
    page.click("#loginbtn")
    page.wait_for_load_state()
    assert "change_password.php" in page.url, page.locator("#region-main").inner_text()[:300]
    page.fill("#id_password", FIRST)
    page.fill("#id_newpassword1", CHANGED)
    page.fill("#id_newpassword2", CHANGED)
    page.click("#id_submitbutton")
    assert "Password has been changed" in page.locator("#region-main").inner_text()

    [activity] = [
        a
        for a in scorm.scorms_in_course(admin, edition.course_id)
        if scorm.course_module(admin, int(a["coursemodule"]))["idnumber"] == UNIT
    ]
    scos = [s for s in scorm.scoes(admin, int(activity["id"])) if s["scormtype"] == "sco"]
    # the quiz by its identifier: the unit's practical task pages come after it
    [quiz] = [s for s in scos if s["identifier"] == item_id(QUIZ_SCO_ID)]
    lesson = scos[0]
    lesson_opened = time.time()
    page.goto(f"{site.url}/mod/scorm/view.php?id={activity['coursemodule']}")
    page.get_by_role("button", name="Enter").click()
    frame = scorm_frame(page)  # the first lesson, as Moodle opens it
    while frame.get_by_role("button", name="Avanti").is_enabled():
        frame.get_by_role("button", name="Avanti").click()
    # The quiz, as the player's table of contents opens it.
    quiz_opened = lesson_left = time.time()
    page.goto(f"{site.url}/mod/scorm/player.php?cm={activity['coursemodule']}&scoid={quiz['id']}")
    frame = scorm_frame(page)
    answer_all(frame, True, tmp_path_factory.mktemp("answers"))
    hand_in(frame)
    result = frame.locator("#quiz-result").inner_text()
    page.goto(site.url + "/my/")  # leaving the player: the SCO commits and finishes
    time.sleep(2)  # the last commit goes as a beacon
    moments = (lesson_opened, lesson_left, quiz_opened, time.time())
    return Played(
        username, page, str(lesson["identifier"]), str(quiz["identifier"]), result, moments
    )


def test_the_learner_passes_the_quiz_in_moodles_player(played: Played) -> None:
    assert "Verifica superata" in played.result and "(100 %)" in played.result


def test_after_the_first_login_learners_shows_the_access(
    cli: Cli, edition: Edition, played: Played
) -> None:
    listed = cli("learners", "--edition", edition.code).stdout
    [row] = [line for line in listed.splitlines() if line.startswith(played.username)]
    assert "first login " in row and "born 1990-05-01, EQF 4" in row


def test_the_learner_sees_the_record_locked_and_nobody_else_sees_it(
    played: Played, site: RealSite, enrolled: Enrolled, edition: Edition, admin: MoodleClient
) -> None:
    page = played.page
    page.goto(site.url + "/user/profile.php")
    profile = page.locator("#region-main").inner_text()
    assert "Data di nascita\n01/05/1990" in profile and "Edizione\n" + edition.code in profile
    page.goto(site.url + "/user/edit.php")
    shown = page.locator("[name^='profile_field_scormsync_']")
    assert shown.count() >= 5 and all(e.is_disabled() for e in shown.all()), "locked"
    # A value forged into the form does not reach the record either.
    page.evaluate(
        "() => document.querySelectorAll(\"[name^='profile_field_scormsync_']\")"
        ".forEach(e => { e.disabled = false; e.value = '01/01/2000'; })"
    )
    page.click("#id_submitbutton")
    record = read_record(
        users.users_by_username(admin, [played.username])[played.username]["customfields"]
    )
    assert record.admission.birthdate == dt.date(1990, 5, 1)

    token = requests.post(
        site.url + "/login/token.php",
        data={"username": played.username, "password": CHANGED, "service": "moodle_mobile_app"},
        timeout=60,
    ).json()["token"]
    with MoodleClient(Settings(site.url, Token(token))) as learner:
        profiles = learner.call(
            "core_user_get_course_user_profiles",
            userlist=[{"userid": i, "courseid": edition.course_id} for i in enrolled.ids.values()],
        )
    shown = {
        int(p["id"]): {
            f["shortname"] for f in p.get("customfields", []) if f["shortname"] in FIELDS
        }
        for p in profiles
    }
    own = enrolled.ids[played.username]
    [other] = [i for i in enrolled.ids.values() if i != own]
    assert shown[own] == set(FIELDS)
    assert shown[other] == set(), "another learner's record stays hidden"


def test_tracks_come_back_through_the_plugin_and_through_core_alike(
    cli: Cli, edition: Edition, played: Played, tmp_path: Path
) -> None:
    plugin, core = tmp_path / "plugin.json", tmp_path / "core.json"
    cli("pull", "--edition", edition.code, "-o", str(plugin))
    cli("pull", "--edition", edition.code, "--core-only", "-o", str(core))
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (plugin, core))
    assert (first["source"], second["source"]) == ("plugin", "core")
    assert first["learners"] == second["learners"]
    [anna] = [learner for learner in first["learners"] if learner["username"] == played.username]
    scos = anna["units"][UNIT]["scos"]
    assert scos[played.lesson]["status"] == "completed" and scos[played.lesson]["seconds"] > 0
    assert (scos[played.quiz]["status"], scos[played.quiz]["score"]) == ("passed", 100)
    assert anna["admission_record"]["edition"] == edition.code


def test_the_register_lists_what_was_played_and_reconciles_with_the_tracks(
    cli: Cli, edition: Edition, played: Played, tmp_path: Path
) -> None:
    out = tmp_path / "registro.json"
    done = cli("registro", "--edition", edition.code, "--format", "json", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    [anna] = [learner for learner in data["learners"] if learner["username"] == played.username]
    rows = [row for day in anna["days"] for row in day["rows"]]
    assert [row["kind"] for row in rows][:1] == ["login"]
    sessions = [row for row in rows if row["kind"] == "session"]
    assert [row["ended"] for row in sessions] == ["finish", "finish"]
    lesson_opened, lesson_left, quiz_opened, quiz_left = played.moments
    for row, (opened, left) in zip(
        sessions, ((lesson_opened, lesson_left), (quiz_opened, quiz_left)), strict=True
    ):
        start = dt.datetime.fromisoformat(row["start"]).timestamp()
        end = dt.datetime.fromisoformat(row["end"]).timestamp()
        assert opened - 60 <= start <= end <= left + 60, (row, played.moments)
    assert (
        sessions[1]["activity"].endswith(" · Verifica di unità") or "·" in sessions[1]["activity"]
    )
    # Each SCO's connected time reconciles with what SCORM tracked: no difference is flagged.
    assert anna["scos"] and not [s for s in anna["scos"] if s["flagged"]], anna["scos"]
    assert anna["notes"] == []
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest in done.stderr
    assert (tmp_path / "registro.json.sha256").read_text(encoding="utf-8").startswith(digest)


def test_an_updated_package_keeps_the_sco_identifiers_and_the_learners_tracks(
    cli: Cli, edition: Edition, played: Played, admin: MoodleClient, tmp_path: Path
) -> None:
    """Run last: it changes the run's content and build (a corrected lesson, built again)."""
    before = tmp_path / "before.json"
    cli("pull", "--edition", edition.code, "-o", str(before))
    lesson = sorted((cli.content / UNIT).glob("01-*.md"))[0]
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\nUna frase aggiunta nella revisione.\n", "utf-8"
    )
    build(cli.content, cli.build)
    done = cli("deploy", "--edition", edition.code)
    assert UNIT in done.stdout and "Deployed:" in done.stdout
    [activity] = [
        a
        for a in scorm.scorms_in_course(admin, edition.course_id)
        if scorm.course_module(admin, int(a["coursemodule"]))["idnumber"] == UNIT
    ]
    identifiers = [s["identifier"] for s in scorm.scoes(admin, int(activity["id"]))]
    assert played.lesson in identifiers and played.quiz in identifiers
    after = tmp_path / "after.json"
    cli("pull", "--edition", edition.code, "-o", str(after))
    learners = [
        {
            x["username"]: x["units"][UNIT]["scos"]
            for x in json.loads(p.read_text("utf-8"))["learners"]
        }
        for p in (before, after)
    ]
    assert learners[0][played.username] == learners[1][played.username]
