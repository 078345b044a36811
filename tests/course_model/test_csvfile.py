from __future__ import annotations

from pathlib import Path

import pytest

from course_model.csvfile import read_rows, refuse
from course_model.errors import InputError


def test_rows_keep_their_line_numbers_across_blank_and_quoted_lines(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('a,b\n1,"two\nlines"\n\n3,4\n5\n', encoding="utf-8")
    rows = read_rows(path, ("b", "a"))
    assert [(r.line, r["a"], r["b"]) for r in rows] == [(3, "1", "two\nlines"), (5, "3", "4"), (6, "5", "")]


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_rows(tmp_path / "missing.csv", ("a",))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("a\nperché\n".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        read_rows(latin, ("a",))


def test_refuse_lists_every_problem_sorted() -> None:
    refuse(Path("f.csv"), [], "file")  # nothing to refuse
    with pytest.raises(InputError) as caught:
        refuse(Path("f.csv"), [(7, "late"), (2, "early")], "file")
    assert str(caught.value) == "f.csv:2: early (and 1 more, listed above); nothing was imported from this file"
    assert caught.value.details == "f.csv:2: early\nf.csv:7: late"
