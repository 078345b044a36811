"""Reading the CSV files an administrator prepares: header by name, every row with its line number.

Files come from spreadsheets, so a UTF-8 byte-order mark and `;` as the separator (what
Excel writes in an Italian locale) are accepted. Checking rows is the caller's job; `refuse`
turns all the problems found into one error, so a file with any bad row imports nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from course_model.errors import InputError


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


def read_rows(path: Path, columns: Sequence[str]) -> list[Row]:
    """The non-blank rows of a CSV whose header holds `columns` (in any order, others ignored)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", path) from None
    except UnicodeDecodeError:
        raise InputError("the file is not UTF-8 text; export it as CSV UTF-8", path) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(f"the header must name the columns {','.join(columns)}; missing: {', '.join(missing)}",
                         path, 1)
    index = {c: header.index(c) for c in columns}
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        rows.append(Row(reader.line_num, {c: cells[i].strip() for c, i in index.items()}))
    return rows


def refuse(path: Path, problems: list[tuple[int, str]], what: str) -> None:
    """Raise one InputError listing every (line, problem), if there are any."""
    if not problems:
        return
    problems = sorted(problems)
    details = "\n".join(f"{path}:{line}: {message}" for line, message in problems)
    line, message = problems[0]
    more = f" (and {len(problems) - 1} more, listed above)" if len(problems) > 1 else ""
    raise InputError(f"{message}{more}; nothing was imported from this {what}", path, line, details)
