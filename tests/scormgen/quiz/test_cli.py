from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from scormgen.cli import main
from scormgen.quiz.cli import identifier_for, read_quiz
from tests.conftest import in_both_languages

REPO = Path(__file__).resolve().parents[3]
QUIZ = "Quiz title: Verifica\n\n1.  Vero?\n*a) Vero\nb)  Falso\n\nPoints: 2\n2.  Sigla?\n*   CRM\n"


def run(*args: str):
    return CliRunner().invoke(main, ["quiz", "convert", *args])


@pytest.fixture
def quiz_file(tmp_path: Path) -> Path:
    path = tmp_path / "uf1.md"
    path.write_text(QUIZ, encoding="utf-8")
    return path


def test_convert_to_qti21_beside_the_file(quiz_file: Path):
    result = run(str(quiz_file), "--to", "qti21")
    assert result.exit_code == 0, result.output
    assert result.output == f"{quiz_file.with_suffix('.zip')}: 2 questions, 3 points\n"
    with zipfile.ZipFile(quiz_file.with_suffix(".zip")) as archive:
        assert "imsmanifest.xml" in archive.namelist() and "assessment.xml" in archive.namelist()
        assert b'identifier="uf1"' in archive.read("assessment.xml")


def test_convert_to_moodle_xml_with_output_and_category(quiz_file: Path, tmp_path: Path):
    out = tmp_path / "out" / "bank.xml"
    result = run(str(quiz_file), "--to", "moodle-xml", "-o", str(out), "--category", "UF1")
    assert result.exit_code == 0, result.output
    assert etree.parse(str(out)).findtext("question/category/text") == "$course$/top/UF1"


def test_gift_files_are_read_as_gift(tmp_path: Path):
    path = tmp_path / "domande.gift"
    path.write_text("Vero?{T}\n\nQuanto?{#3:1}\n", encoding="utf-8")
    assert [q.kind for q in read_quiz(path).questions()] == ["single", "numerical"]
    assert run(str(path), "--to", "qti21").exit_code == 0


def test_errors_are_one_line_with_file_and_line_and_exit_1(tmp_path: Path):
    path = tmp_path / "bad.md"
    path.write_text("1.  Domanda?\n*a) sì\n*b) no\n", encoding="utf-8")
    result = run(str(path), "--to", "qti21")
    assert result.exit_code == 1
    assert result.output == (
        f"error: {path}:1: this single-choice question has more than one correct choice: "
        "mark one, or make it a multiple-answer question\n"
    )
    assert not path.with_suffix(".zip").exists()


def test_a_syntax_error_in_the_user_s_language(tmp_path: Path):
    path = tmp_path / "bad.md"
    path.write_text("Mastery: tanto\n\n1.  Domanda?\n*a) sì\nb)  no\n", encoding="utf-8")
    italian, english = in_both_languages(main, ["quiz", "convert", str(path), "--to", "qti21"])
    assert italian.exit_code == english.exit_code == 1
    assert italian.output == (
        f"errore: {path}:1: attesa una soglia di superamento da 0% a 100%, come 'Mastery: 60%', "
        "non 'tanto'\n"
    )
    assert english.output == (
        f"error: {path}:1: expected a pass mark from 0% to 100%, like 'Mastery: 60%', not 'tanto'\n"
    )


def test_the_summary_in_the_user_s_language(quiz_file: Path):
    italian, english = in_both_languages(main, ["quiz", "convert", str(quiz_file), "--to", "qti21"])
    assert italian.output == f"{quiz_file.with_suffix('.zip')}: 2 domande, 3 punti\n"
    assert english.output == f"{quiz_file.with_suffix('.zip')}: 2 questions, 3 points\n"


def test_unknown_format_is_refused(quiz_file: Path):
    result = run(str(quiz_file), "--to", "pdf")
    assert result.exit_code == 2 and "moodle-xml" in result.output


@pytest.mark.parametrize(
    "name, expected", [("uf1.md", "uf1"), ("1 quiz è.md", "quiz-1-quiz"), ("...md", "quiz")]
)
def test_identifiers_from_file_names(name, expected):
    assert identifier_for(Path(name)) == expected


def test_quiz_convert_does_not_load_what_it_does_not_use(quiz_file: Path):
    code = (
        "import sys; from scormgen.cli import main\n"
        "try: main(['quiz', 'convert', sys.argv[1], '--to', 'moodle-xml'])\n"
        "except SystemExit: pass\n"
        "print('loaded:', *sorted({m.split('.')[0] for m in sys.modules}"
        " & {'jinja2', 'requests', 'yaml', 'markdown'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(quiz_file)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines()[-1] == "loaded:"


@pytest.mark.parametrize("fmt", ["qti21", "moodle-xml"])
def test_the_output_never_replaces_the_quiz(quiz_file: Path, fmt: str):
    for output in (quiz_file, quiz_file.parent / "." / quiz_file.name):
        result = run(str(quiz_file), "--to", fmt, "-o", str(output))
        assert result.exit_code == 1
        assert result.output == (
            f"error: {output}: the command reads this file ({quiz_file}): writing over it would "
            "lose it; name another file to write\n"
        )
    bank = quiz_file.rename(quiz_file.with_suffix(".xml"))  # the default output is FILE.xml
    assert run(str(bank), "--to", "moodle-xml").exit_code == 1
    assert bank.read_text(encoding="utf-8") == QUIZ


def test_convert_to_standard_output(quiz_file: Path):
    result = CliRunner().invoke(
        main, ["quiz", "convert", str(quiz_file), "--to", "moodle-xml", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"<?xml") and b"<question" in result.stdout_bytes
    assert result.stderr == "-: 2 questions, 3 points\n"
    assert not (quiz_file.parent / "-").exists()
