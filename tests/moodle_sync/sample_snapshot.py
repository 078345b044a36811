"""Small snapshots for tests: the conftest's two-unit course, three SCOs a unit
(two lessons, a quiz)."""

from __future__ import annotations

import datetime as dt

from moodle_sync.files.snapshot import (
    Admission,
    CourseInfo,
    Learner,
    ScoInfo,
    ScoResult,
    Site,
    Snapshot,
    UnitInfo,
    UnitResult,
)

UNITS = (("uf1-utente", "1784", 10), ("uf2-manutenzione", "1790", 20))
LESSONS = ("ITEM-sco-01-intro", "ITEM-sco-02-core")
QUIZ = "ITEM-sco-quiz"
ADMITTED = Admission(dt.date(1995, 5, 4), 4, dt.date(2027, 1, 11))
PULLED_AT = dt.datetime(2027, 12, 1, 9, 30, tzinfo=dt.UTC)


def unit_info(unit_id: str, code: str, base: int, nominal: float | None = 25) -> UnitInfo:
    scos = tuple(
        ScoInfo(base + i, sco, f"Lezione {i + 1}", "lesson", nominal)
        for i, sco in enumerate(LESSONS)
    )
    return UnitInfo(
        unit_id,
        code,
        f"Unità {code}",
        scorm_id=base,
        cmid=base,
        mastery=60,
        scos=scos + (ScoInfo(base + 9, QUIZ, "Verifica", "quiz", 30, 60),),
    )


def learner(
    username: str,
    *,
    lesson_seconds: float = 1500,
    quiz: ScoResult | None = None,
    admission: Admission | None = ADMITTED,
    userid: int = 3,
) -> Learner:
    """A learner who spent `lesson_seconds` on every lesson and had `quiz`
    (default: passed at 80) in every unit."""
    quiz = quiz or ScoResult("passed", 80, 600, "total_time", 1)
    lesson = (
        ScoResult("completed", None, lesson_seconds, "total_time", 1)
        if lesson_seconds
        else ScoResult()
    )
    return Learner(
        username,
        userid,
        username.title(),
        f"{username}@example.org",
        admission,
        {
            unit_id: UnitResult(1, None, 80, 100, {**{sco: lesson for sco in LESSONS}, QUIZ: quiz})
            for unit_id, _, _ in UNITS
        },
    )


def snapshot(*learners: Learner, units: tuple[UnitInfo, ...] | None = None) -> Snapshot:
    return Snapshot(
        PULLED_AT,
        "core",
        Site("https://moodle.example.org", "Moodle di prova", "5.2"),
        CourseInfo(
            2,
            "ED-1",
            "ED-1",
            "Corso di prova (ED-1)",
            "ED-1",
            dt.date(2027, 1, 11),
            dt.date(2027, 12, 17),
        ),
        units if units is not None else tuple(unit_info(*u) for u in UNITS),
        tuple(learners),
    )
