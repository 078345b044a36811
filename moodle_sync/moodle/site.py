"""What the site offers this token: Moodle version, callable functions, the plugin (`check`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from course_model.i18n import t, tn
from course_model.shapes import ANY, FLAG, TEXT, Optional
from course_model.table import render_table
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import FunctionNotAvailable, RecordNotFound, SiteError

PLUGIN = "local_scormsync"
SERVICE = "moodle_sync"
SAVE_SCORM = "local_scormsync_save_scorm"
COURSE_REPORT = "local_scormsync_get_course_report"
SAVE_ASSIGN = "local_scormsync_save_assign"
GET_ASSIGNS = "local_scormsync_get_assigns"
SESSIONS = "local_scormsync_get_sessions"

# Every function moodle-sync calls, with what it is for. The plugin's db/services.php
# defines a service holding exactly these (a test keeps the two lists equal).
NEEDED_FUNCTIONS: dict[str, str] = {
    "core_webservice_get_site_info": "check",
    "core_course_get_categories": "deploy",
    "core_course_create_categories": "deploy",
    "core_course_get_courses_by_field": "deploy, enrol, learners, report",
    "core_course_create_courses": "deploy",
    "core_course_update_courses": "deploy",
    "core_course_get_contents": "report",
    "core_courseformat_get_state": "deploy",
    "core_courseformat_update_course": "deploy",
    "core_update_inplace_editable": "deploy",
    "core_course_get_course_module": "deploy, report",
    "mod_scorm_get_scorms_by_courses": "deploy, report",
    "mod_scorm_get_scorm_scoes": "report",
    "mod_scorm_get_scorm_sco_tracks": "report",
    "core_completion_get_activities_completion_status": "report",
    "core_completion_get_course_completion_status": "report",
    "gradereport_user_get_grade_items": "report",
    "core_user_get_users_by_field": "enrol",
    "core_user_create_users": "enrol",
    "core_user_update_users": "enrol",
    "core_user_get_user_preferences": "learners",
    "core_enrol_get_enrolled_users": "enrol, learners, report",
    "enrol_manual_enrol_users": "enrol",
    SAVE_SCORM: "deploy (plugin)",
    COURSE_REPORT: "report (plugin)",
    SAVE_ASSIGN: "deploy (plugin)",
    GET_ASSIGNS: "deploy (plugin)",
    "mod_assign_get_assignments": "report",
    "mod_assign_get_submissions": "report",
    "mod_assign_get_grades": "report",
    SESSIONS: "registro (plugin)",
}


@dataclass(frozen=True)
class SiteInfo:
    sitename: str
    release: str
    version: str
    username: str
    functions: frozenset[str]
    uploadfiles: bool


SITE_INFO = {
    "sitename": TEXT,
    "username": TEXT,
    "release": Optional(TEXT),
    "version": Optional(ANY),  # a number or a text, shown as it is
    "functions": [{"name": TEXT}],
    "uploadfiles": Optional(FLAG),
}


def site_info(client: MoodleClient) -> SiteInfo:
    info = client.call("core_webservice_get_site_info", expect=SITE_INFO)
    return SiteInfo(
        sitename=info["sitename"],
        release=str(info.get("release", "")),
        version=str(info.get("version", "")),
        username=info["username"],
        functions=frozenset(f["name"] for f in info["functions"]),
        uploadfiles=int(info.get("uploadfiles", 0)) == 1,
    )


def plugin_state(client: MoodleClient, info: SiteInfo) -> str:
    """'in service', 'installed, not in the token's service' or 'not installed'.

    A function missing from the token's list is either absent from the site or outside the
    service; Moodle tells the two apart by the error it gives when it is called.
    """
    if SAVE_SCORM in info.functions and COURSE_REPORT in info.functions:
        return "in service"
    try:
        client.call(COURSE_REPORT, courseid=0)
    except FunctionNotAvailable:
        return "installed, not in the token's service"
    except RecordNotFound:
        return "not installed"
    return "in service"


def missing_functions(info: SiteInfo, purpose: str | None = None) -> list[str]:
    """The needed functions (for `purpose`, or for anything) that the token cannot call."""
    return [
        name
        for name, use in NEEDED_FUNCTIONS.items()
        if (purpose is None or purpose in use) and name not in info.functions
    ]


def require_functions(info: SiteInfo, purpose: str, unneeded: Iterable[str] = ()) -> None:
    """Stop before anything is written when the token cannot call what `purpose` needs (but
    `unneeded`)."""
    missing = [name for name in missing_functions(info, purpose) if name not in set(unneeded)]
    if not missing:
        return
    error = SiteError(
        tn(
            "the token cannot call {count} function needed to {purpose}: {names}; run "
            "'moodle-sync check'",
            "the token cannot call {count} functions needed to {purpose}: {names}; run "
            "'moodle-sync check'",
            len(missing),
            purpose=purpose,
            names=", ".join(missing),
        )
    )
    if any(name.startswith(PLUGIN) for name in missing):
        error.details = t(
            "The Moodle plugin {plugin} provides {names}: install it (moodle-sync plugin-zip) and "
            "use a token of its service '{service}'.",
            plugin=PLUGIN,
            names=", ".join(n for n in missing if n.startswith(PLUGIN)),
            service=SERVICE,
        )
    raise error


def render_check(info: SiteInfo, plugin: str) -> str:
    missing = missing_functions(info)
    rows = [
        (name, use, t("MISSING") if name in missing else t("yes"))
        for name, use in NEEDED_FUNCTIONS.items()
    ]
    states = {
        "in service": t("in service"),
        "installed, not in the token's service": t("installed, not in the token's service"),
        "not installed": t("not installed"),
    }
    lines = [
        t("Site:     {name}", name=info.sitename),
        t("Moodle:   {release} (version {version})", release=info.release, version=info.version),
        t("User:     {name}", name=info.username),
        t("Plugin:   {plugin}: {state}", plugin=PLUGIN, state=states.get(plugin, plugin)),
        t("Uploads:  allowed")
        if info.uploadfiles
        else t("Uploads:  NOT allowed by the service (deploy needs them)"),
        "",
        render_table((t("function"), t("used for"), t("callable")), rows),
        "",
    ]
    if missing or not info.uploadfiles:
        lines.append(
            (
                tn("Missing: {count} function", "Missing: {count} functions", len(missing))
                if info.uploadfiles
                else tn(
                    "Missing: {count} function and file uploads",
                    "Missing: {count} functions and file uploads",
                    len(missing),
                )
            )
            + t(
                ". Use a token of the service '{service}' that the plugin defines.", service=SERVICE
            )
        )
    else:
        lines.append(t("Everything moodle-sync needs is available."))
    return "\n".join(lines)
