from moodle_sync.reports.table import hours, render_table


def test_columns_are_aligned() -> None:
    assert render_table(("a", "long header"), [("xyz", 1), ("b", 22)]).splitlines() == [
        "a    long header", "---  -----------", "xyz  1", "b    22"]


def test_hours_drop_needless_decimals() -> None:
    assert (hours(36.0), hours(7.5)) == ("36", "7.5")
