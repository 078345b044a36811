"""Pull and eligibility at the size of a real edition, against the fake Moodle with network latency.

1. Pull 30 learners × the four units × every SCO with 50 ms per request, through the plugin's
   one-call report and through core functions only: requests and wall time side by side.
   Target: under 2 s with the plugin.
2. Eligibility for 10,000 synthetic learners (every SCO tracked, about 70 register rows each).
   Target: under 1 s.

The course is content/ built with `scormgen build`; where the build fails or has no unit
verification yet (no quiz SCO), stand-in packages of LESSONS lessons and a quiz a unit are used.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from course_model.plan import CoursePlan, load_course_plan  # noqa: E402
from course_model.standard import Standard, load_standard  # noqa: E402
from moodle_sync.commands.deploy import apply_plan, plan_deploy  # noqa: E402
from moodle_sync.commands.enrol import enrol_learners  # noqa: E402
from moodle_sync.commands.pull import pull  # noqa: E402
from moodle_sync.files.buildreport import BuiltUnit, load_build  # noqa: E402
from moodle_sync.files.register import Attendance  # noqa: E402
from moodle_sync.files.snapshot import ScoResult, Snapshot, UnitResult  # noqa: E402
from moodle_sync.moodle.client import MoodleClient  # noqa: E402
from moodle_sync.moodle.settings import Settings, Token  # noqa: E402
from moodle_sync.moodle.site import site_info  # noqa: E402
from moodle_sync.rules.course_layout import course_layout  # noqa: E402
from moodle_sync.rules.eligibility import assess  # noqa: E402
from tests.moodle_sync.fake_moodle import FakeMoodle, write_build  # noqa: E402

LEARNERS = 30
LATENCY = 0.05
SYNTHETIC = 10_000
RUNS = 5
LESSONS = 6


def build_course(standard: Standard, plan: CoursePlan, folder: Path) -> dict[str, BuiltUnit]:
    built = subprocess.run(
        [sys.executable, "-m", "scormgen", "build", "--out", str(folder), "--format", "scorm12"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if built.returncode == 0 and all(unit.quizzes for unit in load_build(folder).values()):
        return load_build(folder)
    why = (
        built.stderr.strip().splitlines()[-1] if built.returncode else "a unit has no quiz SCO yet"
    )
    print(f"scormgen build: {why}; using stand-in packages")
    write_build(
        folder,
        [
            {
                "id": unit.id,
                "code": standard.units[n].code,
                "title": standard.units[n].title,
                "lessons": [f"{i:02d}-lezione" for i in range(1, LESSONS + 1)],
            }
            for n, unit in enumerate(plan.units)
        ],
    )
    return load_build(folder)


def populate(
    moodle: FakeMoodle,
    client: MoodleClient,
    standard: Standard,
    plan: CoursePlan,
    build: dict[str, BuiltUnit],
    folder: Path,
) -> None:
    """Deploy, enrol LEARNERS learners (their admission records go into Moodle), and give each a
    session on every SCO (as their SCOs would)."""
    apply_plan(plan_deploy(client, course_layout(standard, plan, build)))
    learners = folder / "iscritti.csv"
    learners.write_text(
        "username,firstname,lastname,email,birthdate,education,joined\n"
        + "".join(
            f"l{n:02d},Nome{n},Cognome{n},l{n:02d}@example.org,1995-01-01,Diploma,{plan.edition.start}\n"
            for n in range(LEARNERS)
        ),
        encoding="utf-8",
    )
    enrol_learners(client, learners, standard, plan, plan.edition.code)
    scoes = [s["id"] for s in moodle.state.scoes.values() if s["scormtype"] == "sco"]
    for user in (u for u in moodle.state.users.values() if u["username"].startswith("l")):
        moodle.change_password(user["id"])  # the learner's first login on the website
        with MoodleClient(Settings(moodle.url, Token(moodle.issue_token(user["id"])))) as learner:
            for scoid in scoes:
                learner.call(
                    "mod_scorm_insert_scorm_tracks",
                    scoid=scoid,
                    attempt=1,
                    tracks=[
                        {"element": "cmi.core.lesson_status", "value": "passed"},
                        {"element": "cmi.core.score.raw", "value": "80"},
                        {"element": "cmi.core.total_time", "value": "00:21:30.25"},
                    ],
                )


def time_pull(
    moodle: FakeMoodle,
    client: MoodleClient,
    plan: CoursePlan,
    build: dict[str, BuiltUnit],
    use_plugin: bool,
) -> tuple[Snapshot, int, float]:
    before = moodle.requests
    started = time.perf_counter()
    result = pull(client, site_info(client), plan.edition.code, build, use_plugin=use_plugin)
    return result.snapshot, moodle.requests - before, time.perf_counter() - started


def synthetic(snapshot: Snapshot, count: int) -> tuple[Snapshot, list[Attendance]]:
    """`count` learners like the pulled ones: mostly passed verifications, varied time and scores,
    55 to 75 register rows of 4 hours each (so some fall short of the threshold)."""
    rng = random.Random(7)
    template = snapshot.learners[0]
    learners, register = [], []
    for n in range(count):
        username = f"s{n:05d}"
        units = {
            unit.id: UnitResult(
                1,
                None,
                80,
                100,
                {
                    sco.item: ScoResult(
                        rng.choices(("passed", "completed", "failed", "incomplete"), (85, 5, 5, 5))[
                            0
                        ],
                        rng.uniform(50, 100),
                        rng.uniform(0, 3600),
                        "total_time",
                        rng.randint(1, 3),
                    )
                    for sco in unit.scos
                },
            )
            for unit in snapshot.units
        }
        learners.append(dataclasses.replace(template, username=username, userid=n, units=units))
        day = dt.date(2027, 1, 11)
        for row in range(rng.randint(55, 75)):
            register.append(
                Attendance(
                    username,
                    day + dt.timedelta(days=row),
                    dt.time(9),
                    dt.time(13),
                    ("aula", "aula", "sync", "lab", "stage")[row % 5],
                    row + 2,
                )
            )
    return dataclasses.replace(snapshot, learners=tuple(learners)), register


def main() -> None:
    standard, plan = (
        load_standard(REPO / "content" / "standard.yml"),
        load_course_plan(REPO / "content" / "course.yml"),
    )
    with tempfile.TemporaryDirectory() as tmp, FakeMoodle() as moodle:
        build = build_course(standard, plan, Path(tmp) / "build")
        with MoodleClient(Settings(moodle.url, Token(moodle.token), timeout=30)) as client:
            populate(moodle, client, standard, plan, build, Path(tmp))
            moodle.latency = LATENCY
            scos = sum(len(unit.scos) for unit in build.values())
            print(
                f"pull: {LEARNERS} learners × {len(build)} units, {scos} SCOs, "
                f"{LATENCY * 1000:.0f} ms a request"
            )
            runs = {
                name: time_pull(moodle, client, plan, build, plugin)
                for name, plugin in (("plugin report", True), ("core functions only", False))
            }
            for name, (_, requests, seconds) in runs.items():
                print(f"  {name:<20} {requests:>5} requests  {seconds:6.2f} s")
            same = runs["plugin report"][0].learners == runs["core functions only"][0].learners
            print(
                f"  plugin pull under 2 s: {'yes' if runs['plugin report'][2] < 2 else 'NO'}; "
                f"same learner data both ways: {'yes' if same else 'NO'}"
            )
    snapshot, register = synthetic(runs["plugin report"][0], SYNTHETIC)
    times = []
    for _ in range(RUNS):
        gc.collect()  # what building the synthetic data left to collect is not the engine's cost
        started = time.perf_counter()
        assessment = assess(snapshot, register, [], standard, plan)
        times.append(time.perf_counter() - started)
    eligible = sum(v.eligible for v in assessment.verdicts)
    median = statistics.median(times)
    print(
        f"eligibility: {SYNTHETIC} learners, {len(register)} register rows, {scos} SCOs each, "
        f"{eligible} eligible: median {median:.2f} s, min {min(times):.2f} s of {RUNS} runs; "
        f"under 1 s: {'yes' if median < 1 else 'NO'}"
    )


if __name__ == "__main__":
    main()
