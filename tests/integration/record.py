"""Record the real site's answers that the fake Moodle must follow: the plugin's functions, and
the core calls moodle-sync makes that ../shared/moodle-ws/ does not hold.

    MOODLE_INTEGRATION_SITE=/root/moodle-site python3 -m tests.integration.record [FOLDER]

Installs this checkout's plugin, plays `scenario` on a course of its own (a SCORM activity,
a learner with an admission record and tracks, an assignment with a rubric that the learner
submits and a tutor grades), records each call into FOLDER (default
tests/moodle_sync/recordings/) in the format of ../shared/moodle-ws/ (the token replaced by
REDACTED), and deletes what it made. tests/moodle_sync/test_fake_moodle.py plays the same
scenario on the fake Moodle and compares its answers with these recordings.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from course_model.admission import Admission
from course_model.plan import TIMEZONE
from moodle_sync.moodle import courses, scorm, users
from moodle_sync.moodle.admission import EQF, record_fields
from moodle_sync.moodle.client import REST_PATH, UPLOAD_PATH, MoodleClient, flatten
from moodle_sync.moodle.settings import Settings, Token
from tests.integration.site import RealSite
from tests.moodle_sync.fake_moodle import scorm_package

RECORDINGS = Path(__file__).resolve().parents[1] / "moodle_sync" / "recordings"
CATEGORY = "ws-rec"


@dataclass
class Recorder:
    """Makes calls as sent and keeps each answer as a recording, in `out` or in `answers`."""

    url: str
    token: str
    learner_token: Callable[[str], str]  # a learner's token once the password is their own
    out: Path | None = None
    grader_token: str = ""  # a tutor's token that may grade (mod_assign_save_grade); else token
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def _save(self, name: str, record: dict[str, Any]) -> Any:
        self.answers[name] = record
        if self.out is not None:
            self.out.mkdir(parents=True, exist_ok=True)
            text = json.dumps(record, ensure_ascii=False, indent=1).replace(self.token, "REDACTED")
            (self.out / f"{name}.json").write_text(text + "\n", encoding="utf-8")
        return record["response"]

    def call(self, name: str, function: str, /, **params: Any) -> Any:
        fields = {
            "wstoken": self.token,
            "wsfunction": function,
            "moodlewsrestformat": "json",
            **flatten(params),
        }
        answer = requests.post(self.url + REST_PATH, data=fields, timeout=300)
        return self._save(
            name,
            {
                "function": function,
                "endpoint": f"POST {REST_PATH} (application/x-www-form-urlencoded)",
                "params": fields,
                "http_status": answer.status_code,
                "content_type": answer.headers.get("Content-Type", ""),
                "response": answer.json(),
            },
        )

    def upload(
        self, name: str, filename: str, content: bytes, filepath: str = "", itemid: int = 0
    ) -> Any:
        form = {"token": self.token, "filearea": "draft", "itemid": str(itemid)}
        if filepath:
            form["filepath"] = filepath
        answer = requests.post(
            self.url + UPLOAD_PATH,
            data=form,
            files={"file_1": (filename, content, "application/zip")},
            timeout=300,
        )
        return self._save(
            name,
            {
                "function": "webservice/upload.php",
                "endpoint": f"POST {UPLOAD_PATH} (multipart/form-data)",
                "params": {
                    **form,
                    "file_1": f"<file {filename}, {len(content)} bytes, application/zip>",
                },
                "http_status": answer.status_code,
                "content_type": answer.headers.get("Content-Type", ""),
                "response": answer.json(),
            },
        )


def record(site: RealSite, out: Path) -> list[str]:
    """Record into `out`; the names of the recordings written."""
    site.install_plugin(Path(tempfile.mkdtemp()))
    token = site.php("service_token.php", "moodle_sync")
    # The site's helper lifts the forced password change, as the learner's first login does.
    rec = Recorder(
        site.url,
        token,
        lambda username: site.php("user_token.php", username),
        out,
        grader_token=site.admin_token(),
    )
    stamp = str(int(time.time()))
    with site.client(token) as client, site.client(site.admin_token()) as admin:
        category = courses.find_category(client, CATEGORY)
        categoryid = (
            int(category["id"]) if category else courses.create_category(client, "WS REC", CATEGORY)
        )
        courseid = courses.create_course(
            client,
            {"fullname": "WS REC", "shortname": f"WS-REC-{stamp}", "categoryid": categoryid},
            numsections=2,
        )
        username = f"wsrec{stamp}"
        try:
            scenario(rec, client, courseid, username)
        finally:
            found = users.users_by_username(admin, [username])
            if found:
                admin.call("core_user_delete_users", userids=[int(found[username]["id"])])
            admin.call("core_course_delete_courses", courseids=[courseid])
    return sorted(p.stem for p in out.glob("*.json"))


def scenario(rec: Recorder, client: MoodleClient, courseid: int, username: str) -> None:
    """The calls recorded, on an empty course of `client`'s site; `username` is not taken."""
    package = scorm_package("ws-rec", [("ITEM-a", "Lezione"), ("ITEM-quiz", "Verifica")], 80)
    draft = rec.upload("upload_php__scormsync_package", "ws-rec-scorm12.zip", package)[0]["itemid"]
    activity = {
        "courseid": courseid,
        "section": 1,
        "idnumber": "ws-rec-scorm",
        "name": "Prova SCORM: L'aula & l'e-learning",
        "intro": "<p>L&#x27;aula &amp; l&#x27;e-learning</p>",
        "grademethod": 1,
        "maxgrade": 100,
        "completionstatusrequired": 6,
    }
    saved = rec.call(
        "local_scormsync_save_scorm", "local_scormsync_save_scorm", draftitemid=draft, **activity
    )
    rec.call(
        "local_scormsync_save_scorm__update_by_idnumber",
        "local_scormsync_save_scorm",
        **{**activity, "section": 2, "draftitemid": 0},
    )
    rec.call(
        "error_scormsync_save_new_without_package",
        "local_scormsync_save_scorm",
        **{**activity, "idnumber": "ws-rec-none", "draftitemid": 0},
    )
    rec.call(
        "error_scormsync_save_nonexistent_course",
        "local_scormsync_save_scorm",
        **{**activity, "courseid": 999999, "draftitemid": draft},
    )
    rec.call("core_courseformat_get_state", "core_courseformat_get_state", courseid=courseid)

    today = dt.datetime.now(TIMEZONE).date()
    record = record_fields(
        Admission(dt.date(1990, 5, 1), 4, today),
        "WS-REC",
        f"ammesso il {today:%d/%m/%Y}",
        "iscritti.csv:2",
    )
    [created] = rec.call(
        "core_user_create_users__admission_record",
        "core_user_create_users",
        users=[
            {
                "username": username,
                "firstname": "Anna",
                "lastname": "Dell'Acqua",
                "email": f"{username}@example.org",
                "auth": "manual",
                "createpassword": 1,
                "customfields": record,
            }
        ],
    )
    userid = int(created["id"])
    rec.call(
        "core_user_update_users__admission_record",
        "core_user_update_users",
        users=[
            {
                "id": userid,
                "customfields": [{**f, "value": "EQF 6"} for f in record if f["type"] == EQF],
            }
        ],
    )
    rec.call(
        "core_user_get_users_by_field__admission_record",
        "core_user_get_users_by_field",
        field="username",
        values=[username],
    )
    users.enrol(client, courseid, [(userid, 0)])
    rec.call(
        "core_enrol_get_enrolled_users__admission_record",
        "core_enrol_get_enrolled_users",
        courseid=courseid,
    )
    quiz = next(
        s for s in scorm.scoes(client, int(saved["scormid"])) if s["identifier"] == "ITEM-quiz"
    )
    learner = rec.learner_token(username)  # a token the recordings never show
    started = int(time.time())
    with MoodleClient(Settings(rec.url, Token(learner))) as own:
        # Moodle logs the launch (sco_launched) and the final statuses: the register's session.
        own.call("mod_scorm_launch_sco", scormid=int(saved["scormid"]), scoid=int(quiz["id"]))
        for attempt, status, score, total in (
            (1, "failed", "40", "00:10:00"),
            (2, "passed", "90", "00:05:30.50"),
        ):
            own.call(
                "mod_scorm_insert_scorm_tracks",
                scoid=int(quiz["id"]),
                attempt=attempt,
                tracks=[
                    {"element": "x.start.time", "value": str(int(time.time()))},
                    {"element": "cmi.core.lesson_status", "value": status},
                    {"element": "cmi.core.score.raw", "value": score},
                    {"element": "cmi.core.total_time", "value": total},
                    {"element": "cmi.suspend_data", "value": "{}"},
                ],
            )
    rec.call(
        "local_scormsync_get_course_report", "local_scormsync_get_course_report", courseid=courseid
    )
    rec.call(
        "error_scormsync_report_nonexistent_course",
        "local_scormsync_get_course_report",
        courseid=999999,
    )
    window = {"timefrom": started - 60, "timeto": int(time.time()) + 60}
    rec.call(
        "local_scormsync_get_sessions",
        "local_scormsync_get_sessions",
        courseid=courseid,
        **window,
        page=0,
        perpage=100,
    )
    rec.call(
        "error_scormsync_sessions_nonexistent_course",
        "local_scormsync_get_sessions",
        courseid=999999,
        **window,
    )
    assignment_scenario(rec, client, courseid, learner)


