"""Categories, courses and sections through core web services.

What deploy compares with what it would write is read as Moodle stores it: courses with
`moodlewssettingraw=1` (Moodle otherwise cleans summaries and formats names on the way out),
sections from the course editor's state, whose `rawtitle` is the stored name (the contents
function formats section names whatever the setting).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from course_model import shapes
from course_model.i18n import t, tn
from course_model.shapes import ANY, INT, TEXT, Nullable, Optional, Sized
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import MalformedAnswer, moodle_error

COURSE_STATE = "core_courseformat_get_state"

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
STATE = {
    "section": [
        {"id": INT, "number": INT, "title": TEXT, "rawtitle": Nullable(TEXT), "cmlist": [INT]}
    ]
}
WARNING = {"itemid": Optional(ANY), "warningcode": Optional(ANY), "message": Optional(ANY)}


@dataclass(frozen=True, slots=True)
class Section:
    id: int
    number: int
    name: str | None  # as stored; None for a section never named
    title: str  # as Moodle shows it ("New section" for one never named)
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
        raise MalformedAnswer(
            function,
            t("the whole"),
            t("at most one record"),
            tn("{count} record", "{count} records", len(found)),
        )
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
    courses = client.call(
        function, expect={"courses": [COURSE]}, field=field, value=value, moodlewssettingraw=1
    )
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
    """The course's sections in order, with their names as stored."""
    # The state comes as JSON inside the JSON answer.
    text = client.call(COURSE_STATE, expect=TEXT, courseid=courseid)
    try:
        state = shapes.check(json.loads(text), STATE)
    except json.JSONDecodeError:
        raise MalformedAnswer(
            COURSE_STATE, t("the state"), t("JSON text"), shapes.shown(text)
        ) from None
    except shapes.ShapeMismatch as mismatch:
        raise MalformedAnswer(
            COURSE_STATE, mismatch.where, mismatch.expected, mismatch.found
        ) from None
    return [
        Section(
            int(s["id"]),
            int(s["number"]),
            s["rawtitle"],
            s["title"],
            tuple(int(cm) for cm in s["cmlist"]),
        )
        for s in sorted(state["section"], key=lambda s: int(s["number"]))
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
