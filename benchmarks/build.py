"""Cold full build of the shipped course, as a user runs it, and the size of every package.

Targets: full build under 1 s on a 2-core machine (Python start-up included); every package
under 300 KB excluding media.

The build is timed as the README's quick start leaves it: `pip install .` into a fresh virtual
environment, then `scormgen build`, the whole process timed, into an empty output folder each
time. The first build after installing also compiles the page templates (then cached beside
them, like Python's own bytecode) and is reported on its own. For comparison, the same build is
timed with this interpreter from the working tree. `--no-install` skips the virtual environment.
"""

from __future__ import annotations

import argparse
import itertools
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
    """A fresh virtual environment with the project installed as the quick start does; its command."""
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
            f"  {package.relative_to(out)}: {size / 1024:7.1f} KB, {(size - media) / 1024:7.1f} KB without media"
        )
    print(f"largest package without media: {worst / 1024:.1f} KB (target < 300 KB)")


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
            first = timed_build(installed, next(outputs))
            print(
                f"first build after installing (compiles and caches the page templates): {first:.3f} s"
            )
            print(
                summary(
                    "installed (pip install . in a fresh venv)",
                    [timed_build(installed, next(outputs)) for _ in range(args.runs)],
                )
            )
        working_tree = [sys.executable, "-m", "scormgen"]
        timed_build(working_tree, next(outputs))  # caches the templates beside the working tree's
        outs = [next(outputs) for _ in range(args.runs)]
        print(
            summary(
                f"working tree ({sys.executable})", [timed_build(working_tree, out) for out in outs]
            )
        )
        package_sizes(outs[-1])


if __name__ == "__main__":
    main()
