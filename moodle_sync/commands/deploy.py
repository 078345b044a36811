"""Deploy an edition: read the site, plan the changes as a diff, apply them.

Planning only reads. Every object is looked up by idnumber (sections by number) before
anything is created, so applying a plan twice, or again after a run that failed half-way,
leaves one of each: the second plan simply has less (or nothing) in it. Texts are compared
exactly with what Moodle stores (the readers in moodle/ read stored values, not the ones Moodle
formats for display), so a value written once reads back equal and is never written again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from course_model.i18n import t, tn
from moodle_sync.moodle import assign, courses, scorm
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import SiteError
from moodle_sync.rules.course_layout import ActivitySpec, AssignSpec, CourseLayout, CourseSpec


@dataclass
class Target:
    """The ids an applied plan works on; those not known when planning are filled in as it goes."""

    client: MoodleClient
    category_id: int | None
    course_id: int | None
    course_format: str
    section_ids: dict[int, int] = field(default_factory=dict)

    def section_id(self, number: int) -> int:
        if number not in self.section_ids:
            assert self.course_id is not None, "sections are resolved after the course exists"
            self.section_ids = {
                s.number: s.id for s in courses.sections(self.client, self.course_id)
            }
        return self.section_ids[number]


@dataclass(frozen=True)
class Action:
    symbol: str  # "+" creates, "~" changes
    subject: str
    changes: tuple[str, ...]
    run: Callable[[Target], None]

    def render(self) -> str:
        return "\n".join(
            [f"{self.symbol} {self.subject}", *(f"    {change}" for change in self.changes)]
        )


@dataclass(frozen=True)
class DeployPlan:
    actions: tuple[Action, ...]
    target: Target

    def render(self) -> str:
        if not self.actions:
            return t("Nothing to change: the site already matches the build.")
        return "\n".join(action.render() for action in self.actions)


def _short(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= 100 else text[:97] + "...")


def _shown_name(section: courses.Section | None) -> str:
    """A section's current name in the diff (a section being added has none yet)."""
    if section is None or section.name is None:
        return t("(no name)")
    return _short(section.name)


def _course_changes(
    course: dict[str, Any], spec: CourseSpec, category_id: int | None
) -> dict[str, Any]:
    """The fields to update; a category_id of None means the category is created by this plan."""
    wanted = spec.fields(category_id or 0)
    changed = {
        name: wanted[name]
        for name in (
            "fullname",
            "shortname",
            "categoryid",
            "startdate",
            "enddate",
            "enablecompletion",
        )
        if str(course.get(name)) != str(wanted[name])
    }
    if category_id is None:
        changed["categoryid"] = None  # known once the category exists
    if course.get("summary") != spec.summary or str(course.get("summaryformat")) != "1":
        changed.update(summary=spec.summary, summaryformat=1)
    return changed


def _plan_course(
    client: MoodleClient,
    layout: CourseLayout,
    category: dict[str, Any] | None,
    actions: list[Action],
) -> dict[str, Any] | None:
    spec = layout.course
    course = courses.find_course(client, "idnumber", spec.idnumber)
    if course is None:
        clash = courses.find_course(client, "shortname", spec.shortname)
        if clash is not None:
            raise SiteError(
                t(
                    "the shortname {shortname} belongs to course id {id} whose idnumber is "
                    "{other}, not {idnumber}: give that course another shortname, or its idnumber "
                    "this edition code",
                    shortname=spec.shortname,
                    id=clash["id"],
                    other=repr(clash.get("idnumber")),
                    idnumber=repr(spec.idnumber),
                )
            )

        def create(target: Target) -> None:
            assert target.category_id is not None
            target.course_id = courses.create_course(
                target.client, spec.fields(target.category_id), len(layout.sections)
            )

        actions.append(
            Action(
                "+",
                t("course {name}", name=spec.shortname),
                (
                    f"fullname {_short(spec.fullname)}",
                    t("category {idnumber}", idnumber=layout.category.idnumber),
                    tn(
                        "{count} section, completion tracking on, hour plan in the summary",
                        "{count} sections, completion tracking on, hour plan in the summary",
                        len(layout.sections),
                    ),
                ),
                create,
            )
        )
        return None
    changed = _course_changes(course, spec, int(category["id"]) if category else None)
    if changed:

        def update(target: Target) -> None:
            assert target.course_id is not None
            fields = (
                dict(changed, categoryid=target.category_id) if "categoryid" in changed else changed
            )
            courses.update_course(target.client, target.course_id, fields)

        new_category = t("new category")
        shown = [
            f"{name}: {_short(course.get(name))} -> "
            f"{_short(value if value is not None else new_category)}"
            for name, value in changed.items()
            if name not in ("summary", "summaryformat")
        ]
        if "summary" in changed:
            shown.append(t("summary: hour plan updated"))
        actions.append(Action("~", t("course {name}", name=spec.shortname), tuple(shown), update))
    return course


