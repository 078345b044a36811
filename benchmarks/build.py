"""Cold full build of the shipped course, as a user runs it, and the size of every package.

Targets: full build under 1 s on a 2-core machine (Python start-up included); every package
under 300 KB excluding media.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 5


def timed_build(out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scormgen", "build", "--out", str(out)], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        times = [timed_build(Path(tmp) / f"run{n}") for n in range(RUNS)]
        out = Path(tmp) / "run0"
        print(f"full build, {RUNS} runs (whole process): median {statistics.median(times):.3f} s, "
              f"min {min(times):.3f} s, max {max(times):.3f} s  (target < 1 s)")
        worst = 0
        for package in sorted(out.glob("*/*.*")):
            size = package.stat().st_size
            media = 0
            if package.suffix == ".zip":
                with zipfile.ZipFile(package) as archive:
                    media = sum(i.compress_size for i in archive.infolist() if i.filename.startswith("media/"))
            worst = max(worst, size - media)
            print(f"  {package.relative_to(out)}: {size / 1024:7.1f} KB, {(size - media) / 1024:7.1f} KB without media")
        print(f"largest package without media: {worst / 1024:.1f} KB (target < 300 KB)")


if __name__ == "__main__":
    main()
