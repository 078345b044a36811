"""The e-learning register's entries as a snapshot keeps them: each learner's activity sessions,
log-ins and log-outs, worked out by the plugin from Moodle's standard log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

KINDS = ("session", "login", "logout")
# How a session ended: the SCO reported its final status, the learner logged out, began another
# session within the idle gap, or did nothing more for the idle gap.
ENDINGS = ("finish", "logout", "next", "timeout")
IDLE_GAP = 30 * 60  # seconds without an event that end a session


@dataclass(frozen=True, slots=True)
class Session:
    """A session in an activity (`kind` 'session'), or a log-in or log-out (start = end)."""

    userid: int
    kind: str
    cmid: int
    modname: str
    name: str  # the activity's name
    scoid: int  # the SCO launched in the session; 0 when none was
    start: dt.datetime
    end: dt.datetime
    events: int
    ended: str  # one of ENDINGS; '' for log-ins and log-outs

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())
