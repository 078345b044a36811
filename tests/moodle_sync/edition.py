"""A deployed edition on the fake Moodle with four enrolled learners, and their tracks, for pull
tests."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import pytest

from course_model import scorm_data as cmi
from course_model.plan import CoursePlan
from course_model.standard import Standard
from moodle_sync.commands.deploy import apply_plan, plan_deploy
from moodle_sync.commands.enrol import enrol_learners
from moodle_sync.commands.pull import PullResult, pull
from moodle_sync.files.buildreport import load_build
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.settings import Settings, Token
from moodle_sync.moodle.site import site_info
from moodle_sync.rules.course_layout import course_layout
from tests.moodle_sync.fake_moodle import FakeMoodle

LEARNERS = (
    "username,firstname,lastname,email,birthdate,education,joined\n"
    "anna,Anna,Bianchi,anna@example.org,1990-05-04,Diploma,2027-01-11\n"
    "bruno,Bruno,Rossi,bruno@example.org,1988-02-01,laurea,2027-01-20\n"
    "carla,Carla,Verdi,carla@example.org,2000-10-10,4,2027-02-01\n"
    "dario,Dario,Neri,dario@example.org,1999-12-31,EQF 5,2027-03-01\n"
)


@dataclasses.dataclass
class Edition:
    moodle: FakeMoodle
    client: MoodleClient
    standard: Standard
    plan: CoursePlan
    build: Path
    learners: Path
    users: dict[str, int]
    scoes: dict[tuple[str, str], int]  # (unit id, SCO identifier) → sco id

    played_until: float = dataclasses.field(default_factory=lambda: time.time() - 30 * 86400)

    def track(self, username: str, unit: str, sco: str, attempt: int = 1, **elements: str) -> None:
        """Store tracks as the learner's own SCO would, through the learner's token, after the
        launch Moodle's player logs: the session lasts the time the tracks report (the learner's
        sessions follow one another, from 30 days ago)."""
        times = [
            cmi.parse_time(k.replace("__", "."), v).value or 0
            for k, v in elements.items()
            if k.endswith("_time") and "start" not in k
        ]
        launched, self.played_until = self.played_until, self.played_until + max(times, default=0)
        token = self.moodle.issue_token(self.users[username])
        clock = self.moodle.clock
        self.moodle.clock = lambda: launched
        try:
            with MoodleClient(Settings(self.moodle.url, Token(token), timeout=5)) as learner:
                learner.call(
                    "mod_scorm_launch_sco", scormid=self.scorm_of(unit), scoid=self.scoes[unit, sco]
                )
                self.moodle.clock = lambda: self.played_until
                learner.call(
                    "mod_scorm_insert_scorm_tracks",
                    scoid=self.scoes[unit, sco],
                    attempt=attempt,
                    tracks=[
                        {"element": k.replace("__", "."), "value": v} for k, v in elements.items()
                    ],
                )
        finally:
            self.moodle.clock = clock
        self.played_until += 3600  # the next session after an hour: no idle gap joins them

    def scorm_of(self, unit: str) -> int:
        state = self.moodle.state
        return next(
            s["id"]
            for s in state.scorms.values()
            if state.cms[s["coursemodule"]]["idnumber"] == unit
        )

    def pull(self, **options: Any) -> PullResult:
        return pull(self.client, site_info(self.client), "ED-1", load_build(self.build), **options)


@pytest.fixture
def edition(
    moodle: FakeMoodle,
    client: MoodleClient,
    course: tuple[Standard, CoursePlan],
    build: Path,
    tmp_path: Path,
) -> Edition:
    standard, plan = course
    apply_plan(plan_deploy(client, course_layout(standard, plan, load_build(build))))
    learners = tmp_path / "iscritti.csv"
    learners.write_text(LEARNERS, encoding="utf-8")
    enrol_learners(client, learners, standard, plan, "ED-1")
    state = moodle.state
    users = {u["username"]: u["id"] for u in state.users.values()}
    for userid in users.values():
        moodle.change_password(userid)  # each learner's first login on the website
    scoes = {
        (state.cms[state.scorms[s["scorm"]]["coursemodule"]]["idnumber"], s["identifier"]): s["id"]
        for s in state.scoes.values()
        if s["scormtype"] == "sco"
    }
    return Edition(moodle, client, standard, plan, build, learners, users, scoes)


def fill(edition: Edition) -> None:
    """Anna did everything (UF1 quiz passed on the second attempt); Bruno's SCO sent nonsense;
    Carla did nothing; Dario used SCORM 2004 elements and only ever sent session times."""
    for unit in ("uf1-utente", "uf2-manutenzione"):
        for sco in ("ITEM-sco-01-intro", "ITEM-sco-02-core"):
            edition.track(
                "anna",
                unit,
                sco,
                x__start__time="1790000000",
                cmi__core__lesson_status="completed",
                cmi__core__total_time="00:31:10.50",
            )
    edition.track(
        "anna",
        "uf1-utente",
        "ITEM-sco-quiz",
        cmi__core__lesson_status="failed",
        cmi__core__score__raw="40",
        cmi__core__total_time="00:12:00",
    )
    edition.track(
        "anna",
        "uf1-utente",
        "ITEM-sco-quiz",
        2,
        cmi__core__lesson_status="passed",
        cmi__core__score__raw="90",
        cmi__core__total_time="00:08:00",
    )
    edition.track(
        "anna",
        "uf2-manutenzione",
        "ITEM-sco-quiz",
        cmi__core__lesson_status="passed",
        cmi__core__score__raw="17",
        cmi__core__score__min="0",
        cmi__core__score__max="20",
        cmi__core__total_time="00:15:00",
    )
    edition.track(
        "bruno",
        "uf1-utente",
        "ITEM-sco-01-intro",
        cmi__core__lesson_status="bogus-status",
        cmi__core__score__raw="not-a-number",
        cmi__core__session_time="5 minutes",
    )
    edition.track(
        "dario",
        "uf2-manutenzione",
        "ITEM-sco-quiz",
        cmi__completion_status="completed",
        cmi__success_status="passed",
        cmi__score__scaled="0.7",
        cmi__session_time="PT20M",
    )
