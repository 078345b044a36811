"""Fuzzing every reader of outside data: whatever comes in, the result is a domain error
(a CourseError, one line for the user) or a correct result, never another exception."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from course_model import scorm_data as cmi
from course_model.errors import CourseError, InputError
from course_model.shapes import ANY, FLAG, INT, NUMBER, TEXT, Either, Nullable, Optional, Sized
from moodle_sync.commands.pull import _unit_result
from moodle_sync.files import jsondata
from moodle_sync.files.credits import load_credits
from moodle_sync.files.learners import load_admissions
from moodle_sync.files.register import load_register
from moodle_sync.files.snapshot import Snapshot, load_snapshot, snapshot_json
from moodle_sync.moodle import attendance, courses, results, scorm, users
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.settings import Settings, Token
from moodle_sync.moodle.site import site_info
from moodle_sync.rules.tracks import combine, read_attempt
from tests.moodle_sync.sample_snapshot import learner, snapshot

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

# JSON as a server may write it: NaN, Infinity, huge and negative numbers, any text.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.sampled_from([10**400, -1, 0, 2**63])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["NaN", "1e308", "-1", "1e999", "00:30:00", "PT1H", "passed", "1795906950"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
words = st.sampled_from(["attendance", "student", "sco", "aula", "ED-1", "anna", "x.start.time"])


def from_shape(shape: Any) -> st.SearchStrategy[Any]:
    """Values of `shape` with hostile leaves: mostly right, sometimes of any other kind."""
    if isinstance(shape, Optional | Nullable):
        return st.none() | from_shape(shape.shape)
    if isinstance(shape, Either):
        return from_shape(shape.first) | from_shape(shape.second)
    if isinstance(shape, Sized):
        return st.lists(from_shape(shape.items[0]), min_size=shape.count, max_size=shape.count)
    if isinstance(shape, list):
        return st.lists(from_shape(shape[0]), max_size=3)
    if isinstance(shape, dict):
        required = {k: from_shape(v) for k, v in shape.items() if not isinstance(v, Optional)}
        optional = {k: from_shape(v.shape) for k, v in shape.items() if isinstance(v, Optional)}
        return st.fixed_dictionaries(required, optional=optional) | json_values
    leaves = {
        INT: st.integers(-5, 10**19) | st.text(string.digits, min_size=1, max_size=20),
        NUMBER: st.floats(allow_nan=True, allow_infinity=True)
        | st.integers()
        | st.text(max_size=8),
        TEXT: st.text(max_size=10) | words,
        FLAG: st.sampled_from([True, False, 0, 1, "0", "1", 2]),
        ANY: json_values,
    }
    return leaves[shape] | scalars


class _Scripted(requests.adapters.BaseAdapter):
    """A transport answering each web-service function with the JSON a test gives it."""

    def __init__(self, answers: dict[str, Any]):
        super().__init__()
        self.answers = answers

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        fields = dict(
            pair.split("=", 1) for pair in str(request.body or "").split("&") if "=" in pair
        )
        value = self.answers.get(fields.get("wsfunction", ""), [])
        response = requests.Response()
        response.status_code, response.request = 200, request
        response.raw = io.BytesIO(json.dumps(value).encode("utf-8"))
        return response

    def close(self) -> None:
        pass


def scripted(answers: dict[str, Any]) -> MoodleClient:
    session = requests.Session()
    session.mount("http://", _Scripted(answers))
    return MoodleClient(
        Settings("http://127.0.0.1:9", Token("fuzz0token")), attempts=1, session=session
    )


OPERATIONS: dict[str, Callable[[MoodleClient], Any]] = {
    "site info": site_info,
    "find category": lambda c: courses.find_category(c, "cat"),
    "find course": lambda c: courses.find_course(c, "idnumber", "ED-1"),
    "create category": lambda c: courses.create_category(c, "Categoria", "cat"),
    "create course": lambda c: courses.create_course(c, {"fullname": "x"}, 2),
    "update course": lambda c: courses.update_course(c, 2, {"fullname": "x"}),
    "sections": lambda c: courses.sections(c, 2),
    "SCORM activities": lambda c: scorm.scorms_in_course(c, 2),
    "course module": lambda c: scorm.course_module(c, 5),
    "SCOs": lambda c: scorm.scoes(c, 3),
    "SCO tracks": lambda c: scorm.sco_tracks(c, 3, 4),
    "course report": lambda c: scorm.course_report(c, 2),
    "users": lambda c: users.users_by_username(c, ["anna"]),
    "create users": lambda c: users.create_users(c, [{"username": "anna"}]),
    "enrolled": lambda c: users.enrolled_user_ids(c, 2),
    "completion": lambda c: results.activity_completion(c, 2, 3),
    "grades": lambda c: results.grades(c, 2),
    "attendance": lambda c: attendance.moodle_register(c, 2, {3: "anna"}),
}


def _minimal(shape: Any) -> Any:
    """The plainest value of `shape` (lists of one item), to walk an operation's calls."""
    if isinstance(shape, Optional | Nullable):
        return _minimal(shape.shape)
    if isinstance(shape, Either):
        return _minimal(shape.first)
    if isinstance(shape, Sized):
        return [_minimal(shape.items[0])] * shape.count
    if isinstance(shape, list):
        return [_minimal(shape[0])]
    if isinstance(shape, dict):
        return {k: _minimal(v) for k, v in shape.items()}
    return {INT: 1, NUMBER: 1, TEXT: "attendance", FLAG: 1, ANY: None}[shape]


