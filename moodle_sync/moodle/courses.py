"""Categories, courses and sections through core web services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from course_model.shapes import ANY, INT, TEXT, Optional, Sized
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import MalformedAnswer, moodle_error

FORMAT = "topics"
COURSE = {
    "id": INT,
    "shortname": TEXT,
    "fullname": TEXT,
    "idnumber": TEXT,
    "categoryid": INT,
    "summary": TEXT,
    "startdate": INT,
    "enddate": INT,
    "format": Optional(TEXT),
    "enablecompletion": Optional(INT),
}
SECTION = {
    "id": INT,
    "section": INT,
    "name": TEXT,
    "modules": Optional([{"id": INT, "instance": Optional(INT), "modname": TEXT, "name": TEXT}]),
}
WARNING = {"itemid": Optional(ANY), "warningcode": Optional(ANY), "message": Optional(ANY)}


@dataclass(frozen=True)
class Section:
    id: int
    number: int
    name: str
    module_ids: tuple[int, ...]


def _the_one(
    function: str, found: list[dict[str, Any]], field: str, value: str | int
) -> dict[str, Any] | None:
    """The record asked for by a unique field, or None; anything else is no answer to the question
    (a record with another value, or two records), and nothing is decided from it."""
    for index, record in enumerate(found):
        if str(record[field]) != str(value):
            raise MalformedAnswer(
                function, f"[{index}].{field}", repr(str(value)), repr(record[field])
            )
    if len(found) > 1:
        raise MalformedAnswer(function, "the whole", "at most one record", f"{len(found)} records")
    return found[0] if found else None


def find_category(client: MoodleClient, idnumber: str) -> dict[str, Any] | None:
    function = "core_course_get_categories"
    found = client.call(
        function,
        expect=[{"id": INT, "name": TEXT, "idnumber": TEXT}],
        criteria=[{"key": "idnumber", "value": idnumber}],
        addsubcategories=False,
    )
    return _the_one(function, found, "idnumber", idnumber)


def create_category(client: MoodleClient, name: str, idnumber: str, description: str = "") -> int:
    created = client.call(
        "core_course_create_categories",
        expect=Sized(1, [{"id": INT}]),
        categories=[
            {
                "name": name,
                "parent": 0,
                "idnumber": idnumber,
                "description": description,
                "descriptionformat": 1,
            }
        ],
    )
    return int(created[0]["id"])


def find_course(client: MoodleClient, field: str, value: str | int) -> dict[str, Any] | None:
    """The course whose `field` (id, shortname, idnumber) equals `value`, or None."""
    function = "core_course_get_courses_by_field"
    courses = client.call(function, expect={"courses": [COURSE]}, field=field, value=value)
    return _the_one(function, courses["courses"], field, value)


def create_course(client: MoodleClient, fields: Mapping[str, Any], numsections: int) -> int:
    course = {
        **fields,
        "format": FORMAT,
        "courseformatoptions": [{"name": "numsections", "value": numsections}],
    }
    return int(
        client.call("core_course_create_courses", expect=Sized(1, [{"id": INT}]), courses=[course])[
            0
        ]["id"]
    )


def update_course(client: MoodleClient, courseid: int, fields: Mapping[str, Any]) -> None:
    """Update a course; Moodle reports a refused update as a warning, which is raised here."""
    function = "core_course_update_courses"
    answer = client.call(
        function, expect={"warnings": Optional([WARNING])}, courses=[{"id": courseid, **fields}]
    )
    refused = [
        w for w in answer.get("warnings", []) if w.get("itemid") in (courseid, str(courseid))
    ]
    if refused:
        raise moodle_error(
            function,
            {"errorcode": refused[0].get("warningcode"), "message": refused[0].get("message")},
        )


def sections(client: MoodleClient, courseid: int) -> list[Section]:
    contents = client.call(
        "core_course_get_contents",
        expect=[SECTION],
        courseid=courseid,
        options=[{"name": "excludecontents", "value": "true"}],
    )
    return [
        Section(
            int(s["id"]),
            int(s["section"]),
            str(s["name"]),
            tuple(int(m["id"]) for m in s.get("modules", [])),
        )
        for s in contents
    ]


def add_section(client: MoodleClient, courseid: int) -> None:
    """Append one section at the end of the course (its id is read back with `sections`)."""
    client.call("core_courseformat_update_course", action="section_add", courseid=courseid)


def rename_section(client: MoodleClient, course_format: str, section_id: int, name: str) -> None:
    client.call(
        "core_update_inplace_editable",
        component=f"format_{course_format}",
        itemtype="sectionname",
        itemid=section_id,
        value=name,
    )
