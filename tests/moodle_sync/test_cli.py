from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from moodle_sync.cli import cli
from tests.moodle_sync.conftest import write_content
from tests.moodle_sync.fake_moodle import FakeMoodle


def run(moodle: FakeMoodle, content: Path, build: Path, *args: str, token: str | None = None) -> Result:
    env = {"MOODLE_URL": moodle.url, "MOODLE_TOKEN": token or moodle.token}
    return CliRunner().invoke(cli, ["--content", str(content), "--build", str(build), *args], env=env)


def test_dry_run_shows_the_plan_and_writes_nothing(moodle: FakeMoodle, content: Path, build: Path) -> None:
    result = run(moodle, content, build, "deploy", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "warning: the sync cap of 126 h" in result.output
    assert "+ course ED-1" in result.output and "+ SCORM uf2-manutenzione" in result.output
    assert "Dry run: nothing was written." in result.output
    assert moodle.snapshot()["courses"] == [] and moodle.calls["webservice/upload.php"] == 0


def test_deploy_then_deploy_again(moodle: FakeMoodle, content: Path, build: Path) -> None:
    first = run(moodle, content, build, "deploy", "--edition", "ED-7")
    assert first.exit_code == 0, first.output
    assert "done: + SCORM uf1-utente" in first.output and "Deployed: 6 change(s)." in first.output
    second = run(moodle, content, build, "deploy", "--edition", "ED-7")
    assert second.exit_code == 0 and "Nothing to change" in second.output
    assert [c[0] for c in moodle.snapshot()["courses"]] == ["ED-7"]


def test_a_limit_violation_stops_before_moodle_is_called(moodle: FakeMoodle, tmp_path: Path, build: Path) -> None:
    content = write_content(tmp_path / "bad", key_competences=2)
    result = run(moodle, content, build, "deploy")
    assert result.exit_code == 1
    assert "key-competence hours" in result.output and "VIOLATION" in result.output
    assert result.output.strip().splitlines()[-1] == \
        "error: the course plan breaks 1 rule(s) of the standard; nothing was written"
    assert moodle.requests == 0


def test_limits_needs_no_moodle(tmp_path: Path, content: Path) -> None:
    result = CliRunner().invoke(cli, ["--content", str(content), "limits"], env={"MOODLE_URL": "", "MOODLE_TOKEN": ""})
    assert result.exit_code == 0 and "sync + async e-learning" in result.output


def test_deploy_without_the_plugin_says_what_is_missing(moodle: FakeMoodle, content: Path, build: Path) -> None:
    moodle.plugin_installed = False
    result = run(moodle, content, build, "deploy")
    assert result.exit_code == 1
    assert "install it (moodle-sync plugin-zip)" in result.output
    assert "error: the token cannot call 1 function(s) needed to deploy: local_scormsync_save_scorm" in result.output
    assert moodle.snapshot()["categories"] == []


def test_the_token_never_appears(moodle: FakeMoodle, content: Path, build: Path,
                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    moodle.fail("core_course_get_categories", kind="http500")
    moodle.fail("local_scormsync_save_scorm", at=2, kind="exception", error="nopermissions")
    outputs = [run(moodle, content, build, "-v", "deploy").output,
               run(moodle, content, build, "-v", "deploy").output,
               run(moodle, content, build, "-v", "check").output,
               run(moodle, content, build, "-v", "check", token="a-wrong-token-42").output]
    assert "error: local_scormsync_save_scorm: Sorry, but you do not currently have permissions" in outputs[0]
    assert "Deployed: 1 change(s)." in outputs[1]
    assert "error: core_webservice_get_site_info: Invalid token" in outputs[3]
    for text in [*outputs, caplog.text]:
        assert moodle.token not in text and "a-wrong-token-42" not in text


def test_check_prints_the_table(moodle: FakeMoodle, content: Path, build: Path) -> None:
    result = run(moodle, content, build, "check")
    assert result.exit_code == 0, result.output
    assert "Everything moodle-sync needs is available." in result.output
    moodle.plugin_in_service = False
    result = run(moodle, content, build, "check")
    assert result.exit_code == 1 and "installed, not in the token's service" in result.output


def test_enrol_lists_refusals(moodle: FakeMoodle, content: Path, build: Path, tmp_path: Path) -> None:
    assert run(moodle, content, build, "deploy").exit_code == 0
    csv = tmp_path / "learners.csv"
    csv.write_text("username,firstname,lastname,email,birthdate,education,joined\n"
                   "rossi,Maria,Rossi,maria@example.org,1990-05-01,Diploma,2027-01-11\n"
                   "verdi,Gio,Verdi,gio@example.org,1990-03-03,Licenza media,2027-01-11\n")
    result = run(moodle, content, build, "enrol", str(csv))
    assert result.exit_code == 1
    assert "learners.csv:3  verdi     education at EQF 1" in result.output
    assert result.output.strip().splitlines()[-1].endswith("1 of 2 learners refused, nobody was enrolled")
    csv.write_text(csv.read_text().replace("Licenza media", "Laurea"))
    result = run(moodle, content, build, "enrol", str(csv))
    assert result.exit_code == 0 and "Created 2 user(s), enrolled 2, 0 already enrolled." in result.output


def test_an_unsafe_config_file_is_one_line(tmp_path: Path, content: Path, build: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('url = "https://m.example.org"\ntoken = "hidden-value"\n')
    config.chmod(0o644)
    result = CliRunner().invoke(cli, ["--config", str(config), "check"])
    assert result.exit_code == 1 and "hidden-value" not in result.output
    assert result.output.strip().splitlines() == [
        f"error: {config}: refused: the config file holds the token, so only its owner may read it "
        f"(mode is 0644; run chmod 600 {config})"]


def test_plugin_zip(tmp_path: Path) -> None:
    out = tmp_path / "plugin.zip"
    result = CliRunner().invoke(cli, ["plugin-zip", "-o", str(out)])
    assert result.exit_code == 0 and out.is_file() and f"Wrote {out}" in result.output
