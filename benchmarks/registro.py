"""The e-learning register at the size of a real edition, against the fake Moodle.

30 learners × 300 h of logged activity (synthetic: each day a log-in, four 25-minute SCO
sessions of a dozen events each, a log-out; 180 days a learner, about 260,000 log rows), read
through the plugin's paged function with 20 ms per request, then built into the register and
written as JSON and HTML. Target: under 5 s, one web-service call per page of results.
(The PDF of such a register runs to about a thousand pages: WeasyPrint's time is not counted.)
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from moodle_sync.files.snapshot import CourseInfo, Learner, Site, Snapshot  # noqa: E402
from moodle_sync.moodle import courses, sessions  # noqa: E402
from moodle_sync.moodle.client import MoodleClient  # noqa: E402
from moodle_sync.moodle.settings import Settings, Token  # noqa: E402
from moodle_sync.reports.registro import render  # noqa: E402
from moodle_sync.rules.registro import build_register  # noqa: E402
from tests.moodle_sync.fake_moodle import (  # noqa: E402
    LOGGED_IN,
    LOGGED_OUT,
    SCO_LAUNCHED,
    SCORE_SUBMITTED,
    STATUS_SUBMITTED,
    FakeMoodle,
)

LEARNERS = 30
HOURS = 300
SESSION_MINUTES = 25
EVENTS = 12  # a launch, ten score commits, the final status
PER_DAY = 4
LATENCY = 0.02
PER_PAGE = 5000
TARGET = 5.0
START = dt.datetime(2027, 1, 11, 8, tzinfo=dt.UTC)


def populate(moodle: FakeMoodle, client: MoodleClient) -> tuple[int, list[Learner]]:
    category = courses.create_category(client, "Bench", "bench")
    courseid = courses.create_course(
        client, {"fullname": "Bench", "shortname": "BENCH", "categoryid": category}, 1
    )
    created = client.call(
        "core_user_create_users",
        users=[
            {
                "username": f"corsista{n:02d}",
                "firstname": "Corsista",
                "lastname": f"{n:02d}",
                "email": f"c{n}@example.org",
                "password": "Bench#Pass1",
            }
            for n in range(LEARNERS)
        ],
    )
    client.call(
        "enrol_manual_enrol_users",
        enrolments=[{"roleid": 5, "userid": u["id"], "courseid": courseid} for u in created],
    )
    sessions_each = HOURS * 60 // SESSION_MINUTES
    for user in created:
        userid = int(user["id"])
        for n in range(sessions_each):
            day, slot = divmod(n, PER_DAY)
            begin = int((START + dt.timedelta(days=day, minutes=30 * slot)).timestamp())
            if slot == 0:
                moodle.log_event(userid, LOGGED_IN, begin - 60)
            step = SESSION_MINUTES * 60 // (EVENTS - 1)
            for k in range(EVENTS):
                name = SCO_LAUNCHED if k == 0 else SCORE_SUBMITTED
                name = STATUS_SUBMITTED if k == EVENTS - 1 else name
                moodle.log_event(
                    userid,
                    name,
                    begin + k * step,
                    courseid=courseid,
                    cmid=100 + slot,
                    objectid=1000 + slot,
                )
            if slot == PER_DAY - 1:
                moodle.log_event(userid, LOGGED_OUT, begin + SESSION_MINUTES * 60 + 60)
    learners = [Learner(str(u["username"]), int(u["id"]), str(u["username"])) for u in created]
    return courseid, learners


def main() -> None:
    with FakeMoodle() as moodle:
        settings = Settings(moodle.url, Token(moodle.token), timeout=120)
        with MoodleClient(settings) as client:
            courseid, learners = populate(moodle, client)
            print(f"log rows: {len(moodle.state.log):,}")
            end = START + dt.timedelta(days=400)
            window = (START - dt.timedelta(days=1), end)
            # The fake works the sessions out once per read, as the site's database does: that
            # is the site's time, not moodle-sync's, so it is done before the clock starts.
            next(sessions.pages(client, courseid, *window, per_page=PER_PAGE))
            # The fake's log is the site's data, which in use is not in moodle-sync's process:
            # kept out of the garbage collector, whose every full pass would walk its 270,000
            # rows.
            gc.collect()
            gc.freeze()
            moodle.latency = LATENCY
            first = moodle.calls[sessions.SESSIONS]
            began = time.perf_counter()
            read = sessions.entries(
                client, courseid, START - dt.timedelta(days=1), end, per_page=PER_PAGE
            )
            fetched = time.perf_counter()
            snapshot = Snapshot(
                end,
                "plugin",
                Site(moodle.url, "Fake Moodle"),
                CourseInfo(courseid, "BENCH", "BENCH", "Bench", "BENCH"),
                learners=tuple(learners),
                sessions=tuple(read),
                sessions_from=START - dt.timedelta(days=1),
                sessions_to=end,
            )
            register = build_register(snapshot)
            built = time.perf_counter()
            data = render(register, "json")
            page = render(register, "html", hashlib.sha256(data).hexdigest())
            done = time.perf_counter()
            calls = moodle.calls[sessions.SESSIONS] - first
    hours = sum(s.seconds for s in read if s.kind == "session") / 3600 / LEARNERS
    pages = -(-len(read) // PER_PAGE)
    print(
        f"entries: {len(read):,} ({hours:.0f} h of sessions a learner), pages of {PER_PAGE}: "
        f"{pages}, web-service calls: {calls}"
    )
    print(
        f"read {fetched - began:.2f} s · build {built - fetched:.2f} s · JSON + HTML "
        f"{done - built:.2f} s ({len(data) / 1e6:.1f} MB, {len(page) / 1e6:.1f} MB)"
    )
    total = done - began
    print(f"register of {LEARNERS} learners × {HOURS} h: {total:.2f} s (target < {TARGET:.0f} s)")
    if total >= TARGET or calls != pages:
        sys.exit(1)


if __name__ == "__main__":
    main()
