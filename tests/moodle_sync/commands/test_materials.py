"""A practical task's materials on the fake Moodle: deploy keeps them with the assignment's
description, whose links name them @@PLUGINFILE@@/<path>; a second deploy writes nothing; a
material changed in the content is replaced, one removed from the task is removed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from course_model.errors import CourseError
from moodle_sync.commands.deploy import DeployPlan, apply_plan, plan_deploy
from moodle_sync.files.buildreport import load_build
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import InvalidParameter
from moodle_sync.moodle.settings import Settings, Token
from moodle_sync.rules.course_layout import course_layout
from tests.conftest import BUILT_UNITS
from tests.moodle_sync.fake_moodle import FakeMoodle, practical_task, write_build

TASK = "uf1-utente:prova"
MATERIALS = {
    "media/clienti.csv": b"id;nome\nC01;Edilcasa\n",
    "media/dati/lead.csv": b"id;fonte\nL01;Cersaie\n",
    "scheda.pdf": b"%PDF-1.4\n",
}
WRITES = ("local_scormsync_save_assign", "webservice/upload.php")


def build(tmp_path: Path, name: str, materials: dict[str, bytes], **task: object) -> Path:
    """A build whose UF1 task has `materials`, packaged with it, and the report's fields `task`;
    UF2 has no task."""
    uf1 = dict(BUILT_UNITS[0], tasks=[{**practical_task(materials=materials), **task}])
    write_build(tmp_path / name, [dict(uf1, materials=materials), BUILT_UNITS[1]])
    return tmp_path / name


def deploy(moodle: FakeMoodle, course: tuple, build_dir: Path) -> DeployPlan:
    with MoodleClient(Settings(moodle.url, Token(moodle.token), timeout=5)) as client:
        plan = plan_deploy(client, course_layout(*course, load_build(build_dir)))
        apply_plan(plan)
    return plan


def stored(moodle: FakeMoodle) -> dict:
    [found] = moodle.state.assigns.values()
    return found


def files_of(moodle: FakeMoodle) -> dict[str, str]:
    """The description's files on the site: path → sha1."""
    return {f["filepath"] + f["filename"]: f["contenthash"] for f in stored(moodle)["introfiles"]}


def sha1s(materials: dict[str, bytes]) -> dict[str, str]:
    return {f"/{path}": hashlib.sha1(data).hexdigest() for path, data in materials.items()}


def assign_action(plan: DeployPlan) -> tuple[str, ...]:
    [action] = [a for a in plan.actions if a.subject == f"assignment {TASK}"]
    return action.changes


@pytest.fixture
def deployed(moodle: FakeMoodle, course: tuple, tmp_path: Path) -> DeployPlan:
    return deploy(moodle, course, build(tmp_path, "v1", MATERIALS))


def test_deploy_keeps_the_materials_with_the_description(
    moodle: FakeMoodle, deployed: DeployPlan
) -> None:
    assert files_of(moodle) == sha1s(MATERIALS)
    placed = [(f["filepath"], f["filename"]) for f in stored(moodle)["introfiles"]]
    assert placed == [("/", "scheda.pdf"), ("/media/", "clienti.csv"), ("/media/dati/", "lead.csv")]
    assert '<a href="@@PLUGINFILE@@/media/dati/lead.csv">' in stored(moodle)["intro"]
    assert assign_action(deployed)[-1] == (
        "materials: + media/clienti.csv, + media/dati/lead.csv, + scheda.pdf"
    )
    # the three went up into one draft of the token's user, which the assignment was saved from
    assert [files for (owner, _), files in moodle.state.drafts.items() if len(files) > 1] == [
        [
            ("/media/", "clienti.csv", MATERIALS["media/clienti.csv"]),
            ("/media/dati/", "lead.csv", MATERIALS["media/dati/lead.csv"]),
            ("/", "scheda.pdf", MATERIALS["scheda.pdf"]),
        ]
    ]


def test_the_description_shown_links_each_material_to_its_file(
    moodle: FakeMoodle, deployed: DeployPlan, client: MoodleClient
) -> None:
    [course] = client.call(
        "mod_assign_get_assignments",
        courseids=list(moodle.state.courses),
        includenotenrolledcourses=1,
    )["courses"]
    [assignment] = course["assignments"]
    urls = {f["filepath"] + f["filename"]: f["fileurl"] for f in assignment["introfiles"]}
    assert urls.keys() == sha1s(MATERIALS).keys()
    assert f'<a href="{urls["/media/clienti.csv"]}">' in assignment["intro"]
    assert "@@PLUGINFILE@@" not in assignment["intro"]


