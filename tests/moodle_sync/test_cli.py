from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from course_model import problems
from course_model.problems import Problem
from moodle_sync.cli import cli
from moodle_sync.files.snapshot import ScoResult, load_snapshot, save_snapshot
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.settings import Settings, Token
from moodle_sync.moodle.users import enrol
from tests.conftest import ITALIAN_LOCALE, in_both_languages, write_content
from tests.moodle_sync.edition import Edition, edition, fill  # noqa: F401 (edition is a fixture)
from tests.moodle_sync.fake_moodle import LOGGED_IN, SCO_LAUNCHED, STATUS_SUBMITTED, FakeMoodle
from tests.moodle_sync.sample_snapshot import learner, snapshot


def run(
    moodle: FakeMoodle, content: Path, build: Path, *args: str, token: str | None = None
) -> Result:
    env = {"MOODLE_URL": moodle.url, "MOODLE_TOKEN": token or moodle.token}
    return CliRunner().invoke(
        cli, ["--content", str(content), "--build", str(build), *args], env=env
    )


def test_dry_run_shows_the_plan_and_writes_nothing(
    moodle: FakeMoodle, content: Path, build: Path
) -> None:
    result = run(moodle, content, build, "deploy", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "warning: the sync cap of 126 h" in result.output
    assert "+ course ED-1" in result.output and "+ SCORM uf2-manutenzione" in result.output
    assert "Dry run: nothing was written." in result.output
    assert moodle.snapshot()["courses"] == [] and moodle.calls["webservice/upload.php"] == 0


def test_deploy_then_deploy_again(moodle: FakeMoodle, content: Path, build: Path) -> None:
    first = run(moodle, content, build, "deploy", "--edition", "ED-7")
    assert first.exit_code == 0, first.output
    assert "done: + SCORM uf1-utente" in first.output and "Deployed: 6 changes." in first.output
    second = run(moodle, content, build, "deploy", "--edition", "ED-7")
    assert second.exit_code == 0 and "Nothing to change" in second.output
    assert [c[0] for c in moodle.snapshot()["courses"]] == ["ED-7"]


def test_the_limits_are_shown_on_an_edition_s_first_deploy_or_with_verbose(
    moodle: FakeMoodle, content: Path, build: Path
) -> None:
    first = run(moodle, content, build, "deploy", "--edition", "ED-7")
    assert "key-competence hours" in first.stdout and "warning: the sync cap" in first.stdout
    again = run(moodle, content, build, "deploy", "--edition", "ED-7")
    assert again.exit_code == 0 and "key-competence hours" not in again.output
    assert "cannot bind" not in again.output
    verbose = run(moodle, content, build, "-v", "deploy", "--edition", "ED-7")
    assert "key-competence hours" in verbose.stdout and "warning: the sync cap" in verbose.stdout
    other = run(moodle, content, build, "deploy", "--dry-run", "--edition", "ED-8")
    assert "key-competence hours" in other.stdout  # a new edition: its first deploy


def test_a_limit_violation_stops_before_moodle_is_called(
    moodle: FakeMoodle, tmp_path: Path, build: Path
) -> None:
    content = write_content(tmp_path / "bad", key_competences=2)
    result = run(moodle, content, build, "deploy")
    assert result.exit_code == 1
    assert "key-competence hours" in result.output and "VIOLATION" in result.output
    assert (
        result.output.strip().splitlines()[-1]
        == "error: the course plan breaks 1 rule of the standard; nothing was written"
    )
    assert moodle.requests == 0


def test_limits_needs_no_moodle(tmp_path: Path, content: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--content", str(content), "limits"], env={"MOODLE_URL": "", "MOODLE_TOKEN": ""}
    )
    assert result.exit_code == 0 and "sync + async e-learning" in result.output


def test_the_same_error_in_the_user_s_language(tmp_path: Path) -> None:
    args = ["--content", str(tmp_path / "nothing-here"), "limits"]
    italian, english = in_both_languages(cli, args)
    standard = tmp_path / "nothing-here" / "standard.yml"
    assert italian.exit_code == english.exit_code == 1
    assert italian.output == f"errore: {standard}: file non trovato\n"
    assert english.output == f"error: {standard}: file not found\n"
    assert CliRunner().invoke(cli, ["--lang", "en", *args], env=ITALIAN_LOCALE).output == (
        english.output
    )


def test_deploy_speaks_italian_with_plurals(moodle: FakeMoodle, content: Path, build: Path) -> None:
    env = {**ITALIAN_LOCALE, "MOODLE_URL": moodle.url, "MOODLE_TOKEN": moodle.token}
    deploy = ["--content", str(content), "--build", str(build), "deploy", "--edition", "ED-7"]
    first = CliRunner().invoke(cli, deploy, env=env)
    assert first.exit_code == 0, first.output
    assert "fatto: + SCORM uf1-utente" in first.output
    assert "Deploy eseguito: 6 modifiche." in first.output


def test_deploy_without_the_plugin_says_what_is_missing(
    moodle: FakeMoodle, content: Path, build: Path
) -> None:
    moodle.plugin_installed = False
    result = run(moodle, content, build, "deploy")
    assert result.exit_code == 1
    assert "install it (moodle-sync plugin-zip)" in result.output
    assert (
        "error: the token cannot call 3 functions needed to deploy: local_scormsync_save_scorm, "
        "local_scormsync_save_assign, local_scormsync_get_assigns" in result.output
    )
    assert moodle.snapshot()["categories"] == []


def test_the_token_never_appears(
    moodle: FakeMoodle, content: Path, build: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    moodle.fail("core_course_get_categories", kind="http500")
    moodle.fail("local_scormsync_save_scorm", at=2, kind="exception", error="nopermissions")
    outputs = [
        run(moodle, content, build, "-v", "deploy").output,
        run(moodle, content, build, "-v", "deploy").output,
        run(moodle, content, build, "-v", "check").output,
        run(moodle, content, build, "-v", "check", token="a-wrong-token-42").output,
    ]
    assert (
        "error: local_scormsync_save_scorm: Sorry, but you do not currently have permissions"
        in outputs[0]
    )
    assert "Deployed: 1 change." in outputs[1]
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


def deployed_with_learners(
    moodle: FakeMoodle, content: Path, build: Path, tmp_path: Path, education: str
) -> Path:
    """The edition deployed, and a learners' file whose second learner has `education`."""
    assert run(moodle, content, build, "deploy").exit_code == 0
    csv = tmp_path / "learners.csv"
    csv.write_text(
        "username,firstname,lastname,email,birthdate,education,joined\n"
        "rossi,Maria,Rossi,maria@example.org,1990-05-01,Diploma,2027-01-11\n"
        f"verdi,Gio,Verdi,gio@example.org,1990-03-03,{education},2027-01-12\n"
    )
    return csv


def test_enrol_lists_refusals(
    moodle: FakeMoodle, content: Path, build: Path, tmp_path: Path
) -> None:
    csv = deployed_with_learners(moodle, content, build, tmp_path, "Licenza media")
    result = run(moodle, content, build, "enrol", str(csv))
    assert result.exit_code == 1
    assert "learners.csv:3  verdi     education at EQF level 1" in result.output
    assert (
        result.output.strip()
        .splitlines()[-1]
        .endswith("1 of 2 learners refused, nobody was enrolled")
    )
    csv.write_text(csv.read_text().replace("Licenza media", "Laurea"))
    result = run(moodle, content, build, "enrol", str(csv))
    assert result.exit_code == 0, result.output
    assert (
        "Created 2 user(s), enrolled 2, 0 already enrolled; admission record written in Moodle "
        "for 2." in result.output
    )
    assert "First access: Moodle has e-mailed 2 new learners (rossi, verdi) a password" in (
        " ".join(result.output.split())
    )
    assert f"{moodle.url}/login/" in result.output
    again = run(moodle, content, build, "enrol", str(csv))
    assert "Created 0 user(s), enrolled 0, 2 already enrolled" in again.output
    assert "First access" not in again.output


@pytest.mark.parametrize(
    "access, says",
    [
        (
            ["--access", "password", "--passwords", "{tmp}/password.csv"],
            "First access: the passwords of 2 new learners (rossi, verdi) are in "
            "{tmp}/password.csv;",
        ),
        (
            ["--access", "auth:ldap"],
            "First access: 2 new learners (rossi, verdi) log in through the site's authentication "
            "'ldap', with no password in Moodle",
        ),
    ],
)
def test_enrol_says_how_new_learners_get_in(
    moodle: FakeMoodle, content: Path, build: Path, tmp_path: Path, access: list[str], says: str
) -> None:
    csv = deployed_with_learners(moodle, content, build, tmp_path, "Laurea")
    options = [option.format(tmp=tmp_path) for option in access]
    result = run(moodle, content, build, "enrol", str(csv), *options)
    assert result.exit_code == 0, result.output
    assert says.format(tmp=tmp_path) in " ".join(result.output.split())


def test_an_unknown_way_in_stops_enrol_before_moodle_is_called(
    moodle: FakeMoodle, content: Path, build: Path, tmp_path: Path
) -> None:
    csv = deployed_with_learners(moodle, content, build, tmp_path, "Laurea")
    calls = sum(moodle.calls.values())
    result = run(moodle, content, build, "enrol", str(csv), "--access", "password")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: --access password needs --passwords FILE to write the passwords to"
    )
    assert sum(moodle.calls.values()) == calls


def test_learners_shows_the_record_and_who_must_change_the_password(
    moodle: FakeMoodle, content: Path, build: Path, tmp_path: Path
) -> None:
    csv = deployed_with_learners(moodle, content, build, tmp_path, "Laurea")
    assert run(moodle, content, build, "enrol", str(csv)).exit_code == 0
    users = {u["username"]: u["id"] for u in moodle.state.users.values()}
    moodle.change_password(users["verdi"])
    with MoodleClient(Settings(moodle.url, Token(moodle.token))) as client:  # enrolled by hand
        [bruno] = client.call(
            "core_user_create_users",
            users=[
                {
                    "username": "bruno",
                    "password": "Bruno#Pass1",
                    "firstname": "Bruno",
                    "lastname": "Neri",
                    "email": "bruno@example.org",
                }
            ],
        )
        enrol(client, 2, [(bruno["id"], 0)])
    result = run(moodle, content, build, "learners")
    assert result.exit_code == 0, result.output
    rows = {
        line.split()[0]: line
        for line in result.output.splitlines()
        if line[:5] in ("rossi", "verdi", "bruno")
    }
    assert "no record" in rows["bruno"] and rows["bruno"].rstrip().endswith("never logged in")
    assert "born 1990-05-01, EQF 4, joined 2027-01-11" in rows["rossi"]
    assert rows["rossi"].rstrip().endswith("must change the password")
    assert "born 1990-03-03, EQF 6, joined 2027-01-12" in rows["verdi"]
    assert "first login 20" in rows["verdi"]
    assert "1 of 3 must still log in on the website" in result.output


def test_an_unsafe_config_file_is_one_line(tmp_path: Path, content: Path, build: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('url = "https://m.example.org"\ntoken = "hidden-value"\n')
    config.chmod(0o644)
    result = CliRunner().invoke(cli, ["--config", str(config), "check"])
    assert result.exit_code == 1 and "hidden-value" not in result.output
    assert result.output.strip().splitlines() == [
        f"error: {config}: refused: the config file holds the token, so only its owner may read it "
        f"(mode is 0644; run chmod 600 {config})"
    ]


def test_plugin_zip(tmp_path: Path) -> None:
    out = tmp_path / "plugin.zip"
    result = CliRunner().invoke(cli, ["plugin-zip", "-o", str(out)])
    assert result.exit_code == 0 and out.is_file() and f"Wrote {out}" in result.output


# --- pull and eligibility ---------------------------------------------------------------------


def on(edition: Edition, content: Path, *args: str) -> Result:
    return run(edition.moodle, content, edition.build, *args)


def write_register(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "registro.csv"
    path.write_text("username,date,start,end,modality\n" + rows, encoding="utf-8")
    return path


def register_days(username: str, days: int) -> str:
    return "".join(f"{username},2027-02-{day:02d},09:00,13:00,aula\n" for day in range(1, days + 1))


def test_pull_then_eligibility_from_the_snapshot(
    edition: Edition, content: Path, tmp_path: Path
) -> None:
    fill(edition)
    snapshot = tmp_path / "snap.json"
    pulled = on(edition, content, "pull", "--learners", str(edition.learners), "-o", str(snapshot))
    assert pulled.exit_code == 0, pulled.output
    assert f"Snapshot of 4 learners in ED-1 (plugin report) written to {snapshot}" in pulled.stderr
    assert edition.moodle.token not in pulled.output
    assert load_snapshot(snapshot).learners[0].admission is not None
    credits = tmp_path / "crediti.csv"
    credits.write_text("username,hours,reason\nbruno,4,Corso sicurezza\n", encoding="utf-8")
    out = tmp_path / "esito.json"
    result = on(
        edition,
        content,
        "eligibility",
        "--snapshot",
        str(snapshot),
        "--register",
        str(write_register(tmp_path, register_days("anna", 23) + register_days("bruno", 10))),
        "--credits",
        str(credits),
        "--format",
        "json",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    records = {r["username"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert records["anna"]["eligible"] is True
    assert (
        records["bruno"]["credited_hours"]["aula"] == 40
        and records["bruno"]["credited_hours"]["credits"] == 4
    )
    assert not records["carla"]["eligible"] and "verification not taken" in " ".join(
        records["carla"]["reasons"]
    )


def test_eligibility_pulls_first_and_keeps_the_snapshot(
    edition: Edition, content: Path, tmp_path: Path
) -> None:
    fill(edition)
    result = on(edition, content, "eligibility", "--learners", str(edition.learners), "--core-only")
    assert result.exit_code == 0, result.output
    assert "warning: no attendance register" in result.stderr
    assert "Admitted to the final exam: 0 of 4 learners." in result.stdout
    kept = list((edition.build / "snapshots").glob("ED-1-*.json"))
    assert len(kept) == 1 and load_snapshot(kept[0]).source == "core"


def test_a_bad_register_stops_with_file_and_line(
    edition: Edition, content: Path, tmp_path: Path
) -> None:
    snapshot = tmp_path / "snap.json"
    assert on(edition, content, "pull", "-o", str(snapshot)).exit_code == 0
    register = write_register(
        tmp_path, "anna,2027-02-01,09:00,13:00,aula\nanna,2027-02-31,09:00,13:00,aula\n"
    )
    result = on(
        edition, content, "eligibility", "--snapshot", str(snapshot), "--register", str(register)
    )
    assert result.exit_code == 1
    assert (
        f"error: {register}:3: date '2027-02-31' is not a date written YYYY-MM-DD" in result.stderr
    )
    assert "Traceback" not in result.output


def test_a_problem_kept_in_a_snapshot_reads_in_the_user_s_language(
    tmp_path: Path, content: Path
) -> None:
    later = Problem(
        problems.TIME, {"element": "cmi.core.total_time", "value": "'later'"}, attempt=2
    )
    quiz = ScoResult("failed", None, 60, "total_time", 2, problems=(later,))
    path = tmp_path / "snap.json"
    save_snapshot(snapshot(learner("anna", quiz=quiz)), path)
    args = ["--content", str(content), "eligibility", "--snapshot", str(path), "--format", "json"]
    italian, english = in_both_languages(cli, args)
    [unit, *_] = json.loads(italian.stdout)[0]["units"]
    assert unit["reason"].endswith(
        "valori non validi: tentativo 2: cmi.core.total_time = 'later' non valido (atteso "
        "HHHH:MM:SS.SS oppure una durata ISO 8601 come PT1H30M)"
    )
    [unit, *_] = json.loads(english.stdout)[0]["units"]
    assert unit["reason"].endswith(
        "invalid values: attempt 2: cmi.core.total_time = 'later' is not valid (expected "
        "HHHH:MM:SS.SS or an ISO 8601 duration like PT1H30M)"
    )


def eligibility_offline(tmp_path: Path, content: Path, *args: str) -> Result:
    """eligibility on a saved snapshot of the learner mrossi, no Moodle involved."""
    path = tmp_path / "snap.json"
    save_snapshot(snapshot(learner("mrossi")), path)
    return CliRunner().invoke(
        cli, ["--content", str(content), "eligibility", "--snapshot", str(path), *args]
    )


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "html"])
@pytest.mark.parametrize("to_file", [False, True])
def test_hours_of_users_not_enrolled_are_a_warning_in_every_format(
    tmp_path: Path, content: Path, fmt: str, to_file: bool
) -> None:
    register = write_register(tmp_path, register_days("MRossi", 1))
    credits = tmp_path / "crediti.csv"
    credits.write_text("username,hours,reason\nm.rossi,4,Corso sicurezza\n", encoding="utf-8")
    output = ["-o", str(tmp_path / f"esito.{fmt}")] if to_file else []
    result = eligibility_offline(
        tmp_path,
        content,
        "--register",
        str(register),
        "--credits",
        str(credits),
        "--format",
        fmt,
        *output,
    )
    assert result.exit_code == 0, result.output
    warning = "warning: register or credits for users not enrolled in the course: MRossi, m.rossi"
    assert result.stderr.splitlines().count(warning) == 1


def test_a_register_with_no_rows_is_named_not_called_missing(tmp_path: Path, content: Path) -> None:
    register = write_register(tmp_path, "")
    result = eligibility_offline(tmp_path, content, "--register", str(register))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {register} has no rows: classroom, laboratory and internship hours count as 0, "
        "synchronous e-learning only as the virtual classroom's sessions in Moodle's log"
    ]
    italian, _ = in_both_languages(
        cli,
        ["--content", str(content), "eligibility", "--snapshot", str(tmp_path / "snap.json")],
    )
    assert italian.stderr.startswith("attenzione: nessun registro presenze (--register, o ")
    assert italian.stderr.rstrip().endswith("in aula virtuale del log di Moodle")


def test_a_snapshot_of_another_edition_is_refused(
    edition: Edition, content: Path, tmp_path: Path
) -> None:
    snapshot = tmp_path / "snap.json"
    assert on(edition, content, "pull", "-o", str(snapshot)).exit_code == 0
    result = on(edition, content, "eligibility", "--snapshot", str(snapshot), "--edition", "ED-2")
    assert result.exit_code == 1 and "is a snapshot of ED-1, not ED-2" in result.stderr


def test_html_report_to_a_file(edition: Edition, content: Path, tmp_path: Path) -> None:
    out = tmp_path / "esito.html"
    result = on(edition, content, "eligibility", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_pdf_report_to_a_file_or_a_pipe_but_not_the_terminal(
    edition: Edition, content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("weasyprint", exc_type=ImportError)
    out = tmp_path / "esito.pdf"
    result = on(edition, content, "eligibility", "--format", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    piped = on(edition, content, "eligibility", "--format", "pdf")
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"%PDF-")
    terminal_output = io.BytesIO()
    terminal_output.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("click.get_binary_stream", lambda name: terminal_output)
    terminal = on(edition, content, "eligibility", "--format", "pdf")
    assert terminal.exit_code == 1
    # Refused before anything is pulled or written.
    assert terminal.stderr == "error: a PDF is not for the terminal: name a file with -o\n"
    assert terminal_output.getvalue() == b""


def test_the_register_from_mod_attendance_unless_a_file_is_given(
    edition: Edition, content: Path, tmp_path: Path
) -> None:
    moodle = edition.moodle
    courseid = next(c["id"] for c in moodle.state.courses.values() if c["idnumber"] == "ED-1")
    aula = moodle.add_attendance(courseid, "aula")
    moodle.add_attendance_session(aula, 1801900800, 4 * 3600, {edition.users["anna"]: "P"})
    moodle.attendance_installed = True
    snapshot = tmp_path / "snap.json"
    assert on(edition, content, "pull", "-o", str(snapshot)).exit_code == 0
    from_moodle = on(
        edition, content, "eligibility", "--snapshot", str(snapshot), "--format", "json"
    )
    assert "warning" not in from_moodle.stderr
    hours = {r["username"]: r["credited_hours"]["aula"] for r in json.loads(from_moodle.stdout)}
    assert hours["anna"] == 4 and hours["bruno"] == 0
    register = write_register(tmp_path, register_days("bruno", 2))
    from_file = on(
        edition,
        content,
        "eligibility",
        "--snapshot",
        str(snapshot),
        "--register",
        str(register),
        "--format",
        "json",
    )
    assert (
        f"warning: {register} replaces the 1 register row read from Moodle's mod_attendance"
        in from_file.stderr
    )
    hours = {r["username"]: r["credited_hours"]["aula"] for r in json.loads(from_file.stdout)}
    assert hours["anna"] == 0 and hours["bruno"] == 8


# --- the e-learning register -------------------------------------------------------------------


def test_registro_from_a_pulled_snapshot_writes_the_file_and_its_hash(
    edition: Edition, content: Path, tmp_path: Path
) -> None:
    moodle, anna = edition.moodle, edition.users["anna"]
    scoid = edition.scoes[next(iter(edition.scoes))]
    cmid = moodle.state.scorms[moodle.state.scoes[scoid]["scorm"]]["coursemodule"]
    courseid = moodle.state.cms[cmid]["course"]
    start = int(dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC).timestamp())
    moodle.log_event(anna, LOGGED_IN, start - 60)
    for offset, name in ((0, SCO_LAUNCHED), (1500, STATUS_SUBMITTED)):
        moodle.log_event(anna, name, start + offset, courseid=courseid, cmid=cmid, objectid=scoid)
    pulled = edition.pull(now=lambda: dt.datetime(2027, 6, 1, tzinfo=dt.UTC)).snapshot
    assert [s.kind for s in pulled.sessions] == ["login", "session"]
    snapshot = tmp_path / "snap.json"
    save_snapshot(pulled, snapshot)
    out = tmp_path / "registro.json"
    result = on(
        edition,
        content,
        "registro",
        "--snapshot",
        str(snapshot),
        "--format",
        "json",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    [anna_days] = [learner["days"] for learner in data["learners"] if learner["username"] == "anna"]
    assert anna_days[0]["day"] == "2027-02-01" and anna_days[0]["seconds"]["async"] == 1500
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert f"sha256 of the data: {digest}" in result.stderr
    assert (tmp_path / "registro.json.sha256").read_text(encoding="utf-8").startswith(digest)
    refused = on(
        edition,
        content,
        "registro",
        "--snapshot",
        str(snapshot),
        "--learner",
        "nobody",
        "-o",
        str(out),
    )
    assert refused.exit_code == 1 and "nobody is not a learner of ED-1" in refused.output


def test_no_output_replaces_a_file_the_command_reads(
    edition: Edition, content: Path, tmp_path: Path
) -> None:
    register = write_register(tmp_path, register_days("anna", 2))
    learners = tmp_path / "learners.csv"
    learners.write_bytes(edition.learners.read_bytes())
    snapshot = tmp_path / "snap.json"
    snapshot.write_text("{}", encoding="utf-8")
    odd_name = tmp_path / "snap.sha256"  # what the register's digest beside OUTPUT is called
    odd_name.write_text("{}", encoding="utf-8")
    odder_name = tmp_path / "snap.dati.txt"  # and the one with the hash of its data
    odder_name.write_text("{}", encoding="utf-8")
    read = (
        register,
        learners,
        snapshot,
        odd_name,
        odder_name,
        content / "standard.yml",
        content / "course.yml",
    )
    inputs = {path: path.read_bytes() for path in (*read, edition.build / "report.json")}
    refused = [
        (
            "eligibility",
            "--snapshot",
            str(snapshot),
            "--register",
            str(register),
            "-o",
            str(register),
        ),
        (
            "eligibility",
            "--learners",
            str(learners),
            "-o",
            str(tmp_path / "x" / ".." / learners.name),
        ),
        ("pull", "--learners", str(learners), "-o", str(learners)),
        ("registro", "--snapshot", str(snapshot), "--format", "html", "-o", str(snapshot)),
        ("registro", "--snapshot", str(odd_name), "-o", str(tmp_path / "snap")),
        ("registro", "--snapshot", str(odder_name), "-o", str(tmp_path / "snap")),
        ("eligibility", "--snapshot", str(snapshot), "-o", str(content / "standard.yml")),
        ("pull", "-o", str(content / "course.yml")),
        ("registro", "--snapshot", str(snapshot), "-o", str(edition.build / "report.json")),
    ]
    before = edition.moodle.requests
    for args in refused:
        result = on(edition, content, *args)
        assert result.exit_code == 1, args
        assert "the command reads this file" in result.output and "Traceback" not in result.output
    assert {path: path.read_bytes() for path in inputs} == inputs
    assert edition.moodle.requests == before  # refused before anything is read
