"""The register built from a snapshot: days, totals, outcomes, reconciliation, the data hash."""

from __future__ import annotations

import dataclasses
import datetime as dt

from moodle_sync.rules.registro import build_register, canonical_json, data_hash, differs
from tests.moodle_sync.registro_data import edition_snapshot, meeting, quiz_passed, sessions_of
from tests.moodle_sync.sample_snapshot import learner, snapshot


def test_each_day_lists_the_sessions_in_italian_time_with_its_totals() -> None:
    register = build_register(edition_snapshot(2, 3))
    first = register.learners[0]
    assert [d.day for d in first.days] == [dt.date(2027, 1, d) for d in (11, 12, 13)]
    rows = first.days[0].rows
    assert [(r.kind, f"{r.start:%H:%M}") for r in rows] == [
        ("login", "09:00"),
        ("session", "09:01"),
        ("session", "09:31"),
        ("logout", "10:00"),
    ]
    assert rows[1].activity == "Unità 1784 · Lezione 1" and rows[1].modality == "async"
    assert first.days[0].seconds == {"async": 3000, "sync": 0}
    assert first.seconds == {"async": 9000, "sync": 0}


def test_the_period_and_the_learner_choose_what_is_shown() -> None:
    register = build_register(
        edition_snapshot(3, 5), dt.date(2027, 1, 12), dt.date(2027, 1, 13), "corsista01"
    )
    assert [lr.username for lr in register.learners] == ["corsista01"]
    assert [d.day.day for d in register.learners[0].days] == [12, 13]
    assert (register.start, register.end) == (dt.date(2027, 1, 12), dt.date(2027, 1, 13))


def test_tests_are_listed_with_outcome_and_date() -> None:
    base = edition_snapshot(1, 1)
    person = learner("corsista00", userid=3, quiz=quiz_passed(), lesson_seconds=1500)
    register = build_register(dataclasses.replace(base, learners=(person,)))
    [first, second] = register.learners[0].outcomes
    assert (first.test, first.status, first.score) == ("Verifica", "passed", 80)
    assert first.when is not None and f"{first.when:%d/%m/%Y %H:%M}" == "01/02/2027 11:00"
    assert second.unit == "1790"


def test_tracked_time_far_from_the_connected_time_is_flagged() -> None:
    # Tracked 2 h in each lesson, connected 25 min: what an inspector looks for.
    person = learner("corsista00", userid=3, lesson_seconds=7200)
    base = dataclasses.replace(
        snapshot(person),
        sessions=tuple(sessions_of(3, 1)),
        sessions_from=dt.datetime(2027, 1, 11, tzinfo=dt.UTC),
        sessions_to=dt.datetime(2027, 1, 12, tzinfo=dt.UTC),
    )
    mine = build_register(base).learners[0]
    flagged = [s for s in mine.scos if s.flagged]
    assert [(s.unit, s.sco, s.connected, s.tracked) for s in flagged][:2] == [
        ("1784", "Lezione 1", 1500, 7200),
        ("1784", "Lezione 2", 1500, 7200),
    ]
    assert any("2:00:00" in note and "0:25:00" in note for note in mine.notes)
    assert not differs(1500, 1500) and not differs(1500, 1900) and differs(7200, 1500)


def test_changing_one_value_changes_the_data_hash() -> None:
    base = edition_snapshot(2, 2)
    register = build_register(base)
    first = base.sessions[1]
    moved = dataclasses.replace(first, end=first.end + dt.timedelta(seconds=1))
    changed = build_register(
        dataclasses.replace(base, sessions=(base.sessions[0], moved, *base.sessions[2:]))
    )
    assert data_hash(register) != data_hash(changed)
    assert data_hash(register) == data_hash(build_register(base))  # the same data, the same hash
    data = canonical_json(register)
    assert data.startswith(b"{") and b" " not in data.split(b'"course"')[0]


def test_virtual_classroom_sessions_are_sync_and_count_only_when_the_learner_left() -> None:
    base = dataclasses.replace(
        snapshot(learner("corsista00", userid=3, lesson_seconds=0)),
        sessions=tuple(
            meeting(3, start, start + dt.timedelta(hours=2), ended)
            for start, ended in (
                (dt.datetime(2027, 1, 11, 8, tzinfo=dt.UTC), "finish"),
                (dt.datetime(2027, 1, 11, 16, tzinfo=dt.UTC), "timeout"),
            )
        ),
        sessions_from=dt.datetime(2027, 1, 11, tzinfo=dt.UTC),
        sessions_to=dt.datetime(2027, 1, 12, tzinfo=dt.UTC),
    )
    mine = build_register(base).learners[0]
    assert [(r.modality, r.seconds, r.ended) for r in mine.days[0].rows] == [
        ("sync", 7200, "finish"),
        ("sync", 7200, "timeout"),
    ]
    assert mine.days[0].seconds == mine.seconds == {"async": 0, "sync": 7200}
    assert mine.notes == (
        "Aula, 2027-01-11 17:00: the log does not show the learner leaving the virtual "
        "classroom, so the session is not counted (if the learner attended, add it to the "
        "attendance register)",
    )


def test_the_period_starts_at_the_earliest_session_of_any_learner_before_the_course() -> None:
    early = dt.datetime(2026, 12, 20, 9, tzinfo=dt.UTC)
    base = edition_snapshot(2, 1)  # sessions from 2027-01-11, the course's start
    sessions = (*base.sessions, meeting(4, early, early + dt.timedelta(hours=1)))
    register = build_register(dataclasses.replace(base, sessions=sessions))
    assert register.start == dt.date(2026, 12, 20)
    assert [d.day for d in register.learners[1].days][:1] == [dt.date(2026, 12, 20)]
