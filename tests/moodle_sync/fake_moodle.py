"""A fake Moodle for tests: a real HTTP server on 127.0.0.1 speaking Moodle's web-service protocol.

It answers as the recordings in ../shared/moodle-ws/ show: form-encoded POSTs with
PHP-style arrays, parameters checked against each function's signature (booleans only
as 1/0, unknown keys refused), HTTP 200 with an exception object on errors, upload.php's
own error shape, odd payloads such as `null` or a JSON string inside JSON. State lives in
memory: categories, courses, sections, SCORM activities (built from the uploaded
package's manifest) and their SCOs, users, enrolments, SCORM tracks, completion and grades.
Texts are stored as sent and read back as Moodle formats them (summaries cleaned, names with
bare ampersands escaped), or as stored with `moodlewssettingraw=1`, as the recordings show.
Users have custom profile fields (with the plugin, those of its db/install.php, read from its
PHP source), preferences and passwords; a user created with a generated password must change
it: until then their web-service calls fail as Moodle's do, and login/token.php still answers.

For tests of failure: `fail()` injects HTTP 500, a timeout, a connection reset or a Moodle
exception at the N-th call of a function, before or after it takes effect; `latency` slows
every request; `calls` counts requests by function; the plugin can be absent or outside
the token's service.

    with FakeMoodle() as moodle:
        settings = Settings(moodle.url, Token(moodle.token))
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import mimetypes
import re
import secrets
import socket
import struct
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from lxml import etree

from course_model.identifiers import item_id

ADMIN_ID = 2
PLUGIN_FUNCTIONS = (
    "local_scormsync_save_scorm",
    "local_scormsync_get_course_report",
    "local_scormsync_save_assign",
    "local_scormsync_get_assigns",
    "local_scormsync_get_sessions",
)
# The events of Moodle's standard log the plugin's register reads (its get_sessions.php).
SCO_LAUNCHED = "\\mod_scorm\\event\\sco_launched"
SCORM_VIEWED = "\\mod_scorm\\event\\course_module_viewed"
STATUS_SUBMITTED = "\\mod_scorm\\event\\status_submitted"
SCORE_SUBMITTED = "\\mod_scorm\\event\\scoreraw_submitted"
MEETING_JOINED = "\\mod_bigbluebuttonbn\\event\\meeting_joined"
MEETING_LEFT = "\\mod_bigbluebuttonbn\\event\\meeting_left"
MEETING_VIEWED = "\\mod_bigbluebuttonbn\\event\\course_module_viewed"
LOGGED_IN = "\\core\\event\\user_loggedin"
LOGGED_OUT = "\\core\\event\\user_loggedout"
# Core functions the fake does not simulate: they exist on the site, outside the token's service.
OTHER_SITE_FUNCTIONS = frozenset(
    {
        "core_user_delete_users",
        "core_course_delete_courses",
        "core_course_get_courses",
        "core_course_edit_section",
        "core_files_upload",
        "core_grades_get_gradeitems",
        "mod_scorm_get_scorm_user_data",
        "core_files_get_unused_draft_itemid",
    }
)
ATTENDANCE_FUNCTIONS = ("mod_attendance_get_sessions",)
# An assignment's settings as the plugin reads them back (get_assigns).
ASSIGN_SETTINGS = (
    "onlinetext",
    "maxfiles",
    "maxsizebytes",
    "filetypes",
    "duedate",
    "grade",
    "gradepass",
)
# mod_attendance's default status set: (acronym, description, grade).
ATTENDANCE_STATUSES = (
    ("P", "Present", 2.0),
    ("A", "Absent", 0.0),
    ("L", "Late", 1.0),
    ("E", "Excused", 1.0),
)
# The stored elements the plugin's course report returns raw, per attempt (as its ELEMENTS in PHP).
REPORT_ELEMENTS = frozenset(
    {
        "cmi.core.lesson_status",
        "cmi.completion_status",
        "cmi.success_status",
        "cmi.core.score.raw",
        "cmi.core.score.min",
        "cmi.core.score.max",
        "cmi.score.raw",
        "cmi.score.min",
        "cmi.score.max",
        "cmi.score.scaled",
        "cmi.core.total_time",
        "cmi.total_time",
        "cmi.core.session_time",
        "cmi.session_time",
        "x.start.time",
    }
)
RELEASE, VERSION = "5.2dev (Build: 20260205)", "2026020500"
PLUGIN_SOURCE = Path(__file__).resolve().parents[2] / "moodle_sync" / "moodle_plugin"
FORCE_PASSWORD_CHANGE = "auth_forcepasswordchange"
# What a user who must change the password can still call: functions over lists of courses
# answer without those courses (the others are refused).
FORCED_LIST_FUNCTIONS = ("mod_scorm_get_scorms_by_courses", "core_enrol_get_users_courses")
MOBILE_SERVICE = "moodle_mobile_app"
# Authentication plugins of a standard Moodle 5.2, and whether each keeps the password in Moodle
# (auth_plugin_base::is_internal): creating a user of an internal one needs a password.
AUTH_PLUGINS = {
    "manual": True,
    "email": True,
    "nologin": True,
    "none": True,
    "lti": True,
    "ldap": False,
    "oauth2": False,
    "shibboleth": False,
    "webservice": False,
}

# The request fields every REST call accepts besides its parameters (webservice/lib.php).
CALL_SETTINGS = ("raw", "fileurl", "filter", "lang", "timezone")
_TAG = re.compile(r"(<[A-Za-z/!][^>]*>)")
_BARE_AMPERSAND = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)

# The error objects of the recordings: (exception, errorcode, message).
ERRORS = {
    "invalidtoken": (
        "core\\exception\\moodle_exception",
        "invalidtoken",
        "Invalid token - token not found",
    ),
    "accessexception": (
        "webservice_access_exception",
        "accessexception",
        "Access control exception",
    ),
    "invalidparameter": (
        "core\\exception\\invalid_parameter_exception",
        "invalidparameter",
        "Invalid parameter value detected",
    ),
    "invalidrecord": (
        "dml_missing_record_exception",
        "invalidrecordunknown",
        "Can't find data record in database.",
    ),
    "nopermissions": (
        "core\\exception\\required_capability_exception",
        "nopermissions",
        "Sorry, but you do not currently have permissions to do that ({}).",
    ),
    "shortnametaken": (
        "core\\exception\\moodle_exception",
        "shortnametaken",
        "Short name is already used for another course ({})",
    ),
    "courseidnumbertaken": (
        "core\\exception\\moodle_exception",
        "courseidnumbertaken",
        "ID number is already used for another course ({})",
    ),
    "categoryidnumbertaken": (
        "core\\exception\\moodle_exception",
        "categoryidnumbertaken",
        "ID number is already used for another category",
    ),
    "nocriteriaset": (
        "core\\exception\\moodle_exception",
        "nocriteriaset",
        "No completion criteria set for this course",
    ),
    "forcepasswordchangenotice": (
        "core\\exception\\moodle_exception",
        "forcepasswordchangenotice",
        "error/forcepasswordchangenotice",
    ),
    "errorcoursecontextnotvalid": (
        "core\\exception\\moodle_exception",
        "errorcoursecontextnotvalid",
        "You cannot execute functions in the course context (course id:{}). The context error "
        "message was: error/forcepasswordchangenotice",
    ),
}


class MoodleException(Exception):
    """Raised by a fake function: answered as Moodle's exception object."""

    def __init__(self, name: str, *args: object, debuginfo: str = "", table: str = ""):
        exception, errorcode, message = ERRORS[name]
        super().__init__(message)
        self.payload = {
            "exception": exception,
            "errorcode": errorcode,
            "message": message.format(*args),
        }
        self.debuginfo = debuginfo
        self.table = table  # for a missing record: with debugging on, Moodle names the table


class InvalidParameter(MoodleException):
    def __init__(self, debuginfo: str):
        super().__init__("invalidparameter", debuginfo=debuginfo)


# ---------------------------------------------------------------------------------------------
# Parameter signatures: "int", "float", "bool" (1/0 only), "raw"; {key: schema} a structure;
# [schema] a list; Opt(schema, default) an optional key.


@dataclass(frozen=True)
class Opt:
    schema: Any
    default: Any = None


def _scalar(kind: str, value: Any) -> Any:
    if isinstance(value, dict):
        raise InvalidParameter("Only scalar values expected")
    checks: dict[str, Callable[[str], Any]] = {
        "int": lambda v: int(v) if re.fullmatch(r"-?\d+", v) else None,
        "float": lambda v: float(v) if re.fullmatch(r"-?\d+(\.\d+)?([eE]-?\d+)?", v) else None,
        "bool": lambda v: {"1": True, "0": False}.get(v),
        "raw": lambda v: v,
    }
    parsed = checks[kind](value)
    if parsed is None:
        raise InvalidParameter(
            f'Invalid external api parameter: the value is "{value}", '
            f'the server was expecting "{kind}" type'
        )
    return parsed


def validate(schema: Any, value: Any) -> Any:
    """The parsed value, or InvalidParameter with Moodle's debug text (`key => ...` at each
    level)."""
    if isinstance(schema, str):
        return _scalar(schema, value)
    if isinstance(schema, list):
        if not isinstance(value, dict) or not all(k.isdigit() for k in value):
            raise InvalidParameter("Only arrays accepted.")
        return [validate(schema[0], value[k]) for k in sorted(value, key=int)]
    if not isinstance(value, dict):
        raise InvalidParameter("Only arrays accepted.")
    unknown = set(value) - set(schema)
    if unknown:
        raise InvalidParameter(
            f"Unexpected keys ({', '.join(sorted(unknown))}) detected in parameter array."
        )
    parsed = {}
    for key, sub in schema.items():
        if key not in value:
            if not isinstance(sub, Opt):
                raise InvalidParameter(f"Missing required key in single structure: {key}")
            parsed[key] = sub.default
            continue
        try:
            parsed[key] = validate(sub.schema if isinstance(sub, Opt) else sub, value[key])
        except InvalidParameter as exc:
            raise InvalidParameter(
                f"{key} => Invalid parameter value detected: {exc.debuginfo}"
            ) from None
    return parsed


def unflatten(fields: list[tuple[str, str]]) -> dict[str, Any]:
    """`courses[0][fullname]=x` back into nested dicts (lists stay dicts keyed by index)."""
    tree: dict[str, Any] = {}
    for name, value in fields:
        keys = re.findall(r"^[^\[]+|(?<=\[)[^\]]*(?=\])", name)
        node = tree
        for key in keys[:-1]:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                raise InvalidParameter(f"{name} => Only arrays accepted.")
        node[keys[-1]] = value
    return tree


