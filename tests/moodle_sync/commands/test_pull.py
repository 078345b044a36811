"""Pulling an edition from the fake Moodle: through the plugin's report or core's tracks, the
same data."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from course_model import problems
from course_model.problems import Problem
from moodle_sync.commands.pull import pull, run_parallel
from moodle_sync.files.buildreport import load_build
from moodle_sync.files.learners import load_admissions
from moodle_sync.files.register import Attendance
from moodle_sync.files.snapshot import Admission
from moodle_sync.moodle.errors import MalformedAnswer, SiteError
from moodle_sync.moodle.site import site_info
from moodle_sync.rules.eligibility import assess
from tests.moodle_sync.edition import Edition, edition, fill  # noqa: F401 (edition is a fixture)


def test_plugin_and_core_give_the_same_learners_and_the_same_eligibility(edition: Edition) -> None:
    fill(edition)
    before = edition.moodle.calls.copy()
    with_plugin = edition.pull().snapshot
    plugin_calls = edition.moodle.calls - before
    core = edition.pull(use_plugin=False).snapshot
    core_calls = edition.moodle.calls - before - plugin_calls
    assert (with_plugin.source, core.source) == ("plugin", "core")
    assert with_plugin.learners == core.learners and with_plugin.units == core.units
    assert plugin_calls["local_scormsync_get_course_report"] == 1
    assert plugin_calls["mod_scorm_get_scorm_sco_tracks"] == 0
    # core: one call per learner and SCO for the last attempt, plus anna's earlier attempt at each
    # UF1 SCO
    assert core_calls["mod_scorm_get_scorm_sco_tracks"] == 4 * 6 + 3
    register = [
        Attendance(name, dt.date(2027, 2, day), dt.time(9), dt.time(13), "aula")
        for name in ("anna", "bruno", "dario")
        for day in range(1, 24)
    ]
    admissions = load_admissions(edition.learners)
    verdicts = [
        assess(s, register, [], edition.standard, edition.plan).verdicts
        for s in (with_plugin, core, with_plugin.with_admissions(admissions))
    ]
    assert verdicts[0] == verdicts[1] == verdicts[2], "the record in Moodle is the file's data"
    assert [(v.username, v.eligible) for v in verdicts[0]] == [
        ("anna", True),
        ("bruno", False),
        ("carla", False),
        ("dario", False),
    ]


def test_what_the_snapshot_holds(edition: Edition) -> None:
    fill(edition)
    snapshot = edition.pull(now=lambda: dt.datetime(2027, 12, 1, tzinfo=dt.UTC)).snapshot
    assert snapshot.pulled_at == dt.datetime(2027, 12, 1, tzinfo=dt.UTC)
    assert (snapshot.course.edition, snapshot.course.start, snapshot.course.end) == (
        "ED-1",
        dt.date(2027, 1, 11),
        dt.date(2027, 12, 17),
    )
    assert snapshot.site.url == edition.moodle.url and edition.moodle.token not in str(snapshot)
    assert [u.id for u in snapshot.units] == ["uf1-utente", "uf2-manutenzione"]
    unit = snapshot.units[0]
    # kind and nominal time from the build report; mastery as Moodle read it from the manifest
    # (the fake's packages give every item one)
    assert [(s.item, s.kind, s.duration, s.mastery) for s in unit.scos] == [
        ("ITEM-sco-01-intro", "lesson", 25, 60),
        ("ITEM-sco-02-core", "lesson", 25, 60),
        ("ITEM-sco-quiz", "quiz", 30, 60),
    ]
    learners = {learner.username: learner for learner in snapshot.learners}
    assert list(learners) == ["anna", "bruno", "carla", "dario"]
    anna = learners["anna"].units
    quiz = anna["uf1-utente"].scos["ITEM-sco-quiz"]
    assert (quiz.status, quiz.score, quiz.seconds, quiz.attempts) == ("passed", 90, 20 * 60, 2)
    assert anna["uf2-manutenzione"].scos["ITEM-sco-quiz"].score == 85
    intro = anna["uf1-utente"].scos["ITEM-sco-01-intro"]
    assert (intro.seconds, intro.time_source) == (1870.5, "total_time")
    assert intro.first_access == dt.datetime.fromtimestamp(1790000000, dt.UTC)
    assert intro.last_access is not None and intro.last_access > intro.first_access
    assert anna["uf2-manutenzione"].completion_state == 1 and anna["uf2-manutenzione"].completed_at
    assert anna["uf1-utente"].grade == 90 and anna["uf1-utente"].grade_max == 100
    bruno = learners["bruno"].units["uf1-utente"].scos["ITEM-sco-01-intro"]
    assert (bruno.status, bruno.score, bruno.seconds, bruno.attempts) == (None, None, 0, 1)
    assert len(bruno.problems) == 3 and all(p.attempt == 1 for p in bruno.problems)
    carla = learners["carla"].units["uf1-utente"]
    assert carla.completion_state == 0 and all(r.attempts == 0 for r in carla.scos.values())
    dario = learners["dario"].units["uf2-manutenzione"].scos["ITEM-sco-quiz"]
    assert (dario.status, dario.score, dario.seconds, dario.time_source) == (
        "passed",
        70,
        1200,
        "session_time",
    )
    enrolled = load_admissions(edition.learners)
    for learner in snapshot.learners:
        record = learner.admission_record
        assert record is not None and learner.admission == record.admission
        assert record.admission == enrolled[learner.username]
        assert (record.edition, record.verdict[:11], record.problems) == ("ED-1", "ammesso il ", ())
    assert [learner.admission_record.source for learner in snapshot.learners] == [
        f"iscritti.csv:{line}" for line in (2, 3, 4, 5)
    ]


def test_an_enrolment_file_gives_what_moodle_has_no_record_of(edition: Edition) -> None:
    moodle = edition.moodle
    for field in ("scormsync_birthdate", "scormsync_eqf", "scormsync_joined", "scormsync_edition"):
        moodle.state.profile_data.pop((edition.users["bruno"], field))  # enrolled by other means
    moodle.state.profile_data[(edition.users["carla"], "scormsync_edition")] = "ED-0"
    moodle.state.profile_data[(edition.users["dario"], "scormsync_birthdate")] = "31/02/1999"
    result = edition.pull()
    learners = {learner.username: learner for learner in result.snapshot.learners}
    assert learners["anna"].admission is not None
    assert (
        learners["bruno"].admission is None and learners["bruno"].admission_record.admission is None
    )
    assert learners["carla"].admission is None, "a record of another edition decides nothing"
    assert learners["carla"].admission_record.admission is not None
    assert learners["dario"].admission is None
    assert learners["dario"].admission_record.problems == (
        Problem(problems.ADMISSION_FIELD, {"field": "birthdate", "value": "'31/02/1999'"}),
    )
    assert result.warnings == (
        "3 learners have no admission record in Moodle for ED-1 (bruno, carla, dario): give "
        "their data with --learners",
    )
    admissions = {
        "bruno": Admission(dt.date(1988, 2, 1), 6, dt.date(2027, 1, 20)),
        "anna": Admission(dt.date(1990, 5, 4), 7, dt.date(2027, 1, 11)),
        "zoe": Admission(dt.date(1990, 5, 4), 4, dt.date(2027, 1, 11)),
    }
    result = edition.pull(admissions=admissions)
    learners = {learner.username: learner for learner in result.snapshot.learners}
    assert learners["bruno"].admission == admissions["bruno"]
    assert learners["anna"].admission == admissions["anna"], "the file's data are used"
    assert learners["anna"].admission_record.admission.education_eqf == 4, "the record stays"
    assert result.warnings == (
        "learners in the enrolment file but not enrolled in ED-1: zoe",
        "2 learners have no admission record in Moodle for ED-1 (carla, dario): give their "
        "data with --learners",
    )


def test_progress_is_reported_for_every_step(edition: Edition) -> None:
    seen: list[tuple[str, int, int]] = []

    @contextmanager
    def progress(total: int, label: str) -> Iterator[Any]:
        counter = Counter()
        yield counter
        seen.append((label, total, counter.steps))

    edition.pull(use_plugin=False, progress=progress)
    assert seen == [("SCORM tracks", 24, 24), ("Activity completion", 4, 4)]


class Counter:
    steps = 0

    def update(self, steps: int) -> None:
        self.steps += steps


def test_without_the_course_or_the_needed_functions(edition: Edition) -> None:
    with pytest.raises(SiteError, match="no course with idnumber ED-9"):
        pull(edition.client, site_info(edition.client), "ED-9", load_build(edition.build))
    edition.moodle.excluded.add("gradereport_user_get_grade_items")
    with pytest.raises(SiteError, match="gradereport_user_get_grade_items"):
        edition.pull()


def test_the_core_path_needs_no_plugin(edition: Edition) -> None:
    edition.moodle.plugin_installed = False
    fill(edition)
    assert edition.pull().snapshot.source == "core"


def test_a_report_without_raw_tracks_is_refused_naming_the_function(
    edition: Edition, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(edition)
    monkeypatch.setattr(edition.moodle, "_raw_attempts", lambda *args: [{"attempt": 1}])
    with pytest.raises(
        MalformedAnswer,
        match=r"^local_scormsync_get_course_report: unexpected answer from Moodle: "
        r"rows\[0\]\.tracks\[0\]\.timemodified is missing",
    ):
        edition.pull()


def test_activities_the_build_does_not_know_are_warned_about(edition: Edition) -> None:
    build = load_build(edition.build)
    del build["uf2-manutenzione"]
    result = pull(edition.client, site_info(edition.client), "ED-1", build)
    assert any("'uf2-manutenzione'" in w and "not in the build" in w for w in result.warnings)
    assert all(s.duration is None for s in result.snapshot.units[1].scos)


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
