"""Cold full build of the shipped course, as a user runs it, and the size of every package.

Targets: full build under 1 s on a 2-core machine (Python start-up included); every package
under 300 KB excluding media.

The build is timed as the README's quick start leaves it: `pip install .` into a fresh virtual
environment, then `scormgen build`, the whole process timed, into an empty output folder each
time. One build comes first, so the operating system has read the files and the page templates
are compiled (scormgen/render/template_cache.py): its time is printed apart, as the first build
after installing. For comparison, the same build is timed with this interpreter from the
working tree. `--no-install` skips the virtual environment.

Then where the time goes, in one process without workers: the imports, what is set up once
(course settings, page templates), and each unit, with its Markdown rendering apart. The build
forks one worker per core after the set-up, so a full build takes about the imports, plus the
set-up, plus the units divided among the cores.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 9


def environment() -> dict[str, str]:
    # Python's defaults: bytecode caching on, whatever this shell sets.
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed_build(command: list[str], out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [*command, "build", "--out", str(out)],
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
        env=environment(),
    )
    return time.perf_counter() - started


def install(into: Path) -> list[str]:
    """A fresh virtual environment with the project installed as the quick start does; its
    command."""
    venv.create(into, with_pip=True)
    python = into / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(REPO)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return [str(into / "bin" / "scormgen")]


def summary(label: str, times: list[float]) -> str:
    return (
        f"{label}, {len(times)} runs: median {statistics.median(times):.3f} s, "
        f"min {min(times):.3f} s, max {max(times):.3f} s  (target < 1 s)"
    )


def package_sizes(out: Path) -> None:
    worst = 0
    for package in sorted(out.glob("*/*.*")):
        size = package.stat().st_size
        media = 0
        if package.suffix == ".zip":
            with zipfile.ZipFile(package) as archive:
                media = sum(
                    i.compress_size for i in archive.infolist() if i.filename.startswith("media/")
                )
        worst = max(worst, size - media)
        print(
            f"  {package.relative_to(out)}: {size / 1024:7.1f} KB, "
            f"{(size - media) / 1024:7.1f} KB without media"
        )
    print(f"largest package without media: {worst / 1024:.1f} KB (target < 300 KB)")


# Run by the interpreter being measured, in the repository: prints the stages' seconds as JSON.
STAGES = """
import json, tempfile, time
started = time.perf_counter()
from pathlib import Path
from scormgen import build
from scormgen.render.markdown import MarkdownRenderer
from scormgen.structure.course import load_course_settings
imported = time.perf_counter()
course = load_course_settings(Path("content"))
builder = build.UnitBuilder(course, build.ALL_FORMATS, Path(tempfile.mkdtemp()))
ready = time.perf_counter()
markdown = [0.0]
render = MarkdownRenderer.render
def timed_render(self, *args, **kwargs):
    began = time.perf_counter()
    try:
        return render(self, *args, **kwargs)
    finally:
        markdown[0] += time.perf_counter() - began
MarkdownRenderer.render = timed_render
units = []
for plan in course.plan.units:
    markdown[0], began = 0.0, time.perf_counter()
    builder.build(plan)
    units.append((plan.id, time.perf_counter() - began, markdown[0]))
print(json.dumps({"imports": imported - started, "set-up": ready - imported, "units": units}))
"""


def stages(python: str) -> None:
    found = json.loads(
        subprocess.run(
            [python, "-c", STAGES], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout
    )
    print(
        f"where the time goes ({python}, one process): imports {found['imports']:.3f} s, "
        f"set-up (course settings, page templates) {found['set-up']:.3f} s"
    )
    for unit, seconds, markdown in found["units"]:
        print(f"  {unit}: {seconds:.3f} s, of which Markdown {markdown:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-install", action="store_true", help="only time the working tree with this Python"
    )
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        outputs = (Path(tmp) / f"build{n}" for n in itertools.count())
        if not args.no_install:
            installed = install(Path(tmp) / "venv")
            print(f"first build after installing: {timed_build(installed, next(outputs)):.3f} s")
            print(
                summary(
                    "installed (pip install . in a fresh venv)",
                    [timed_build(installed, next(outputs)) for _ in range(args.runs)],
                )
            )
        working_tree = [sys.executable, "-m", "scormgen"]
        timed_build(working_tree, next(outputs))
        outs = [next(outputs) for _ in range(args.runs)]
        print(
            summary(
                f"working tree ({sys.executable})", [timed_build(working_tree, out) for out in outs]
            )
        )
        stages(sys.executable)
        package_sizes(outs[-1])


if __name__ == "__main__":
    main()