def _plan_sections(
    client: MoodleClient, layout: CourseLayout, course: dict[str, Any] | None, actions: list[Action]
) -> None:
    course_id = int(course["id"]) if course else None
    present = {s.number: s for s in courses.sections(client, course_id)} if course_id else {}
    created_with_course = course is None
    for spec in layout.sections:
        if not created_with_course and spec.number not in present:
            actions.append(
                Action(
                    "+",
                    t("section {number}", number=spec.number),
                    (),
                    lambda target: courses.add_section(target.client, target.course_id),
                )
            )
        current = present.get(spec.number)
        if current is None or current.name != spec.name:

            def rename(target: Target, spec=spec) -> None:
                courses.rename_section(
                    target.client, target.course_format, target.section_id(spec.number), spec.name
                )

            actions.append(
                Action(
                    "~",
                    t("section {number}", number=spec.number),
                    (f"name: {_shown_name(current)} -> {_short(spec.name)}",),
                    rename,
                )
            )


def _save(spec: ActivitySpec, upload: bool) -> Callable[[Target], None]:
    def run(target: Target) -> None:
        assert target.course_id is not None
        draft = target.client.upload(spec.package.name, spec.package.read_bytes()) if upload else 0
        scorm.save_scorm(
            target.client,
            courseid=target.course_id,
            section=spec.section,
            idnumber=spec.idnumber,
            name=spec.name,
            intro=spec.intro,
            draftitemid=draft,
            settings=spec.settings,
        )

    return run


def _activity_changes(found: dict[str, Any], spec: ActivitySpec) -> list[str]:
    changes = []
    if found.get("sha1hash") != spec.sha1:
        changes.append(
            f"package: {str(found.get('sha1hash'))[:12]} -> {spec.sha1[:12]} ({spec.package.name})"
        )
    return changes + _placed_changes(found, spec)


def _placed_changes(found: dict[str, Any], spec: ActivitySpec | AssignSpec) -> list[str]:
    """Name, description, section and settings of an activity that differ from the spec."""
    changes = []
    if found.get("name") != spec.name:
        changes.append(f"name: {_short(found.get('name'))} -> {_short(spec.name)}")
    if found.get("intro") != spec.intro:
        changes.append(f"intro: {_short(found.get('intro'))} -> {_short(spec.intro)}")
    if int(found.get("section", -1)) != spec.section:
        changes.append(f"section: {found.get('section')} -> {spec.section}")
    changes += [f"{name}: {old} -> {new}" for name, old, new in spec.settings.differences(found)]
    return changes


def _plan_activities(
    client: MoodleClient, layout: CourseLayout, course: dict[str, Any] | None, actions: list[Action]
) -> None:
    existing: dict[str, dict[str, Any]] = {}
    if course is not None:
        for found in scorm.scorms_in_course(client, int(course["id"])):
            idnumber = scorm.course_module(client, int(found["coursemodule"])).get("idnumber") or ""
            existing[idnumber] = found
    for spec in layout.activities:
        found = existing.get(spec.idnumber)
        if found is None:
            actions.append(
                Action(
                    "+",
                    f"SCORM {spec.idnumber}",
                    (
                        t(
                            "name {name} in section {section}",
                            name=_short(spec.name),
                            section=spec.section,
                        ),
                        t(
                            "package {file} (sha1 {sha1})",
                            file=spec.package.name,
                            sha1=spec.sha1[:12],
                        ),
                    ),
                    _save(spec, upload=True),
                )
            )
            continue
        changes = _activity_changes(found, spec)
        if changes:
            replaced = found.get("sha1hash") != spec.sha1
            actions.append(
                Action("~", f"SCORM {spec.idnumber}", tuple(changes), _save(spec, upload=replaced))
            )


