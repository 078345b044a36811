"""Pulling an edition from the fake Moodle: through the plugin's report or core's tracks, the same data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from moodle_sync.buildreport import load_build
from moodle_sync.client import MoodleClient
from moodle_sync.course_layout import course_layout
from moodle_sync.deploy import apply_plan, plan_deploy
from moodle_sync.eligibility import assess
from moodle_sync.enrol import enrol_learners
from moodle_sync.errors import MoodleSyncError
from moodle_sync.learners import load_admissions
from moodle_sync.pull import PullResult, pull, run_parallel
from moodle_sync.register import Attendance
from moodle_sync.settings import Settings, Token
from moodle_sync.site import site_info
from moodle_sync.snapshot import Admission
from scormgen.config import CoursePlan, Standard
from tests.moodle_sync.fake_moodle import FakeMoodle

LEARNERS = ("username,firstname,lastname,email,birthdate,education,joined\n"
            "anna,Anna,Bianchi,anna@example.org,1990-05-04,Diploma,2027-01-11\n"
            "bruno,Bruno,Rossi,bruno@example.org,1988-02-01,laurea,2027-01-20\n"
            "carla,Carla,Verdi,carla@example.org,2000-10-10,4,2027-02-01\n"
            "dario,Dario,Neri,dario@example.org,1999-12-31,EQF 5,2027-03-01\n")


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

    def track(self, username: str, unit: str, sco: str, attempt: int = 1, **elements: str) -> None:
        """Store tracks as the learner's own SCO would, through the learner's token."""
        token = self.moodle.issue_token(self.users[username])
        with MoodleClient(Settings(self.moodle.url, Token(token), timeout=5)) as learner:
            learner.call("mod_scorm_insert_scorm_tracks", scoid=self.scoes[unit, sco], attempt=attempt,
                         tracks=[{"element": k.replace("__", "."), "value": v} for k, v in elements.items()])

    def pull(self, **options: Any) -> PullResult:
        return pull(self.client, site_info(self.client), "ED-1", load_build(self.build), **options)


@pytest.fixture
def edition(moodle: FakeMoodle, client: MoodleClient, course: tuple[Standard, CoursePlan], build: Path,
            tmp_path: Path) -> Edition:
    standard, plan = course
    apply_plan(plan_deploy(client, course_layout(standard, plan, load_build(build))))
    learners = tmp_path / "iscritti.csv"
    learners.write_text(LEARNERS, encoding="utf-8")
    enrol_learners(client, learners, standard, plan, "ED-1")
    state = moodle.state
    users = {u["username"]: u["id"] for u in state.users.values()}
    scoes = {(state.cms[state.scorms[s["scorm"]]["coursemodule"]]["idnumber"], s["identifier"]): s["id"]
             for s in state.scoes.values() if s["scormtype"] == "sco"}
    return Edition(moodle, client, standard, plan, build, learners, users, scoes)


def fill(edition: Edition) -> None:
    """Anna did everything (UF1 quiz passed on the second attempt); Bruno's SCO sent nonsense; Carla did nothing;
    Dario used SCORM 2004 elements and only ever sent session times."""
    for unit in ("uf1-utente", "uf2-manutenzione"):
        for sco in ("sco-01-intro", "sco-02-core"):
            edition.track("anna", unit, sco, x__start__time="1790000000", cmi__core__lesson_status="completed",
                          cmi__core__total_time="00:31:10.50")
    edition.track("anna", "uf1-utente", "sco-quiz", cmi__core__lesson_status="failed", cmi__core__score__raw="40",
                  cmi__core__total_time="00:12:00")
    edition.track("anna", "uf1-utente", "sco-quiz", 2, cmi__core__lesson_status="passed", cmi__core__score__raw="90",
                  cmi__core__total_time="00:08:00")
    edition.track("anna", "uf2-manutenzione", "sco-quiz", cmi__core__lesson_status="passed",
                  cmi__core__score__raw="17", cmi__core__score__min="0", cmi__core__score__max="20",
                  cmi__core__total_time="00:15:00")
    edition.track("bruno", "uf1-utente", "sco-01-intro", cmi__core__lesson_status="bogus-status",
                  cmi__core__score__raw="not-a-number", cmi__core__session_time="5 minutes")
    edition.track("dario", "uf2-manutenzione", "sco-quiz", cmi__completion_status="completed",
                  cmi__success_status="passed", cmi__score__scaled="0.7", cmi__session_time="PT20M")


def test_plugin_and_core_give_the_same_learners_and_the_same_eligibility(edition: Edition) -> None:
    fill(edition)
    before = edition.moodle.calls.copy()
    with_plugin = edition.pull().snapshot
    plugin_calls = edition.moodle.calls - before
    core = edition.pull(use_plugin=False).snapshot
    core_calls = edition.moodle.calls - before - plugin_calls
    assert (with_plugin.source, core.source) == ("plugin", "core")
    assert with_plugin.learners == core.learners and with_plugin.units == core.units
    assert plugin_calls["local_scormsync_get_course_report"] == 1 and plugin_calls["mod_scorm_get_scorm_sco_tracks"] == 0
    # core: one call per learner and SCO for the last attempt, plus anna's earlier attempt at each UF1 SCO
    assert core_calls["mod_scorm_get_scorm_sco_tracks"] == 4 * 6 + 3
    register = [Attendance(name, dt.date(2027, 2, day), dt.time(9), dt.time(13), "aula")
                for name in ("anna", "bruno", "dario") for day in range(1, 24)]
    admissions = load_admissions(edition.learners, edition.standard, edition.plan)
    verdicts = [assess(s.with_admissions(admissions), register, [], edition.standard, edition.plan).verdicts
                for s in (with_plugin, core)]
    assert verdicts[0] == verdicts[1]
    assert [(v.username, v.eligible) for v in verdicts[0]] == [("anna", True), ("bruno", False), ("carla", False),
                                                               ("dario", False)]


def test_what_the_snapshot_holds(edition: Edition) -> None:
    fill(edition)
    snapshot = edition.pull(now=lambda: dt.datetime(2027, 12, 1, tzinfo=dt.timezone.utc)).snapshot
    assert snapshot.pulled_at == dt.datetime(2027, 12, 1, tzinfo=dt.timezone.utc)
    assert (snapshot.course.edition, snapshot.course.start, snapshot.course.end) == (
        "ED-1", dt.date(2027, 1, 11), dt.date(2027, 12, 17))
    assert snapshot.site.url == edition.moodle.url and edition.moodle.token not in str(snapshot)
    assert [u.id for u in snapshot.units] == ["uf1-utente", "uf2-manutenzione"]
    unit = snapshot.units[0]
    # kind and nominal time from the build report; mastery as Moodle read it from the manifest (the fake's
    # packages give every item one)
    assert [(s.identifier, s.kind, s.nominal_minutes, s.mastery) for s in unit.scos] == [
        ("sco-01-intro", "lesson", 25, 60), ("sco-02-core", "lesson", 25, 60), ("sco-quiz", "quiz", 30, 60)]
    learners = {learner.username: learner for learner in snapshot.learners}
    assert list(learners) == ["anna", "bruno", "carla", "dario"]
    anna = learners["anna"].units
    quiz = anna["uf1-utente"].scos["sco-quiz"]
    assert (quiz.status, quiz.score, quiz.seconds, quiz.attempts) == ("passed", 90, 20 * 60, 2)
    assert anna["uf2-manutenzione"].scos["sco-quiz"].score == 85
    intro = anna["uf1-utente"].scos["sco-01-intro"]
    assert (intro.seconds, intro.time_source) == (1870.5, "total_time")
    assert intro.first_access == dt.datetime.fromtimestamp(1790000000, dt.timezone.utc)
    assert intro.last_access is not None and intro.last_access > intro.first_access
    assert anna["uf2-manutenzione"].completion_state == 1 and anna["uf2-manutenzione"].completed_at
    assert anna["uf1-utente"].grade == 90 and anna["uf1-utente"].grade_max == 100
    bruno = learners["bruno"].units["uf1-utente"].scos["sco-01-intro"]
    assert (bruno.status, bruno.score, bruno.seconds, bruno.attempts) == (None, None, 0, 1)
    assert len(bruno.problems) == 3 and all(p.startswith("tentativo 1: ") for p in bruno.problems)
    carla = learners["carla"].units["uf1-utente"]
    assert carla.completion_state == 0 and all(r.attempts == 0 for r in carla.scos.values())
    dario = learners["dario"].units["uf2-manutenzione"].scos["sco-quiz"]
    assert (dario.status, dario.score, dario.seconds, dario.time_source) == ("passed", 70, 1200, "session_time")
    assert all(learner.admission is None for learner in snapshot.learners)


def test_admissions_are_recorded_and_strangers_warned(edition: Edition) -> None:
    admissions = {"anna": Admission(dt.date(1990, 5, 4), 4, dt.date(2027, 1, 11)),
                  "zoe": Admission(dt.date(1990, 5, 4), 4, dt.date(2027, 1, 11))}
    result = edition.pull(admissions=admissions)
    assert result.snapshot.learners[0].admission == admissions["anna"]
    assert result.warnings == ("learners in the enrolment file but not enrolled in ED-1: zoe",)


def test_progress_is_reported_for_every_step(edition: Edition) -> None:
    seen: list[tuple[str, int, int]] = []

    @contextmanager
    def progress(total: int, label: str) -> Iterator[Any]:
        counter = Counter()
        yield counter
        seen.append((label, total, counter.steps))

    edition.pull(use_plugin=False, progress=progress)
    assert seen == [("Tracciamenti SCORM", 24, 24), ("Completamento attività", 4, 4)]


class Counter:
    steps = 0

    def update(self, steps: int) -> None:
        self.steps += steps


def test_without_the_course_or_the_needed_functions(edition: Edition) -> None:
    with pytest.raises(MoodleSyncError, match="no course with idnumber ED-9"):
        pull(edition.client, site_info(edition.client), "ED-9", load_build(edition.build))
    edition.moodle.excluded.add("gradereport_user_get_grade_items")
    with pytest.raises(MoodleSyncError, match="gradereport_user_get_grade_items"):
        edition.pull()


def test_the_core_path_needs_no_plugin(edition: Edition) -> None:
    edition.moodle.plugin_installed = False
    fill(edition)
    assert edition.pull().snapshot.source == "core"


def test_an_older_plugin_without_raw_tracks_is_refused(edition: Edition, monkeypatch: pytest.MonkeyPatch) -> None:
    figures = edition.moodle._report_figures
    monkeypatch.setattr(edition.moodle, "_report_figures",
                        lambda *args: {k: v for k, v in figures(*args).items() if k != "tracks"})
    with pytest.raises(MoodleSyncError, match="older than this moodle-sync"):
        edition.pull()


def test_activities_the_build_does_not_know_are_warned_about(edition: Edition) -> None:
    build = load_build(edition.build)
    del build["uf2-manutenzione"]
    result = pull(edition.client, site_info(edition.client), "ED-1", build)
    assert any("'uf2-manutenzione'" in w and "not in the build" in w for w in result.warnings)
    assert all(s.nominal_minutes is None for s in result.snapshot.units[1].scos)


def test_run_parallel_keeps_order_bounds_threads_and_stops_on_error() -> None:
    running, peak, lock = 0, 0, threading.Lock()

    def work(n: int) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.01)
        with lock:
            running -= 1
        if n == 13:
            raise ValueError("thirteen")
        return n * n

    assert run_parallel(work, list(range(12)), 3, Counter()) == [n * n for n in range(12)]
    assert peak <= 3
    with pytest.raises(ValueError, match="thirteen"):
        run_parallel(work, list(range(40)), 4, Counter())
