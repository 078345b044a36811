"""The snapshot file: versioned, written atomically, read back equal, refused when it is not one."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from course_model import problems
from course_model.errors import InputError
from course_model.problems import Problem
from moodle_sync.files.snapshot import (
    SCHEMA_VERSION,
    SENTENCE_PROBLEMS,
    Admission,
    AdmissionRecord,
    ScoResult,
    load_snapshot,
    save_snapshot,
    snapshot_json,
)
from tests.moodle_sync.sample_snapshot import learner, snapshot

TIME_PROBLEM = Problem(
    problems.TIME, {"element": "cmi.core.total_time", "value": "'later'"}, attempt=1
)


def test_round_trip(tmp_path: Path) -> None:
    original = snapshot(
        learner("anna"),
        learner(
            "bruno", lesson_seconds=0, admission=None, quiz=ScoResult(problems=(TIME_PROBLEM,))
        ),
    )
    path = tmp_path / "s" / "snapshot.json"
    save_snapshot(original, path)
    assert load_snapshot(path) == original
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA_VERSION and data["pulled_at"] == "2027-12-01T09:30:00+00:00"
    assert data["learners"][0]["units"]["uf1-utente"]["scos"]["ITEM-sco-quiz"]["status"] == "passed"
    assert data["learners"][1]["units"]["uf1-utente"]["scos"]["ITEM-sco-quiz"]["problems"] == [
        {
            "code": "time",
            "params": {"element": "cmi.core.total_time", "value": "'later'"},
            "attempt": 1,
        }
    ]
    assert [p.name for p in path.parent.iterdir()] == ["snapshot.json"]  # no temporary file left


def test_same_snapshot_same_bytes() -> None:
    assert snapshot_json(snapshot(learner("anna"))) == snapshot_json(snapshot(learner("anna")))


def test_admissions_put_in() -> None:
    admission = Admission(dt.date(2000, 2, 29), 6, dt.date(2027, 2, 1))
    updated = snapshot(learner("anna", admission=None), learner("bruno")).with_admissions(
        {"anna": admission}
    )
    assert [each.admission for each in updated.learners] == [admission, learner("bruno").admission]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(schema=99), "schema version 99"),
        (lambda d: d.pop("schema"), "schema version None"),
        (
            lambda d: d["learners"][0].update(userid="three"),
            "learners[0].userid: expected a whole number",
        ),
        (
            lambda d: d["learners"][0]["units"]["uf1-utente"]["scos"]["ITEM-sco-quiz"].update(
                seconds="10"
            ),
            "learners[0].units.uf1-utente.scos.ITEM-sco-quiz.seconds: expected a number",
        ),
        (lambda d: d.update(pulled_at="yesterday"), "pulled_at: expected an ISO 8601 date"),
        (lambda d: d["site"].update(token="x"), "site: unknown field 'token'"),
        (lambda d: d["course"].pop("id"), "course.id: missing"),
        (
            lambda d: d["learners"][0]["units"]["uf1-utente"]["scos"]["ITEM-sco-01-intro"].update(
                seconds=-36000
            ),
            "learners[0].units.uf1-utente.scos.ITEM-sco-01-intro.seconds: a time cannot be "
            "negative, found -36000",
        ),
        (
            lambda d: d["units"][1]["scos"][0].update(duration=-25),
            "units[1].scos[0].duration: a time cannot be negative, found -25",
        ),
        (
            lambda d: d["sessions"].append(
                {
                    "userid": 3,
                    "kind": "session",
                    "cmid": 1784,
                    "modname": "scorm",
                    "name": "Unità 1784",
                    "scoid": 1784,
                    "start": "2027-02-01T10:00:00+00:00",
                    "end": "2027-02-01T09:00:00+00:00",
                    "events": 2,
                    "ended": "finish",
                }
            ),
            "sessions[0]: a time cannot be negative, found -3600",
        ),
        (
            lambda d: d["register"].append(
                {
                    "username": "anna",
                    "date": "2027-02-01",
                    "start": "13:00:00",
                    "end": "09:00:00",
                    "modality": "aula",
                }
            ),
            "register[0]: a time cannot be negative, found -4",
        ),
        (
            lambda d: d["learners"].append(d["learners"][0]),
            "learners[1]: anna is listed twice (also learners[0])",
        ),
    ],
)
def test_malformed_snapshots_are_refused_with_where(tmp_path: Path, change, message: str) -> None:  # noqa: ANN001
    data = json.loads(snapshot_json(snapshot(learner("anna"))))
    change(data)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_snapshot(path)


def _with_problems(data: dict, sco: list, unit: list, record: list) -> dict:  # type: ignore[type-arg]
    """`data` (a snapshot's JSON) with these problems in its first learner's first unit."""
    first = data["learners"][0]
    results = first["units"]["uf1-utente"]
    results["problems"], results["scos"]["ITEM-sco-quiz"]["problems"] = unit, sco
    first["admission_record"] = {"admission": None, "edition": "ED-1", "problems": record}
    return data


def test_a_snapshot_of_the_schema_before_is_read_its_problems_as_written(tmp_path: Path) -> None:
    """Schema 5 wrote each problem as a sentence, in Italian or in the language of the pull."""
    data = _with_problems(
        json.loads(snapshot_json(snapshot(learner("anna")))),
        ["tentativo 1: cmi.core.total_time = 'later' non valido"],
        ["timecompleted = 'ieri' non valido (atteso un istante Unix)"],
        ["the admission record in Moodle has no valid birth date: empty"],
    )
    path = tmp_path / "s.json"
    path.write_text(json.dumps({**data, "schema": SENTENCE_PROBLEMS}), encoding="utf-8")
    anna = load_snapshot(path).learners[0]
    unit = anna.units["uf1-utente"]
    assert [str(p) for p in unit.scos["ITEM-sco-quiz"].problems] == [
        "tentativo 1: cmi.core.total_time = 'later' non valido"
    ]
    assert unit.problems == (
        Problem(
            problems.TEXT, {"text": "timecompleted = 'ieri' non valido (atteso un istante Unix)"}
        ),
    )
    assert anna.admission_record == AdmissionRecord(
        None,
        "ED-1",
        problems=(
            Problem(
                problems.TEXT,
                {"text": "the admission record in Moodle has no valid birth date: empty"},
            ),
        ),
    )
    assert load_snapshot(path).schema == SCHEMA_VERSION  # saved again, it is of this version


@pytest.mark.parametrize(
    "version, problem",
    [
        (SENTENCE_PROBLEMS, 7),  # not a sentence
        (SENTENCE_PROBLEMS, {"text": "x"}),  # schema 5's shape, lacking its code
        (SCHEMA_VERSION, "tentativo 1: x"),  # a sentence in a schema that has codes
    ],
)
def test_a_problem_not_of_its_schema_s_shape_is_refused(
    tmp_path: Path, version: int, problem: object
) -> None:
    data = _with_problems(json.loads(snapshot_json(snapshot(learner("anna")))), [problem], [], [])
    path = tmp_path / "s.json"
    path.write_text(json.dumps({**data, "schema": version}), encoding="utf-8")
    with pytest.raises(InputError, match=r"learners\[0\]\.units\.uf1-utente\.scos"):
        load_snapshot(path)


def test_an_older_schema_is_refused_with_the_versions_read(tmp_path: Path) -> None:
    data = json.loads(snapshot_json(snapshot(learner("anna"))))
    path = tmp_path / "s.json"
    path.write_text(json.dumps({**data, "schema": SENTENCE_PROBLEMS - 1}), encoding="utf-8")
    with pytest.raises(
        InputError, match=r"schema version 4 is not one this moodle-sync reads \(5, 6\)"
    ):
        load_snapshot(path)


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not a snapshot"):
        load_snapshot(path)
    with pytest.raises(InputError, match="cannot read"):
        load_snapshot(tmp_path / "missing.json")
