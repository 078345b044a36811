"""Snapshots with a register: learners' sessions over an edition, for the register's tests."""

from __future__ import annotations

import dataclasses
import datetime as dt

from moodle_sync.files.sessions import Session
from moodle_sync.files.snapshot import ScoResult, Snapshot
from tests.moodle_sync.sample_snapshot import learner, snapshot

START = dt.datetime(2027, 1, 11, 8, 0, tzinfo=dt.UTC)  # 09:00 in Italy


def sessions_of(userid: int, days: int, base: int = 10) -> list[Session]:
    """Each day from START: a log-in, a 25-minute session in each lesson of unit 1 (SCO ids
    base, base + 1), and a log-out."""
    out = []
    for day in range(days):
        moment = START + dt.timedelta(days=day)
        out.append(Session(userid, "login", 0, "", "", 0, moment, moment, 1, ""))
        for n in range(2):
            begin = moment + dt.timedelta(minutes=1 + 30 * n)
            out.append(
                Session(
                    userid,
                    "session",
                    base,
                    "scorm",
                    "Unità 1784",
                    base + n,
                    begin,
                    begin + dt.timedelta(minutes=25),
                    12,
                    "finish",
                )
            )
        bye = moment + dt.timedelta(minutes=60)
        out.append(Session(userid, "logout", 0, "", "", 0, bye, bye, 1, ""))
    return out


def meeting(
    userid: int, start: dt.datetime, end: dt.datetime, ended: str = "finish", name: str = "Aula"
) -> Session:
    """A session in a virtual classroom (BigBlueButton); "finish": the learner left it."""
    return Session(userid, "session", 50, "bigbluebuttonbn", name, 0, start, end, 3, ended)


def edition_snapshot(learners: int, days: int) -> Snapshot:
    """`learners` learners (user ids from 3), each with `days` days of sessions."""
    people = [
        learner(f"corsista{n:02d}", userid=3 + n, lesson_seconds=25 * 60 * days)
        for n in range(learners)
    ]
    logged = [s for n in range(learners) for s in sessions_of(3 + n, days)]
    return dataclasses.replace(
        snapshot(*people),
        sessions=tuple(logged),
        sessions_from=START - dt.timedelta(hours=8),
        sessions_to=START + dt.timedelta(days=days),
    )


def quiz_passed() -> ScoResult:
    return ScoResult(
        "passed", 80, 600, "total_time", 1, last_access=dt.datetime(2027, 2, 1, 10, tzinfo=dt.UTC)
    )
