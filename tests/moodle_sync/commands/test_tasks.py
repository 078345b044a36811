"""Practical tasks on the fake Moodle: deploy makes graded assignments with a rubric, pull brings
back submissions and grades, eligibility waits for a passing grade and credits the task's hours."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from course_model.plan import timestamp
from moodle_sync.commands.deploy import apply_plan, plan_deploy
from moodle_sync.files.buildreport import load_build
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.settings import Settings, Token
from moodle_sync.rules.course_layout import course_layout
from moodle_sync.rules.eligibility import assess
from tests.conftest import BUILT_UNITS
from tests.moodle_sync.edition import Edition, edition, fill  # noqa: F401 (edition is a fixture)
from tests.moodle_sync.fake_moodle import practical_task, write_build

TASK = "uf1-utente:prova"


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """The two-unit build, UF1 with a practical task."""
    units = [dict(BUILT_UNITS[0], tasks=[practical_task()]), BUILT_UNITS[1]]
    write_build(tmp_path / "build", units)
    return tmp_path / "build"


def assignment(edition: Edition) -> dict:
    [found] = edition.moodle.state.assigns.values()
    return found


def test_deploy_creates_the_assignment_and_a_second_deploy_changes_nothing(
    edition: Edition,
) -> None:
    found = assignment(edition)
    cm = edition.moodle.state.cms[found["coursemodule"]]
    assert (cm["idnumber"], cm["completion"]) == (TASK, 2)
    assert edition.moodle.state.sections[cm["section"]]["section"] == 1
    assert (found["grade"], found["gradepass"], found["onlinetext"]) == (10, 6, 1)
    assert (found["maxfiles"], found["maxsizebytes"], found["filetypes"]) == (
        2,
        5 << 20,
        ".pdf,.docx",
    )
    start = edition.plan.unit_start("uf1-utente")
    assert found["duedate"] == timestamp(start + dt.timedelta(days=14)) + 23 * 3600 + 59 * 60
    assert [c["description"] for c in found["rubric"]] == ["Analisi", "Sintesi"]
    assert [lv["score"] for lv in found["rubric"][0]["levels"]] == [0, 2.5, 5]
    layout = course_layout(edition.standard, edition.plan, load_build(edition.build))
    assert plan_deploy(edition.client, layout).actions == ()


def test_a_changed_rubric_is_updated_in_place(edition: Edition, tmp_path: Path) -> None:
    before = assignment(edition)
    ids = [c["id"] for c in before["rubric"]]
    task = practical_task()
    task["rubric"][1]["levels"][1]["definition"] = "Parziale, con errori"
    task["pass"] = 5
    write_build(tmp_path / "b2", [dict(BUILT_UNITS[0], tasks=[task]), BUILT_UNITS[1]])
    layout = course_layout(edition.standard, edition.plan, load_build(tmp_path / "b2"))
    plan = plan_deploy(edition.client, layout)
    [action] = plan.actions
    assert action.symbol == "~" and action.subject == f"assignment {TASK}"
    assert action.changes == (
        "gradepass: 6.0 -> 5.0",
        "rubric criterion 2: 'Sintesi' (0/2.5/5 points) -> 'Sintesi' (0/2.5/5 points), other "
        "level descriptions",
    )
    apply_plan(plan)
    after = assignment(edition)
    assert after["id"] == before["id"] and [c["id"] for c in after["rubric"]] == ids
    assert after["rubric"][1]["levels"][1]["definition"] == "Parziale, con errori"
    assert plan_deploy(edition.client, layout).actions == ()


def test_a_criterion_added_or_renamed_is_named(edition: Edition, tmp_path: Path) -> None:
    task = practical_task()
    task["rubric"][0]["description"] = "Analisi dei dati"
    task["rubric"].append(
        {
            "description": "Forma",
            "levels": [{"score": 0, "definition": "Assente"}, {"score": 2, "definition": "Chiara"}],
        }
    )
    task["grade"] = 12
    write_build(tmp_path / "b2", [dict(BUILT_UNITS[0], tasks=[task]), BUILT_UNITS[1]])
    layout = course_layout(edition.standard, edition.plan, load_build(tmp_path / "b2"))
    [action] = plan_deploy(edition.client, layout).actions
    assert action.changes == (
        "grade: 10.0 -> 12.0",
        "rubric criterion 1: 'Analisi' (0/2.5/5 points) -> 'Analisi dei dati' (0/2.5/5 points)",
        "rubric criterion 3: none -> 'Forma' (0/2 points)",
    )


def learner_call(edition: Edition, username: str, function: str, **params: object) -> object:
    token = edition.moodle.issue_token(edition.users[username])
    with MoodleClient(Settings(edition.moodle.url, Token(token), timeout=5)) as own:
        return own.call(function, **params)


def uf1(edition: Edition, username: str = "anna"):  # type: ignore[no-untyped-def]
    assessment = assess(edition.pull().snapshot, [], [], edition.standard, edition.plan)
    [verdict] = [v for v in assessment.verdicts if v.username == username]
    return verdict, verdict.units[0]


def test_the_verification_waits_for_a_passing_grade_and_credits_the_task(edition: Edition) -> None:
    fill(edition)  # anna passed the UF1 quiz
    verdict, unit = uf1(edition)
    assert unit.status == "passed" and not unit.passed
    assert unit.reasons == ("practical task not submitted: " + practical_task()["title"],)
    assert "UF1 (1784) – practical task not submitted" in " ".join(verdict.reasons)

    assignid = assignment(edition)["id"]
    learner_call(
        edition,
        "anna",
        "mod_assign_save_submission",
        assignmentid=assignid,
        plugindata={"onlinetext_editor": {"text": "<p>Fatto</p>", "format": 1, "itemid": 0}},
    )
    learner_call(
        edition,
        "anna",
        "mod_assign_submit_for_grading",
        assignmentid=assignid,
        acceptsubmissionstatement=1,
    )
    verdict, unit = uf1(edition)
    assert not unit.passed
    assert unit.reasons == (
        "practical task submitted, waiting to be graded: " + practical_task()["title"],
    )
    assert unit.tasks[0].result.status == "submitted" and unit.tasks[0].result.submitted_at

    def grade(value: float) -> None:
        edition.client.call(
            "mod_assign_save_grade",
            assignmentid=assignid,
            userid=edition.users["anna"],
            grade=value,
            attemptnumber=-1,
            addattempt=0,
            workflowstate="",
            applytoall=1,
        )

    grade(5)
    verdict, unit = uf1(edition)
    assert unit.reasons == (
        f"practical task {practical_task()['title']} not passed: grade 5, at least 6 needed",
    )
    assert verdict.credited.lab == 0
    grade(7.5)
    verdict, unit = uf1(edition)
    assert unit.passed and unit.reasons == ()
    check = unit.tasks[0]
    assert (check.result.grade, check.result.grader) == (7.5, "Admin User")
    assert verdict.credited.lab == pytest.approx(2.0)  # the task's 120 minutes, in lab
    # the other learners have not submitted: their UF1 waits for the task too
    _, other = uf1(edition, "carla")
    assert any("not submitted" in reason for reason in other.reasons)


def test_the_snapshot_records_tasks_and_their_results(edition: Edition) -> None:
    snapshot = edition.pull().snapshot
    [task] = snapshot.units[0].tasks
    assert (task.id, task.pass_grade, task.grade_max, task.modality, task.duration) == (
        "prova",
        6,
        10,
        "lab",
        120,
    )
    assert snapshot.units[1].tasks == ()
    anna = next(learner for learner in snapshot.learners if learner.username == "anna")
    assert anna.units["uf1-utente"].tasks["prova"].status == "new"
    calls = edition.moodle.calls
    assert calls["mod_assign_get_submissions"] == calls["mod_assign_get_grades"] == 1
    assert dataclasses.replace(snapshot) == snapshot
