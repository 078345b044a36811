"""Text files of the course: UTF-8, of a size a person writes; anything else is one located
error."""

from pathlib import Path

import pytest

from course_model import textfile
from course_model.errors import ContentError, QuizError
from course_model.textfile import control_characters, read_text, without_control_characters


def test_utf8_with_or_without_a_byte_order_mark(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes("\ufeffPerché\n".encode())
    assert read_text(tmp_path / "a.md") == "Perché\n"


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_bytes(b"title: ok\nnote: caff\xe8\n")
    with pytest.raises(ContentError, match="not UTF-8 text") as refused:
        read_text(tmp_path / "a.yml")
    assert (refused.value.path, refused.value.line) == (tmp_path / "a.yml", 2)


def test_missing_a_folder_and_too_large_are_errors_of_the_given_kind(tmp_path, monkeypatch):
    with pytest.raises(QuizError, match="file not found"):
        read_text(tmp_path / "missing.md", QuizError)
    with pytest.raises(ContentError, match="not a file"):
        read_text(tmp_path)
    monkeypatch.setattr(textfile, "MAX_TEXT_BYTES", 2**20)
    (tmp_path / "big.md").write_bytes(b"x" * (2**20 + 1))
    with pytest.raises(ContentError, match="holds 1.0 MB, more than the 1 MB") as refused:
        read_text(tmp_path / "big.md")
    assert refused.value.path == tmp_path / "big.md"


def test_a_link_to_itself_is_an_error_of_the_given_kind(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to("a.md")
    with pytest.raises(QuizError, match="a symbolic link that leads back to itself") as refused:
        read_text(tmp_path / "a.md", QuizError)
    assert refused.value.path == tmp_path / "a.md"


def test_each_control_character_is_an_error_of_its_line_tabs_and_line_ends_are_text() -> None:
    text = "a\tb\r\nc\x0bd\ne\x1f\n"
    errors = control_characters(text, Path("a.md"), QuizError)
    assert [str(error) for error in errors] == [
        "a.md:2: control character U+000B is not allowed",
        "a.md:3: control character U+001F is not allowed",
    ]
    assert all(isinstance(error, QuizError) for error in errors)
    assert without_control_characters(text) == "a\tb\r\nc d\ne \n"