def _save_assign(spec: AssignSpec) -> Callable[[Target], None]:
    """Save the assignment with every material in a new draft: Moodle's activity form saves the
    description's files the same way, as the draft holds them, so the site ends with exactly the
    task's materials, whatever it held before."""

    def run(target: Target) -> None:
        assert target.course_id is not None
        assign.save_assign(
            target.client,
            courseid=target.course_id,
            section=spec.section,
            idnumber=spec.idnumber,
            name=spec.name,
            intro=spec.intro,
            draftitemid=assign.upload_materials(target.client, spec.materials),
            settings=spec.settings,
        )

    return run


def _plan_assigns(
    client: MoodleClient, layout: CourseLayout, course: dict[str, Any] | None, actions: list[Action]
) -> None:
    """One assignment per practical task, compared with what the plugin reads as stored."""
    existing: dict[str, dict[str, Any]] = {}
    if course is not None and layout.assigns:
        existing = {a["idnumber"]: a for a in assign.course_assigns(client, int(course["id"]))}
    for spec in layout.assigns:
        found = existing.get(spec.idnumber)
        if found is None:
            criteria = len(spec.settings.rubric)
            actions.append(
                Action(
                    "+",
                    t("assignment {idnumber}", idnumber=spec.idnumber),
                    (
                        t(
                            "name {name} in section {section}",
                            name=_short(spec.name),
                            section=spec.section,
                        ),
                        t(
                            "grade {grade:g}, to pass {gradepass:g}, rubric of {criteria} criteria",
                            grade=spec.settings.grade,
                            gradepass=spec.settings.gradepass,
                            criteria=criteria,
                        ),
                        *_materials_line(assign.material_changes([], spec.materials)),
                    ),
                    _save_assign(spec),
                )
            )
            continue
        changes = _placed_changes(found, spec)
        changes += _materials_line(assign.material_changes(found["introfiles"], spec.materials))
        if changes:
            actions.append(
                Action(
                    "~",
                    t("assignment {idnumber}", idnumber=spec.idnumber),
                    tuple(changes),
                    _save_assign(spec),
                )
            )


def _materials_line(changes: list[str]) -> list[str]:
    """The diff's line for the files of an assignment's description, if any change."""
    return [t("materials: {changes}", changes=", ".join(changes))] if changes else []


def plan_deploy(client: MoodleClient, layout: CourseLayout) -> DeployPlan:
    """Read the site and list what must change for it to match `layout`; nothing is written."""
    actions: list[Action] = []
    category = courses.find_category(client, layout.category.idnumber)
    if category is None:
        spec = layout.category

        def create_category(target: Target) -> None:
            target.category_id = courses.create_category(target.client, spec.name, spec.idnumber)

        actions.append(
            Action(
                "+",
                t("category {idnumber}", idnumber=spec.idnumber),
                (f"name {_short(spec.name)}",),
                create_category,
            )
        )
    course = _plan_course(client, layout, category, actions)
    _plan_sections(client, layout, course, actions)
    _plan_activities(client, layout, course, actions)
    _plan_assigns(client, layout, course, actions)
    target = Target(
        client,
        int(category["id"]) if category else None,
        int(course["id"]) if course else None,
        str(course.get("format", courses.FORMAT)) if course else courses.FORMAT,
    )
    return DeployPlan(tuple(actions), target)


def apply_plan(plan: DeployPlan, done: Callable[[Action], None] = lambda action: None) -> None:
    """Run the actions in order; a failure stops here, and planning again picks up from the
    site's state."""
    for action in plan.actions:
        action.run(plan.target)
        done(action)
