from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from course_model.errors import CourseError
from moodle_sync.commands.deploy import DeployPlan, apply_plan, plan_deploy
from moodle_sync.files.buildreport import load_build
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import SiteError
from moodle_sync.moodle.settings import Settings, Token
from moodle_sync.rules.course_layout import CourseLayout, course_layout
from tests.conftest import BUILT_UNITS
from tests.moodle_sync.fake_moodle import FakeMoodle, write_build

# Every write of a first deploy of the two-unit fixture course, in order.
WRITES = [
    ("core_course_create_categories", 1),
    ("core_course_create_courses", 1),
    ("core_update_inplace_editable", 1),
    ("core_update_inplace_editable", 2),
    ("webservice/upload.php", 1),
    ("local_scormsync_save_scorm", 1),
    ("webservice/upload.php", 2),
    ("local_scormsync_save_scorm", 2),
]
READS = {
    "core_course_get_categories",
    "core_course_get_courses_by_field",
    "core_courseformat_get_state",
    "mod_scorm_get_scorms_by_courses",
    "core_course_get_course_module",
    "core_webservice_get_site_info",
}


@pytest.fixture
def layout(course: tuple, build: Path) -> CourseLayout:
    return course_layout(*course, load_build(build))


def deploy(moodle: FakeMoodle, layout: CourseLayout) -> DeployPlan:
    with MoodleClient(
        Settings(moodle.url, Token(moodle.token), timeout=0.5), sleep=lambda s: None
    ) as client:
        plan = plan_deploy(client, layout)
        apply_plan(plan)
    return plan


@pytest.fixture
def clean(layout: CourseLayout) -> dict:
    """What a deploy that nothing disturbed leaves on a site."""
    with FakeMoodle() as moodle:
        deploy(moodle, layout)
        return moodle.snapshot()


def test_deploy_builds_the_course(moodle: FakeMoodle, layout: CourseLayout) -> None:
    plan = deploy(moodle, layout)
    assert [a.symbol + " " + a.subject for a in plan.actions] == [
        "+ category qualificazioni-di-prova",
        "+ course ED-1",
        "~ section 1",
        "~ section 2",
        "+ SCORM uf1-utente",
        "+ SCORM uf2-manutenzione",
    ]
    state = moodle.snapshot()
    assert state["courses"][0][:3] == ("ED-1", "ED-1", "Corso di prova (ED-1)")
    assert [s[1:] for s in state["sections"]] == [
        (0, None),
        (1, "UF1 · Assistenza all'utente"),
        (2, "UF2 · Manutenzione del sistema"),
    ]
    assert [(s[0], s[4], s[5], s[6], s[7], s[8]) for s in state["scorms"]] == [
        ("uf1-utente", 1, 1, 100.0, 6, 1),
        ("uf2-manutenzione", 2, 1, 100.0, 6, 1),
    ]


def test_the_write_steps_are_the_ones_faults_are_injected_at(
    moodle: FakeMoodle, layout: CourseLayout
) -> None:
    deploy(moodle, layout)
    writes = sorted(
        (f, n) for f, count in moodle.calls.items() if f not in READS for n in range(1, count + 1)
    )
    assert writes == sorted(WRITES)


def test_a_second_deploy_changes_nothing(moodle: FakeMoodle, layout: CourseLayout) -> None:
    deploy(moodle, layout)
    before, calls = moodle.snapshot(), dict(moodle.calls)
    assert deploy(moodle, layout).actions == ()
    assert moodle.snapshot() == before
    assert {f for f in moodle.calls if moodle.calls[f] != calls.get(f, 0)} <= READS


def test_names_and_texts_moodle_formats_on_the_way_out_are_not_written_again(
    moodle: FakeMoodle, layout: CourseLayout
) -> None:
    odd = "L'aula & l&#x27;e-learning <3 h>"  # Moodle hands these out written otherwise
    layout = dataclasses.replace(
        layout,
        course=dataclasses.replace(
            layout.course, fullname=odd.replace("<3 h>", ""), summary=f"<p>{odd}</p>"
        ),
        sections=tuple(dataclasses.replace(s, name=f"{s.name} & co") for s in layout.sections),
        activities=tuple(
            dataclasses.replace(a, name=f"{a.name} & co", intro=f"<p>{odd}</p>")
            for a in layout.activities
        ),
    )
    deploy(moodle, layout)
    calls = dict(moodle.calls)
    assert deploy(moodle, layout).actions == ()
    assert {f for f in moodle.calls if moodle.calls[f] != calls.get(f, 0)} <= READS


@pytest.mark.parametrize(
    "kind, after", [("exception", False), ("http500", True), ("reset", True), ("timeout", True)]
)
@pytest.mark.parametrize("function, at", WRITES)
def test_a_fault_at_any_write_then_a_rerun_ends_as_a_clean_deploy(
    layout: CourseLayout, clean: dict, function: str, at: int, kind: str, after: bool
) -> None:
    with FakeMoodle() as moodle:
        moodle.timeout_delay = 0.8
        moodle.fail(function, at=at, kind=kind, after=after)
        with pytest.raises(CourseError, match=function.replace(".", r"\.")):
            deploy(moodle, layout)
        deploy(moodle, layout)
        assert moodle.snapshot() == clean
        assert deploy(moodle, layout).actions == ()