def ws(
    schema: dict[str, Any], *, admin: bool = True
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a fake function: its parameters, and whether only the admin token may call it."""

    def mark(method: Callable[..., Any]) -> Callable[..., Any]:
        method.ws_schema = schema  # type: ignore[attr-defined]
        method.ws_admin = admin  # type: ignore[attr-defined]
        return method

    return mark


# ---------------------------------------------------------------------------------------------
# SCORM packages for tests and the benchmark.

FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def scorm_package(
    identifier: str,
    scos: list[tuple[str, str]],
    mastery: int | None = None,
    files: dict[str, bytes] | None = None,
) -> bytes:
    """A minimal SCORM 1.2 zip: one organisation, one SCO per (identifier, title), and `files`
    (by path) besides."""
    items = "".join(
        f'<item identifier="{sco_id}" identifierref="res-{sco_id}"><title>{title}</title>'
        + (f"<adlcp:masteryscore>{mastery}</adlcp:masteryscore>" if mastery is not None else "")
        + "</item>"
        for sco_id, title in scos
    )
    resources = "".join(
        f'<resource identifier="res-{sco_id}" type="webcontent" adlcp:scormtype="sco" '
        f'href="{sco_id}.html"><file href="{sco_id}.html"/></resource>'
        for sco_id, _ in scos
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<manifest identifier="{identifier}" version="1" '
        'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">'
        "<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>"
        f'<organizations default="org-{identifier}"><organization identifier="org-{identifier}">'
        f"<title>{identifier}</title>{items}</organization></organizations>"
        f"<resources>{resources}</resources></manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("imsmanifest.xml", FIXED_TIME), manifest)
        for sco_id, title in scos:
            archive.writestr(
                zipfile.ZipInfo(f"{sco_id}.html", FIXED_TIME),
                f"<!doctype html><title>{title}</title>",
            )
        for path, data in (files or {}).items():
            archive.writestr(zipfile.ZipInfo(path, FIXED_TIME), data)
    return buffer.getvalue()


def practical_task(
    task_id: str = "prova",
    grade: float = 10,
    pass_grade: float = 6,
    materials: dict[str, bytes] | None = None,
) -> dict:
    """A practical task as build/report.json lists it: two criteria, lab, two files, and its
    `materials` (by path in the package), linked from its description as scormgen links them."""
    half = grade / 2
    materials = materials or {}
    return {
        "id": task_id,
        "title": f"Prova pratica {task_id}: l'analisi & la sintesi",
        "covers": ["A1"],
        "modality": "lab",
        "duration": 120,
        "submission": {"text": True, "files": 2, "types": [".pdf", ".docx"], "max_size_mb": 5},
        "due": 14,
        "grade": grade,
        "pass": pass_grade,
        "rubric": [
            {
                "description": name,
                "levels": [
                    {"score": 0, "definition": "Assente"},
                    {"score": half / 2, "definition": "Parziale"},
                    {"score": half, "definition": "Completa"},
                ],
            }
            for name in ("Analisi", "Sintesi")
        ],
        "description": f"<h1>Prova {task_id}</h1><p>L&#x27;analisi &amp; la sintesi.</p>"
        + "".join(f'<p><a href="@@PLUGINFILE@@/{path}">{path}</a></p>' for path in materials),
        "materials": [
            {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for path, data in materials.items()
        ],
    }


def write_build(build_dir: Path, units: list[dict[str, Any]]) -> Path:
    """A build folder as `scormgen build` leaves it: scorm12/<id>.zip per unit and report.json.

    Each unit: id, code, title, optional mastery (60), lessons (list of lesson ids),
    version (changing it changes the package bytes), tasks (as the report lists them,
    e.g. `practical_task()`) and materials (the tasks' files the package holds, by path).
    """
    (build_dir / "scorm12").mkdir(parents=True, exist_ok=True)
    report_units = []
    for unit in units:
        lessons = unit.get("lessons", ["01-intro", "02-core"])
        scos = [(f"sco-{lesson}", f"Lezione {lesson}") for lesson in lessons] + [
            ("sco-quiz", "Verifica")
        ]
        titles = [(sco_id, f"{title} {unit.get('version', '')}".strip()) for sco_id, title in scos]
        data = scorm_package(
            f"{unit['id']}",
            [(item_id(sco_id), title) for sco_id, title in titles],
            mastery=unit.get("mastery", 60),
            files=unit.get("materials"),
        )
        zip_path = build_dir / "scorm12" / f"{unit['id']}.zip"
        zip_path.write_bytes(data)
        report_units.append(
            {
                "id": unit["id"],
                "code": unit["code"],
                "title": unit["title"],
                "mastery": unit.get("mastery", 60),
                "duration": 25 * len(lessons) + 30,
                "scos": [
                    {
                        "id": sco_id,
                        "title": title,
                        "kind": "quiz" if sco_id == "sco-quiz" else "lesson",
                        "duration": 30 if sco_id == "sco-quiz" else 25,
                    }
                    for sco_id, title in titles
                ],
                "files": [
                    {
                        "path": f"scorm12/{unit['id']}.zip",
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "size": len(data),
                    }
                ],
                "tasks": unit.get("tasks", []),
            }
        )
    report = build_dir / "report.json"
    report.write_text(
        json.dumps({"generator": "scormgen 0.1.0", "units": report_units}, indent=2),
        encoding="utf-8",
    )
    return report


# ---------------------------------------------------------------------------------------------
# Fault injection.


@dataclass
class Fault:
    function: str
    trigger: int  # fires when the function's call count reaches this
    kind: str  # "exception", "http500", "timeout", "reset"
    after: bool  # take effect first, then fail (the answer is lost)
    error: str


@dataclass
class ScormTrack:
    id: int
    value: str
    time: int


@dataclass(frozen=True, slots=True)
class LogEvent:
    """A row of logstore_standard_log, with the columns the register reads."""

    id: int
    userid: int
    courseid: int
    cmid: int  # contextinstanceid of an event in an activity; 0 for site events
    eventname: str
    objectid: int
    time: int


@dataclass
class State:
    categories: dict[int, dict[str, Any]] = field(default_factory=dict)
    courses: dict[int, dict[str, Any]] = field(default_factory=dict)
    sections: dict[int, dict[str, Any]] = field(default_factory=dict)
    cms: dict[int, dict[str, Any]] = field(default_factory=dict)
    scorms: dict[int, dict[str, Any]] = field(default_factory=dict)
    scoes: dict[int, dict[str, Any]] = field(default_factory=dict)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    enrolments: dict[tuple[int, int], dict[str, int]] = field(
        default_factory=dict
    )  # (course, user)
    tracks: dict[tuple[int, int, int], dict[int, dict[str, ScormTrack]]] = field(
        default_factory=dict
    )
    # (owner, itemid): the files of a user's draft area, as (filepath, filename, content)
    drafts: dict[tuple[int, int], list[tuple[str, str, bytes]]] = field(default_factory=dict)
    grade_items: dict[int, int] = field(
        default_factory=dict
    )  # course id or -scorm id: grade item id (an assignment keeps its own)
    attendance_sessions: dict[int, list[dict[str, Any]]] = field(
        default_factory=dict
    )  # by attendance instance
    profile_fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # by shortname
    profile_data: dict[tuple[int, str], str] = field(default_factory=dict)  # (user, shortname)
    preferences: dict[tuple[int, str], str] = field(default_factory=dict)  # (user, name)
    passwords: dict[int, str] = field(default_factory=dict)
    assigns: dict[int, dict[str, Any]] = field(default_factory=dict)
    # (assignment, user): the learner's submission and its grade
    submissions: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    assign_grades: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    log: list[LogEvent] = field(default_factory=list)  # in the order written, as ids grow
    counter: Counter[str] = field(default_factory=Counter)

    def next_id(self, kind: str) -> int:
        self.counter[kind] += 1
        return self.counter[kind] + {"category": 1, "user": 2, "section": 0, "cm": 0}.get(kind, 0)


class FakeMoodle:
    def __init__(
        self,
        *,
        plugin: bool = True,
        plugin_in_service: bool = True,
        debug: bool = False,
        latency: float = 0.0,
        uploads: bool = True,
        clock: Callable[[], float] = time.time,
        attendance: bool = False,
    ):
        self.attendance_installed = (
            attendance  # the third-party mod_attendance and its web services
        )
        self.plugin_installed = plugin
        self.plugin_in_service = plugin_in_service
        self.debug = debug
        self.latency = latency
        self.uploads = uploads
        self.clock = clock
        self.token = "fake-" + secrets.token_hex(16)
        self.tokens: dict[str, int] = {self.token: ADMIN_ID}
        self.token_functions: dict[
            str, frozenset[str]
        ] = {}  # tokens of another service: what it holds
        self.excluded: set[str] = set()  # functions taken out of the token's service
        self.state = State()
        self.state.users[ADMIN_ID] = self._user_record(
            ADMIN_ID, "admin", "Admin", "User", "admin@example.com", ""
        )
        self.calls: Counter[str] = Counter()
        self.requests = 0
        self.faults: list[Fault] = []
        self.timeout_delay = 2.0
        self._lock = threading.RLock()
        if plugin:  # what the plugin's db/install.php creates
            for shortname, datatype, name, options in plugin_profile_fields():
                self.add_profile_field(shortname, name, datatype, options)
        self._functions = {
            name[3:]: getattr(self, name) for name in dir(self) if name.startswith("ws_")
        }
        self._server: ThreadingHTTPServer | None = None
        self._register_cache: tuple[Any, list[dict[str, Any]]] = (None, [])
        self._current_token = ""
        self._raw = False  # moodlewssettingraw of the request being answered

    # --- server ----------------------------------------------------------------------------

    def start(self) -> FakeMoodle:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # one answer, one round trip: no delayed-ACK stalls

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                fake._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeMoodle:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # --- test controls ---------------------------------------------------------------------

    def fail(
        self,
        function: str,
        at: int = 1,
        kind: str = "exception",
        *,
        after: bool = False,
        error: str = "invalidparameter",
    ) -> None:
        """Make the `at`-th call of `function` from now fail ('webservice/upload.php' for
        uploads)."""
        with self._lock:
            self.faults.append(Fault(function, self.calls[function] + at, kind, after, error))

    def add_attendance(self, courseid: int, idnumber: str, name: str = "Registro presenze") -> int:
        """An attendance activity (mod_attendance) in the course's first section; its instance
        id."""
        with self._lock:
            _, instance = self._add_activity(courseid, "attendance", idnumber, name)
            self.state.attendance_sessions[instance] = []
            return instance

    def add_meeting(self, courseid: int, name: str = "Aula virtuale") -> int:
        """A virtual classroom (mod_bigbluebuttonbn) in the course's first section; its cmid.
        Its meetings are the events learners leave in the log (MEETING_JOINED, MEETING_LEFT)."""
        with self._lock:
            return self._add_activity(courseid, "bigbluebuttonbn", "", name)[0]

    def _add_activity(
        self, courseid: int, modname: str, idnumber: str, name: str
    ) -> tuple[int, int]:
        """A module of another plugin than SCORM in the course's first section: (cmid,
        instance id)."""
        general = self._course_sections(courseid)[0]
        cmid, instance = self.state.next_id("cm"), self.state.next_id(modname)
        self.state.cms[cmid] = {
            "id": cmid,
            "course": courseid,
            "modname": modname,
            "instance": instance,
            "section": general["id"],
            "idnumber": idnumber,
            "visible": 1,
            "completion": 0,
            "name": name,
            "added": self._now(),
        }
        general["sequence"].append(cmid)
        return cmid, instance

    def add_attendance_session(
        self, attendanceid: int, sessdate: int, duration: int, marks: dict[int, str]
    ) -> None:
        """A session taken by the teacher: `marks` gives each learner's status acronym (P, A, L,
        E)."""
        with self._lock:
            sessionid = self.state.next_id("attendance_session")
            ids = {
                acronym: 10 * attendanceid + n
                for n, (acronym, _, _) in enumerate(ATTENDANCE_STATUSES, start=1)
            }
            self.state.attendance_sessions[attendanceid].append(
                {
                    "id": sessionid,
                    "sessdate": sessdate,
                    "duration": duration,
                    "log": [(userid, ids[acronym]) for userid, acronym in marks.items()],
                    "statusids": ids,
                }
            )

    def log_event(
        self,
        userid: int,
        eventname: str,
        time: int,
        *,
        courseid: int = 0,
        cmid: int = 0,
        objectid: int = 0,
    ) -> None:
        """An event in Moodle's standard log, as Moodle writes it when a learner acts."""
        with self._lock:
            self.state.log.append(
                LogEvent(len(self.state.log) + 1, userid, courseid, cmid, eventname, objectid, time)
            )

    def add_profile_field(
        self, shortname: str, name: str, datatype: str = "text", options: list[str] | None = None
    ) -> None:
        """A custom user profile field; a menu's value must be one of its options."""
        with self._lock:
            self.state.profile_fields[shortname] = {
                "shortname": shortname,
                "name": name,
                "datatype": datatype,
                "options": options,
            }

    def issue_token(self, userid: int, functions: Iterable[str] | None = None) -> str:
        """A token for another user; `functions` gives it a service of its own (default: the
        same one)."""
        token = "fake-" + secrets.token_hex(16)
        self.tokens[token] = userid
        if functions is not None:
            self.token_functions[token] = frozenset(functions)
        return token

    def service_functions(self, token: str = "") -> list[str]:
        names = [
            n
            for n in self._functions
            if n not in self.excluded
            and (n not in PLUGIN_FUNCTIONS or (self.plugin_installed and self.plugin_in_service))
            and (n not in ATTENDANCE_FUNCTIONS or self.attendance_installed)
        ]
        return sorted(set(names) & self.token_functions.get(token, set(names)))

    def snapshot(self) -> dict[str, Any]:
        """Everything a deploy writes, without ids or times: two runs that end alike compare
        equal."""
        with self._lock:
            st = self.state
            return {
                "categories": sorted((c["idnumber"], c["name"]) for c in st.categories.values()),
                "courses": sorted(
                    (
                        c["idnumber"],
                        c["shortname"],
                        c["fullname"],
                        c["summary"],
                        c["startdate"],
                        c["enddate"],
                        st.categories[c["categoryid"]]["idnumber"],
                    )
                    for c in st.courses.values()
                ),
                "sections": sorted(
                    (st.courses[s["course"]]["idnumber"], s["section"], s["name"])
                    for s in st.sections.values()
                ),
                "scorms": sorted(
                    (
                        st.cms[s["coursemodule"]]["idnumber"],
                        s["name"],
                        s["intro"],
                        s["sha1hash"],
                        self._section(st.cms[s["coursemodule"]]["section"])["section"],
                        s["grademethod"],
                        s["maxgrade"],
                        s["completionstatusrequired"],
                        s["completionstatusallscos"],
                    )
                    for s in st.scorms.values()
                ),
                "assigns": sorted(
                    (
                        st.cms[a["coursemodule"]]["idnumber"],
                        self._section(st.cms[a["coursemodule"]]["section"])["section"],
                        *(
                            json.dumps(a[key], sort_keys=True)
                            for key in ASSIGN_SETTINGS + ("name", "intro", "rubric")
                        ),
                        tuple(
                            (f["filepath"] + f["filename"], f["contenthash"])
                            for f in a["introfiles"]
                        ),
                    )
                    for a in st.assigns.values()
                ),
                "users": sorted(u["username"] for u in st.users.values()),
                "enrolments": sorted(
                    (st.courses[c]["idnumber"], st.users[u]["username"]) for c, u in st.enrolments
                ),
            }

    # --- request handling ------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        if self.latency:
            time.sleep(self.latency)
        with self._lock:
            self.requests += 1
        path = request.path.split("?")[0]
        if path == "/webservice/rest/server.php":
            fields = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
            function = dict(fields).get("wsfunction", "")
            self._respond(request, function, lambda: self._rest(fields), "application/json")
        elif path == "/login/token.php":
            self._respond(
                request,
                "login/token.php",
                lambda: self._login_token(dict(parse_qsl(body.decode("utf-8")))),
                "application/json; charset=utf-8",
            )
        elif path == "/webservice/upload.php":
            self._respond(
                request,
                "webservice/upload.php",
                lambda: self._upload(request.headers.get("Content-Type", ""), body),
                "text/plain; charset=utf-8",
            )
        else:
            self._send(request, 404, b"<html>Not found</html>", "text/html")

    def _respond(
        self,
        request: BaseHTTPRequestHandler,
        function: str,
        run: Callable[[], Any],
        content_type: str,
    ) -> None:
        with self._lock:
            self.calls[function] += 1
            fault = next(
                (
                    f
                    for f in self.faults
                    if f.function == function and f.trigger == self.calls[function]
                ),
                None,
            )
            if fault is None or fault.after:
                payload = run()
            if fault is not None and fault.kind == "exception":
                payload = MoodleException(fault.error, function).payload
                fault = None
        if fault is None:
            self._send(request, 200, json.dumps(payload).encode("utf-8"), content_type)
        elif fault.kind == "http500":
            self._send(
                request, 500, b"<html><body>Internal Server Error</body></html>", "text/html"
            )
        elif fault.kind == "timeout":
            time.sleep(self.timeout_delay)
            request.close_connection = True
        elif fault.kind == "reset":
            request.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            request.close_connection = True
            request.connection.close()
        else:
            raise ValueError(f"unknown fault kind {fault.kind}")

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, status: int, data: bytes, content_type: str) -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except OSError:
            pass  # the client gave up (a timeout test)

    def _error(self, exc: MoodleException) -> dict[str, Any]:
        payload = dict(exc.payload)
        if self.debug and exc.table:
            payload.update(
                errorcode="invalidrecord",
                message=f"Can't find data record in database table {exc.table}.",
            )
        if self.debug and exc.debuginfo:
            payload["debuginfo"] = exc.debuginfo
        return payload

    def _rest(self, fields: list[tuple[str, str]]) -> Any:
        params = dict(fields)
        try:
            userid = self.tokens.get(params.get("wstoken", ""))
            if userid is None:
                raise MoodleException("invalidtoken")
            function = params.get("wsfunction", "")
            method = self._functions.get(function)
            exists = function in OTHER_SITE_FUNCTIONS or method is not None
            if (
                not exists
                or (function in PLUGIN_FUNCTIONS and not self.plugin_installed)
                or (function in ATTENDANCE_FUNCTIONS and not self.attendance_installed)
            ):
                raise MoodleException(
                    "invalidrecord",
                    table="external_functions",
                    debuginfo=(
                        "SELECT * FROM {external_functions} WHERE name = ?\n"
                        f"[array (\n  0 => '{function}',\n)]"
                    ),
                )
            if method is None or function not in self.service_functions(params["wstoken"]):
                raise MoodleException("accessexception")
            if params.get("moodlewsrestformat") != "json":
                raise InvalidParameter("this fake answers JSON only")
            if method.ws_admin and userid != ADMIN_ID:
                raise MoodleException("nopermissions", function)
            self._current_token = params["wstoken"]  # requests are handled one at a time (the lock)
            settings = {f"moodlewssetting{name}" for name in CALL_SETTINGS}
            self._raw = params.get("moodlewssettingraw", "0") in ("1", "true", "yes", "on")
            args = unflatten(
                [
                    (k, v)
                    for k, v in fields
                    if k not in ("wstoken", "wsfunction", "moodlewsrestformat", *settings)
                ]
            )
            values = validate(method.ws_schema, args)
            if self.must_change_password(userid) and function not in (
                "core_webservice_get_site_info",
                *FORCED_LIST_FUNCTIONS,
            ):
                if function == "core_course_get_contents":
                    raise MoodleException("errorcoursecontextnotvalid", values["courseid"])
                raise MoodleException("forcepasswordchangenotice")
            return method(userid, **values)
        except MoodleException as exc:
            return self._error(exc)

    def _login_token(self, form: dict[str, str]) -> dict[str, Any]:
        """login/token.php: a token for the mobile app's service, given the user's password (it
        is handed out even while the password must be changed)."""
        user = next(
            (u for u in self.state.users.values() if u["username"] == form.get("username")), None
        )
        if user is None or self.state.passwords.get(user["id"]) != form.get("password"):
            return _token_error("Invalid login, please try again", "invalidlogin")
        service = form.get("service", "")
        if service != MOBILE_SERVICE:
            return _token_error(
                "The user is not allowed for this service. First you need to allow this user on "
                f"the {service}'s allowed users administration page.",
                "usernotallowed",
            )
        return {"token": self.issue_token(user["id"]), "privatetoken": None}

    def _upload(self, content_type: str, body: bytes) -> Any:
        form: dict[str, str] = {}
        files: list[tuple[str, bytes]] = []
        if not content_type.startswith("multipart/form-data"):  # a request with no file part
            form = dict(parse_qsl(body.decode("utf-8")))
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + body
        )
        for part in message.iter_parts() if message.is_multipart() else ():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            data = part.get_payload(decode=True) or b""
            if filename:
                files.append((filename, data))
            else:
                form[name] = data.decode("utf-8")
        userid = self.tokens.get(form.get("token", ""))
        if userid is None or not self.uploads:
            errorcode = "invalidtoken" if userid is None else "nofile"
            message_text = (
                "Invalid token - token not found"
                if userid is None
                else "File upload is not allowed"
            )
            return _token_error(message_text, errorcode)
        if not files:
            return []
        itemid = int(form.get("itemid") or 0)
        if itemid <= 0:
            itemid = secrets.randbelow(900_000_000) + 100_000_000
        filepath = clean_path(form.get("filepath", "/"))
        if not (filepath.startswith("/") and filepath.endswith("/")):
            return _token_error(
                "Unknown exception related to local files (Invalid file path)",
                "storedfileproblem",
            )
        draft = self.state.drafts.setdefault((userid, itemid), [])
        user = self.state.users[userid]
        answer: list[dict[str, Any]] = []
        for sent, data in files:
            name = clean_file(sent.replace("\\", "/").rpartition("/")[2])  # PHP keeps the basename
            if any((path, other) == (filepath, name) for path, other, _ in draft):
                answer.append(
                    {
                        "avscantime": 0.0001,
                        "filename": name,
                        "filepath": "/tmp/phpfake",
                        "size": len(data),
                        "errortype": "filenameexist",
                        "error": f"File name already exists: {name}",
                    }
                )
                continue
            draft.append((filepath, name, data))
            answer.append(
                {
                    "component": "user",
                    "contextid": 5,
                    "userid": str(userid),
                    "filearea": "draft",
                    "filename": name,
                    "filepath": filepath,
                    "itemid": itemid,
                    "license": "unknown",
                    "author": f"{user['firstname']} {user['lastname']}",
                    "source": f'O:8:"stdClass":1:{{s:6:"source";s:{len(name)}:"{name}";}}',
                    "filesize": len(data),
                }
            )
        return answer

    # --- helpers ---------------------------------------------------------------------------

    def _now(self) -> int:
        return int(self.clock())

    def _course(self, courseid: int) -> dict[str, Any]:
        if courseid not in self.state.courses:
            raise MoodleException("invalidrecord", table="course")
        return self.state.courses[courseid]

    def _section(self, sectionid: int) -> dict[str, Any]:
        return self.state.sections[sectionid]

    def _course_sections(self, courseid: int) -> list[dict[str, Any]]:
        return sorted(
            (s for s in self.state.sections.values() if s["course"] == courseid),
            key=lambda s: s["section"],
        )

    def _add_section(self, courseid: int, name: str | None = None) -> dict[str, Any]:
        number = len(self._course_sections(courseid))
        section = {
            "id": self.state.next_id("section"),
            "course": courseid,
            "section": number,
            "name": name,
            "visible": 1,
            "sequence": [],
        }
        self.state.sections[section["id"]] = section
        return section

    @staticmethod
    def _user_record(
        userid: int, username: str, firstname: str, lastname: str, email: str, idnumber: str
    ) -> dict[str, Any]:
        return {
            "id": userid,
            "username": username,
            "firstname": firstname,
            "lastname": lastname,
            "fullname": f"{firstname} {lastname}",
            "email": email,
            "department": "",
            "idnumber": idnumber,
            "firstaccess": 0,
            "lastaccess": 0,
            "auth": "manual",
            "suspended": False,
            "confirmed": True,
            "lang": "en",
            "theme": "",
            "timezone": "99",
            "mailformat": 1,
            "trackforums": 0,
            "profileimageurlsmall": "/theme/image.php/boost/core/1/u/f2",
            "profileimageurl": "/theme/image.php/boost/core/1/u/f1",
        }

    def _scorm_of_sco(self, scoid: int) -> tuple[dict[str, Any], dict[str, Any]]:
        sco = self.state.scoes.get(scoid)
        if sco is None:
            raise MoodleException("invalidrecord")
        return sco, self.state.scorms[sco["scorm"]]

    def _section_name(self, section: dict[str, Any]) -> str:
        """The title Moodle shows: the stored name formatted, whatever moodlewssettingraw says."""
        if section["name"] is not None:
            return _format_string(section["name"])
        return "General" if section["section"] == 0 else "New section"

    def _text(self, stored: str) -> str:
        """A stored HTML text (course summary) as Moodle hands it out: cleaned, unless raw."""
        return stored if self._raw else _clean_html(stored)

    def _string(self, stored: str) -> str:
        """A stored name as Moodle hands it out: formatted, unless raw."""
        return stored if self._raw else _format_string(stored)

    # --- site ------------------------------------------------------------------------------

    @ws({}, admin=False)
    def ws_core_webservice_get_site_info(self, caller: int) -> dict[str, Any]:
        user = self.state.users[caller]
        return {
            "sitename": "Fake Moodle",
            "username": user["username"],
            "firstname": user["firstname"],
            "lastname": user["lastname"],
            "fullname": user["fullname"],
            "lang": "en",
            "userid": caller,
            "siteurl": self.url,
            "userpictureurl": f"{self.url}/theme/image.php/boost/core/1/u/f1",
            "functions": [
                {"name": n, "version": VERSION} for n in self.service_functions(self._current_token)
            ],
            "downloadfiles": 1,
            "uploadfiles": int(self.uploads),
            "release": RELEASE,
            "version": VERSION,
            "mobilecssurl": "",
            "advancedfeatures": [{"name": "enablecompletion", "value": 1}],
            "usercanmanageownfiles": True,
            "userquota": 0,
            "usermaxuploadfilesize": -1,
            "userhomepage": 1,
            "siteid": 1,
            "sitecalendartype": "gregorian",
            "usercalendartype": "gregorian",
            "userissiteadmin": caller == ADMIN_ID,
            "theme": "boost",
            "limitconcurrentlogins": 0,
            "policyagreed": 0,
            "usercanchangeconfig": caller == ADMIN_ID,
            "usercanviewconfig": caller == ADMIN_ID,
            "userprivateaccesskey": hashlib.md5(str(caller).encode()).hexdigest(),
            **({"sitesecret": ""} if caller == ADMIN_ID else {}),
        }

    # --- categories and courses ------------------------------------------------------------

    @ws(
        {
            "criteria": Opt([{"key": "raw", "value": "raw"}], []),
            "addsubcategories": Opt("bool", True),
        }
    )
    def ws_core_course_get_categories(
        self, caller: int, criteria: list[dict[str, str]], addsubcategories: bool
    ) -> list[dict[str, Any]]:
        found = [
            c
            for c in self.state.categories.values()
            if all(str(c.get(crit["key"])) == crit["value"] for crit in criteria)
        ]
        return [dict(c) for c in sorted(found, key=lambda c: c["id"])]

    @ws(
        {
            "categories": [
                {
                    "name": "raw",
                    "parent": Opt("int", 0),
                    "idnumber": Opt("raw", ""),
                    "description": Opt("raw", ""),
                    "descriptionformat": Opt("int", 1),
                    "theme": Opt("raw"),
                }
            ]
        }
    )
    def ws_core_course_create_categories(
        self, caller: int, categories: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        created = []
        for spec in categories:
            if spec["idnumber"] and any(
                c["idnumber"] == spec["idnumber"] for c in self.state.categories.values()
            ):
                raise MoodleException("categoryidnumbertaken")
            catid = self.state.next_id("category")
            self.state.categories[catid] = {
                "id": catid,
                "name": spec["name"],
                "idnumber": spec["idnumber"],
                "description": spec["description"],
                "descriptionformat": spec["descriptionformat"],
                "parent": spec["parent"],
                "sortorder": catid * 10000,
                "coursecount": 0,
                "visible": 1,
                "visibleold": 1,
                "timemodified": self._now(),
                "depth": 1,
                "path": f"/{catid}",
                "theme": "",
            }
            created.append({"id": catid, "name": spec["name"]})
        return created

    def _course_answer(self, course: dict[str, Any]) -> dict[str, Any]:
        category = self.state.categories.get(course["categoryid"], {"name": ""})
        answer = {
            key: course[key]
            for key in (
                "id",
                "fullname",
                "shortname",
                "categoryid",
                "summary",
                "summaryformat",
                "idnumber",
                "format",
                "startdate",
                "enddate",
                "visible",
                "enablecompletion",
                "timecreated",
                "timemodified",
            )
        }
        answer.update(
            fullname=self._string(course["fullname"]),
            summary=self._text(course["summary"]),
            displayname=self._string(course["fullname"]),
            categoryname=self._string(category["name"]),
            sortorder=10000 + course["id"],
            courseimage=f"{self.url}/pluginfile.php/1/course/generated/course.svg",
            summaryfiles=[],
            overviewfiles=[],
            showactivitydates=True,
            showcompletionconditions=True,
            contacts=[],
            enrollmentmethods=["manual"],
            showgrades=1,
            newsitems=5,
            maxbytes=0,
            showreports=0,
            groupmode=0,
            groupmodeforce=0,
            defaultgroupingid=0,
            completionnotify=0,
            lang="",
            theme="",
            marker=0,
            legacyfiles=0,
            calendartype="",
            requested=0,
            cacherev=course["timemodified"],
            filters=[],
            courseformatoptions=[
                {"name": "hiddensections", "value": 1},
                {"name": "coursedisplay", "value": 0},
            ],
        )
        return answer

    @ws({"field": Opt("raw", ""), "value": Opt("raw", "")})
    def ws_core_course_get_courses_by_field(
        self, caller: int, field: str, value: str
    ) -> dict[str, Any]:
        key = {
            "id": "id",
            "shortname": "shortname",
            "idnumber": "idnumber",
            "category": "categoryid",
        }.get(field)
        if field and key is None:
            raise InvalidParameter(f"Invalid field name {field}")
        found = [c for c in self.state.courses.values() if not field or str(c[key]) == value]
        return {
            "courses": [self._course_answer(c) for c in sorted(found, key=lambda c: c["id"])],
            "warnings": [],
        }

    _COURSE_FIELDS = {
        "fullname": "raw",
        "shortname": "raw",
        "categoryid": "int",
        "idnumber": Opt("raw"),
        "summary": Opt("raw"),
        "summaryformat": Opt("int"),
        "format": Opt("raw"),
        "startdate": Opt("int"),
        "enddate": Opt("int"),
        "visible": Opt("int"),
        "enablecompletion": Opt("int"),
        "lang": Opt("raw"),
        "courseformatoptions": Opt([{"name": "raw", "value": "raw"}]),
    }

    def _check_course_names(self, spec: dict[str, Any], courseid: int = 0) -> None:
        for other in self.state.courses.values():
            if other["id"] == courseid:
                continue
            if spec.get("shortname") is not None and other["shortname"] == spec["shortname"]:
                raise MoodleException("shortnametaken", spec["shortname"])
            if spec.get("idnumber") and other["idnumber"] == spec["idnumber"]:
                raise MoodleException("courseidnumbertaken", spec["idnumber"])

    @ws({"courses": [_COURSE_FIELDS]})
    def ws_core_course_create_courses(
        self, caller: int, courses: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        created = []
        for spec in courses:
            self._check_course_names(spec)
            if spec["categoryid"] not in self.state.categories:
                raise MoodleException("invalidrecord")
            options = {o["name"]: o["value"] for o in spec["courseformatoptions"] or []}
            courseid = len(self.state.courses) + 2  # the site is course 1
            now = self._now()
            self.state.courses[courseid] = {
                "id": courseid,
                "fullname": spec["fullname"],
                "shortname": spec["shortname"],
                "categoryid": spec["categoryid"],
                "idnumber": spec["idnumber"] or "",
                "summary": spec["summary"] or "",
                "summaryformat": spec["summaryformat"] if spec["summaryformat"] is not None else 1,
                "format": spec["format"] or "topics",
                "startdate": spec["startdate"] or now,
                "enddate": spec["enddate"] if spec["enddate"] is not None else now + 365 * 86400,
                "visible": 1 if spec["visible"] is None else spec["visible"],
                "enablecompletion": spec["enablecompletion"] or 0,
                "timecreated": now,
                "timemodified": now,
            }
            self.state.grade_items[courseid] = self.state.next_id("gradeitem")
            general = self._add_section(courseid)
            forum = self.state.next_id("cm")
            self.state.cms[forum] = {
                "id": forum,
                "course": courseid,
                "modname": "forum",
                "instance": forum,
                "section": general["id"],
                "idnumber": "",
                "visible": 1,
                "completion": 0,
                "name": "Announcements",
                "added": now,
            }
            general["sequence"].append(forum)
            for _ in range(int(options.get("numsections", 4))):
                self._add_section(courseid)
            created.append({"id": courseid, "shortname": spec["shortname"]})
        return created

    @ws(
        {
            "courses": [
                {
                    "id": "int",
                    **{k: v if isinstance(v, Opt) else Opt(v) for k, v in _COURSE_FIELDS.items()},
                }
            ]
        }
    )
    def ws_core_course_update_courses(
        self, caller: int, courses: list[dict[str, Any]]
    ) -> dict[str, Any]:
        warnings = []
        for spec in courses:
            try:
                course = self._course(spec["id"])
                self._check_course_names(spec, spec["id"])
                if (
                    spec["categoryid"] is not None
                    and spec["categoryid"] not in self.state.categories
                ):
                    raise MoodleException("invalidrecord")
            except MoodleException as exc:
                warnings.append(
                    {
                        "item": "course",
                        "itemid": spec["id"],
                        "warningcode": exc.payload["errorcode"],
                        "message": exc.payload["message"],
                    }
                )
                continue
            for key, value in spec.items():
                if value is not None and key in course and key != "id":
                    course[key] = value
            course["timemodified"] = self._now()
        return {"warnings": warnings}

    # --- course contents and sections ------------------------------------------------------

    def _completion_data(self, cm: dict[str, Any], userid: int) -> dict[str, Any]:
        state, timecompleted = self._cm_completion(cm, userid)
        return {
            "state": state,
            "timecompleted": timecompleted,
            "overrideby": None,
            "valueused": False,
            "hascompletion": True,
            "isautomatic": cm["completion"] == 2,
            "istrackeduser": (cm["course"], userid) in self.state.enrolments,
            "uservisible": True,
            "details": [
                {
                    "rulename": "completionusegrade",
                    "rulevalue": {"status": state, "description": "Receive a grade"},
                },
                {
                    "rulename": "completionpassgrade",
                    "rulevalue": {"status": state, "description": "Receive a passing grade"},
                },
            ]
            if cm["modname"] == "assign"
            else [
                {
                    "rulename": "completionstatusrequired",
                    "rulevalue": {"status": state, "description": "Complete or pass the activity"},
                }
            ],
            "isoverallcomplete": state in (1, 2),
        }

    def _module_answer(self, cm: dict[str, Any], userid: int) -> dict[str, Any]:
        url = f"{self.url}/mod/{cm['modname']}/view.php?id={cm['id']}"
        answer = {
            "id": cm["id"],
            "url": url,
            "name": self._string(cm["name"]),
            "instance": cm["instance"],
            "contextid": 100 + cm["id"],
            "visible": cm["visible"],
            "uservisible": True,
            "visibleoncoursepage": 1,
            "modicon": f"{self.url}/theme/image.php/boost/{cm['modname']}/1/monologo",
            "modname": cm["modname"],
            "purpose": "interactivecontent" if cm["modname"] == "scorm" else "collaboration",
            "branded": False,
            "modplural": {"scorm": "SCORM packages", "attendance": "Attendance"}.get(
                cm["modname"], "Forums"
            ),
            "availability": None,
            "indent": 0,
            "onclick": "",
            "afterlink": None,
            "noviewlink": False,
            "candisplay": True,
            "completion": cm["completion"],
            "downloadcontent": 1,
            "dates": [],
            "groupmode": 0,
        }
        if cm["modname"] == "forum":
            answer["activitybadge"] = []
        if cm["modname"] == "scorm":
            scorm = self.state.scorms[cm["instance"]]
            answer["customdata"] = json.dumps(
                {
                    "customcompletionrules": {
                        "completionstatusrequired": str(scorm["completionstatusrequired"] or 0),
                        "completionscorerequired": scorm["completionscorerequired"],
                        "completionstatusallscos": str(scorm["completionstatusallscos"]),
                    }
                }
            )
        else:
            answer["customdata"] = json.dumps({"trackingtype": "1"})
        if cm["completion"]:
            answer["completiondata"] = self._completion_data(cm, userid)
        return answer

    @ws({"courseid": "int", "options": Opt([{"name": "raw", "value": "raw"}], [])}, admin=False)
    def ws_core_course_get_contents(
        self, caller: int, courseid: int, options: list[dict[str, str]]
    ) -> list[dict[str, Any]]:
        self._course(courseid)
        opts = {o["name"]: o["value"] for o in options}
        answer = []
        for section in self._course_sections(courseid):
            if "sectionnumber" in opts and str(section["section"]) != opts["sectionnumber"]:
                continue
            modules = (
                []
                if opts.get("excludemodules") in ("1", "true")
                else [
                    self._module_answer(self.state.cms[cmid], caller)
                    for cmid in section["sequence"]
                ]
            )
            answer.append(
                {
                    "id": section["id"],
                    "name": self._section_name(section),
                    "visible": section["visible"],
                    "summary": "",
                    "summaryformat": 1,
                    "section": section["section"],
                    "hiddenbynumsections": 0,
                    "uservisible": True,
                    "component": None,
                    "itemid": None,
                    "modules": modules,
                }
            )
        return answer

    def _section_state(self, section: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": "section",
            "action": "put",
            "fields": {
                "id": str(section["id"]),
                "section": section["section"],
                "number": section["section"],
                "title": self._section_name(section),
                "hassummary": False,
                "rawtitle": section["name"],
                "cmlist": [str(c) for c in section["sequence"]],
                "visible": bool(section["visible"]),
                "current": False,
                "indexcollapsed": False,
                "contentcollapsed": False,
                "hasrestrictions": False,
                "bulkeditable": section["section"] > 0,
                "component": None,
                "itemid": None,
                "parentsectionid": None,
                "sectionurl": f"{self.url}/course/section.php?id={section['id']}",
            },
        }

    @ws(
        {
            "action": "raw",
            "courseid": "int",
            "ids": Opt(["int"], []),
            "targetsectionid": Opt("int"),
            "targetcmid": Opt("int"),
        }
    )
    def ws_core_courseformat_update_course(
        self,
        caller: int,
        action: str,
        courseid: int,
        ids: list[int],
        targetsectionid: int | None,
        targetcmid: int | None,
    ) -> str:
        course = self._course(courseid)
        if action == "section_add":
            self._add_section(courseid)
            sections = self._course_sections(courseid)
            updates = [{"name": "course", "action": "put", "fields": self._course_state(courseid)}]
            updates += [self._section_state(s) for s in sections]
        elif action in ("section_hide", "section_show"):
            updates = []
            for sectionid in ids:
                section = self.state.sections.get(sectionid)
                if section is None or section["course"] != courseid:
                    raise MoodleException("invalidrecord")
                section["visible"] = int(action == "section_show")
                updates.append(self._section_state(section))
        else:
            text = (
                f"Invalid course state action {action} in "
                f"format_{course['format']}\\courseformat\\stateactions"
            )
            raise_payload = MoodleException("invalidparameter")
            raise_payload.payload = {
                "exception": "core\\exception\\moodle_exception",
                "errorcode": text,
                "message": f"error/{text}",
            }
            raise raise_payload
        return json.dumps(updates)

    @ws({"component": "raw", "itemtype": "raw", "itemid": "raw", "value": "raw"})
    def ws_core_update_inplace_editable(
        self, caller: int, component: str, itemtype: str, itemid: str, value: str
    ) -> dict[str, Any]:
        section = self.state.sections.get(int(itemid)) if itemid.isdigit() else None
        if section is None:
            raise MoodleException("invalidrecord")
        course = self.state.courses[section["course"]]
        if component != f"format_{course['format']}" or itemtype != "sectionname":
            raise InvalidParameter(f"no inplace editable {component} {itemtype}")
        section["name"] = _TAG.sub("", value) or None  # cleaned as PARAM_TEXT
        shown = self._section_name(section)
        return {
            "displayvalue": f'<a href="{self.url}/course/section.php?id={itemid}">{shown}</a>',
            "component": component,
            "itemtype": itemtype,
            "value": section["name"] or "",
            "itemid": itemid,
            "edithint": "Edit section name",
            "editlabel": f"New name for section {shown}",
            "editicon": {
                "key": "t/editstring",
                "component": "moodle",
                "title": "Edit section name",
            },
            "type": "text",
            "options": "",
            "linkeverything": 0,
        }

    def _course_state(self, courseid: int) -> dict[str, Any]:
        sections = self._course_sections(courseid)
        return {
            "id": str(courseid),
            "numsections": len(sections) - 1,
            "sectionlist": [str(s["id"]) for s in sections],
            "editmode": False,
            "highlighted": "Highlighted",
            "baseurl": f"{self.url}/course/view.php?id={courseid}",
            "statekey": f"{self._now()}_{self._now()}",
            "maxbytes": -1,
            "maxbytestext": "Unlimited",
        }

    @ws({"courseid": "int"})
    def ws_core_courseformat_get_state(self, caller: int, courseid: int) -> str:
        self._course(courseid)
        sections = self._course_sections(courseid)
        course = self._course_state(courseid)
        cms = [
            self._cm_state(self.state.cms[cmid], section)
            for section in sections
            for cmid in section["sequence"]
        ]
        return json.dumps(
            {
                "course": course,
                "section": [self._section_state(s)["fields"] for s in sections],
                "cm": cms,
            }
        )

    def _cm_state(self, cm: dict[str, Any], section: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(cm["id"]),
            "anchor": f"module-{cm['id']}",
            "name": _format_string(cm["name"]),
            "visible": bool(cm["visible"]),
            "stealth": False,
            "sectionid": str(section["id"]),
            "sectionnumber": section["section"],
            "uservisible": True,
            "hascmrestrictions": False,
            "modname": {"scorm": "SCORM package", "attendance": "Attendance"}.get(
                cm["modname"], "Forum"
            ),
            "indent": 0,
            "groupmode": 0,
            "module": cm["modname"],
            "plugin": f"mod_{cm['modname']}",
            "hasdelegatedsection": False,
            "accessvisible": True,
            "url": f"{self.url}/mod/{cm['modname']}/view.php?id={cm['id']}",
            "istrackeduser": False,
            "allowstealth": False,
        }

    @ws({"cmid": "int"})
    def ws_core_course_get_course_module(self, caller: int, cmid: int) -> dict[str, Any]:
        cm = self.state.cms.get(cmid)
        if cm is None:
            raise MoodleException("invalidrecord")
        section = self._section(cm["section"])
        return {
            "cm": {
                "id": cm["id"],
                "course": cm["course"],
                "module": 18 if cm["modname"] == "scorm" else 9,
                "name": self._string(cm["name"]),
                "modname": cm["modname"],
                "instance": cm["instance"],
                "section": cm["section"],
                "sectionnum": section["section"],
                "groupmode": 0,
                "groupingid": 0,
                "completion": cm["completion"],
                "idnumber": cm["idnumber"],
                "added": cm["added"],
                "score": 0,
                "indent": 0,
                "visible": cm["visible"],
                "visibleoncoursepage": 1,
                "visibleold": cm["visible"],
                "completiongradeitemnumber": None,
                "completionview": 0,
                "completionexpected": 0,
                "showdescription": 0,
                "downloadcontent": 1,
                "availability": None,
                # A graded module's: SCORM activities have a grade item.
                **(
                    {"completionpassgrade": 0, "gradepass": "0.00", "gradecat": 1}
                    if cm["modname"] == "scorm"
                    else {}
                ),
            },
            "warnings": [],
        }

    # --- SCORM -----------------------------------------------------------------------------

    def _parse_package(self, filename: str, data: bytes) -> tuple[str, str, list[dict[str, Any]]]:
        """(manifest identifier, version, SCO rows) of a package; refused as the plugin refuses
        it."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                root = etree.fromstring(archive.read("imsmanifest.xml"), SAFE_XML)
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
            error = MoodleException("invalidparameter")
            error.payload = {
                "exception": "core\\exception\\moodle_exception",
                "errorcode": "invalidpackage",
                "message": f"The uploaded file is not a valid SCORM package: {filename}: {exc}",
            }
            raise error from None
        local = lambda el: etree.QName(el).localname  # noqa: E731
        version = (
            "SCORM_1.2"
            if any(
                local(e) == "schemaversion" and (e.text or "").strip() == "1.2" for e in root.iter()
            )
            else "SCORM_1.3"
        )
        hrefs = {r.get("identifier"): r.get("href") for r in root.iter() if local(r) == "resource"}
        rows = []
        for org in (e for e in root.iter() if local(e) == "organization"):
            rows.append(
                {
                    "identifier": org.get("identifier"),
                    "parent": "/",
                    "organization": "",
                    "launch": "",
                    "scormtype": "",
                    "title": next((t.text for t in org if local(t) == "title"), ""),
                    "extradata": [],
                }
            )
            for item in (e for e in org.iter() if local(e) == "item"):
                parent = item.getparent()
                mastery = next((m.text for m in item if local(m) == "masteryscore"), None)
                rows.append(
                    {
                        "identifier": item.get("identifier"),
                        "organization": org.get("identifier"),
                        "parent": parent.get("identifier"),
                        "launch": hrefs.get(item.get("identifierref"), ""),
                        "scormtype": "sco",
                        "title": next((t.text for t in item if local(t) == "title"), ""),
                        "extradata": [
                            {"element": "isvisible", "value": "true"},
                            {"element": "parameters", "value": ""},
                        ]
                        + ([{"element": "masteryscore", "value": mastery}] if mastery else []),
                    }
                )
        return root.get("identifier") or "", version, rows

    def _store_package(self, scorm: dict[str, Any], filename: str, data: bytes) -> None:
        manifest, version, rows = self._parse_package(filename, data)
        # Like Moodle, SCOs whose identifier the new manifest keeps keep their id (and tracks).
        old = {s["identifier"]: s for s in self.state.scoes.values() if s["scorm"] == scorm["id"]}
        for order, row in enumerate(rows, start=1):
            sco = old.pop(row["identifier"], None) or {"id": self.state.next_id("sco")}
            sco.update(row, scorm=scorm["id"], manifest=manifest, sortorder=order)
            self.state.scoes[sco["id"]] = sco
        for gone in old.values():
            del self.state.scoes[gone["id"]]
        scorm.update(
            sha1hash=hashlib.sha1(data).hexdigest(),
            packagesize=len(data),
            reference=filename,
            version=version,
            revision=scorm.get("revision", 0) + 1,
            launch=next(
                (s["id"] for s in self._scoes_of(scorm["id"]) if s["scormtype"] == "sco"), 0
            ),
            packageurl=f"{self.url}/webservice/pluginfile.php/{100 + scorm['coursemodule']}"
            f"/mod_scorm/package/0/{filename}",
        )

    def _scoes_of(self, scormid: int, launchable: bool = False) -> list[dict[str, Any]]:
        scoes = sorted(
            (s for s in self.state.scoes.values() if s["scorm"] == scormid),
            key=lambda s: s["sortorder"],
        )
        return [s for s in scoes if s["scormtype"] == "sco"] if launchable else scoes

    def _scorm_answer(self, scorm: dict[str, Any]) -> dict[str, Any]:
        cm = self.state.cms[scorm["coursemodule"]]
        answer = {
            key: scorm[key]
            for key in (
                "id",
                "coursemodule",
                "course",
                "name",
                "intro",
                "packagesize",
                "packageurl",
                "version",
                "maxgrade",
                "grademethod",
                "whatgrade",
                "maxattempt",
                "sha1hash",
                "revision",
                "launch",
                "popup",
                "reference",
                "completionstatusrequired",
                "completionscorerequired",
                "completionstatusallscos",
                "timemodified",
            )
        }
        answer.update(
            name=self._string(scorm["name"]),  # the intro comes back verbatim, raw or not
            introformat=1,
            introfiles=[],
            section=self._section(cm["section"])["section"],
            visible=bool(cm["visible"]),
            groupmode=0,
            groupingid=0,
            lang="",
            enableaitools=None,
            enabledaiactions=None,
            forcecompleted=False,
            forcenewattempt=0,
            lastattemptlock=False,
            displayattemptstatus=1,
            displaycoursestructure=False,
            md5hash="",
            skipview=0,
            hidebrowse=False,
            hidetoc=0,
            nav=1,
            navpositionleft=-100,
            navpositiontop=-100,
            auto=False,
            width=100,
            height=500,
            timeopen=0,
            timeclose=0,
            scormtype="local",
            protectpackagedownloads=False,
            updatefreq=0,
            options="",
            autocommit=False,
        )
        return answer

    @ws({"courseids": Opt(["int"], [])}, admin=False)
    def ws_mod_scorm_get_scorms_by_courses(
        self, caller: int, courseids: list[int]
    ) -> dict[str, Any]:
        scorms = [
            s for s in self.state.scorms.values() if not courseids or s["course"] in courseids
        ]
        warnings = []
        if self.must_change_password(caller):
            scorms = []
            warnings = [
                {
                    "item": "course",
                    "itemid": courseid,
                    "warningcode": "1",
                    "message": "No access rights in course context",
                }
                for courseid in courseids
            ]
        return {
            "scorms": [self._scorm_answer(s) for s in sorted(scorms, key=lambda s: s["id"])],
            "options": [{"name": "scormstandard", "value": "0"}],
            "warnings": warnings,
        }

    @ws({"scormid": "int", "organization": Opt("raw", "")}, admin=False)
    def ws_mod_scorm_get_scorm_scoes(
        self, caller: int, scormid: int, organization: str
    ) -> dict[str, Any]:
        if scormid not in self.state.scorms:
            raise MoodleException("invalidrecord")
        keys = (
            "id",
            "scorm",
            "manifest",
            "organization",
            "parent",
            "identifier",
            "launch",
            "scormtype",
            "title",
            "sortorder",
            "extradata",
        )
        return {
            "scoes": [
                {k: s[k] for k in keys}
                for s in self._scoes_of(scormid)
                if not organization or s["organization"] == organization
            ],
            "warnings": [],
        }

    def _check_own(self, userid: int, other: int) -> None:
        if userid != ADMIN_ID and other != userid:
            raise MoodleException("nopermissions", "View reports")

    def _attempts(self, userid: int, scormid: int) -> list[int]:
        return sorted(a for (u, s, a) in self.state.tracks if u == userid and s == scormid)

    @ws({"scoid": "int", "userid": "int", "attempt": Opt("int", 0)}, admin=False)
    def ws_mod_scorm_get_scorm_sco_tracks(
        self, caller: int, scoid: int, userid: int, attempt: int
    ) -> dict[str, Any]:
        self._check_own(caller, userid)
        sco, scorm = self._scorm_of_sco(scoid)
        attempt = attempt or (self._attempts(userid, scorm["id"]) or [1])[-1]
        stored = self.state.tracks.get((userid, scorm["id"], attempt), {}).get(scoid, {})
        if not stored:
            return {
                "data": {"attempt": attempt, "tracks": []},
                "warnings": [
                    {
                        "item": "attempt",
                        "itemid": attempt,
                        "warningcode": "notattempted",
                        "message": "Not attempted",
                    }
                ],
            }
        value = lambda name, default="": stored[name].value if name in stored else default  # noqa: E731
        raw = value("cmi.core.score.raw", value("cmi.score.raw", None))
        summary = [
            ("score_raw", "" if raw is None else _number_or_zero(raw)),
            ("status", value("cmi.core.lesson_status", value("cmi.completion_status"))),
            ("total_time", value("cmi.core.total_time", value("cmi.total_time", "00:00:00"))),
            ("session_time", value("cmi.core.session_time", value("cmi.session_time"))),
            ("timemodified", str(max(t.time for t in stored.values()))),
        ]
        tracks = [{"element": k, "value": v} for k, v in summary]
        # Every stored element, as Moodle's scorm_get_tracks lists them: the cmi.* ones, then
        # x.start.time.
        tracks += [
            {"element": name, "value": stored[name].value}
            for name in sorted(stored)
            if name.startswith(("cmi.", "x."))
        ]
        tracks += [
            {"element": "userid", "value": userid},
            {"element": "scoid", "value": str(scoid)},
        ]
        return {"data": {"attempt": attempt, "tracks": tracks}, "warnings": []}

    @ws(
        {"scoid": "int", "attempt": "int", "tracks": [{"element": "raw", "value": "raw"}]},
        admin=False,
    )
    def ws_mod_scorm_insert_scorm_tracks(
        self, caller: int, scoid: int, attempt: int, tracks: list[dict[str, str]]
    ) -> dict[str, Any]:
        sco, scorm = self._scorm_of_sco(scoid)
        stored = self.state.tracks.setdefault((caller, scorm["id"], attempt), {}).setdefault(
            scoid, {}
        )
        now = self._now()
        ids = []
        for track in tracks:
            existing = stored.get(track["element"])
            trackid = existing.id if existing else self.state.next_id("track")
            stored[track["element"]] = ScormTrack(trackid, track["value"], now)
            ids.append(trackid)
            self._log_track(caller, scorm, track["element"], track["value"], now)
        return {"trackids": ids, "warnings": []}

    def _log_track(
        self, userid: int, scorm: dict[str, Any], element: str, value: str, now: int
    ) -> None:
        """The events mod_scorm logs as a track is stored: a raw score, or a final status."""
        if element in ("cmi.core.score.raw", "cmi.score.raw"):
            name = SCORE_SUBMITTED
        elif element in (
            "cmi.completion_status",
            "cmi.core.lesson_status",
            "cmi.success_status",
        ) and value in ("completed", "failed", "passed"):
            name = STATUS_SUBMITTED
        else:
            return
        self.log_event(
            userid,
            name,
            now,
            courseid=scorm["course"],
            cmid=scorm["coursemodule"],
            objectid=scorm["id"],
        )

    @ws(
        {"scormid": "int", "userid": "int", "ignoremissingcompletion": Opt("bool", False)},
        admin=False,
    )
    def ws_mod_scorm_get_scorm_attempt_count(
        self, caller: int, scormid: int, userid: int, ignoremissingcompletion: bool
    ) -> dict[str, Any]:
        self._check_own(caller, userid)
        return {"attemptscount": len(self._attempts(userid, scormid)), "warnings": []}

    @ws({"scormid": "int", "scoid": Opt("int", 0)}, admin=False)
    def ws_mod_scorm_launch_sco(self, caller: int, scormid: int, scoid: int) -> dict[str, Any]:
        if scormid not in self.state.scorms:
            raise MoodleException("invalidrecord")
        scorm = self.state.scorms[scormid]
        launched = scoid or self._scoes_of(scormid, launchable=True)[0]["id"]
        self.log_event(
            caller,
            SCO_LAUNCHED,
            self._now(),
            courseid=scorm["course"],
            cmid=scorm["coursemodule"],
            objectid=launched,
        )
        return {"status": True, "warnings": []}

    # --- completion and grades -------------------------------------------------------------

    def _attempt_statuses(
        self, userid: int, scorm: dict[str, Any], attempt: int
    ) -> dict[int, tuple[str, float | None]]:
        stored = self.state.tracks.get((userid, scorm["id"], attempt), {})
        result = {}
        for scoid, tracks in stored.items():
            get = lambda n, tracks=tracks: tracks[n].value if n in tracks else None  # noqa: E731
            status = (
                get("cmi.success_status")
                if get("cmi.success_status") in ("passed", "failed")
                else get("cmi.core.lesson_status") or get("cmi.completion_status") or ""
            )
            raw = get("cmi.core.score.raw") or get("cmi.score.raw")
            result[scoid] = (status, _number_or_none(raw))
        return result

    def _scorm_grade(self, userid: int, scorm: dict[str, Any]) -> float | None:
        grades = []
        for attempt in self._attempts(userid, scorm["id"]):
            statuses = self._attempt_statuses(userid, scorm, attempt)
            scores = [s for _, s in statuses.values() if s is not None]
            if scorm["grademethod"] == 0:
                grades.append(
                    float(sum(1 for st, _ in statuses.values() if st in ("passed", "completed")))
                )
            elif scores:
                grades.append(
                    {1: max(scores), 2: sum(scores) / len(scores), 3: sum(scores)}[
                        scorm["grademethod"]
                    ]
                )
        if not grades:
            return None
        return {0: max(grades), 1: sum(grades) / len(grades), 2: grades[0], 3: grades[-1]}[
            scorm["whatgrade"]
        ]

    def _activity_grade(self, userid: int, module: str, activity: dict[str, Any]) -> float | None:
        if module == "scorm":
            return self._scorm_grade(userid, activity)
        row = self.state.assign_grades.get((activity["id"], userid))
        return None if row is None or row["grade"] < 0 else float(row["grade"])

    def _activity_max(self, module: str, activity: dict[str, Any]) -> float:
        return self._grademax(activity) if module == "scorm" else float(activity["grade"])

    def _grademax(self, scorm: dict[str, Any]) -> float:
        return (
            float(len(self._scoes_of(scorm["id"], launchable=True)))
            if scorm["grademethod"] == 0
            else float(scorm["maxgrade"])
        )

    def _cm_completion(self, cm: dict[str, Any], userid: int) -> tuple[int, int]:
        """(state, timecompleted) of a SCORM activity for a learner, from the completion rules;
        an assignment is complete once graded: 2 passed, 3 failed."""
        if cm["modname"] == "assign" and cm["completion"] == 2:
            assignment = self.state.assigns[cm["instance"]]
            grade = self._activity_grade(userid, "assign", assignment)
            if grade is None:
                return 0, 0
            graded_at = self.state.assign_grades[(assignment["id"], userid)]["timemodified"]
            return (2 if grade >= assignment["gradepass"] else 3), graded_at
        if cm["modname"] != "scorm" or cm["completion"] != 2:
            return 0, 0
        scorm = self.state.scorms[cm["instance"]]
        mask = scorm["completionstatusrequired"] or 0
        wanted = {name for bit, name in ((2, "passed"), (4, "completed")) if mask & bit}
        reached: dict[int, int] = {}  # scoid: time the status was reached
        for attempt in self._attempts(userid, scorm["id"]):
            for scoid, (status, _) in self._attempt_statuses(userid, scorm, attempt).items():
                if status in wanted:
                    tracks = self.state.tracks[(userid, scorm["id"], attempt)][scoid]
                    reached.setdefault(scoid, max(t.time for t in tracks.values()))
        scoes = {s["id"] for s in self._scoes_of(scorm["id"], launchable=True)}
        by_status = not wanted or (
            scoes <= set(reached) if scorm["completionstatusallscos"] else bool(reached)
        )
        grade = self._scorm_grade(userid, scorm)
        by_score = not scorm["completionscorerequired"] or (
            grade is not None and grade >= scorm["completionscorerequired"]
        )
        if wanted or scorm["completionscorerequired"]:
            if by_status and by_score:
                return 1, max(reached.values(), default=self._now())
        return 0, 0

    def _completion_cms(self, courseid: int) -> list[dict[str, Any]]:
        return sorted(
            (cm for cm in self.state.cms.values() if cm["course"] == courseid and cm["completion"]),
            key=lambda cm: cm["id"],
        )

    @ws({"courseid": "int", "userid": "int"}, admin=False)
    def ws_core_completion_get_activities_completion_status(
        self, caller: int, courseid: int, userid: int
    ) -> dict[str, Any]:
        self._check_own(caller, userid)
        self._course(courseid)
        statuses = [
            {
                "cmid": cm["id"],
                "modname": cm["modname"],
                "instance": cm["instance"],
                "tracking": cm["completion"],
                **self._completion_data(cm, userid),
            }
            for cm in self._completion_cms(courseid)
        ]
        return {"statuses": statuses, "warnings": []}

    @ws({"courseid": "int", "userid": "int"}, admin=False)
    def ws_core_completion_get_course_completion_status(
        self, caller: int, courseid: int, userid: int
    ) -> dict[str, Any]:
        self._check_own(caller, userid)
        self._course(courseid)
        cms = self._completion_cms(courseid)
        if not cms:
            raise MoodleException("nocriteriaset")
        completions = []
        for cm in cms:
            state, when = self._cm_completion(cm, userid)
            completions.append(
                {
                    "type": 4,
                    "title": "Activity completion",
                    "status": "Yes" if state else "No",
                    "complete": bool(state),
                    "timecompleted": when or None,
                    "details": {
                        "type": "Activity completion",
                        "requirement": "",
                        "status": "",
                        "criteria": f'<a href="{self.url}/mod/{cm["modname"]}/view.php'
                        f'?id={cm["id"]}">'
                        f"{cm['name']}</a>",
                    },
                }
            )
        return {
            "completionstatus": {
                "completed": all(c["complete"] for c in completions),
                "aggregation": 1,
                "completions": completions,
            },
            "warnings": [],
        }

    def _grade_item(
        self, itemid: int, name: str | None, grade: float | None, grademax: float, **extra: Any
    ) -> dict[str, Any]:
        item = {
            "id": itemid,
            "itemname": name,
            **extra,
            "categoryid": extra.get("categoryid"),
            "outcomeid": None,
            "scaleid": None,
            "locked": False,
        }
        item.update(
            graderaw=grade,
            gradedatesubmitted=None,
            gradedategraded=self._now() if grade is not None else None,
            gradehiddenbydate=False,
            gradeneedsupdate=False,
            gradeishidden=False,
            gradeislocked=False,
            gradeisoverridden=False,
            gradeformatted="-" if grade is None else f"{grade:.2f}",
            grademin=0,
            grademax=grademax,
            rangeformatted=f"0&ndash;{grademax:g}",
            percentageformatted="-" if grade is None else f"{100 * grade / grademax:.2f} %",
            feedback="",
            feedbackformat=0 if grade is None else 2,
        )
        return item

    @ws({"courseid": "int", "userid": Opt("int", 0), "groupid": Opt("int", 0)})
    def ws_gradereport_user_get_grade_items(
        self, caller: int, courseid: int, userid: int, groupid: int
    ) -> dict[str, Any]:
        course = self._course(courseid)
        learners = (
            [userid] if userid else sorted(u for c, u in self.state.enrolments if c == courseid)
        )
        # The course's graded activities in the order their grade items were made: SCORM
        # activities and assignments (a practical task's grade, as the tutor gave it).
        activities = sorted(
            [
                (self.state.grade_items[-s["id"]], "scorm", s)
                for s in self.state.scorms.values()
                if s["course"] == courseid
            ]
            + [
                (a["gradeitem"], "assign", a)
                for a in self.state.assigns.values()
                if a["course"] == courseid
            ],
            key=lambda entry: entry[0],
        )
        usergrades = []
        for learner in learners:
            user = self.state.users[learner]
            items = []
            grades = {
                itemid: (
                    self._activity_grade(learner, module, activity),
                    self._activity_max(module, activity),
                )
                for itemid, module, activity in activities
            }
            graded_max = sum(top for grade, top in grades.values() if grade is not None)
            total = (
                sum(grade for grade, _ in grades.values() if grade is not None)
                if graded_max
                else None
            )
            # Natural aggregation leaving out empty grades: once the learner has a grade, each
            # item weighs its share of the graded maximum, an empty one nothing ("novalue").
            for itemid, module, activity in activities:
                cm = self.state.cms[activity["coursemodule"]]
                grade, grademax = grades[itemid]
                weight: dict[str, Any] = {}
                if graded_max:
                    share = grademax / graded_max if grade is not None else 0.0
                    weight = {"weightraw": share, "weightformatted": f"{100 * share:.2f} %"}
                    if grade is None:
                        weight["status"] = "novalue"
                items.append(
                    self._grade_item(
                        itemid,
                        activity["name"],
                        grade,
                        grademax,
                        itemtype="mod",
                        itemmodule=module,
                        iteminstance=activity["id"],
                        itemnumber=0,
                        idnumber=cm["idnumber"],
                        categoryid=1,
                        cmid=cm["id"],
                        **weight,
                    )
                )
            total_max = graded_max or sum(top for _, top in grades.values())
            items.append(
                self._grade_item(
                    self.state.grade_items[courseid],
                    None,
                    total,
                    total_max or 100.0,
                    itemtype="course",
                    itemmodule=None,
                    iteminstance=1,
                    itemnumber=None,
                    idnumber=None,
                )
            )
            usergrades.append(
                {
                    "courseid": courseid,
                    "courseidnumber": course["idnumber"],
                    "userid": learner,
                    "userfullname": user["fullname"],
                    "useridnumber": user["idnumber"],
                    "maxdepth": 2,
                    "gradeitems": items,
                }
            )
        return {"usergrades": usergrades, "warnings": []}

    # --- users and enrolment ---------------------------------------------------------------

    def _customfields(self, userid: int) -> dict[str, Any]:
        """The user's custom profile fields with a value, as user records carry them (none: no
        key at all)."""
        fields = [
            {
                "type": spec["datatype"],
                "value": self.state.profile_data[(userid, shortname)],
                "displayvalue": self.state.profile_data[(userid, shortname)],
                "name": spec["name"],
                "shortname": shortname,
            }
            for shortname, spec in self.state.profile_fields.items()
            if self.state.profile_data.get((userid, shortname))
        ]
        return {"customfields": fields} if fields else {}

    def _user_details(self, user: dict[str, Any]) -> dict[str, Any]:
        """A user record as Moodle's user_get_user_details gives it: an empty idnumber left out,
        the custom fields with a value."""
        details = {k: v for k, v in user.items() if k != "idnumber" or v}
        return {**details, **self._customfields(user["id"])}

    def _save_user_data(self, userid: int, spec: dict[str, Any]) -> None:
        """customfields (unknown shortnames ignored, as Moodle does), preferences, password."""
        for custom in spec.get("customfields") or []:
            field = self.state.profile_fields.get(custom["type"])
            if field is None:
                continue
            value = custom["value"]
            if field["options"] is not None and value not in field["options"]:
                value = ""  # a menu keeps only one of its options
            self.state.profile_data[(userid, custom["type"])] = value
        for preference in spec.get("preferences") or []:
            self.state.preferences[(userid, preference["type"])] = preference["value"]
        if spec.get("password"):
            self.state.passwords[userid] = spec["password"]  # a forced change stays forced

    def change_password(self, userid: int, password: str = "Changed#Pass1") -> None:
        """What a learner does at the first login on the website: the forced change is over."""
        with self._lock:
            self.state.passwords[userid] = password
            self.state.preferences.pop((userid, FORCE_PASSWORD_CHANGE), None)
            user = self.state.users[userid]
            user["firstaccess"] = user["firstaccess"] or self._now()
            user["lastaccess"] = self._now()

    def must_change_password(self, userid: int) -> bool:
        return self.state.preferences.get((userid, FORCE_PASSWORD_CHANGE), "0") not in ("", "0")

    @ws({"field": "raw", "values": ["raw"]})
    def ws_core_user_get_users_by_field(
        self, caller: int, field: str, values: list[str]
    ) -> list[dict[str, Any]]:
        if field not in ("id", "idnumber", "username", "email"):
            raise InvalidParameter(f"The search field '{field}' is not supported")
        found = [u for u in self.state.users.values() if str(u[field]) in values]
        return [self._user_details(u) for u in sorted(found, key=lambda u: u["id"])]

    _USER_DATA = {
        "customfields": Opt([{"type": "raw", "value": "raw"}]),
        "preferences": Opt([{"type": "raw", "value": "raw"}]),
    }

    @ws(
        {
            "users": [
                {
                    "createpassword": Opt("bool", False),
                    "username": "raw",
                    "auth": Opt("raw", "manual"),
                    "password": Opt("raw"),
                    "firstname": "raw",
                    "lastname": "raw",
                    "email": "raw",
                    "idnumber": Opt("raw", ""),
                    "lang": Opt("raw"),
                    "city": Opt("raw"),
                    "country": Opt("raw"),
                    **_USER_DATA,
                }
            ]
        }
    )
    def ws_core_user_create_users(
        self, caller: int, users: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        for spec in users:
            if spec["username"] != spec["username"].lower():
                raise InvalidParameter("The username must be in lower case")
            if any(u["username"] == spec["username"] for u in self.state.users.values()):
                raise InvalidParameter(f"Username already exists: {spec['username']}")
            if spec["auth"] not in AUTH_PLUGINS:
                raise InvalidParameter("Invalid parameter value detected")  # as without debugging
            internal = AUTH_PLUGINS[spec["auth"]]
            if internal and not spec["createpassword"] and not spec["password"]:
                raise InvalidParameter(
                    "Invalid password: you must provide a password, or set createpassword."
                )
            if not internal:
                spec["password"] = None  # Moodle keeps none: the plugin checks it elsewhere
            if not re.fullmatch(r"[^@\s]+@[^@\s]+", spec["email"]):
                raise InvalidParameter(f"Email address is invalid: {spec['email']}")
        created = []
        for spec in users:
            newid = self.state.next_id("user")
            self.state.users[newid] = self._user_record(
                newid,
                spec["username"],
                spec["firstname"],
                spec["lastname"],
                spec["email"],
                spec["idnumber"],
            )
            self._save_user_data(newid, spec)
            if spec["createpassword"]:  # generated, mailed, to be changed at the first login
                self.state.passwords[newid] = secrets.token_urlsafe(12)
                self.state.preferences[(newid, FORCE_PASSWORD_CHANGE)] = "1"
            created.append({"id": newid, "username": spec["username"]})
        return created

    @ws(
        {
            "users": [
                {
                    "id": "int",
                    "username": Opt("raw"),
                    "auth": Opt("raw"),
                    "suspended": Opt("int"),
                    "password": Opt("raw"),
                    "firstname": Opt("raw"),
                    "lastname": Opt("raw"),
                    "email": Opt("raw"),
                    "idnumber": Opt("raw"),
                    **_USER_DATA,
                }
            ]
        }
    )
    def ws_core_user_update_users(self, caller: int, users: list[dict[str, Any]]) -> dict[str, Any]:
        for spec in users:
            user = self.state.users.get(spec["id"])
            if user is None:
                raise MoodleException("invalidrecord")
            for key in ("username", "auth", "firstname", "lastname", "email", "idnumber"):
                if spec[key] is not None:
                    user[key] = spec[key]
            user["fullname"] = f"{user['firstname']} {user['lastname']}"
            self._save_user_data(spec["id"], spec)
        return {"warnings": []}

    @ws({"name": Opt("raw", ""), "userid": Opt("int", 0)}, admin=False)
    def ws_core_user_get_user_preferences(
        self, caller: int, name: str, userid: int
    ) -> dict[str, Any]:
        userid = userid or caller
        self._check_own(caller, userid)
        if name:
            found = [{"name": name, "value": self.state.preferences.get((userid, name))}]
        else:
            found = [
                {"name": key, "value": value}
                for (owner, key), value in sorted(self.state.preferences.items())
                if owner == userid
            ]
        return {"preferences": found, "warnings": []}

    @ws({"userid": "int", "returnusercount": Opt("bool", True)}, admin=False)
    def ws_core_enrol_get_users_courses(
        self, caller: int, userid: int, returnusercount: bool
    ) -> list[dict[str, Any]]:
        self._check_own(caller, userid)
        if self.must_change_password(caller):
            return []  # the courses are there; the user has no access to them yet
        answer = []
        for courseid, learner in sorted(self.state.enrolments):
            if learner != userid:
                continue
            course = self._course_answer(self.state.courses[courseid])
            answer.append(
                {
                    **{
                        key: course[key]
                        for key in (
                            "id",
                            "shortname",
                            "fullname",
                            "displayname",
                            "idnumber",
                            "visible",
                            "summary",
                            "summaryformat",
                            "format",
                            "courseimage",
                            "lang",
                            "startdate",
                            "enddate",
                            "marker",
                            "overviewfiles",
                            "showactivitydates",
                            "showcompletionconditions",
                            "timemodified",
                        )
                    },
                    "enrolledusercount": sum(1 for c, _ in self.state.enrolments if c == courseid),
                    "showgrades": True,
                    "enablecompletion": bool(course["enablecompletion"]),
                    "completionhascriteria": False,
                    "completionusertracked": True,
                    "category": course["categoryid"],
                    "progress": 0,
                    "completed": False,
                    "lastaccess": None,
                    "isfavourite": False,
                    "hidden": False,
                }
            )
        return answer

    @ws({"courseid": "int", "options": Opt([{"name": "raw", "value": "raw"}], [])})
    def ws_core_enrol_get_enrolled_users(
        self, caller: int, courseid: int, options: list[dict[str, str]]
    ) -> list[dict[str, Any]]:
        course = self._course(courseid)
        answer = []
        for (c, u), enrolment in sorted(self.state.enrolments.items()):
            if c != courseid:
                continue
            user = self.state.users[u]
            answer.append(
                {
                    **{
                        k: v
                        for k, v in self._user_details(user).items()
                        if k
                        in (
                            "id",
                            "username",
                            "firstname",
                            "lastname",
                            "fullname",
                            "email",
                            "department",
                            "idnumber",
                            "firstaccess",
                            "lastaccess",
                            "profileimageurlsmall",
                            "profileimageurl",
                        )
                    },
                    "lastcourseaccess": 0,
                    # This function's answer has no displayvalue in its custom fields.
                    **{
                        key: [{k: v for k, v in f.items() if k != "displayvalue"} for f in fields]
                        for key, fields in self._customfields(u).items()
                    },
                    "roles": [
                        {
                            "roleid": enrolment["roleid"],
                            "name": "",
                            "shortname": "student",
                            "sortorder": 0,
                        }
                    ],
                    "enrolledcourses": [
                        {
                            "id": courseid,
                            "fullname": course["fullname"],
                            "shortname": course["shortname"],
                        }
                    ],
                }
            )
        return answer

    @ws(
        {
            "enrolments": [
                {
                    "roleid": "int",
                    "userid": "int",
                    "courseid": "int",
                    "timestart": Opt("int", 0),
                    "timeend": Opt("int", 0),
                    "suspend": Opt("int", 0),
                }
            ]
        }
    )
    def ws_enrol_manual_enrol_users(self, caller: int, enrolments: list[dict[str, int]]) -> None:
        for spec in enrolments:
            self._course(spec["courseid"])
            if spec["userid"] not in self.state.users:
                raise MoodleException("invalidrecord")
        for spec in enrolments:
            self.state.enrolments[(spec["courseid"], spec["userid"])] = {
                "roleid": spec["roleid"],
                "timestart": spec["timestart"],
            }
        return None

    # --- mod_attendance (a third-party plugin; as its externallib.php describes get_sessions) ---

    @ws({"attendanceid": "int"})
    def ws_mod_attendance_get_sessions(
        self, caller: int, attendanceid: int
    ) -> list[dict[str, Any]]:
        if attendanceid not in self.state.attendance_sessions:
            raise MoodleException("invalidrecord")
        cm = next(
            c
            for c in self.state.cms.values()
            if c["modname"] == "attendance" and c["instance"] == attendanceid
        )
        learners = sorted(u for c, u in self.state.enrolments if c == cm["course"])
        answer = []
        for session in self.state.attendance_sessions[attendanceid]:
            answer.append(
                {
                    "id": session["id"],
                    "attendanceid": attendanceid,
                    "groupid": 0,
                    "sessdate": session["sessdate"],
                    "duration": session["duration"],
                    "lasttaken": session["sessdate"],
                    "lasttakenby": ADMIN_ID,
                    "timemodified": session["sessdate"],
                    "description": "",
                    "descriptionformat": 1,
                    "studentscanmark": 0,
                    "absenteereport": 1,
                    "autoassignstatus": 0,
                    "preventsharedip": 0,
                    "preventsharediptime": 0,
                    "statusset": 0,
                    "includeqrcode": 0,
                    "courseid": cm["course"],
                    "statuses": [
                        {
                            "id": session["statusids"][acronym],
                            "attendanceid": attendanceid,
                            "acronym": acronym,
                            "description": description,
                            "grade": grade,
                            "visible": 1,
                            "deleted": 0,
                            "setnumber": 0,
                        }
                        for acronym, description, grade in ATTENDANCE_STATUSES
                    ],
                    "attendance_log": [
                        {
                            "studentid": userid,
                            "statusid": str(statusid),
                            "remarks": "",
                            "id": str(1000 * session["id"] + userid),
                        }
                        for userid, statusid in session["log"]
                    ],
                    "users": [
                        {
                            "id": u,
                            "firstname": self.state.users[u]["firstname"],
                            "lastname": self.state.users[u]["lastname"],
                        }
                        for u in learners
                    ],
                }
            )
        return answer

    # --- the plugin ------------------------------------------------------------------------

    @ws(
        {
            "courseid": "int",
            "section": "int",
            "idnumber": "raw",
            "name": "raw",
            "intro": Opt("raw", ""),
            "draftitemid": Opt("int", 0),
            "grademethod": Opt("int", 1),
            "maxgrade": Opt("float", 100.0),
            "maxattempt": Opt("int", 0),
            "whatgrade": Opt("int", 0),
            "completionstatusrequired": Opt("int", 6),
            "completionstatusallscos": Opt("int", 1),
            "completionscorerequired": Opt("int", 0),
            "popup": Opt("int", 0),
            "visible": Opt("int", 1),
        }
    )
    def ws_local_scormsync_save_scorm(
        self,
        caller: int,
        courseid: int,
        section: int,
        idnumber: str,
        draftitemid: int,
        **settings: Any,
    ) -> dict[str, Any]:
        course = self._course(courseid)
        idnumber = idnumber.strip()
        if (
            not idnumber
            or settings["grademethod"] not in range(4)
            or settings["whatgrade"] not in range(4)
            or settings["completionstatusrequired"] not in (0, 2, 4, 6)
            or not 0 <= settings["maxgrade"] <= 100
        ):
            raise InvalidParameter("invalid SCORM settings")
        package = None
        if draftitemid:
            files = self.state.drafts.get((caller, draftitemid), [])
            if len(files) != 1:
                error = MoodleException("invalidparameter")
                error.payload = {
                    "exception": "core\\exception\\moodle_exception",
                    "errorcode": "draftnotonepackage",
                    "message": "The draft area must hold exactly one SCORM package; "
                    f"it holds {len(files)} files.",
                }
                raise error
            package = files[0][1:]
            self._parse_package(*package)  # validate before anything changes
        cm = next(
            (
                c
                for c in self.state.cms.values()
                if c["course"] == courseid and c["idnumber"] == idnumber
            ),
            None,
        )
        while section >= len(self._course_sections(courseid)):
            self._add_section(courseid)
        target = self._course_sections(courseid)[section]
        now = self._now()
        created = cm is None
        if created:
            if package is None:
                raise InvalidParameter("a new SCORM activity needs a package: draftitemid is 0")
            cmid, scormid = self.state.next_id("cm"), self.state.next_id("scorm")
            cm = {
                "id": cmid,
                "course": courseid,
                "modname": "scorm",
                "instance": scormid,
                "section": target["id"],
                "idnumber": idnumber,
                "added": now,
            }
            self.state.cms[cmid] = cm
            self.state.scorms[scormid] = {"id": scormid, "coursemodule": cmid, "course": courseid}
            self.state.grade_items[-scormid] = self.state.next_id("gradeitem")
            target["sequence"].append(cmid)
        scorm = self.state.scorms[cm["instance"]]
        if cm["section"] != target["id"]:
            self._section(cm["section"])["sequence"].remove(cm["id"])
            target["sequence"].append(cm["id"])
            cm["section"] = target["id"]
        cm.update(
            name=settings["name"],
            visible=settings["visible"],
            completion=2
            if settings["completionstatusrequired"] or settings["completionscorerequired"]
            else 0,
        )
        scorm.update(
            {
                key: settings[key]
                for key in (
                    "name",
                    "intro",
                    "grademethod",
                    "maxgrade",
                    "maxattempt",
                    "whatgrade",
                    "completionstatusallscos",
                    "popup",
                )
            },
            completionstatusrequired=settings["completionstatusrequired"] or None,
            completionscorerequired=settings["completionscorerequired"] or None,
            timemodified=now,
        )
        if package is not None:
            self._store_package(scorm, *package)
        course["timemodified"] = now
        return {"cmid": cm["id"], "scormid": scorm["id"], "created": created, "warnings": []}

    @ws({"courseid": "int"})
    def ws_local_scormsync_get_course_report(self, caller: int, courseid: int) -> dict[str, Any]:
        self._course(courseid)
        learners = {u for c, u in self.state.enrolments if c == courseid}
        rows = []
        for scorm in (s for s in self.state.scorms.values() if s["course"] == courseid):
            for sco in self._scoes_of(scorm["id"], launchable=True):
                for userid in learners:
                    tracks = self._raw_attempts(userid, scorm["id"], sco["id"])
                    if tracks:
                        rows.append({"userid": userid, "scoid": sco["id"], "tracks": tracks})
        return {
            "courseid": courseid,
            "rows": sorted(rows, key=lambda r: (r["userid"], r["scoid"])),
            "warnings": [],
        }

    @ws(
        {
            "courseid": "int",
            "section": "int",
            "idnumber": "raw",
            "name": "raw",
            "intro": Opt("raw", ""),
            "draftitemid": Opt("int", 0),
            "onlinetext": Opt("int", 0),
            "maxfiles": Opt("int", 0),
            "maxsizebytes": Opt("int", 0),
            "filetypes": Opt("raw", ""),
            "duedate": Opt("int", 0),
            "grade": "float",
            "gradepass": "float",
            "rubric": Opt(
                [{"description": "raw", "levels": [{"score": "float", "definition": "raw"}]}], []
            ),
            "visible": Opt("int", 1),
        }
    )
    def ws_local_scormsync_save_assign(
        self, caller: int, courseid: int, section: int, idnumber: str, **settings: Any
    ) -> dict[str, Any]:
        course = self._course(courseid)
        idnumber = idnumber.strip()
        top = sum(max(lv["score"] for lv in c["levels"]) for c in settings["rubric"] if c["levels"])
        if (
            not idnumber
            or not (settings["onlinetext"] or settings["maxfiles"])
            or not 1 <= settings["grade"] <= 100
            or not 0 <= settings["gradepass"] <= settings["grade"]
            or any(len(c["levels"]) < 2 for c in settings["rubric"])
            or (settings["rubric"] and abs(top - settings["grade"]) > 1e-5)
        ):
            raise InvalidParameter("invalid assignment settings")
        introfiles = self._intro_draft(caller, settings["draftitemid"])
        cm = next(
            (
                c
                for c in self.state.cms.values()
                if c["course"] == courseid and c["idnumber"] == idnumber
            ),
            None,
        )
        while section >= len(self._course_sections(courseid)):
            self._add_section(courseid)
        target = self._course_sections(courseid)[section]
        created = cm is None
        if created:
            cmid, assignid = self.state.next_id("cm"), self.state.next_id("assign")
            cm = {
                "id": cmid,
                "course": courseid,
                "modname": "assign",
                "instance": assignid,
                "section": target["id"],
                "idnumber": idnumber,
                "added": self._now(),
            }
            self.state.cms[cmid] = cm
            self.state.assigns[assignid] = {
                "id": assignid,
                "coursemodule": cmid,
                "course": courseid,
                "gradeitem": self.state.next_id("gradeitem"),
            }
            target["sequence"].append(cmid)
        assignment = self.state.assigns[cm["instance"]]
        if cm["section"] != target["id"]:
            self._section(cm["section"])["sequence"].remove(cm["id"])
            target["sequence"].append(cm["id"])
            cm["section"] = target["id"]
        cm.update(name=settings["name"], visible=settings["visible"], completion=2)
        files = settings["maxfiles"] > 0
        rubric = self._rubric(assignment.get("rubric", []), settings["rubric"])
        assignment.update(
            name=settings["name"],
            intro=settings["intro"],
            onlinetext=settings["onlinetext"],
            maxfiles=settings["maxfiles"] if files else 0,
            maxsizebytes=settings["maxsizebytes"] if files else 0,
            filetypes=settings["filetypes"] if files else "",
            duedate=settings["duedate"],
            grade=settings["grade"],
            gradepass=settings["gradepass"],
            rubric=rubric,
            introfiles=introfiles,
            timemodified=self._now(),
        )
        course["timemodified"] = self._now()
        return {"cmid": cm["id"], "assignid": assignment["id"], "created": created, "warnings": []}

    def _intro_draft(self, caller: int, draftitemid: int) -> list[dict[str, Any]]:
        """The files a description keeps, from the caller's draft (the plugin's intro_draft):
        each a plain file whose folder and name are as Moodle cleans them; none for 0."""
        if not draftitemid:
            return []
        files = self.state.drafts.get((caller, draftitemid), [])
        if not files:
            raise InvalidParameter(f"the draft area {draftitemid} of the caller holds no files")
        for path, name, _ in files:
            if not (
                path == clean_path(path)
                and path.startswith("/")
                and path.endswith("/")
                and name
                and name == clean_file(name)
            ):
                raise InvalidParameter(
                    f"the draft's file {html.escape(path + name)} is not a plain file with a "
                    "clean folder and name"
                )
        return [
            {
                "filepath": path,
                "filename": name,
                "contenthash": hashlib.sha1(data).hexdigest(),
                "filesize": len(data),
                "content": data,
            }
            for path, name, data in sorted(files)
        ]

    def _rubric(
        self, stored: list[dict[str, Any]], wanted: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """The wanted rubric, keeping the ids of the stored criteria and levels by position."""
        rubric = []
        for c, criterion in enumerate(wanted):
            old = stored[c] if c < len(stored) else {"id": self.state.next_id("criterion")}
            levels = []
            for n, level in enumerate(criterion["levels"]):
                old_levels = old.get("levels", [])
                levelid = (
                    old_levels[n]["id"] if n < len(old_levels) else self.state.next_id("level")
                )
                levels.append({"id": levelid, **level})
            rubric.append(
                {"id": old["id"], "description": criterion["description"], "levels": levels}
            )
        return rubric

    @ws({"courseid": "int"})
    def ws_local_scormsync_get_assigns(self, caller: int, courseid: int) -> dict[str, Any]:
        self._course(courseid)
        assigns = []
        for a in sorted(self.state.assigns.values(), key=lambda a: a["coursemodule"]):
            cm = self.state.cms[a["coursemodule"]]
            if a["course"] != courseid or not cm["idnumber"]:
                continue
            assigns.append(
                {
                    "cmid": cm["id"],
                    "assignid": a["id"],
                    "idnumber": cm["idnumber"],
                    "section": self._section(cm["section"])["section"],
                    "name": a["name"],
                    "intro": a["intro"],
                    **{key: a[key] for key in ASSIGN_SETTINGS},
                    "completion": cm["completion"],
                    "completionusegrade": 1,
                    "completionpassgrade": 1,
                    "gradingmethod": "rubric" if a["rubric"] else "",
                    "rubricstatus": 20 if a["rubric"] else 0,
                    "rubric": a["rubric"],
                    "introfiles": [
                        {key: f[key] for key in ("filepath", "filename", "contenthash", "filesize")}
                        for f in a["introfiles"]
                    ],
                }
            )
        return {"courseid": courseid, "assigns": assigns, "warnings": []}

    def _assignment_answer(self, a: dict[str, Any]) -> dict[str, Any]:
        """An assignment as mod_assign_get_assignments lists it (the recording's fields)."""
        # The module's context stands in as its course module's id.
        files = f"{self.url}/webservice/pluginfile.php/{a['coursemodule']}/mod_assign/intro"
        configs = [
            ("onlinetext", "assignsubmission", "enabled", a["onlinetext"]),
            ("onlinetext", "assignsubmission", "wordlimit", 0),
            ("onlinetext", "assignsubmission", "wordlimitenabled", 0),
            ("file", "assignsubmission", "enabled", int(a["maxfiles"] > 0)),
            ("file", "assignsubmission", "maxfilesubmissions", max(a["maxfiles"], 1)),
            ("file", "assignsubmission", "maxsubmissionsizebytes", a["maxsizebytes"]),
            ("file", "assignsubmission", "filetypeslist", a["filetypes"]),
            ("comments", "assignsubmission", "enabled", 0),
            ("comments", "assignfeedback", "enabled", 1),
            ("comments", "assignfeedback", "commentinline", 0),
        ]
        numbers = dict.fromkeys(
            (
                "nosubmissions sendnotifications sendlatenotifications allowsubmissionsfromdate "
                "gradepenalty completionsubmit cutoffdate gradingduedate teamsubmission "
                "requireallteammemberssubmit teamsubmissiongroupingid blindmarking hidegrader "
                "revealidentities markingworkflow markingallocation markinganonymous "
                "requiresubmissionstatement preventsubmissionnotingroup timelimit "
                "submissionattachments"
            ).split(),
            0,
        )
        return {
            "id": a["id"],
            "cmid": a["coursemodule"],
            "course": a["course"],
            "name": self._string(a["name"]),
            **numbers,
            "submissiondrafts": 1,
            "sendstudentnotifications": 1,
            "duedate": a["duedate"],
            "grade": int(a["grade"]) if float(a["grade"]).is_integer() else a["grade"],
            "timemodified": a["timemodified"],
            "attemptreopenmethod": "untilpass",
            "maxattempts": -1,
            "configs": [
                {"plugin": p, "subtype": t, "name": n, "value": str(v)} for p, t, n, v in configs
            ],
            # Moodle names the description's files by their web-service address, raw or not.
            "intro": self._text(a["intro"]).replace("@@PLUGINFILE@@", files),
            "introformat": 1,
            "introfiles": [
                {
                    "filename": f["filename"],
                    "filepath": f["filepath"],
                    "filesize": f["filesize"],
                    "fileurl": f"{files}{f['filepath']}{f['filename']}",
                    "timemodified": a["timemodified"],
                    "mimetype": mimetypes.guess_type(f["filename"])[0] or "document/unknown",
                    "isexternalfile": False,
                    "icon": "f/unknown",
                }
                for f in a["introfiles"]
            ],
            "introattachments": [],
        }

    @ws(
        {
            "courseids": Opt(["int"], []),
            "capabilities": Opt(["raw"], []),
            "includenotenrolledcourses": Opt("bool", False),
        },
        admin=False,
    )
    def ws_mod_assign_get_assignments(
        self,
        caller: int,
        courseids: list[int],
        capabilities: list[str],
        includenotenrolledcourses: bool,
    ) -> dict[str, Any]:
        answer, warnings = [], []
        for courseid in courseids:
            course = self._course(courseid)
            enrolled = (courseid, caller) in self.state.enrolments
            if not enrolled and not (caller == ADMIN_ID and includenotenrolledcourses):
                warnings.append(
                    {
                        "item": "course",
                        "itemid": courseid,
                        "warningcode": "2",
                        "message": "User is not enrolled or does not have requested capability",
                    }
                )
                continue
            assigns = sorted(
                (a for a in self.state.assigns.values() if a["course"] == courseid),
                key=lambda a: a["coursemodule"],
            )
            answer.append(
                {
                    "id": courseid,
                    "fullname": self._string(course["fullname"]),
                    "shortname": self._string(course["shortname"]),
                    "timemodified": course["timemodified"],
                    "assignments": [self._assignment_answer(a) for a in assigns],
                }
            )
        return {"courses": answer, "warnings": warnings}

    def _assignment(self, assignid: int) -> dict[str, Any]:
        if assignid not in self.state.assigns:
            raise MoodleException("invalidrecord", table="assign")
        return self.state.assigns[assignid]

    @ws(
        {
            "assignmentids": ["int"],
            "status": Opt("raw", ""),
            "since": Opt("int", 0),
            "before": Opt("int", 0),
        }
    )
    def ws_mod_assign_get_submissions(
        self, caller: int, assignmentids: list[int], status: str, since: int, before: int
    ) -> dict[str, Any]:
        answer = []
        for assignid in assignmentids:
            self._assignment(assignid)
            rows = [
                self._submission_answer(assignid, userid, row)
                for (a, userid), row in sorted(self.state.submissions.items())
                if a == assignid
            ]
            answer.append({"assignmentid": assignid, "submissions": rows})
        return {"assignments": answer, "warnings": []}

    def _submission_answer(self, assignid: int, userid: int, row: dict[str, Any]) -> dict[str, Any]:
        graded = (assignid, userid) in self.state.assign_grades
        return {
            "id": row["id"],
            "userid": userid,
            "attemptnumber": 0,
            "timecreated": row["timecreated"],
            "timemodified": row["timemodified"],
            "timestarted": None,
            "status": row["status"],
            "groupid": 0,
            "plugins": [
                {
                    "type": "onlinetext",
                    "name": "Online text",
                    "fileareas": [{"area": "submissions_onlinetext", "files": []}],
                    "editorfields": [
                        {
                            "name": "onlinetext",
                            "description": "Online text submissions",
                            "text": row["text"],
                            "format": 1,
                        }
                    ],
                },
                {
                    "type": "file",
                    "name": "File submissions",
                    "fileareas": [{"area": "submission_files", "files": []}],
                },
                {"type": "comments", "name": "Submission comments"},
            ],
            "gradingstatus": "graded" if graded else "notgraded",
        }

    @ws({"assignmentids": ["int"], "since": Opt("int", 0)})
    def ws_mod_assign_get_grades(
        self, caller: int, assignmentids: list[int], since: int
    ) -> dict[str, Any]:
        """Assignments without any grade are left out, with a warning each (as recorded)."""
        answer, warnings = [], []
        for assignid in assignmentids:
            self._assignment(assignid)
            rows = [
                {
                    "id": row["id"],
                    "userid": userid,
                    "attemptnumber": 0,
                    "timecreated": row["timecreated"],
                    "timemodified": row["timemodified"],
                    "grader": row["grader"],
                    "grade": f"{row['grade']:.5f}",
                }
                for (a, userid), row in sorted(self.state.assign_grades.items())
                if a == assignid
            ]
            if rows:
                answer.append({"assignmentid": assignid, "grades": rows})
            else:
                warnings.append(
                    {
                        "item": "assignment",
                        "itemid": assignid,
                        "warningcode": "3",
                        "message": "No grades found",
                    }
                )
        return {"assignments": answer, "warnings": warnings}

    @ws(
        {
            "assignmentid": "int",
            "plugindata": {
                "onlinetext_editor": Opt({"text": "raw", "format": "int", "itemid": "int"}),
                "files_filemanager": Opt("int"),
            },
        },
        admin=False,
    )
    def ws_mod_assign_save_submission(
        self, caller: int, assignmentid: int, plugindata: dict[str, Any]
    ) -> list[Any]:
        self._assignment(assignmentid)
        now = self._now()
        row = self.state.submissions.setdefault(
            (assignmentid, caller),
            {"id": self.state.next_id("submission"), "timecreated": now, "text": ""},
        )
        editor = plugindata.get("onlinetext_editor") or {}
        row.update(status="draft", timemodified=now, text=editor.get("text", row["text"]))
        return []

    @ws({"assignmentid": "int", "acceptsubmissionstatement": Opt("bool", False)}, admin=False)
    def ws_mod_assign_submit_for_grading(
        self, caller: int, assignmentid: int, acceptsubmissionstatement: bool
    ) -> list[Any]:
        self._assignment(assignmentid)
        row = self.state.submissions.get((assignmentid, caller))
        if row is None:
            return [
                {
                    "item": "",
                    "itemid": assignmentid,
                    "warningcode": "couldnotsubmitforgrading",
                    "message": "Could not submit assignment for grading",
                }
            ]
        row.update(status="submitted", timemodified=self._now())
        return []

    @ws(
        {
            "assignmentid": "int",
            "userid": "int",
            "grade": "float",
            "attemptnumber": "int",
            "addattempt": "bool",
            "workflowstate": "raw",
            "applytoall": "bool",
            "plugindata": Opt(
                {"assignfeedbackcomments_editor": Opt({"text": "raw", "format": "int"})}, {}
            ),
            "advancedgradingdata": Opt(
                {
                    "rubric": Opt(
                        {
                            "criteria": [
                                {
                                    "criterionid": "int",
                                    "fillings": [
                                        {
                                            "criterionid": Opt("int", 0),
                                            "levelid": Opt("int", 0),
                                            "remark": Opt("raw", ""),
                                            "remarkformat": Opt("int", 0),
                                        }
                                    ],
                                }
                            ]
                        }
                    )
                },
                {},
            ),
        }
    )
    def ws_mod_assign_save_grade(
        self, caller: int, assignmentid: int, userid: int, grade: float, **other: Any
    ) -> None:
        """The grade, or with a rubric the sum of the levels chosen (every level's lowest is 0)."""
        assignment = self._assignment(assignmentid)
        fillings = (other["advancedgradingdata"].get("rubric") or {}).get("criteria", [])
        if assignment["rubric"] and fillings:
            chosen = {f["levelid"] for c in fillings for f in c["fillings"]}
            grade = sum(
                lv["score"]
                for c in assignment["rubric"]
                for lv in c["levels"]
                if lv["id"] in chosen
            )
        now = self._now()
        row = self.state.assign_grades.setdefault(
            (assignmentid, userid), {"id": self.state.next_id("grade"), "timecreated": now}
        )
        row.update(grade=float(grade), grader=caller, timemodified=now)
        return None

    @ws(
        {
            "courseid": "int",
            "timefrom": "int",
            "timeto": "int",
            "idlegap": Opt("int", 1800),
            "page": Opt("int", 0),
            "perpage": Opt("int", 1000),
        }
    )
    def ws_local_scormsync_get_sessions(
        self,
        caller: int,
        courseid: int,
        timefrom: int,
        timeto: int,
        idlegap: int,
        page: int,
        perpage: int,
    ) -> dict[str, Any]:
        self._course(courseid)
        if idlegap < 60 or page < 0 or not 1 <= perpage <= 5000 or timeto < timefrom:
            raise InvalidParameter(
                "idlegap >= 60, page >= 0, 1 <= perpage <= 5000, timefrom <= timeto"
            )
        # Worked out once for the pages of one read, as a database would serve them from its plan.
        key = (courseid, timefrom, timeto, idlegap, len(self.state.log), len(self.state.enrolments))
        if self._register_cache[0] != key:
            self._register_cache = (
                key,
                self._register_entries(courseid, timefrom, timeto, idlegap),
            )
        entries = self._register_cache[1]
        chosen = entries[page * perpage : (page + 1) * perpage + 1]
        return {
            "courseid": courseid,
            "page": page,
            "perpage": perpage,
            "hasmore": len(chosen) > perpage,
            "entries": chosen[:perpage],
            "warnings": [],
        }

    def _register_entries(
        self, courseid: int, timefrom: int, timeto: int, gap: int
    ) -> list[dict[str, Any]]:
        """The plugin's sessions, log-ins and log-outs, by the rules of its SQL."""
        learners = {u for c, u in self.state.enrolments if c == courseid}
        window = [
            e for e in self.state.log if timefrom <= e.time <= timeto and e.userid in learners
        ]
        runs: dict[tuple[int, int], list[list[LogEvent]]] = {}
        for event in sorted(window, key=lambda e: (e.time, e.id)):
            if event.courseid != courseid or not event.cmid:
                continue
            ofcm = runs.setdefault((event.userid, event.cmid), [])
            last = ofcm[-1][-1] if ofcm else None
            if (
                last is None
                or (event.time - last.time > gap and last.eventname != MEETING_JOINED)
                or (
                    event.eventname in (SCO_LAUNCHED, MEETING_JOINED)
                    and last.eventname not in (SCORM_VIEWED, MEETING_VIEWED)
                )
            ):
                ofcm.append([])
            ofcm[-1].append(event)
        sessions = sorted(
            ((userid, cmid, run) for (userid, cmid), ofcm in runs.items() for run in ofcm),
            key=lambda s: (s[0], s[2][0].time, s[1]),
        )
        logouts = [e for e in self.state.log if e.eventname == LOGGED_OUT]
        entries = []
        for n, (userid, cmid, run) in enumerate(sessions):
            start, end = run[0].time, run[-1].time
            following = sessions[n + 1] if n + 1 < len(sessions) else None
            if any(e.eventname in (STATUS_SUBMITTED, MEETING_LEFT) for e in run):
                ended = "finish"
            elif any(e.userid == userid and end <= e.time <= end + gap for e in logouts):
                ended = "logout"
            elif following and following[0] == userid and following[2][0].time - end <= gap:
                ended = "next"
            else:
                ended = "timeout"
            cm = self.state.cms.get(cmid)
            entries.append(
                (
                    (userid, start, 1, cmid),
                    {
                        "userid": userid,
                        "kind": "session",
                        "cmid": cmid,
                        "modname": cm["modname"] if cm else "",
                        "name": _format_string(cm["name"]) if cm else "",
                        "scoid": max(
                            (e.objectid for e in run if e.eventname == SCO_LAUNCHED), default=0
                        ),
                        "timestart": start,
                        "timeend": end,
                        "events": len(run),
                        "ended": ended,
                    },
                )
            )
        for event in window:
            if event.eventname in (LOGGED_IN, LOGGED_OUT):
                kind = "login" if event.eventname == LOGGED_IN else "logout"
                entries.append(
                    (
                        (event.userid, event.time, 0 if kind == "login" else 2, 0),
                        {
                            "userid": event.userid,
                            "kind": kind,
                            "cmid": 0,
                            "modname": "",
                            "name": "",
                            "scoid": 0,
                            "timestart": event.time,
                            "timeend": event.time,
                            "events": 1,
                            "ended": "",
                        },
                    )
                )
        return [entry for _, entry in sorted(entries, key=lambda e: e[0])]

    def _raw_attempts(self, userid: int, scormid: int, scoid: int) -> list[dict[str, Any]]:
        """The plugin's uninterpreted tracks of one learner and SCO: the elements it reads, per
        attempt."""
        raw = []
        for attempt in self._attempts(userid, scormid):
            tracks = self.state.tracks[(userid, scormid, attempt)].get(scoid)
            if tracks:
                raw.append(
                    {
                        "attempt": attempt,
                        "timemodified": max(t.time for t in tracks.values()),
                        "elements": [
                            {"element": name, "value": tracks[name].value}
                            for name in sorted(tracks)
                            if name in REPORT_ELEMENTS
                        ],
                    }
                )
        return raw


_PARAM_FILE_DROPPED = re.compile(r"[\x00-\x1f\x7f-\x9f]|[&<>\"`|':\\/]")


def clean_file(name: str) -> str:
    """Moodle's clean_param(PARAM_FILE): control and suspicious characters dropped, '.' and '..'
    emptied."""
    name = _PARAM_FILE_DROPPED.sub("", name)
    return "" if name in (".", "..") else name


def clean_path(path: str) -> str:
    """Moodle's clean_param(PARAM_PATH): each folder cleaned as a file name (a leading '.' kept),
    then '//' and '/./' collapsed."""
    parts = path.replace("\\", "/").split("/")
    path = "/".join(p if (p, n) == (".", 0) else clean_file(p) for n, p in enumerate(parts))
    return re.sub(r"/(\./)+", "/", re.sub(r"//+", "/", path))


def _token_error(message: str, errorcode: str) -> dict[str, Any]:
    """login/token.php's and upload.php's error shape."""
    return {
        "error": message,
        "errorcode": errorcode,
        "stacktrace": None,
        "debuginfo": None,
        "reproductionlink": None,
    }


def plugin_profile_fields() -> list[tuple[str, str, str, list[str] | None]]:
    """(shortname, datatype, name, menu options) of each field the plugin creates, from its PHP."""
    source = (PLUGIN_SOURCE / "classes" / "admission_fields.php").read_text(encoding="utf-8")
    table = source[source.index("public const FIELDS") : source.index("];", source.index("FIELDS"))]
    fields = []
    for entry in re.finditer(r"'(\w+)' => \[(.*?)\],?\n", table, re.DOTALL):
        texts = re.findall(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"", entry.group(2))
        values = [single.replace("\\'", "'") or double for single, double in texts]
        options = values[3].split("\\n") if len(values) > 3 else None
        fields.append((entry.group(1), values[0], values[1], options))
    return fields


def _clean_html(stored: str) -> str:
    """HTML text as Moodle's cleaning hands it out (the recorded rule): in text between tags, every
    character reference becomes its character and &, <, > are written &amp;, &lt;, &gt;; tags
    are kept as they are."""
    return "".join(
        part if index % 2 else html.escape(html.unescape(part), quote=False)
        for index, part in enumerate(_TAG.split(stored))
    )


def _format_string(stored: str) -> str:
    """A name as Moodle's format_string hands it out: tags dropped, a bare & written &amp;."""
    return _BARE_AMPERSAND.sub("&amp;", _TAG.sub("", stored))


def _number_or_none(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _number_or_zero(value: str) -> int | float:
    number = _number_or_none(value) or 0
    return int(number) if float(number).is_integer() else number
