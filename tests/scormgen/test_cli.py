import os
from pathlib import Path

from click.testing import CliRunner

from scormgen.cli import main
from tests.conftest import ITALIAN_LOCALE, in_both_languages


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_prints_a_line_per_unit_and_a_summary(course_dir, tmp_path):
    result = run("build", "--content", str(course_dir), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("uf1-prima") and "scorm12" in lines[0] and "scorm2004" in lines[0]
    assert lines[1].startswith("uf2-seconda")
    assert lines[-1].startswith("built 2 units, 8 files in ")
    assert "qti21" in lines[0] and "moodle" in lines[0]


def test_a_unit_built_again_in_fewer_formats_says_which_files_it_lost(course_dir, tmp_path):
    out = tmp_path / "out"
    build = ("build", "--content", str(course_dir), "--out", str(out))
    run(*build)
    result = run(*build, "--unit", "uf2-seconda", "--format", "scorm12")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: scorm2004/uf2-seconda.zip, qti21/uf2-seconda.zip, moodle/uf2-seconda.xml of "
        "the previous build removed: this build does not make them for uf2-seconda\n"
    )
    assert sorted(p.name for p in out.glob("*/uf2-seconda.*")) == ["uf2-seconda.zip"]
    assert len(list(out.glob("*/uf1-prima.*"))) == 4  # the other unit keeps every format
    again = run(*build, "--unit", "uf2-seconda", "--format", "scorm12")
    assert again.exit_code == 0 and again.stderr == ""  # nothing more to lose
    # A unit taken out of the plan loses its files at the next build of some units.
    plan = course_dir / "course.yml"
    plan.write_text(plan.read_text().split("  - id: uf2-seconda")[0])
    dropped = run(*build, "--unit", "uf1-prima", "--format", "scorm12")
    assert dropped.exit_code == 0, dropped.output
    assert dropped.stderr.splitlines()[-1] == (
        "warning: scorm12/uf2-seconda.zip of the previous build removed: this build does not "
        "make them for uf2-seconda"
    )
    assert not list(out.glob("*/uf2-seconda.*"))
    # A build of every unit in fewer formats says so too.
    whole = run(*build, "--format", "qti21")
    assert whole.exit_code == 0, whole.output
    assert whole.stderr == (
        "warning: scorm12/uf1-prima.zip of the previous build removed: this build does not make "
        "them for uf1-prima\n"
    )


def test_content_errors_are_one_line_each_as_check_writes_them_and_exit_1(course_dir, tmp_path):
    lesson = course_dir / "uf1-prima" / "02-chiusura.md"
    lesson.write_text(lesson.read_text().replace("covers: [A2]", "covers: [Z1]"))
    other = course_dir / "uf2-seconda" / "01-unica.md"
    other.write_text(other.read_text().replace("duration: 20", "duration: -1"))
    result = run("build", "--content", str(course_dir), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output == (
        f"{lesson}:4: error: covers 'Z1', which is not an item of UF 1001 (A1, A2, K1)\n"
        f"{other}:3: error: 'duration' is a positive number of minutes\n"
        "error: 2 errors in the content: nothing was built\n"
    )
    checked = run("check", "--content", str(course_dir))
    assert set(result.output.splitlines()[:2]) <= set(checked.output.splitlines())
    assert not (tmp_path / "out").exists()


def test_unknown_format(course_dir, tmp_path):
    result = run("build", "--content", str(course_dir), "--format", "scorm3000")
    assert result.exit_code == 1 and "unknown format scorm3000" in result.output


def test_check_exit_codes(course_dir):
    assert run("check", "--content", str(course_dir)).output == "content OK\n"
    (course_dir / "uf2-seconda" / "01-unica.md").write_text("no front matter\n")
    result = run("check", "--content", str(course_dir))
    assert result.exit_code == 1 and "front matter" in result.output


def test_validate_reports_each_package(course_dir, tmp_path, schema_set):
    run("build", "--content", str(course_dir), "--out", str(tmp_path / "out"))
    good = tmp_path / "out" / "scorm12" / "uf1-prima.zip"
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"nope")
    result = run("validate", str(good), str(bad), "--schemas", str(schema_set.folder))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"{good}: OK"
    assert result.output.splitlines()[1].startswith(f"{bad}: error: cannot read the zip")


def test_validate_labels_problems_in_the_user_s_language(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"nope")
    italian, english = in_both_languages(main, ["validate", str(bad)])
    assert italian.output.startswith(f"{bad}: errore: ")
    assert english.output.startswith(f"{bad}: error: ")


def test_an_output_path_that_is_a_file_is_refused(course_dir, tmp_path):
    taken = tmp_path / "build"
    taken.write_text("not a folder")
    result = run("build", "--content", str(course_dir), "--out", str(taken))
    assert result.exit_code == 1
    assert result.output == f"error: {taken}: this is a file; the build's output goes in a folder\n"
    assert taken.read_text() == "not a folder"


def test_an_output_folder_that_cannot_be_made_is_one_line(course_dir, tmp_path):
    (tmp_path / "file").write_text("x")
    result = run("build", "--content", str(course_dir), "--out", str(tmp_path / "file" / "build"))
    assert result.exit_code == 1
    assert result.output == (
        f"error: {tmp_path / 'file'}: this is a file; the build's output goes in a folder\n"
    )


def test_file_system_errors_of_any_command_are_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    quiz = Path(__file__).resolve().parents[2] / "quizzes" / "uf1.md"
    result = run(
        "quiz", "convert", str(quiz), "--to", "qti21", "-o", str(tmp_path / "file" / "uf1.zip")
    )
    assert result.exit_code == 1
    assert (
        result.output == f"error: {tmp_path / 'file' / 'uf1.zip'}: cannot write here: File exists\n"
    )


def test_the_same_error_in_the_user_s_language(tmp_path):
    missing = tmp_path / "nothing-here"
    args = ["build", "--content", str(missing), "--out", str(tmp_path / "out")]
    italian, english = in_both_languages(main, args)
    assert italian.exit_code == english.exit_code == 1
    assert italian.output == (
        f"{missing / 'standard.yml'}: errore: file non trovato\n"
        "errore: 1 errore nei contenuti: non è stato generato nulla\n"
    )
    assert english.output == (
        f"{missing / 'standard.yml'}: error: file not found\n"
        "error: 1 error in the content: nothing was built\n"
    )
    forced = CliRunner().invoke(main, ["--lang", "en", *args], env=ITALIAN_LOCALE)
    assert forced.output == english.output


def test_check_counts_errors_with_plurals_in_both_languages(tmp_path):
    italian, english = in_both_languages(
        main, ["check", "--content", str(tmp_path / "nothing-here")]
    )
    assert english.output.endswith("\n1 error, 0 warnings\n")
    assert italian.output.endswith("\n1 errore, 0 avvisi\n")


def test_validate_names_what_is_not_a_package_file_without_waiting_on_it(tmp_path):
    fifo = tmp_path / "pacchetto.zip"
    os.mkfifo(fifo)  # nobody writes to it: reading it would wait for ever
    result = run("validate", str(fifo), str(tmp_path), str(tmp_path / "manca.zip"))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{fifo}: error: not a file",
        f"{tmp_path}: error: not a file",
        f"{tmp_path / 'manca.zip'}: error: file not found",
    ]
