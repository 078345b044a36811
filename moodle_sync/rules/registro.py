"""The e-learning register of an edition, from a snapshot: per learner and day the sessions Moodle
logged (time in, time out, duration, activity), the day's totals by modality, the tests' outcomes
with their dates, and each SCO's connected time against its tracked time and its duration.

What the register shows is plain data (`Register`); its canonical JSON (`canonical_json`) is
what the sha256 printed on every page is computed from, so changing any shown value changes the
hash. Times are in the course's time zone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from course_model.formats import ITALIAN as it
from course_model.formats import local
from course_model.i18n import t
from course_model.plan import TIMEZONE
from moodle_sync.files.sessions import Session
from moodle_sync.files.snapshot import Learner, ScoInfo, Snapshot, UnitInfo

# Activities whose sessions are synchronous e-learning (a virtual classroom); the rest are
# asynchronous.
SYNC_MODULES = frozenset({"bigbluebuttonbn"})
MODALITIES = ("async", "sync")  # of sessions; log-ins and log-outs have none
# How a virtual classroom's session ends when the log shows the learner leaving the meeting.
LEFT = "finish"
# A SCO's tracked and connected times differ notably beyond this many seconds and this share.
TOLERANCE_SECONDS = 600
TOLERANCE_SHARE = 0.2


@dataclass(frozen=True, slots=True)
class Row:
    kind: str  # session, login or logout
    start: dt.datetime
    end: dt.datetime
    seconds: int
    modality: str  # async or sync for sessions, '' for log-ins and log-outs
    activity: str  # the activity, and the SCO where one was launched
    ended: str


@dataclass(frozen=True, slots=True)
class Day:
    day: dt.date
    rows: tuple[Row, ...]
    seconds: dict[str, int]  # sessions' time by modality


@dataclass(frozen=True, slots=True)
class Outcome:
    unit: str
    test: str
    status: str | None
    score: float | None
    when: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ScoTime:
    """One SCO of a learner: time connected (sessions) against tracked time against duration."""

    unit: str
    sco: str
    connected: int
    tracked: int
    duration: int | None
    flagged: bool


@dataclass(frozen=True, slots=True)
class LearnerRegister:
    username: str
    fullname: str
    days: tuple[Day, ...]
    seconds: dict[str, int]  # the period's sessions by modality
    outcomes: tuple[Outcome, ...]
    scos: tuple[ScoTime, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Register:
    edition: str
    course: str
    site: str
    site_name: str
    start: dt.date
    end: dt.date
    extracted_at: dt.datetime
    learners: tuple[LearnerRegister, ...]


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(TIMEZONE)


def is_meeting(session: Session) -> bool:
    """Whether the entry is a session in a virtual classroom (synchronous e-learning)."""
    return session.kind == "session" and session.modname in SYNC_MODULES


def counts(modality: str, ended: str) -> bool:
    """Whether a session's time counts: a virtual classroom's only when the log shows the learner
    leaving the meeting, as without that its end is unknown (the session runs on to whatever the
    learner did next in the activity)."""
    return modality != "sync" or ended == LEFT


def unfinished_meeting(session: Session) -> bool:
    """A session in a virtual classroom whose time does not count (see counts)."""
    return is_meeting(session) and not counts("sync", session.ended)


def unfinished_meeting_note(session: Session) -> str:
    """The note on a learner whose session in a virtual classroom has no leaving in the log."""
    return t(
        "{activity}, {moment}: the log does not show the learner leaving the virtual classroom, "
        "so the session is not counted (if the learner attended, add it to the attendance "
        "register)",
        activity=session.name or t("activity {cmid}", cmid=session.cmid),
        moment=local().moment(session.start),
    )


def _scos(units: tuple[UnitInfo, ...]) -> dict[int, tuple[UnitInfo, ScoInfo]]:
    return {sco.moodle_id: (unit, sco) for unit in units for sco in unit.scos}


def connected_seconds(sessions: tuple[Session, ...]) -> dict[tuple[int, int], int]:
    """(learner id, SCO id) → seconds of the sessions in which the SCO was launched."""
    total: dict[tuple[int, int], int] = defaultdict(int)
    for session in sessions:
        if session.kind == "session" and session.scoid:
            total[session.userid, session.scoid] += session.seconds
    return dict(total)


def connected_by_learner(sessions: tuple[Session, ...]) -> dict[int, dict[int, int]]:
    """Learner id → SCO id → seconds connected (see connected_seconds)."""
    by_learner: dict[int, dict[int, int]] = defaultdict(dict)
    for (userid, scoid), seconds in connected_seconds(sessions).items():
        by_learner[userid][scoid] = seconds
    return dict(by_learner)


def differs(tracked: float, connected: float) -> bool:
    """Whether tracked and connected time differ beyond the tolerance an inspector allows."""
    return abs(tracked - connected) > max(
        TOLERANCE_SECONDS, TOLERANCE_SHARE * max(tracked, connected)
    )


def difference_note(unit: str, sco: str, tracked: float, connected: float) -> str | None:
    """The note on a learner whose tracked and connected times of a SCO differ notably."""
    if not differs(tracked, connected):
        return None
    return t(
        "{unit} · {sco}: tracked {tracked}, connected {connected}",
        unit=unit,
        sco=sco,
        tracked=it.duration(tracked),
        connected=it.duration(connected),
    )


def _row(session: Session, scos: dict[int, tuple[UnitInfo, ScoInfo]]) -> Row:
    found = scos.get(session.scoid)
    activity = session.name or t("activity {cmid}", cmid=session.cmid) if session.cmid else ""
    if found:
        activity = f"{activity} · {found[1].title}"
    return Row(
        kind=session.kind,
        start=_local(session.start),
        end=_local(session.end),
        seconds=session.seconds,
        modality=(
            ("sync" if session.modname in SYNC_MODULES else "async")
            if session.kind == "session"
            else ""
        ),
        activity=activity,
        ended=session.ended,
    )


def _by_modality(rows: list[Row]) -> dict[str, int]:
    seconds = dict.fromkeys(MODALITIES, 0)
    for row in rows:
        if row.modality and counts(row.modality, row.ended):
            seconds[row.modality] += row.seconds
    return seconds


def _learner(
    learner: Learner,
    sessions: list[Session],
    units: tuple[UnitInfo, ...],
    connected: dict[tuple[int, int], int],
) -> LearnerRegister:
    scos = _scos(units)
    days: dict[dt.date, list[Row]] = defaultdict(list)
    for session in sessions:
        row = _row(session, scos)
        days[row.start.date()].append(row)
    outcomes, times, notes = [], [], []
    for unit in units:
        results = learner.units.get(unit.id)
        for sco in unit.scos:
            result = results.scos.get(sco.item) if results else None
            if result is None:
                continue
            if sco.kind == "quiz" and result.status:
                outcomes.append(
                    Outcome(
                        unit.code or unit.id,
                        sco.title,
                        result.status,
                        result.score,
                        _local(result.last_access) if result.last_access else None,
                    )
                )
            joined = connected.get((learner.userid, sco.moodle_id), 0)
            tracked = int(round(result.seconds))
            if not joined and not tracked:
                continue
            note = difference_note(unit.code or unit.id, sco.title, tracked, joined)
            times.append(
                ScoTime(
                    unit.code or unit.id,
                    sco.title,
                    joined,
                    tracked,
                    None if sco.duration is None else int(round(sco.duration * 60)),
                    note is not None,
                )
            )
            if note:
                notes.append(note)
    notes.extend(unfinished_meeting_note(s) for s in sessions if unfinished_meeting(s))
    listed = tuple(Day(day, tuple(rows), _by_modality(rows)) for day, rows in sorted(days.items()))
    return LearnerRegister(
        username=learner.username,
        fullname=learner.fullname,
        days=listed,
        seconds={key: sum(day.seconds[key] for day in listed) for key in MODALITIES},
        outcomes=tuple(outcomes),
        scos=tuple(times),
        notes=tuple(notes),
    )


def build_register(
    snapshot: Snapshot,
    start: dt.date | None = None,
    end: dt.date | None = None,
    username: str | None = None,
) -> Register:
    """The register of the snapshot's sessions from `start` to `end` (days in the course's time
    zone; default: from the course's start, or an earlier first session, to the pull), of one
    learner or all."""
    days = [_local(s.start).date() for s in snapshot.sessions]
    known = days + ([snapshot.course.start] if snapshot.course.start else [])
    first = start or min(known, default=dt.date(2000, 1, 1))
    last = end or _local(snapshot.sessions_to or snapshot.pulled_at).date()
    shown = tuple(s for s, day in zip(snapshot.sessions, days, strict=True) if first <= day <= last)
    by_user: dict[int, list[Session]] = defaultdict(list)
    for session in shown:
        by_user[session.userid].append(session)
    connected = connected_seconds(shown)
    learners = sorted(snapshot.learners, key=lambda learner: learner.username)
    return Register(
        edition=snapshot.course.edition,
        course=snapshot.course.fullname,
        site=snapshot.site.url,
        site_name=snapshot.site.name,
        start=first,
        end=last,
        extracted_at=_local(snapshot.pulled_at),
        learners=tuple(
            _learner(learner, by_user[learner.userid], snapshot.units, connected)
            for learner in learners
            if username is None or learner.username == username
        ),
    )


# The register's records and their fields, looked up by type: json's encoder asks for tens of
# thousands of them.
_FIELDS = {
    record: tuple(f.name for f in dataclasses.fields(record))
    for record in (Register, LearnerRegister, Day, Row, Outcome, ScoTime)
}


def _plain(value: object) -> object:
    """A record as a dict of its fields, a day or moment in ISO 8601: what JSON cannot hold as is
    (jsondata's form, written by json's own encoder, as a register holds tens of thousands of
    rows)."""
    names = _FIELDS.get(type(value))
    if names is not None:
        return {name: getattr(value, name) for name in names}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not register data: {value!r}")


def canonical_json(register: Register) -> bytes:
    """The register's data as canonical JSON: keys sorted, no spaces, UTF-8."""
    return json.dumps(
        register,
        default=_plain,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    ).encode("utf-8")


def data_hash(register: Register) -> str:
    return hashlib.sha256(canonical_json(register)).hexdigest()