def test_a_new_package_updates_the_activity_in_place(
    moodle: FakeMoodle, course: tuple, tmp_path: Path
) -> None:
    write_build(tmp_path / "v1", BUILT_UNITS)
    deploy(moodle, course_layout(*course, load_build(tmp_path / "v1")))
    scorm = next(s for s in moodle.state.scorms.values() if s["name"] == "Manutenzione del CRM")
    scoes = {
        s["identifier"]: s["id"] for s in moodle.state.scoes.values() if s["scorm"] == scorm["id"]
    }
    learner = moodle.issue_token(2)
    with MoodleClient(Settings(moodle.url, Token(learner))) as client:
        client.call(
            "mod_scorm_insert_scorm_tracks",
            scoid=scoes["ITEM-sco-quiz"],
            attempt=1,
            tracks=[{"element": "cmi.core.lesson_status", "value": "passed"}],
        )

    write_build(tmp_path / "v2", [BUILT_UNITS[0], {**BUILT_UNITS[1], "version": "v2"}])
    uploads = moodle.calls["webservice/upload.php"]
    plan = deploy(moodle, course_layout(*course, load_build(tmp_path / "v2")))
    assert [(a.symbol, a.subject) for a in plan.actions] == [("~", "SCORM uf2-manutenzione")]
    assert plan.actions[0].changes[0].startswith("package: ")
    assert moodle.calls["webservice/upload.php"] == uploads + 1
    after = {
        s["identifier"]: s["id"] for s in moodle.state.scoes.values() if s["scorm"] == scorm["id"]
    }
    assert after == scoes and len(moodle.state.scorms) == 2
    assert (
        moodle.state.tracks[(2, scorm["id"], 1)][scoes["ITEM-sco-quiz"]][
            "cmi.core.lesson_status"
        ].value
        == "passed"
    )


def test_changes_made_on_the_site_are_put_back(
    moodle: FakeMoodle, layout: CourseLayout, clean: dict
) -> None:
    deploy(moodle, layout)
    course = next(iter(moodle.state.courses.values()))
    course["fullname"] = "Renamed by hand"
    section = next(s for s in moodle.state.sections.values() if s["section"] == 2)
    section["name"] = "Hand-made name"
    scorm = next(iter(moodle.state.scorms.values()))
    scorm["maxgrade"] = 10.0
    uploads = moodle.calls["webservice/upload.php"]
    plan = deploy(moodle, layout)
    assert [(a.subject, a.changes) for a in plan.actions] == [
        ("course ED-1", ("fullname: 'Renamed by hand' -> 'Corso di prova (ED-1)'",)),
        ("section 2", ("name: 'Hand-made name' -> 'UF2 · Manutenzione del sistema'",)),
        ("SCORM uf1-utente", ("maxgrade: 10.0 -> 100",)),
    ]
    assert moodle.calls["webservice/upload.php"] == uploads, "settings alone need no new package"
    assert moodle.snapshot() == clean


def test_missing_sections_are_added(moodle: FakeMoodle, layout: CourseLayout, clean: dict) -> None:
    with MoodleClient(Settings(moodle.url, Token(moodle.token))) as client:
        category = client.call(
            "core_course_create_categories",
            categories=[{"name": "Qualificazioni di prova", "idnumber": "qualificazioni-di-prova"}],
        )[0]["id"]
        client.call(
            "core_course_create_courses",
            courses=[
                {
                    "fullname": "x",
                    "shortname": "ED-1",
                    "idnumber": "ED-1",
                    "categoryid": category,
                    "courseformatoptions": [{"name": "numsections", "value": 1}],
                }
            ],
        )
    plan = deploy(moodle, layout)
    assert [(a.symbol, a.subject) for a in plan.actions][:4] == [
        ("~", "course ED-1"),
        ("~", "section 1"),
        ("+", "section 2"),
        ("~", "section 2"),
    ]
    assert moodle.snapshot() == clean


def test_a_shortname_taken_by_another_course_stops_before_writing(
    moodle: FakeMoodle, layout: CourseLayout
) -> None:
    with MoodleClient(Settings(moodle.url, Token(moodle.token))) as client:
        category = client.call("core_course_create_categories", categories=[{"name": "Other"}])[0][
            "id"
        ]
        client.call(
            "core_course_create_courses",
            courses=[
                {
                    "fullname": "Someone else's",
                    "shortname": "ED-1",
                    "idnumber": "OTHER",
                    "categoryid": category,
                }
            ],
        )
        before = moodle.snapshot()
        with pytest.raises(
            SiteError, match="shortname ED-1 belongs to course id 2 whose idnumber is 'OTHER'"
        ):
            plan_deploy(client, layout)
    assert moodle.snapshot() == before
