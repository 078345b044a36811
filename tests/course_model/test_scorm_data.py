"""SCORM values as Moodle stores them: valid ones read, malformed ones reported, never raised."""

from __future__ import annotations

import pytest

from course_model import problems
from course_model import scorm_data as cmi
from course_model.problems import Problem


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:07:45.50", 465.5),
        ("0000:00:00", 0),
        ("1234:59:59.9", 1234 * 3600 + 59 * 60 + 59.9),
        ("01:00:00", 3600),
        ("PT1H30M", 5400),
        ("PT0.5S", 0.5),
        ("P1DT2H", 93600),
        ("PT45M12.25S", 45 * 60 + 12.25),
        (" 00:01:00 ", 60),
    ],
)
def test_valid_times_in_either_version(text: str, seconds: float) -> None:
    assert cmi.parse_time("cmi.core.total_time", text) == cmi.Reading(seconds)


@pytest.mark.parametrize(
    "text",
    [
        "5 minutes",
        "",
        "12:60:00",
        "1:00:00",
        "00:00:60",
        "12345:00:00",
        "00:00:00.123",
        "P",
        "PT",
        "P1DT",
        "PT-5M",
        "-00:01:00",
        "PT1.5H",
        "01:02",
        "0000:75:00",
        "PT1.234S",
        "P99999999Y",
    ],
)
def test_malformed_times_are_problems_naming_element_and_value(text: str) -> None:
    reading = cmi.parse_time("cmi.core.session_time", text)
    assert reading.value is None
    assert reading.problem == Problem(
        problems.TIME, {"element": "cmi.core.session_time", "value": repr(text)}
    )


def test_statuses_from_the_vocabulary_only() -> None:
    assert cmi.parse_choice("s", "passed", cmi.LESSON_STATUSES_12).value == "passed"
    assert cmi.parse_choice("s", "not attempted", cmi.LESSON_STATUSES_12).value == "not attempted"
    bogus = cmi.parse_choice("cmi.core.lesson_status", "bogus-status", cmi.LESSON_STATUSES_12)
    assert bogus.value is None and "'bogus-status' is not valid" in str(bogus.problem)
    assert (
        cmi.parse_choice("s", "Passed", cmi.LESSON_STATUSES_12).value is None
    )  # the vocabulary is lower case


@pytest.mark.parametrize(
    ("completion", "success", "status"),
    [
        ("completed", "passed", "passed"),
        ("incomplete", "failed", "failed"),
        ("completed", "unknown", "completed"),
        ("not attempted", None, "not attempted"),
        ("unknown", "unknown", None),
        (None, None, None),
    ],
)
def test_2004_statuses_fold_into_one(
    completion: str | None, success: str | None, status: str | None
) -> None:
    assert cmi.status_2004(completion, success) == status


def test_decimals() -> None:
    assert cmi.parse_decimal("x", "85") == cmi.Reading(85.0)
    assert cmi.parse_decimal("x", "") == cmi.Reading()
    for text in ("not-a-number", "nan", "inf", "8,5"):
        assert cmi.parse_decimal("cmi.core.score.raw", text).problem


def test_score_percent() -> None:
    assert cmi.score_percent(85, None, None, None).value == 85
    assert cmi.score_percent(17, 0, 20, None).value == 85
    assert cmi.score_percent(None, 0, 20, 0.6).value == 60  # scaled wins
    assert cmi.score_percent(None, None, None, None) == cmi.Reading()
    assert cmi.score_percent(120, 0, 100, None).problem
    assert cmi.score_percent(5, 10, 10, None).problem
    assert cmi.score_percent(None, None, None, 1.5).problem


def test_scores_whose_arithmetic_overflows_are_problems() -> None:
    assert cmi.score_percent(1e308, -1e308, 1e308, None).problem


def test_best_status_follows_scorm_12_order() -> None:
    assert cmi.best_status(["incomplete", "failed", "passed", "completed"]) == "passed"
    assert cmi.best_status(["browsed", "not attempted"]) == "browsed"
    assert cmi.best_status([]) is None