def test_a_second_deploy_writes_nothing(
    moodle: FakeMoodle, deployed: DeployPlan, course: tuple, tmp_path: Path
) -> None:
    calls = {f: moodle.calls[f] for f in WRITES}
    assert deploy(moodle, course, build(tmp_path, "again", MATERIALS)).actions == ()
    assert {f: moodle.calls[f] for f in WRITES} == calls


def test_a_changed_material_is_replaced_and_a_removed_one_removed(
    moodle: FakeMoodle, deployed: DeployPlan, course: tuple, tmp_path: Path
) -> None:
    assignid = stored(moodle)["id"]
    changed = {
        "media/clienti.csv": b"id;nome\nC01;Edilcasa S.r.l.\n",
        "scheda.pdf": MATERIALS["scheda.pdf"],
        "media/nuovo.csv": b"x\n",
    }
    plan = deploy(moodle, course, build(tmp_path, "v2", changed))
    assert assign_action(plan)[-1] == (
        "materials: ~ media/clienti.csv, - media/dati/lead.csv, + media/nuovo.csv"
    )
    assert files_of(moodle) == sha1s(changed)
    assert stored(moodle)["id"] == assignid  # updated in place: submissions and grades stay
    assert deploy(moodle, course, build(tmp_path, "v2b", changed)).actions == ()
    plan = deploy(moodle, course, build(tmp_path, "v3", {}))
    assert assign_action(plan)[-1].startswith("materials: - media/clienti.csv, ")
    assert files_of(moodle) == {}


def test_a_change_of_settings_alone_keeps_the_materials(
    moodle: FakeMoodle, deployed: DeployPlan, course: tuple, tmp_path: Path
) -> None:
    plan = deploy(moodle, course, build(tmp_path, "v2", MATERIALS, **{"pass": 5}))
    assert assign_action(plan) == ("gradepass: 6.0 -> 5.0",)
    assert files_of(moodle) == sha1s(MATERIALS)
    assert stored(moodle)["gradepass"] == 5


def test_files_added_by_hand_to_the_description_are_removed(
    moodle: FakeMoodle, deployed: DeployPlan, course: tuple, tmp_path: Path
) -> None:
    stored(moodle)["introfiles"].append(
        {
            "filepath": "/",
            "filename": "a-mano.txt",
            "contenthash": hashlib.sha1(b"x").hexdigest(),
            "filesize": 1,
            "content": b"x",
        }
    )
    plan = deploy(moodle, course, build(tmp_path, "again", MATERIALS))
    assert assign_action(plan) == ("materials: - a-mano.txt",)
    assert files_of(moodle) == sha1s(MATERIALS)


def save_with_draft(moodle: FakeMoodle, draftitemid: int) -> None:
    with MoodleClient(Settings(moodle.url, Token(moodle.token), timeout=5)) as client:
        client.call(
            "local_scormsync_save_assign",
            courseid=next(iter(moodle.state.courses)),
            section=1,
            idnumber=TASK,
            name="Prova",
            draftitemid=draftitemid,
            onlinetext=1,
            grade=10,
            gradepass=6,
        )


def test_the_plugin_keeps_only_clean_files_of_the_callers_own_draft(
    moodle: FakeMoodle, deployed: DeployPlan, client: MoodleClient
) -> None:
    theirs = 77
    moodle.state.drafts[(5, theirs)] = [("/media/", "dati.csv", b"theirs")]  # another user's
    ours = client.upload("dati.csv", b"ours", "/media/")
    moodle.state.drafts[(2, 99)] = [("/../", "x.csv", b"x")]  # what upload.php never stores
    moodle.state.drafts[(2, 98)] = [("/", "a:b.csv", b"x")]
    for draft in (theirs, ours + 1, 99, 98):
        with pytest.raises(InvalidParameter):
            save_with_draft(moodle, draft)
    assert files_of(moodle) == sha1s(MATERIALS)  # nothing changed
    save_with_draft(moodle, ours)
    assert files_of(moodle) == {"/media/dati.csv": hashlib.sha1(b"ours").hexdigest()}


@pytest.mark.parametrize(
    ("function", "at"), [("webservice/upload.php", 4), ("local_scormsync_save_assign", 1)]
)
def test_a_deploy_stopped_while_saving_materials_is_finished_by_running_it_again(
    course: tuple, tmp_path: Path, function: str, at: int
) -> None:
    first = build(tmp_path, "v1", MATERIALS)
    with FakeMoodle() as moodle:
        moodle.fail(function, at=at, kind="http500", after=True)  # done, but the answer is lost
        with pytest.raises(CourseError, match=function.replace(".", r"\.")):
            deploy(moodle, course, first)
        deploy(moodle, course, first)
        assert files_of(moodle) == sha1s(MATERIALS)
        assert deploy(moodle, course, first).actions == ()
