"""A learner's synchronous e-learning: the virtual-classroom sessions in Moodle's log and the
register's sync rows, each moment counted once.

A session in a virtual classroom counts from its first event to its last when the log shows the
learner leaving the meeting; one without that counts nothing (registro.counts) and is a note
the tutor can act on. A register sync row counts for its time outside the learner's counted
sessions: a meeting both in the register and in the log counts once, as the log has it, and the
register keeps whatever was held elsewhere. Within the cap, the log's hours come first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from course_model.plan import TIMEZONE
from moodle_sync.files.register import Attendance
from moodle_sync.files.sessions import Session
from moodle_sync.rules.registro import is_meeting, unfinished_meeting


@dataclass(frozen=True, slots=True)
class SyncHours:
    """Synchronous hours by source."""

    meetings: float = 0.0  # virtual-classroom sessions in Moodle's log that the learner left
    register: float = 0.0  # the register's sync rows, less their time within those sessions
    sessions: int = 0  # how many sessions of the log count

    @property
    def total(self) -> float:
        return self.meetings + self.register

    def capped(self, cap: float) -> SyncHours:
        """The hours within `cap`, the log's first."""
        meetings = min(self.meetings, cap)
        return SyncHours(meetings, min(self.register, cap - meetings), self.sessions)


def meetings_by_learner(sessions: Iterable[Session]) -> dict[int, list[Session]]:
    """Learner id → their sessions in a virtual classroom, counted or not."""
    found: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        if is_meeting(session):
            found[session.userid].append(session)
    return dict(found)


def _spans(counted: Iterable[Session]) -> list[tuple[float, float]]:
    """The sessions as disjoint spans of Unix time, in order (overlapping ones joined)."""
    spans: list[tuple[float, float]] = []
    for start, end in sorted((m.start.timestamp(), m.end.timestamp()) for m in counted):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _moment(day: dt.date, time: dt.time) -> float:
    return dt.datetime.combine(day, time, TIMEZONE).timestamp()


def sync_hours(meetings: list[Session], rows: Iterable[Attendance]) -> SyncHours:
    """One learner's synchronous hours from their virtual-classroom sessions and register rows
    (rows of other modalities are left out)."""
    counted = [m for m in meetings if not unfinished_meeting(m)]
    spans = _spans(counted)
    register = 0.0
    for row in rows:
        if row.modality != "sync":
            continue
        start, end = _moment(row.date, row.start), _moment(row.date, row.end)
        within = sum(max(0.0, min(end, last) - max(start, first)) for first, last in spans)
        register += max(0.0, row.hours - within / 3600)
    return SyncHours(sum(last - first for first, last in spans) / 3600, register, len(counted))
