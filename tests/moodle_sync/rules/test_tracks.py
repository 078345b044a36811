"""Reading a learner's tracks of one SCO, every attempt, into a validated result."""

from __future__ import annotations

import datetime as dt

import pytest

from course_model import problems
from course_model.problems import Problem
from moodle_sync.rules.tracks import combine, elements_of, read_attempt

# As mod_scorm_get_scorm_sco_tracks lists them (the recordings' student1 after the second commit).
PASSED = [
    {"element": "score_raw", "value": 85},
    {"element": "status", "value": "passed"},
    {"element": "total_time", "value": "00:07:45.50"},
    {"element": "session_time", "value": "00:05:15.50"},
    {"element": "timemodified", "value": "1795907017"},
    {"element": "cmi.core.lesson_status", "value": "passed"},
    {"element": "cmi.core.score.max", "value": "100"},
    {"element": "cmi.core.score.min", "value": "0"},
    {"element": "cmi.core.score.raw", "value": "85"},
    {"element": "cmi.core.session_time", "value": "00:05:15.50"},
    {"element": "cmi.core.total_time", "value": "00:07:45.50"},
    {"element": "userid", "value": 3},
    {"element": "scoid", "value": "2"},
]
# The recordings' student2: nothing valid, and Moodle's summary shows 0 and 00:00:00 for it.
INVALID = [
    {"element": "score_raw", "value": 0},
    {"element": "status", "value": "bogus-status"},
    {"element": "total_time", "value": "00:00:00"},
    {"element": "session_time", "value": "5 minutes"},
    {"element": "timemodified", "value": "1795907018"},
    {"element": "cmi.core.lesson_status", "value": "bogus-status"},
    {"element": "cmi.core.score.raw", "value": "not-a-number"},
    {"element": "cmi.core.session_time", "value": "5 minutes"},
]


def test_a_valid_attempt() -> None:
    attempt = read_attempt(1, elements_of(PASSED))
    assert (attempt.status, attempt.score, attempt.seconds, attempt.time_source) == (
        "passed",
        85,
        465.5,
        "total_time",
    )
    assert attempt.modified == dt.datetime.fromtimestamp(1795907017, dt.UTC)
    assert attempt.problems == ()


def test_invalid_values_become_problems_and_nothing_else() -> None:
    attempt = read_attempt(1, elements_of(INVALID))
    assert (attempt.status, attempt.score, attempt.seconds) == (None, None, None)
    assert len(attempt.problems) == 3
    shown = [str(p) for p in attempt.problems]
    assert any("bogus-status" in p for p in shown)
    assert any("not-a-number" in p for p in shown)
    assert any("5 minutes" in p for p in shown)


def test_summary_pseudo_elements_are_not_trusted() -> None:
    # Only a session time was sent: the summary says total_time 00:00:00, which is no total at all.
    attempt = read_attempt(
        1,
        {
            "total_time": "00:00:00",
            "cmi.core.session_time": "00:02:30",
            "cmi.core.lesson_status": "incomplete",
        },
    )
    assert (attempt.seconds, attempt.time_source) == (150, "session_time")


def test_a_malformed_total_time_falls_back_on_a_valid_session_time() -> None:
    attempt = read_attempt(1, {"cmi.core.total_time": "ages", "cmi.core.session_time": "00:10:00"})
    assert (attempt.seconds, attempt.time_source) == (600, "session_time")
    assert attempt.problems and "'ages'" in str(attempt.problems[0])


def test_scorm_2004_elements() -> None:
    attempt = read_attempt(
        2,
        {
            "cmi.completion_status": "completed",
            "cmi.success_status": "failed",
            "cmi.score.scaled": "0.45",
            "cmi.total_time": "PT20M",
            "x.start.time": "1795900000",
        },
    )
    assert (attempt.status, attempt.score, attempt.seconds) == ("failed", 45, 1200)
    assert attempt.started == dt.datetime.fromtimestamp(1795900000, dt.UTC)


def test_attempts_combine_time_summed_best_status_and_score() -> None:
    first = read_attempt(
        1,
        {
            "cmi.core.lesson_status": "failed",
            "cmi.core.score.raw": "40",
            "cmi.core.total_time": "00:20:00",
            "x.start.time": "1795901000",
            "timemodified": "1795902000",
        },
    )
    second = read_attempt(
        2,
        {
            "cmi.core.lesson_status": "passed",
            "cmi.core.score.raw": "75",
            "cmi.core.total_time": "00:10:00",
            "timemodified": "1795905000",
        },
    )
    third = read_attempt(
        3,
        {
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.total_time": "later",
            "timemodified": "1795909000",
        },
    )
    result = combine([third, first, second])
    assert (result.status, result.score, result.seconds, result.attempts) == ("passed", 75, 1800, 3)
    assert result.first_access == dt.datetime.fromtimestamp(1795901000, dt.UTC)
    assert result.last_access == dt.datetime.fromtimestamp(1795909000, dt.UTC)
    assert result.problems == (
        Problem(problems.TIME, {"element": "cmi.core.total_time", "value": "'later'"}, attempt=3),
    )
    assert str(result.problems[0]) == (
        "attempt 3: cmi.core.total_time = 'later' is not valid (expected HHHH:MM:SS.SS or an ISO "
        "8601 duration like PT1H30M)"
    )


def test_no_attempts_is_an_empty_result() -> None:
    result = combine([])
    assert (result.status, result.seconds, result.attempts, result.problems) == (None, 0, 0, ())


@pytest.mark.parametrize("stamp", ["99999999999999999999", "-5", "1e9", "12.5", "946684799"])
def test_implausible_moments_are_problems_not_crashes(stamp: str) -> None:
    attempt = read_attempt(1, {"cmi.core.lesson_status": "passed", "x.start.time": stamp})
    assert attempt.started is None and attempt.status == "passed"
    [problem] = attempt.problems
    assert str(problem) == f"x.start.time = {stamp!r} is not valid (expected a Unix time" + (
        " between 2000 and 2100)" if stamp == "946684799" else ")"
    )
