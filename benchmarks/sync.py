"""Deploy the four units to the fake Moodle at 50 ms per request; print requests and wall time.

The packages come from `python3 -m scormgen build` when it works here, otherwise from
small stand-in packages with the same unit ids. Run from the repository root:

    python3 benchmarks/sync.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_model.plan import CoursePlan, load_course_plan  # noqa: E402
from course_model.standard import Standard, load_standard  # noqa: E402
from moodle_sync.commands.deploy import apply_plan, plan_deploy  # noqa: E402
from moodle_sync.files.buildreport import load_build  # noqa: E402
from moodle_sync.moodle.client import MoodleClient  # noqa: E402
from moodle_sync.moodle.settings import Settings, Token  # noqa: E402
from moodle_sync.rules.course_layout import course_layout  # noqa: E402
from tests.moodle_sync.fake_moodle import FakeMoodle, write_build  # noqa: E402

LATENCY = 0.05


def packages(standard: Standard, plan: CoursePlan, out: Path) -> str:
    """Build the real packages, or write stand-ins; says which."""
    built = subprocess.run(
        [sys.executable, "-m", "scormgen", "build", "--out", str(out), "--format", "scorm12"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if built.returncode == 0 and (out / "report.json").exists():
        return "scormgen build"
    codes = [unit.code for unit in standard.units]
    write_build(
        out,
        [
            {"id": unit.id, "code": code, "title": unit.id}
            for unit, code in zip(plan.units, codes, strict=True)
        ],
    )
    return f"stand-in packages (scormgen build failed: {built.stderr.strip().splitlines()[-1:]})"


def timed_deploy(moodle: FakeMoodle, layout: object) -> tuple[int, int, float]:
    requests_before = moodle.requests
    started = time.perf_counter()
    with MoodleClient(Settings(moodle.url, Token(moodle.token))) as client:
        plan = plan_deploy(client, layout)
        apply_plan(plan)
    return len(plan.actions), moodle.requests - requests_before, time.perf_counter() - started


def main() -> None:
    standard = load_standard(ROOT / "content" / "standard.yml")
    plan = load_course_plan(ROOT / "content" / "course.yml")
    with tempfile.TemporaryDirectory() as folder:
        source = packages(standard, plan, Path(folder))
        layout = course_layout(standard, plan, load_build(Path(folder)))
        with FakeMoodle(latency=LATENCY) as moodle:
            print(
                f"packages: {source}; {len(layout.activities)} units; "
                f"latency {LATENCY * 1000:.0f} ms per request"
            )
            for run in ("first deploy", "second deploy"):
                changes, requests, seconds = timed_deploy(moodle, layout)
                print(
                    f"{run:14s} {changes:3d} changes  {requests:3d} requests  {seconds:6.2f} s wall"
                )


if __name__ == "__main__":
    main()