def assignment_scenario(rec: Recorder, client: MoodleClient, courseid: int, learner: str) -> None:
    """A practical task: the plugin creates and updates its assignment with a rubric and a
    material kept with its description; the learner submits, a tutor grades with the rubric;
    moodle-sync's reads before and after."""
    [material] = rec.upload("upload_php__scormsync_material", "dati.csv", b"a;b\n1;2\n", "/media/")
    task = {
        "courseid": courseid,
        "section": 1,
        "idnumber": "ws-rec:task",
        "name": "Prova pratica: l'analisi & la sintesi",
        "intro": '<h1>Prova</h1><p>L&#x27;analisi &amp; la <a href="@@PLUGINFILE@@/media/dati.csv">'
        "sintesi</a>.</p>",
        "draftitemid": material["itemid"],
        "onlinetext": 1,
        "maxfiles": 2,
        "maxsizebytes": 5 << 20,
        "filetypes": ".pdf,.docx",
        "duedate": int(time.time()) + 14 * 86400,
        "grade": 10,
        "gradepass": 6,
        "rubric": [
            {
                "description": name,
                "levels": [
                    {"score": 0, "definition": "Assente"},
                    {"score": 2.5, "definition": "Parziale"},
                    {"score": 5, "definition": "Completa"},
                ],
            }
            for name in ("Analisi", "Sintesi")
        ],
    }
    saved = rec.call("local_scormsync_save_assign", "local_scormsync_save_assign", **task)
    rec.call(
        "local_scormsync_save_assign__update_by_idnumber",
        "local_scormsync_save_assign",
        **{**task, "section": 2, "gradepass": 5},
    )
    rec.call(
        "error_scormsync_save_assign_nonexistent_course",
        "local_scormsync_save_assign",
        **{**task, "courseid": 999999},
    )
    rec.call(
        "error_scormsync_save_assign_empty_draft",
        "local_scormsync_save_assign",
        **{**task, "draftitemid": material["itemid"] + 1},
    )
    stored = rec.call(
        "local_scormsync_get_assigns", "local_scormsync_get_assigns", courseid=courseid
    )
    assignid = int(saved["assignid"])
    rec.call(
        "mod_assign_get_assignments__scormsync",
        "mod_assign_get_assignments",
        courseids=[courseid],
        includenotenrolledcourses=1,
    )
    with MoodleClient(Settings(rec.url, Token(learner))) as own:
        own.call(
            "mod_assign_save_submission",
            assignmentid=assignid,
            plugindata={"onlinetext_editor": {"text": "<p>Fatto</p>", "format": 1, "itemid": 0}},
        )
        own.call(
            "mod_assign_submit_for_grading", assignmentid=assignid, acceptsubmissionstatement=1
        )
    rec.call(
        "mod_assign_get_submissions__scormsync",
        "mod_assign_get_submissions",
        assignmentids=[assignid],
    )
    rec.call("mod_assign_get_grades__ungraded", "mod_assign_get_grades", assignmentids=[assignid])
    [assign] = stored["assigns"]
    with MoodleClient(Settings(rec.url, Token(rec.grader_token or rec.token))) as grader:
        grader.call(
            "mod_assign_save_grade",
            assignmentid=assignid,
            userid=int(own_userid(client, courseid)),
            grade=0,
            attemptnumber=-1,
            addattempt=0,
            workflowstate="",
            applytoall=1,
            advancedgradingdata={"rubric": {"criteria": rubric_filling(assign["rubric"], -2)}},
        )
    rec.call("mod_assign_get_grades__scormsync", "mod_assign_get_grades", assignmentids=[assignid])


def own_userid(client: MoodleClient, courseid: int) -> int:
    """The scenario's one learner."""
    [learner] = users.enrolled_students(client, courseid)
    return int(learner["id"])


def rubric_filling(rubric: list[dict[str, Any]], level: int) -> list[dict[str, Any]]:
    """A grader's filling of a rubric: the same level (by position) in every criterion."""
    return [
        {
            "criterionid": c["id"],
            "fillings": [
                {
                    "criterionid": c["id"],
                    "levelid": c["levels"][level]["id"],
                    "remark": "",
                    "remarkformat": 1,
                }
            ],
        }
        for c in rubric
    ]


def main() -> None:
    site = RealSite.from_environment()
    if isinstance(site, str):
        sys.exit(f"error: {site}")
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else RECORDINGS
    for name in record(site, out):
        print(out / f"{name}.json")


if __name__ == "__main__":
    main()