def _shapes_of(operation: Callable[[MoodleClient], Any]) -> dict[str, Any]:
    """function → the shape the operation expects of its answer, for each function it calls."""
    found: dict[str, Any] = {}

    def spy(self: MoodleClient, function: str, /, expect: Any = ANY, **params: Any) -> Any:
        found.setdefault(function, expect)
        return _minimal(expect)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MoodleClient, "call", spy)
        try:
            operation(scripted({}))
        except CourseError:
            pass
    return found


@pytest.mark.parametrize("name", OPERATIONS)
def test_any_answer_to_an_operation_is_a_result_or_a_domain_error(name: str) -> None:
    operation = OPERATIONS[name]
    shapes = _shapes_of(operation)
    assert shapes, name

    @FUZZ
    @given(st.fixed_dictionaries({f: from_shape(s) | json_values for f, s in shapes.items()}))
    def answering(answers: dict[str, Any]) -> None:
        with scripted(answers) as client:
            try:
                operation(client)
            except CourseError as error:
                assert "\n" not in str(error) and "fuzz0token" not in str(error)

    answering()


def test_a_user_moodle_says_it_created_is_named_on_one_line() -> None:
    # Found by the test above: a username holding a line break.
    with scripted({"core_user_create_users": [{"id": 0, "username": "\n"}]}) as client:
        with pytest.raises(CourseError) as refused:
            users.create_users(client, [{"username": "anna"}])
    assert str(refused.value).endswith("username should be anna, found ['\\n']")


@FUZZ
@given(json_values, json_values, json_values, json_values)
def test_moodle_times_and_grades_are_values_or_problems(
    completed: Any, raw: Any, maximum: Any, state: Any
) -> None:
    result = _unit_result((1, completed), (raw, maximum), {})
    for number in (result.grade, result.grade_max):
        assert number is None or (math.isfinite(number) and abs(number) <= cmi.MAX_MAGNITUDE)
    assert (
        result.completed_at is None or dt.datetime(2000, 1, 1, tzinfo=dt.UTC) <= result.completed_at
    )


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            sorted(
                attendance_elements := (
                    "cmi.core.lesson_status",
                    "cmi.core.score.raw",
                    "cmi.core.score.min",
                    "cmi.core.score.max",
                    "cmi.score.scaled",
                    "cmi.core.total_time",
                    "cmi.session_time",
                    "cmi.core.session_time",
                    "cmi.completion_status",
                    "cmi.success_status",
                    "x.start.time",
                    "timemodified",
                )
            )
        ),
        json_values | st.text(max_size=30),
    ),
    st.integers(1, 5),
)
def test_tracks_of_any_value_are_read_into_finite_results(elements: dict, attempts: int) -> None:
    result = combine(read_attempt(n, elements) for n in range(1, attempts + 1))
    assert math.isfinite(result.seconds) and 0 <= result.seconds <= attempts * cmi.MAX_SECONDS
    assert result.score is None or math.isfinite(result.score)
    json.dumps(jsondata.dump(result.problems))
    assert all(str(problem) for problem in result.problems)


