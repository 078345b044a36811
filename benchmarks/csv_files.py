"""Reading the administrator's CSV files at growing sizes: time per row must stay flat.

A register of 10,000, 100,000 and 1,000,000 rows (every row valid), then the same sizes with
every row repeated (a problem on every second row, the details cut at csvfile.MAX_LISTED).
Time and time per row for each: a reader that is linear keeps microseconds per row about the
same from one size to the next; a quadratic one multiplies them by ten at each step.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from course_model.errors import InputError  # noqa: E402
from moodle_sync.files.register import load_register  # noqa: E402

HEADER = "username,date,start,end,modality\n"
FIRST_DAY = dt.date(2027, 1, 11)


def register(rows: int, repeated: bool) -> str:
    days = [FIRST_DAY + dt.timedelta(days=day) for day in range(300)]
    lines = [
        f"u{i // 300},{days[i % 300]},09:00,13:00,aula\n"
        for i in range(rows // (2 if repeated else 1))
    ]
    return HEADER + "".join(line * 2 for line in lines) if repeated else HEADER + "".join(lines)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "registro.csv"
        print(f"{'rows':>10}  {'kind':<9}  {'seconds':>8}  {'µs/row':>7}")
        for repeated in (False, True):
            for rows in (10_000, 100_000, 1_000_000):
                path.write_text(register(rows, repeated), encoding="utf-8")
                start = time.perf_counter()
                try:
                    load_register(path)
                except InputError:
                    pass
                seconds = time.perf_counter() - start
                kind = "repeated" if repeated else "valid"
                print(f"{rows:>10,}  {kind:<9}  {seconds:8.2f}  {seconds / rows * 1e6:7.1f}")


if __name__ == "__main__":
    main()
