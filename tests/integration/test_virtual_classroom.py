"""The virtual classroom on a real Moodle: a BigBlueButton activity in the edition, a learner's
meeting joined and left, another learner's meeting never left; the register lists both, and
eligibility credits the first as synchronous e-learning, once beside an overlapping register row,
and notes the second.

No BigBlueButton server runs here (Moodle's own tests use a mock server that Moodle's code does
not include), so no meeting is played: the events are written by mod_bigbluebuttonbn's own
logger, as its pages write them when a learner opens the activity, joins and leaves
(bigbluebutton.php), and are then dated to a meeting of two hours.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from course_model.plan import TIMEZONE
from moodle_sync.moodle import users
from moodle_sync.moodle.client import MoodleClient
from tests.integration.conftest import RUN, Cli, Edition
from tests.integration.site import RealSite

DAY = dt.datetime.now(TIMEZONE).date() - dt.timedelta(days=1)  # yesterday evening, in Italy
JOINED = dt.datetime.combine(DAY, dt.time(18), TIMEZONE)
LEFT = JOINED + dt.timedelta(hours=2)
STAYED = JOINED + dt.timedelta(minutes=30)  # when the other learner joined, never to leave
EVENTS = "\\mod_bigbluebuttonbn\\event\\"
UNFINISHED = (
    "the log does not show the learner leaving the virtual classroom, so the session is not "
    "counted (if the learner attended, add it to the attendance register)"
)


@pytest.fixture(scope="module")
def classroom(site: RealSite, edition: Edition) -> Iterator[int]:
    """The cmid of a BigBlueButton activity added to the edition; at the end it is deleted, and
    the module disabled again if it was."""
    made = json.loads(site.php_script("bigbluebutton.php", "add", str(edition.course_id)))
    yield int(made["cmid"])
    site.php_script(
        "bigbluebutton.php", "remove", str(made["cmid"]), "1" if made["enabled"] else "0"
    )


@pytest.fixture(scope="module")
def met(
    site: RealSite,
    classroom: int,
    admin: MoodleClient,
    edition: Edition,
    cleanup: Callable[[str, int], None],
) -> tuple[str, str]:
    """Two learners of this run: (the one who left the meeting, the one who never did)."""
    names = (f"it{RUN}m", f"it{RUN}n")
    made = admin.call(
        "core_user_create_users",
        users=[
            {
                "username": name,
                "firstname": first,
                "lastname": "Prova",
                "email": f"{name}@example.org",
                "password": "Aula#Pass26",
                "auth": "manual",
            }
            for name, first in zip(names, ("Marta", "Nicola"), strict=True)
        ],
    )
    for user in made:
        cleanup("user", int(user["id"]))
    users.enrol(admin, edition.course_id, [(int(user["id"]), 0) for user in made])
    moments = (str(int(JOINED.timestamp())), str(int(LEFT.timestamp())))
    written = json.loads(
        site.php_script("bigbluebutton.php", "meet", str(classroom), names[0], *moments)
    )
    assert written["events"] == [
        [f"{EVENTS}course_module_viewed", int(JOINED.timestamp())],
        [f"{EVENTS}meeting_joined", int(JOINED.timestamp())],
        [f"{EVENTS}meeting_left", int(LEFT.timestamp())],
    ]
    site.php_script(
        "bigbluebutton.php", "meet", str(classroom), names[1], str(int(STAYED.timestamp()))
    )
    return names


def test_the_register_lists_both_meetings_and_counts_the_one_left(
    cli: Cli, edition: Edition, met: tuple[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "registro.json"
    cli("registro", "--edition", edition.code, "--format", "json", "-o", str(out))
    learners = {x["username"]: x for x in json.loads(out.read_text(encoding="utf-8"))["learners"]}
    left, stayed = (learners[name] for name in met)
    [row] = [r for day in left["days"] for r in day["rows"] if r["kind"] == "session"]
    assert (row["modality"], row["activity"], row["seconds"], row["ended"]) == (
        "sync",
        "Aula virtuale",
        7200,
        "finish",
    )
    assert dt.datetime.fromisoformat(row["start"]) == JOINED
    assert left["seconds"] == {"async": 0, "sync": 7200} and left["notes"] == []
    [row] = [r for day in stayed["days"] for r in day["rows"] if r["kind"] == "session"]
    assert row["modality"] == "sync" and row["ended"] != "finish"
    assert stayed["seconds"] == {"async": 0, "sync": 0}
    assert stayed["notes"] == [f"Aula virtuale, {DAY} 18:30: {UNFINISHED}"]


def test_eligibility_credits_the_meeting_left_once_beside_the_register(
    cli: Cli, edition: Edition, met: tuple[str, str], tmp_path: Path
) -> None:
    left, stayed = met
    register = tmp_path / "registro.csv"
    register.write_text(  # the same meeting, from half an hour before it began
        f"username,date,start,end,modality\n{left},{DAY},17:30,20:00,sync\n", encoding="utf-8"
    )
    out = tmp_path / "esito.json"
    cli(
        "eligibility",
        "--edition",
        edition.code,
        "--register",
        str(register),
        "--outside-edition",
        "--format",
        "json",
        "-o",
        str(out),
    )
    records = {r["username"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert records[left]["credited_sync_hours"] == {"meetings": 2, "register": 0.5}
    assert records[left]["credited_hours"]["sync"] == records[left]["tracked_hours"]["sync"] == 2.5
    assert records[stayed]["credited_sync_hours"] == {"meetings": 0, "register": 0}
    assert f"Aula virtuale, {DAY} 18:30: {UNFINISHED}" in records[stayed]["notes"]
