"""The pull and eligibility commands end to end, against the fake Moodle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from moodle_sync.cli import cli
from moodle_sync.snapshot import load_snapshot
from tests.moodle_sync.conftest import write_content
from tests.moodle_sync.edition import Edition, edition, fill  # noqa: F401 (edition is a fixture)


@pytest.fixture
def run(edition: Edition, tmp_path: Path):  # noqa: ANN201
    content = write_content(tmp_path / "content")
    env = {"MOODLE_URL": edition.moodle.url, "MOODLE_TOKEN": edition.moodle.token}

    def invoke(*args: str):  # noqa: ANN202
        return CliRunner().invoke(cli, ["--content", str(content), "--build", str(edition.build), *args], env=env)

    return invoke


def write_register(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "registro.csv"
    path.write_text("username,date,start,end,modality\n" + rows, encoding="utf-8")
    return path


def register_days(username: str, days: int) -> str:
    return "".join(f"{username},2027-02-{day:02d},09:00,13:00,aula\n" for day in range(1, days + 1))


def test_pull_then_eligibility_from_the_snapshot(run, edition: Edition, tmp_path: Path) -> None:  # noqa: ANN001
    fill(edition)
    snapshot = tmp_path / "snap.json"
    pulled = run("pull", "--learners", str(edition.learners), "-o", str(snapshot))
    assert pulled.exit_code == 0, pulled.output
    assert f"Snapshot of 4 learner(s) in ED-1 (plugin report) written to {snapshot}" in pulled.stderr
    assert edition.moodle.token not in pulled.output
    assert load_snapshot(snapshot).learners[0].admission is not None
    credits = tmp_path / "crediti.csv"
    credits.write_text("username,hours,reason\nbruno,4,Corso sicurezza\n", encoding="utf-8")
    out = tmp_path / "esito.json"
    result = run("eligibility", "--snapshot", str(snapshot), "--register",
                 str(write_register(tmp_path, register_days("anna", 23) + register_days("bruno", 10))),
                 "--credits", str(credits), "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    records = {r["username"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert records["anna"]["eligible"] is True
    assert records["bruno"]["credited_hours"]["aula"] == 40 and records["bruno"]["credited_hours"]["credits"] == 4
    assert not records["carla"]["eligible"] and "verifica non sostenuta" in " ".join(records["carla"]["reasons"])


def test_eligibility_pulls_first_and_keeps_the_snapshot(run, edition: Edition, tmp_path: Path) -> None:  # noqa: ANN001
    fill(edition)
    result = run("eligibility", "--learners", str(edition.learners), "--core-only")
    assert result.exit_code == 0, result.output
    assert "warning: no attendance register" in result.stderr
    assert "Ammessi all'esame finale: 0 su 4." in result.stdout
    kept = list((edition.build / "snapshots").glob("ED-1-*.json"))
    assert len(kept) == 1 and load_snapshot(kept[0]).source == "core"


def test_a_bad_register_stops_with_file_and_line(run, edition: Edition, tmp_path: Path) -> None:  # noqa: ANN001
    snapshot = tmp_path / "snap.json"
    assert run("pull", "-o", str(snapshot)).exit_code == 0
    register = write_register(tmp_path, "anna,2027-02-01,09:00,13:00,aula\nanna,2027-02-31,09:00,13:00,aula\n")
    result = run("eligibility", "--snapshot", str(snapshot), "--register", str(register))
    assert result.exit_code == 1
    assert f"error: {register}:3: date '2027-02-31' is not a date written YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.output


def test_a_snapshot_of_another_edition_is_refused(run, tmp_path: Path) -> None:  # noqa: ANN001
    snapshot = tmp_path / "snap.json"
    assert run("pull", "-o", str(snapshot)).exit_code == 0
    result = run("eligibility", "--snapshot", str(snapshot), "--edition", "ED-2")
    assert result.exit_code == 1 and "is a snapshot of ED-1, not ED-2" in result.stderr


def test_html_report_to_a_file(run, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "esito.html"
    result = run("eligibility", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
