"""Synchronous e-learning from the virtual classroom: BigBlueButton's meetings in Moodle's log,
pulled from the fake Moodle, credited by eligibility beside the register CSV, each moment once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from moodle_sync.files.snapshot import save_snapshot
from tests.moodle_sync.edition import Edition, edition, fill  # noqa: F401 (edition is a fixture)
from tests.moodle_sync.fake_moodle import MEETING_JOINED, MEETING_LEFT, MEETING_VIEWED
from tests.moodle_sync.test_cli import on, register_days, write_register

EVENING = dt.time(17, 0)  # 18:00 in Italy in winter


def meet(edition: Edition, cmid: int, username: str, day: int, hours: float | None) -> None:
    """The learner opens the virtual classroom on 2027-02-`day` at 18:00 Italian time, joins, and
    leaves after `hours` (None: the log never shows them leaving)."""
    moodle = edition.moodle
    courseid = moodle.state.cms[cmid]["course"]
    start = int(dt.datetime.combine(dt.date(2027, 2, day), EVENING, dt.UTC).timestamp())
    events = [(0, MEETING_VIEWED), (10, MEETING_JOINED)]
    if hours is not None:
        events.append((int(hours * 3600), MEETING_LEFT))
    for offset, name in events:
        moodle.log_event(
            edition.users[username], name, start + offset, courseid=courseid, cmid=cmid, objectid=1
        )


@pytest.fixture
def snapshot(edition: Edition, tmp_path: Path) -> Path:
    """Anna went to four two-hour meetings; Bruno to one of 1 h 30 min that the register lists as
    two hours; Carla joined one and the log never shows her leaving."""
    fill(edition)
    moodle = edition.moodle
    courseid = next(c["id"] for c in moodle.state.courses.values() if c["idnumber"] == "ED-1")
    cmid = moodle.add_meeting(courseid, "Aula virtuale UF1")
    for day in (1, 8, 15, 22):
        meet(edition, cmid, "anna", day, 2)
    meet(edition, cmid, "bruno", 2, 1.5)
    meet(edition, cmid, "carla", 3, None)
    pulled = edition.pull(now=lambda: dt.datetime(2027, 6, 1, tzinfo=dt.UTC)).snapshot
    path = tmp_path / "snap.json"
    save_snapshot(pulled, path)
    return path


def eligibility(
    edition: Edition, content: Path, snapshot: Path, *args: str, language: str = "en"
) -> Any:
    register = write_register(
        snapshot.parent,
        register_days("anna", 20) + "bruno,2027-02-02,18:00,20:00,sync\n",
    )
    return on(
        edition,
        content,
        "--lang",
        language,
        "eligibility",
        "--snapshot",
        str(snapshot),
        "--register",
        str(register),
        *args,
    )


def test_meetings_the_learner_left_bring_her_to_the_threshold(
    edition: Edition, content: Path, snapshot: Path
) -> None:
    done = eligibility(edition, content, snapshot, "--format", "json")
    assert done.exit_code == 0, done.output
    anna = next(r for r in json.loads(done.stdout) if r["username"] == "anna")
    assert anna["credited_sync_hours"] == {"meetings": 8, "register": 0}
    assert anna["credited_hours"]["sync"] == 8 and anna["eligible"] is True
    # Without the meetings she would be short of the threshold.
    assert anna["credited_hours"]["total"] - 8 < anna["threshold_hours"]


def test_a_meeting_in_the_register_and_in_the_log_counts_once(
    edition: Edition, content: Path, snapshot: Path
) -> None:
    done = eligibility(edition, content, snapshot, "--format", "json")
    bruno = next(r for r in json.loads(done.stdout) if r["username"] == "bruno")
    assert bruno["credited_sync_hours"] == {"meetings": 1.5, "register": 0.5}
    assert bruno["credited_hours"]["sync"] == bruno["tracked_hours"]["sync"] == 2


def test_a_meeting_never_left_credits_nothing_and_says_so(
    edition: Edition, content: Path, snapshot: Path
) -> None:
    done = eligibility(edition, content, snapshot, "--format", "json")
    carla = next(r for r in json.loads(done.stdout) if r["username"] == "carla")
    assert carla["credited_hours"]["sync"] == carla["tracked_hours"]["sync"] == 0
    assert carla["notes"] == [
        "Aula virtuale UF1, 2027-02-03 18:00: the log does not show the learner leaving the "
        "virtual classroom, so the session is not counted (if the learner attended, add it to "
        "the attendance register)"
    ]


def test_the_report_says_where_the_sync_hours_come_from_in_both_languages(
    edition: Edition, content: Path, snapshot: Path, tmp_path: Path
) -> None:
    table = eligibility(edition, content, snapshot, "--format", "csv")
    rows = {r["username"]: r for r in csv.DictReader(io.StringIO(table.stdout))}
    assert (rows["bruno"]["sync_meetings"], rows["bruno"]["sync_register"]) == ("1.5", "0.5")
    for language, expected, unfinished in (
        (
            "en",
            "Synchronous e-learning credited: 1.5 h from 1 virtual classroom session the "
            "learner left (Moodle's log), 0.5 h from the attendance register (its hours "
            "outside those sessions).",
            "Aula virtuale UF1, 2027-02-03 18:00: the log does not show the learner leaving",
        ),
        (
            "it",
            "E-learning sincrono accreditato: 1,5 h da 1 sessione in aula virtuale conclusa "
            "con l'uscita del corsista (log di Moodle), 0,5 h dal registro presenze (le sue ore "
            "fuori da quelle sessioni).",
            "Aula virtuale UF1, 03/02/2027 18:00: il log non registra l'uscita del corsista",
        ),
    ):
        out = tmp_path / f"esito-{language}.html"
        done = eligibility(
            edition, content, snapshot, "--format", "html", "-o", str(out), language=language
        )
        assert done.exit_code == 0, done.output
        page = html.fromstring(out.read_text(encoding="utf-8"))
        texts = [" ".join(p.text_content().split()) for p in page.xpath("//section//p | //li")]
        assert expected in texts
        assert any(unfinished in text for text in texts)
