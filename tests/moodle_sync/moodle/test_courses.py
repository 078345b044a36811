from __future__ import annotations

import pytest

from moodle_sync.moodle import courses
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import ShortnameTaken


@pytest.fixture
def category(client: MoodleClient) -> int:
    return courses.create_category(client, "Qualificazioni", "qual")


def test_categories_are_found_by_idnumber(client: MoodleClient, category: int) -> None:
    assert courses.find_category(client, "qual")["id"] == category
    assert courses.find_category(client, "other") is None


def test_a_course_with_its_sections(client: MoodleClient, category: int) -> None:
    courseid = courses.create_course(
        client,
        {"fullname": "C", "shortname": "C1", "idnumber": "C1", "categoryid": category},
        numsections=3,
    )
    assert courses.find_course(client, "idnumber", "C1")["id"] == courseid
    assert [(s.number, s.name) for s in courses.sections(client, courseid)] == [
        (0, "General"),
        (1, "New section"),
        (2, "New section"),
        (3, "New section"),
    ]
    courses.add_section(client, courseid)
    third = courses.sections(client, courseid)[3]
    courses.rename_section(client, "topics", third.id, "UF3")
    assert [s.name for s in courses.sections(client, courseid)][3:] == ["UF3", "New section"]


def test_a_refused_update_is_raised(client: MoodleClient, category: int) -> None:
    courses.create_course(client, {"fullname": "A", "shortname": "A", "categoryid": category}, 1)
    second = courses.create_course(
        client, {"fullname": "B", "shortname": "B", "categoryid": category}, 1
    )
    with pytest.raises(
        ShortnameTaken, match="core_course_update_courses: Short name is already used"
    ):
        courses.update_course(client, second, {"shortname": "A"})
