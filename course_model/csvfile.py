"""The CSV files an administrator prepares and receives: one reader, one writer, one set of rules.

Files come from spreadsheets, often exported in an Italian locale, so the reader accepts a
UTF-8 byte-order mark, Windows line ends, `;` as well as `,` between cells (whichever the
header uses), columns in any order (others ignored), dates written YYYY-MM-DD or DD/MM/YYYY
and decimals with a comma or a point. It refuses what could be read two ways: a row with more
cells than the header (an unquoted `2,5` in a comma-separated file), a number that is not a
plain decimal (`1_0`, `1e6`, `1.000` as a thousands separator), the same row twice, a cell
longer than any value of these files (shown cut short in the problems). A file that is not
UTF-8 text, or holds NUL bytes (a binary file), is refused with the line at fault. Every
problem is collected with its line; `refuse` turns them into one error, so a file with any bad
row imports nothing. Reading takes time in proportion to the file's size.

The writer neutralises cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from course_model.errors import InputError
from course_model.i18n import t

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_ITALIAN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)", re.ASCII)
_DECIMAL = re.compile(r"\d+(?:[.,]\d+)?", re.ASCII)
_GROUPED = re.compile(r"\d{1,3}[.,]\d{3}", re.ASCII)  # 1.000 or 2,500: thousands or decimals?
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL = 1000  # characters: a name, an e-mail or a reason is far shorter
MAX_LISTED = 100  # problems listed one a line; the error says how many more there are


@dataclass(slots=True)
class Row:
    """One row: its line in the file, its cells by column name, and what is wrong with it so far."""

    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    duplicate_of: int | None = None  # the line of the same row, when it came earlier

    def __getitem__(self, column: str) -> str:
        return self.values[column]


def read_rows(path: Path, columns: Sequence[str], optional: Sequence[str] = ()) -> list[Row]:
    """The non-blank rows of a CSV whose header names `columns` (and maybe `optional` ones)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            t("cannot read the file: {reason}", reason=exc.strerror or exc), path
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            t("the file is not UTF-8 text; export it as CSV UTF-8"), path, line
        ) from None
    nul = data.find(b"\0")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        raise InputError(
            t("the file holds NUL bytes, so it is not text; export it as CSV UTF-8"), path, line
        )
    first = text[: text.find("\n")] if "\n" in text else text
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        _check_header(path, header, columns)
        wanted = [c for c in (*columns, *optional) if c in header]
        index = {c: header.index(c) for c in wanted}
        rows: list[Row] = []
        seen: dict[tuple[str, ...], int] = {}
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            row = Row(
                line, {c: (cells[i].strip() if i < len(cells) else "") for c, i in index.items()}
            )
            _cut_long_cells(row)
            extra = [cell for cell in cells[len(header) :] if cell.strip()]
            if extra:
                row.problems.append(
                    t(
                        "the row has {cells} cells but the header has {columns}: a cell holding "
                        "'{delimiter}' must be in quotes (\"2{delimiter}5\")",
                        cells=len(cells),
                        columns=len(header),
                        delimiter=delimiter,
                    )
                )
            key = tuple(cell.strip() for cell in cells)
            row.duplicate_of = seen.get(key)
            seen.setdefault(key, line)
            if row.duplicate_of is not None:
                row.problems.append(
                    t("the same row is already on line {line}", line=row.duplicate_of)
                )
            rows.append(row)
    except csv.Error as exc:
        raise InputError(
            t("not a readable CSV file: {problem}", problem=exc), path, reader.line_num or 1
        ) from None
    return rows


def _cut_long_cells(row: Row) -> None:
    """A cell too long for any value is a problem, and is kept cut short so that no message
    repeats all of it."""
    for column, value in row.values.items():
        if len(value) > MAX_CELL:
            row.problems.append(
                t(
                    "{column} holds {count} characters, more than any value",
                    column=column,
                    count=len(value),
                )
            )
            row.values[column] = value[:40] + "…"


def _check_header(path: Path, header: list[str], columns: Sequence[str]) -> None:
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise InputError(
            t("the header names {columns} more than once", columns=", ".join(repeated)), path, 1
        )
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(
            t(
                "the header must name the columns {columns}; missing: {missing}",
                columns=",".join(columns),
                missing=", ".join(missing),
            ),
            path,
            1,
        )


def refuse(path: Path, problems: Iterable[tuple[int, str]], what: str) -> None:
    """Raise one InputError listing every (line, problem), if there are any."""
    problems = sorted(problems)
    if not problems:
        return
    listed = [f"{path}:{line}: {message}" for line, message in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        listed.append(t("… and {count} more", count=len(problems) - MAX_LISTED))
    details = "\n".join(listed)
    line, message = problems[0]
    if len(problems) > 1:
        message = t(
            "{message} (and {count} more, listed above)", message=message, count=len(problems) - 1
        )
    raise InputError(
        t("{message}; nothing was imported from this {what}", message=message, what=what),
        path,
        line,
        details,
    )


def parse_date(text: str) -> dt.date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY, or None when the text is not one."""
    iso, italian = _ISO_DATE.fullmatch(text), _ITALIAN_DATE.fullmatch(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if italian:
            return dt.date(int(italian[3]), int(italian[2]), int(italian[1]))
    except ValueError:
        pass
    return None


def parse_time(text: str) -> dt.time | None:
    """A time of day written HH:MM (or H:MM), or None."""
    match = _TIME.fullmatch(text)
    return dt.time(int(match[1]), int(match[2])) if match else None


def parse_positive_decimal(text: str) -> float:
    """A plain decimal more than 0 (the files count hours), with a comma or a point: 2,5 · 2.5 ·
    36. ValueError, saying why, for anything else (a minus is read only to say that)."""
    unsigned = text.removeprefix("-")
    if not _DECIMAL.fullmatch(unsigned):
        raise ValueError(t("is not a plain decimal number (write 2,5 or 2.5)"))
    if _GROUPED.fullmatch(unsigned):
        raise ValueError(
            t("could be a thousands separator or decimals: write it without (1000, or 1,5)")
        )
    number = float(text.replace(",", "."))
    if number <= 0:
        raise ValueError(t("must be more than 0"))
    return number


def spreadsheet_safe(value: object) -> object:
    """A cell a spreadsheet shows as text, never runs as a formula (numbers are left as they
    are)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_rows(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with every cell made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([spreadsheet_safe(name) for name in header])
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue()
