"""Practical tasks on a real Moodle: deploy makes each an assignment graded with its rubric, its
materials kept with its description; a learner downloads them from the description's links,
submits, a tutor grades with the rubric, and the unit's verdict follows."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from moodle_sync.moodle import assign, users
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import InvalidParameter
from moodle_sync.moodle.settings import Settings, Token
from tests.integration.conftest import RUN, Cli, Edition
from tests.integration.record import rubric_filling
from tests.integration.site import RealSite
from tests.integration.test_deploy import NOTHING, calls

UF1_TASK = "uf1-assistenza-utente:manuale-e-formazione-escalation"
UF4_TASK = "uf4-marketing-vendite:lead-scoring-segmentazione"
UF4_MATERIALS = ("media/clienti.csv", "media/lead.csv")  # beside the task's file
UNITS = (
    "uf1-assistenza-utente",
    "uf2-manutenzione",
    "uf3-relazioni-clienti",
    "uf4-marketing-vendite",
)


def test_each_task_is_an_assignment_graded_with_its_rubric(
    cli: Cli, edition: Edition, site: RealSite
) -> None:
    found = json.loads(site.php_script("assign_grading.php", str(edition.course_id)))
    assert sorted(a["idnumber"].split(":")[0] for a in found) == sorted(UNITS)
    for activity in found:
        assert activity["method"] == "rubric" and activity["ready"] is True
        assert 3 <= len(activity["criteria"]) <= 5
        assert (activity["grade"], activity["gradepass"]) == (100, 60)
        assert activity["completionpassgrade"] == 1
    again = cli("-v", "deploy", "--edition", edition.code)
    assert NOTHING in again.stdout and calls(again.stderr)[1] == []


@pytest.fixture(scope="module")
def learner(
    admin: MoodleClient, edition: Edition, site: RealSite, cleanup: Callable[[str, int], None]
) -> tuple[str, int, str]:
    """A learner of this run with a password of their own: (username, id, token)."""
    username = f"it{RUN}t"
    [made] = admin.call(
        "core_user_create_users",
        users=[
            {
                "username": username,
                "firstname": "Teresa",
                "lastname": "Prova",
                "email": f"{username}@example.org",
                "password": "Teresa#Pass26",
                "auth": "manual",
            }
        ],
    )
    cleanup("user", int(made["id"]))
    users.enrol(admin, edition.course_id, [(int(made["id"]), 0)])
    return username, int(made["id"]), site.php("user_token.php", username)


def verdict(cli: Cli, edition: Edition, username: str, out: Path) -> dict:
    cli("eligibility", "--edition", edition.code, "--format", "json", "-o", str(out))
    [found] = [r for r in json.loads(out.read_text(encoding="utf-8")) if r["username"] == username]
    return found


def test_the_verdict_follows_submission_and_grade(
    cli: Cli,
    edition: Edition,
    learner: tuple[str, int, str],
    site: RealSite,
    token: str,
    admin: MoodleClient,
    tmp_path: Path,
) -> None:
    username, userid, own_token = learner
    with site.client(token) as service:
        [task] = [
            a
            for a in assign.course_assigns(service, edition.course_id)
            if a["idnumber"] == UF1_TASK
        ]
    title = task["name"]

    def uf1_reasons() -> list[str]:
        found = verdict(cli, edition, username, tmp_path / "v.json")
        return [r for r in found["reasons"] if r.startswith("UF1 ") and "practical task" in r]

    assert uf1_reasons() == [f"UF1 (1784) – practical task not submitted: {title}"]
    with MoodleClient(Settings(site.url, Token(own_token))) as own:
        own.call(
            "mod_assign_save_submission",
            assignmentid=task["assignid"],
            plugindata={"onlinetext_editor": {"text": "<p>Consegna</p>", "format": 1, "itemid": 0}},
        )
        own.call(
            "mod_assign_submit_for_grading",
            assignmentid=task["assignid"],
            acceptsubmissionstatement=1,
        )
    assert uf1_reasons() == [
        f"UF1 (1784) – practical task submitted, waiting to be graded: {title}"
    ]
    admin.call(
        "mod_assign_save_grade",
        assignmentid=task["assignid"],
        userid=userid,
        grade=0,
        attemptnumber=-1,
        addattempt=0,
        workflowstate="",
        applytoall=1,
        advancedgradingdata={"rubric": {"criteria": rubric_filling(task["rubric"], -1)}},
    )
    assert uf1_reasons() == []
    found = verdict(cli, edition, username, tmp_path / "v.json")
    [uf1] = [u for u in found["units"] if u["unit"] == "uf1-assistenza-utente"]
    [check] = uf1["tasks"]
    assert (check["passed"], check["grade"], check["status"]) == (True, 100, "submitted")
    assert check["grader"]
    assert found["credited_hours"]["lab"] == 4  # the task's 240 minutes, credited once passed


def test_a_learner_downloads_each_material_from_the_description(
    edition: Edition, learner: tuple[str, int, str], site: RealSite, token: str, content: Path
) -> None:
    folder = content / "uf4-marketing-vendite" / "tasks"
    with site.client(token) as service:
        [stored] = [
            a
            for a in assign.course_assigns(service, edition.course_id)
            if a["idnumber"] == UF4_TASK
        ]
    assert {f["filepath"] + f["filename"]: f["contenthash"] for f in stored["introfiles"]} == {
        f"/{path}": hashlib.sha1((folder / path).read_bytes()).hexdigest() for path in UF4_MATERIALS
    }
    assert 'href="@@PLUGINFILE@@/media/lead.csv"' in stored["intro"]  # stored as sent
    _, _, own_token = learner
    with MoodleClient(Settings(site.url, Token(own_token))) as own:
        [course] = own.call("mod_assign_get_assignments", courseids=[edition.course_id])["courses"]
    [shown] = [a for a in course["assignments"] if a["cmid"] == stored["cmid"]]
    assert '<h2 id="t-la-situazione">' in shown["intro"]  # Moodle keeps the places links go to
    for path in UF4_MATERIALS:  # the description as the learner's app gets it
        [link] = re.findall(rf'href="([^"]+/mod_assign/intro/{re.escape(path)})"', shown["intro"])
        answer = requests.get(link, params={"token": own_token}, timeout=60)
        assert answer.status_code == 200, link
        assert answer.content == (folder / path).read_bytes()


def test_the_plugin_refuses_a_draft_whose_folder_moodle_would_clean(
    edition: Edition, site: RealSite, token: str
) -> None:
    draft = int(site.php_script("unclean_draft.php", "admin"))  # a file in folder '/../'
    with site.client(token) as service:
        with pytest.raises(InvalidParameter):
            service.call(
                "local_scormsync_save_assign",
                courseid=edition.course_id,
                section=1,
                idnumber="it-unclean:draft",
                name="Prova",
                intro='<a href="@@PLUGINFILE@@/../dati.csv">dati</a>',
                draftitemid=draft,
                onlinetext=1,
                grade=10,
                gradepass=6,
            )
        assert "it-unclean:draft" not in {
            a["idnumber"] for a in assign.course_assigns(service, edition.course_id)
        }
