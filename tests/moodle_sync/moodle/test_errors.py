from __future__ import annotations

import pytest

from moodle_sync.moodle.errors import (
    FunctionNotAvailable,
    IdnumberTaken,
    InvalidParameter,
    InvalidToken,
    MissingCapability,
    MoodleError,
    RecordNotFound,
    ShortnameTaken,
    UnknownFunction,
    moodle_error,
)
from tests.moodle_sync.conftest import recording


@pytest.mark.parametrize(
    "name, kind",
    [
        ("error_bad_token", InvalidToken),
        ("error_function_not_in_service", FunctionNotAvailable),
        ("error_invalid_param_value", InvalidParameter),
        ("error_duplicate_shortname", ShortnameTaken),
        ("error_student_reads_other_users_tracks", MissingCapability),
        ("error_nonexistent_course", RecordNotFound),
        ("error_unknown_function__debug", UnknownFunction),
        ("error_courseformat_bad_action", MoodleError),
        ("upload_php__error_bad_token", InvalidToken),
    ],
)
def test_recorded_errors_map_to_classes(name: str, kind: type) -> None:
    recorded = recording(name)
    error = moodle_error(recorded["function"], recorded["response"])
    assert type(error) is kind
    assert str(error).startswith(f"{recorded['function']}: ")


def test_the_message_carries_code_and_debug_info() -> None:
    error = moodle_error(
        "core_course_create_courses",
        {
            "exception": "x",
            "errorcode": "invalidparameter",
            "message": "Invalid parameter value detected",
            "debuginfo": "courses => enablecompletion",
        },
    )
    assert str(error) == (
        "core_course_create_courses: Invalid parameter value detected [invalidparameter] "
        "(courses => enablecompletion)"
    )


def test_duplicate_idnumbers() -> None:
    assert isinstance(moodle_error("f", {"errorcode": "courseidnumbertaken"}), IdnumberTaken)
