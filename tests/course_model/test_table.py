from course_model.table import render_table


def test_columns_are_aligned() -> None:
    assert render_table(("a", "long header"), [("xyz", 1), ("b", 22)]).splitlines() == [
        "a    long header",
        "---  -----------",
        "xyz  1",
        "b    22",
    ]
