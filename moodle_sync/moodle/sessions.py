"""The e-learning register as the plugin works it out from Moodle's standard log: learners'
activity sessions, log-ins and log-outs in a time window, read one page per call.

Every entry is checked before anything is read from it: the kinds and endings the plugin
documents, times of a real course (2000-2100) with the end not before the start, the pages in
the order asked for. A malformed page stops the read (no register is made from half of one).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator

from course_model.i18n import t
from course_model.shapes import FLAG, INT, TEXT
from moodle_sync.files.sessions import ENDINGS, IDLE_GAP, KINDS, Session
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.errors import MalformedAnswer
from moodle_sync.moodle.site import SESSIONS

PER_PAGE = 1000
ENTRY = {
    "userid": INT,
    "kind": TEXT,
    "cmid": INT,
    "modname": TEXT,
    "name": TEXT,
    "scoid": INT,
    "timestart": INT,
    "timeend": INT,
    "events": INT,
    "ended": TEXT,
}
PAGE = {"page": INT, "perpage": INT, "hasmore": FLAG, "entries": [ENTRY]}
_EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC).timestamp()
_LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC).timestamp()


def _entry(raw: dict[str, object], where: str) -> Session:
    start, end = int(raw["timestart"]), int(raw["timeend"])  # type: ignore[call-overload]
    kind, ended = str(raw["kind"]), str(raw["ended"])
    problems = [
        (f"{where}.kind", t(" or ").join(KINDS), kind) if kind not in KINDS else None,
        (f"{where}.ended", t(" or ").join(ENDINGS), ended)
        if (kind == "session") != (ended in ENDINGS) or (kind != "session" and ended)
        else None,
        (f"{where}.timestart", t("a moment from 2000 to 2100"), str(start))
        if not _EARLIEST <= start < _LATEST
        else None,
        (f"{where}.timeend", t("a moment from timestart to 2100"), str(end))
        if not start <= end < _LATEST
        else None,
    ]
    for problem in problems:
        if problem:
            raise MalformedAnswer(SESSIONS, *problem)
    return Session(
        userid=int(raw["userid"]),  # type: ignore[call-overload]
        kind=kind,
        cmid=int(raw["cmid"]),  # type: ignore[call-overload]
        modname=str(raw["modname"]),
        name=html.unescape(str(raw["name"])),  # formatted by Moodle for a web page
        scoid=int(raw["scoid"]),  # type: ignore[call-overload]
        start=dt.datetime.fromtimestamp(start, dt.UTC),
        end=dt.datetime.fromtimestamp(end, dt.UTC),
        events=int(raw["events"]),  # type: ignore[call-overload]
        ended=ended,
    )


def pages(
    client: MoodleClient,
    courseid: int,
    start: dt.datetime,
    end: dt.datetime,
    *,
    idle_gap: int = IDLE_GAP,
    per_page: int = PER_PAGE,
) -> Iterator[list[Session]]:
    """Each page of the window's entries, one call per page, until the site says none follows."""
    page = 0
    while True:
        answer = client.call(
            SESSIONS,
            expect=PAGE,
            courseid=courseid,
            timefrom=int(start.timestamp()),
            timeto=int(end.timestamp()),
            idlegap=idle_gap,
            page=page,
            perpage=per_page,
        )
        if int(answer["page"]) != page or len(answer["entries"]) > per_page:
            raise MalformedAnswer(
                SESSIONS, "page", f"page {page} of {per_page}", str(answer["page"])
            )
        yield [_entry(raw, f"entries[{i}]") for i, raw in enumerate(answer["entries"])]
        if answer["hasmore"] in (False, 0):
            return
        page += 1


def entries(
    client: MoodleClient, courseid: int, start: dt.datetime, end: dt.datetime, **options: int
) -> list[Session]:
    """Every entry of the window, by learner and time (`options`: those of `pages`)."""
    return [entry for page in pages(client, courseid, start, end, **options) for entry in page]
