"""Hostile files an administrator may hand moodle-sync: CSV files, config files, output paths.
Each is read by one rule set or refused with one line naming the file (and the line)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from course_model.csvfile import MAX_LISTED, spreadsheet_safe
from course_model.errors import InputError
from moodle_sync.cli import cli
from moodle_sync.files.credits import load_credits
from moodle_sync.files.learners import load_admissions
from moodle_sync.files.register import load_register
from moodle_sync.files.snapshot import save_snapshot
from moodle_sync.moodle.settings import load_settings
from tests.adversarial.test_moodle_server import one_error_line
from tests.moodle_sync.sample_snapshot import learner, snapshot

REPO = Path(__file__).resolve().parents[2]
EDITION = (dt.date(2027, 1, 11), dt.date(2027, 12, 17))
REGISTER = "username,date,start,end,modality\n"
CREDITS = "username,hours,reason\n"
LEARNERS = "username,firstname,lastname,email,birthdate,education,joined\n"

# Each reader with a header and a row it accepts.
READERS: dict[str, tuple[Callable[[Path], Any], str, str]] = {
    "register": (
        lambda path: load_register(path, EDITION),
        REGISTER,
        "anna,2027-02-01,09:00,13:00,aula\n",
    ),
    "credits": (lambda path: load_credits(path, 300), CREDITS, "anna,4,Corso sicurezza\n"),
    "learners": (
        load_admissions,
        LEARNERS,
        "anna,Anna,Bianchi,anna@example.org,1990-05-04,Diploma,2027-01-11\n",
    ),
}


def written(tmp_path: Path, data: str | bytes, name: str = "file.csv") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def refused(read: Callable[[Path], Any], path: Path, line: int | None, *words: str) -> str:
    with pytest.raises(InputError) as caught:
        read(path)
    error = caught.value
    assert error.path == path and error.line == line, str(error)
    assert "\n" not in str(error) and len(str(error)) < 400, str(error)
    for word in words:
        assert word in str(error)
    return error.details


# --- 6. the register, credits and learners files ---------------------------------------------


@pytest.mark.parametrize("kind", READERS)
def test_an_empty_file_is_refused_on_its_first_line(tmp_path: Path, kind: str) -> None:
    read, _, _ = READERS[kind]
    refused(read, written(tmp_path, ""), 1, "the header must name the columns")


@pytest.mark.parametrize("kind", READERS)
def test_a_header_only_file_has_no_rows(tmp_path: Path, kind: str) -> None:
    read, header, _ = READERS[kind]
    assert not read(written(tmp_path, header))


@pytest.mark.parametrize("kind", READERS)
def test_spreadsheet_exports_read_the_same(tmp_path: Path, kind: str) -> None:
    """A BOM, Windows line ends, `;` between cells and Italian dates change nothing."""
    read, header, row = READERS[kind]
    plain = read(written(tmp_path, header + row, "plain.csv"))
    italian = re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\3/\2/\1", row).replace(",", ";")
    exported = "\ufeff" + (header.replace(",", ";") + italian).replace("\n", "\r\n")
    assert read(written(tmp_path, exported, "exported.csv")) == plain and plain


@pytest.mark.parametrize("kind", READERS)
def test_a_file_with_nul_bytes_is_refused_on_their_line(tmp_path: Path, kind: str) -> None:
    read, header, row = READERS[kind]
    data = (header + row + row.replace("anna", "an\0na")).encode()
    refused(read, written(tmp_path, data), 3, "NUL bytes")


@pytest.mark.parametrize("kind", READERS)
def test_a_binary_file_is_refused(tmp_path: Path, kind: str) -> None:
    read, _, _ = READERS[kind]
    data = bytes(range(256)) * 64
    refused(read, written(tmp_path, data), 2, "not UTF-8")  # 0x80 comes after the first \\n


@pytest.mark.parametrize("kind", READERS)
def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path, kind: str) -> None:
    read, header, row = READERS[kind]
    data = (header + row).encode() + row.replace("anna", "anné").encode("latin-1")
    refused(read, written(tmp_path, data), 3, "not UTF-8", "CSV UTF-8")


@pytest.mark.parametrize("kind", READERS)
def test_a_cell_beyond_the_csv_limit_is_refused_on_its_line(tmp_path: Path, kind: str) -> None:
    read, header, row = READERS[kind]
    refused(read, written(tmp_path, header + row + "x" * 200_000 + row), 3, "not a readable CSV")


@pytest.mark.parametrize("kind", READERS)
def test_a_long_cell_is_refused_and_shown_cut_short(tmp_path: Path, kind: str) -> None:
    read, header, row = READERS[kind]
    details = refused(read, written(tmp_path, header + row.replace("anna", "a" * 5000)), 2)
    assert "holds 5000 characters" in details and "a" * 100 not in details


@pytest.mark.parametrize("kind", READERS)
def test_a_repeated_row_is_refused_with_both_lines(tmp_path: Path, kind: str) -> None:
    read, header, row = READERS[kind]
    details = refused(read, written(tmp_path, header + row + row), 3)
    assert "line 2" in details


@pytest.mark.parametrize("kind", READERS)
def test_a_cell_holding_the_delimiter_unquoted_is_refused(tmp_path: Path, kind: str) -> None:
    read, header, row = READERS[kind]
    details = refused(read, written(tmp_path, header + row.rstrip("\n") + ",5\n"), 2)
    assert "must be in quotes" in details


@pytest.mark.parametrize("kind", ["register", "credits"])
def test_thousands_of_problems_are_counted_not_all_listed(tmp_path: Path, kind: str) -> None:
    read, header, row = READERS[kind]
    rows = "".join(row.replace("anna", f"ann{i}") for i in range(3000))
    details = refused(read, written(tmp_path, header + rows + rows), 3002, "and 2999 more")
    assert len(details.splitlines()) == MAX_LISTED + 1
    assert details.splitlines()[-1] == f"… and {3000 - MAX_LISTED} more"


@pytest.mark.parametrize(
    "hours", ["1_0", "1e6", "1.000", "2,500", "0x10", "½", "١٢", "-4", "0", ""]
)
def test_credits_that_are_no_plain_decimal_are_refused(tmp_path: Path, hours: str) -> None:
    refused(READERS["credits"][0], written(tmp_path, f'{CREDITS}anna,"{hours}",Corso\n'), 2)


def test_credits_in_italian_decimals_are_read(tmp_path: Path) -> None:
    path = written(tmp_path, f'{CREDITS}anna,"2,5",Corso\nbruno;x\n'.replace(";x", ",1.5,Corso"))
    assert [c.hours for c in load_credits(path, 300)] == [2.5, 1.5]


def test_credits_above_the_course_hours_are_refused(tmp_path: Path) -> None:
    path = written(tmp_path, f"{CREDITS}anna,200,Corso A\nanna,101,Corso B\nbruno,300,Corso\n")
    details = refused(READERS["credits"][0], path, 3, "more than the 300 h of the course")
    assert "anna is credited 301 h" in details and "bruno" not in details


def test_register_rows_outside_the_edition_are_refused_unless_allowed(tmp_path: Path) -> None:
    path = written(tmp_path, f"{REGISTER}anna,10/01/2027,09:00,13:00,aula\n")
    refused(lambda p: load_register(p, EDITION), path, 2, "outside the edition")
    assert len(load_register(path, None)) == 1


def test_every_csv_the_project_writes_goes_through_write_rows() -> None:
    writers = [
        path.relative_to(REPO).as_posix()
        for folder in ("course_model", "scormgen", "moodle_sync")
        for path in (REPO / folder).rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\b", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["course_model/csvfile.py"]


@pytest.mark.parametrize("cell", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_names_from_moodle_are_neutralised_in_the_csv_report(
    tmp_path: Path, content: Path, cell: str
) -> None:
    hostile = dataclasses.replace(learner("anna"), fullname=f'{cell}HYPERLINK("x")')
    save_snapshot(snapshot(hostile), tmp_path / "snap.json")
    out = tmp_path / "esito.csv"
    result = eligibility(content, tmp_path / "snap.json", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"anna,'{cell}HYPERLINK" in out.read_bytes().decode("utf-8").replace('"', "")
    assert spreadsheet_safe(-2) == -2  # numbers stay numbers


def test_a_bad_register_through_the_command_line_is_one_line(tmp_path: Path, content: Path) -> None:
    save_snapshot(snapshot(learner("anna")), tmp_path / "snap.json")
    register = written(tmp_path, (REGISTER + "an\0na,2027-02-01,09:00,13:00,aula\n").encode())
    result = eligibility(content, tmp_path / "snap.json", "--register", str(register))
    assert one_error_line(result) == (
        f"error: {register}:2: the file holds NUL bytes, so it is not text; export it as CSV UTF-8"
    )


# --- 5. configuration and output paths -------------------------------------------------------


def eligibility(content: Path, snapshot_file: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["--content", str(content), "eligibility", "--snapshot", str(snapshot_file), *args]
    )


def config_file(tmp_path: Path, text: str | bytes, mode: int = 0o600) -> Path:
    path = written(tmp_path, text, "config.toml")
    path.chmod(mode)
    return path


def check_with(config: Path) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config), "check"], env={"MOODLE_TOKEN": ""})


@pytest.mark.parametrize("timeout", ["nan", "inf", "-inf", "0", "0.5", "1e9", "true", '"60"'])
def test_absurd_timeouts_are_one_line(tmp_path: Path, timeout: str) -> None:
    config = config_file(
        tmp_path, f'url = "https://m.example.org"\ntoken = "t0k"\ntimeout = {timeout}\n'
    )
    line = one_error_line(check_with(config))
    assert line.startswith(f"error: {config}: 'timeout' must be a number of seconds from 1 to 3600")


@pytest.mark.parametrize(
    "text, message",
    [
        (
            b'url = "https://m.example.org"\ntoken = "\xff"\n',
            ":2: not UTF-8 text",
        ),
        ('url = "https://m.example.org"\ntoken = "two words"\n', "one word of letters and digits"),
        ('url = "https://m.example.org:99999"\ntoken = "t0k"\n', "must look like"),
        ('url = "https://m.exa mple.org"\ntoken = "t0k"\n', "must look like"),
        ('url = "http://m.example.org"\ntoken = "t0k"\n', "plain http is refused"),
        ("url = [1, 2]\ntoken = 3\n", "needs text values"),
        ("\0", "not valid TOML"),
    ],
)
def test_bad_config_files_are_one_line(tmp_path: Path, text: str | bytes, message: str) -> None:
    config = config_file(tmp_path, text)
    line = one_error_line(check_with(config), f"error: {config}:")
    assert message in line


def test_a_config_path_that_is_a_fifo_is_one_line_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo, 0o600)  # nobody ever writes to it: reading it would wait for ever
    assert one_error_line(check_with(fifo)) == f"error: {fifo}: not a file"


def test_a_config_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    text = 'url = "https://m.example.org"\ntoken = "t0k"\ntimeout = 5\n'
    config = config_file(tmp_path, "\ufeff" + text)
    settings = load_settings({}, config)
    assert (settings.url, settings.token.reveal(), settings.timeout) == (
        "https://m.example.org",
        "t0k",
        5.0,
    )


def test_a_config_path_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir(mode=0o700)
    folder.chmod(0o600)
    assert one_error_line(check_with(folder)) == (
        f"error: {folder}: this is a folder; the config file is a TOML file in it"
    )


def test_a_config_file_that_cannot_be_read_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    config = tmp_path / "file" / "config.toml"
    assert one_error_line(check_with(config)) == (
        f"error: {config}: cannot read the config file: Not a directory"
    )


@pytest.mark.parametrize("target", ["/proc/esito.json", "folder", "file/esito.json"])
def test_an_output_that_cannot_be_written_is_one_line(
    tmp_path: Path, content: Path, target: str
) -> None:
    save_snapshot(snapshot(learner("anna")), tmp_path / "snap.json")
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x")
    out = Path(target) if target.startswith("/") else tmp_path / target
    result = eligibility(content, tmp_path / "snap.json", "--format", "json", "-o", str(out))
    assert one_error_line(result).startswith(f"error: {out}: ")
    plugin = CliRunner().invoke(cli, ["plugin-zip", "-o", str(out)])
    assert one_error_line(plugin).startswith(f"error: {out}: ")


@pytest.mark.parametrize("option", ["--snapshot", "--register", "--credits", "--learners"])
@pytest.mark.parametrize("given", ["a folder", "missing"])
def test_an_input_path_that_is_no_file_is_one_line(
    tmp_path: Path, content: Path, option: str, given: str
) -> None:
    save_snapshot(snapshot(learner("anna")), tmp_path / "snap.json")
    path = tmp_path / "given"
    if given == "a folder":
        path.mkdir()
    args = ["--snapshot", str(tmp_path / "snap.json")] if option != "--snapshot" else []
    result = CliRunner().invoke(
        cli, ["--content", str(content), "eligibility", *args, option, str(path)]
    )
    assert one_error_line(result).startswith(f"error: {path}: ")
