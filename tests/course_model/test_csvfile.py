from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from course_model.csvfile import (
    parse_date,
    parse_positive_decimal,
    parse_time,
    read_rows,
    refuse,
    write_rows,
)
from course_model.errors import InputError


def test_rows_keep_the_line_they_start_on_across_blank_and_quoted_lines(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('a,b\n1,"two\nlines"\n\n3,4\n5\n', encoding="utf-8")
    rows = read_rows(path, ("b", "a"))
    assert [(r.line, r["a"], r["b"]) for r in rows] == [
        (2, "1", "two\nlines"),
        (5, "3", "4"),
        (6, "5", ""),
    ]


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
    assert (
        str(caught.value)
        == "f.csv:2: early (and 1 more, listed above); nothing was imported from this file"
    )
    assert caught.value.details == "f.csv:2: early\nf.csv:7: late"


def test_crlf_semicolons_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes("\ufeffB;A;C\r\nx;1;z\r\n".encode("utf-8"))
    [row] = read_rows(path, ("a", "b"))
    assert (row.line, row.values, row.problems) == (2, {"a": "1", "b": "x"}, [])


def test_rows_that_could_be_misread(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("a,b\n1,2,5\n3,4\n3,4\n", encoding="utf-8")
    rows = read_rows(path, ("a", "b"))
    assert [r.problems for r in rows] == [
        [
            "the row has 3 cells but the header has 2: "
            "a cell holding ',' must be in quotes (\"2,5\")"
        ],
        [],
        ["the same row is already on line 3"],
    ]


def test_a_header_naming_a_column_twice_and_a_broken_quote(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("a,a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="f.csv:1: the header names a more than once"):
        read_rows(path, ("a",))
    path.write_text('a\n"x"y\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a readable CSV file"):
        read_rows(path, ("a",))


@pytest.mark.parametrize(
    "text, day",
    [
        ("2027-01-11", dt.date(2027, 1, 11)),
        ("11/01/2027", dt.date(2027, 1, 11)),
        ("1/2/2027", dt.date(2027, 2, 1)),
        ("2027-1-11", None),
        ("2027-13-01", None),
        ("31/02/2027", None),
        ("11.01.2027", None),
        ("", None),
    ],
)
def test_dates(text: str, day: dt.date | None) -> None:
    assert parse_date(text) == day


def test_times_and_decimals() -> None:
    assert (parse_time("9:30"), parse_time("23:59"), parse_time("24:00"), parse_time("9.30")) == (
        dt.time(9, 30),
        dt.time(23, 59),
        None,
        None,
    )
    assert (
        parse_positive_decimal("2,5"),
        parse_positive_decimal("2.5"),
        parse_positive_decimal("36"),
        parse_positive_decimal("12,25"),
    ) == (2.5, 2.5, 36, 12.25)
    for text in ("1_0", "1e6", "-3", "0", "-0", "1.000", "2,500", " 4", "", "١٢", "--1", "1-"):
        with pytest.raises(ValueError):
            parse_positive_decimal(text)


def test_written_cells_are_never_formulas() -> None:
    assert write_rows(
        ["name", "note"], [["=HYPERLINK(1)", "+39 081"], ["@x", 3], ["-2", "ok"]]
    ) == ("name,note\n'=HYPERLINK(1),'+39 081\n'@x,3\n'-2,ok\n")
