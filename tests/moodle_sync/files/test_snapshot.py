"""The snapshot file: versioned, written atomically, read back equal, refused when it is not one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from course_model.errors import InputError
from moodle_sync.files.snapshot import (
    SCHEMA_VERSION,
    Admission,
    ScoResult,
    load_snapshot,
    save_snapshot,
    snapshot_json,
)
from tests.moodle_sync.sample_snapshot import learner, snapshot


def test_round_trip(tmp_path: Path) -> None:
    original = snapshot(
        learner("anna"),
        learner(
            "bruno", lesson_seconds=0, admission=None, quiz=ScoResult(problems=("tentativo 1: x",))
        ),
    )
    path = tmp_path / "s" / "snapshot.json"
    save_snapshot(original, path)
    assert load_snapshot(path) == original
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA_VERSION and data["pulled_at"] == "2027-12-01T09:30:00+00:00"
    assert data["learners"][0]["units"]["uf1-utente"]["scos"]["ITEM-sco-quiz"]["status"] == "passed"
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
    ],
)
def test_malformed_snapshots_are_refused_with_where(tmp_path: Path, change, message: str) -> None:  # noqa: ANN001
    data = json.loads(snapshot_json(snapshot(learner("anna"))))
    change(data)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_snapshot(path)


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not a snapshot"):
        load_snapshot(path)
    with pytest.raises(InputError, match="cannot read"):
        load_snapshot(tmp_path / "missing.json")
