from __future__ import annotations

import pytest

from moodle_sync.moodle import courses
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import MalformedAnswer, ShortnameTaken
from tests.moodle_sync.fake_moodle import FakeMoodle, ws


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
    assert [(s.number, s.name, s.title) for s in courses.sections(client, courseid)] == [
        (0, None, "General"),
        (1, None, "New section"),
        (2, None, "New section"),
        (3, None, "New section"),
    ]
    courses.add_section(client, courseid)
    third = courses.sections(client, courseid)[3]
    courses.rename_section(client, "topics", third.id, "UF3")
    assert [s.name for s in courses.sections(client, courseid)][3:] == ["UF3", None]


def test_texts_and_names_are_read_as_stored_not_as_moodle_formats_them(
    client: MoodleClient, category: int
) -> None:
    name, summary = "L'aula & l'e-learning", "<p>L&#x27;aula &amp; 3 h &lt;sincrone&gt; & più</p>"
    courseid = courses.create_course(
        client,
        {"fullname": name, "shortname": "C1", "idnumber": "C1", "categoryid": category},
        numsections=1,
    )
    courses.update_course(client, courseid, {"summary": summary, "summaryformat": 1})
    section = courses.sections(client, courseid)[1]
    courses.rename_section(client, "topics", section.id, name)
    shown = client.call("core_course_get_courses_by_field", field="id", value=courseid)
    assert shown["courses"][0]["fullname"] == "L'aula &amp; l'e-learning"
    assert shown["courses"][0]["summary"] != summary
    course = courses.find_course(client, "id", courseid)
    assert (course["fullname"], course["summary"]) == (name, summary)
    assert (
        courses.sections(client, courseid)[1].name,
        courses.sections(client, courseid)[1].title,
    ) == (
        name,
        "L'aula &amp; l'e-learning",
    )


@pytest.mark.parametrize(
    "answer, problem",
    [
        ("<html>", "the state should be JSON text"),
        ('{"section": [{}]}', r"section\[0\]\.id is missing"),
        ("{\n<b>\n", r"the state should be JSON text, found '\{\\n<b>\\n'$"),  # one line
    ],
)
def test_a_course_state_without_its_shape_is_a_malformed_answer(
    moodle: FakeMoodle,
    client: MoodleClient,
    category: int,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    problem: str,
) -> None:
    courseid = courses.create_course(
        client, {"fullname": "C", "shortname": "C1", "categoryid": category}, 1
    )
    broken = ws({"courseid": "int"})(lambda caller, courseid: answer)
    monkeypatch.setitem(moodle._functions, "core_courseformat_get_state", broken)
    with pytest.raises(MalformedAnswer, match=f"core_courseformat_get_state: .*{problem}"):
        courses.sections(client, courseid)


def test_a_refused_update_is_raised(client: MoodleClient, category: int) -> None:
    courses.create_course(client, {"fullname": "A", "shortname": "A", "categoryid": category}, 1)
    second = courses.create_course(
        client, {"fullname": "B", "shortname": "B", "categoryid": category}, 1
    )
    with pytest.raises(
        ShortnameTaken, match="core_course_update_courses: Short name is already used"
    ):
        courses.update_course(client, second, {"shortname": "A"})