@FUZZ
@given(
    st.text(max_size=40)
    | st.from_regex(r"\d{1,5}:\d\d:\d\d(\.\d{1,3})?", fullmatch=True)
    | st.from_regex(r"P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?", fullmatch=True)
)
def test_cmi_times_are_seconds_in_range_or_problems(text: str) -> None:
    reading = cmi.parse_time("cmi.core.total_time", text)
    assert (reading.value is None) != (reading.problem is None)
    assert reading.value is None or 0 <= reading.value <= cmi.MAX_SECONDS


@FUZZ
@given(json_values | st.from_regex(r"-?\d*\.?\d*", fullmatch=True))
def test_cmi_numbers_and_moments_are_values_or_problems(value: Any) -> None:
    for reading in (cmi.parse_number("n", value), cmi.parse_decimal("n", str(value))):
        assert reading.value is None or (
            math.isfinite(reading.value) and abs(reading.value) <= cmi.MAX_MAGNITUDE
        )
    moment = cmi.parse_moment("t", value)
    assert moment.value is None or 2000 <= moment.value.year < 2100


@FUZZ
@given(*(st.none() | st.floats(allow_nan=False, allow_infinity=True) for _ in range(4)))
def test_scores_are_percentages_or_problems(raw: Any, low: Any, high: Any, scaled: Any) -> None:
    reading = cmi.score_percent(raw, low, high, scaled)
    assert reading.value is None or math.isfinite(reading.value)


# --- the administrator's CSV files ------------------------------------------------------------

HEADERS = {
    "register": "username,date,start,end,modality",
    "credits": "username,hours,reason",
    "learners": "username,firstname,lastname,email,birthdate,education,joined",
}
READERS: dict[str, Callable[[Path], Any]] = {
    "register": lambda path: load_register(path, (dt.date(2027, 1, 1), dt.date(2027, 12, 31))),
    "credits": lambda path: load_credits(path, 300),
    "learners": load_admissions,
}
cells = st.text(max_size=12) | st.sampled_from(
    [
        "anna",
        "2027-02-01",
        "01/02/2027",
        "09:00",
        "13:00",
        "aula",
        "2,5",
        "1.000",
        "1e6",
        "Diploma",
        "a@b.it",
        "=1+1",
        '"',
        '""',
        "\r\n",
        ";",
        ",",
    ]
)


@pytest.mark.parametrize("kind", READERS)
def test_any_csv_file_is_read_or_refused(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.csv"

    @FUZZ
    @given(
        st.booleans(),
        st.sampled_from([",", ";"]),
        st.lists(st.lists(cells, max_size=9), max_size=6),
        st.binary(max_size=40),
    )
    def reading(with_header: bool, delimiter: str, rows: list, tail: bytes) -> None:
        header = HEADERS[kind].replace(",", delimiter) + "\n" if with_header else ""
        text = header + "".join(delimiter.join(row) + "\n" for row in rows)
        path.write_bytes(text.encode("utf-8") + tail)
        try:
            READERS[kind](path)
        except InputError as error:
            assert error.path == path and "\n" not in str(error)

    reading()


# --- the snapshot -----------------------------------------------------------------------------


def _mutations(document: Any) -> st.SearchStrategy[Any]:
    """The document with one node replaced by any JSON, or one key dropped."""
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        children = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list)
            else ()
        )
        for key, child in children:
            walk(child, (*path, key))

    walk(document, ())

    def apply(path: tuple[Any, ...], value: Any, drop: bool) -> Any:
        copy = json.loads(json.dumps(document))
        if not path:
            return value
        parent = copy
        for key in path[:-1]:
            parent = parent[key]
        if drop and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
        return copy

    return st.builds(apply, st.sampled_from(paths), json_values, st.booleans())


SAMPLE = json.loads(snapshot_json(snapshot(learner("anna"), learner("bruno", lesson_seconds=0))))


def test_a_mutated_snapshot_loads_or_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "snap.json"

    @FUZZ
    @given(_mutations(SAMPLE))
    def loading(document: Any) -> None:
        path.write_text(json.dumps(document), encoding="utf-8")
        try:
            loaded = load_snapshot(path)
        except InputError as error:
            assert error.path == path and "\n" not in str(error)
            return
        assert isinstance(loaded, Snapshot)
        assume(loaded is not None)
        snapshot_json(loaded)  # whatever loads can be written again: nothing NaN or infinite

    loading()
