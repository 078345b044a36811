"""The learner runtime's weight and start-up time.

Prints the size of the shared script + CSS every page loads, as written and as packages ship
them, without comments and layout spaces (target: the shipped pair under 40 KB uncompressed),
and the time from navigation start to the first screen shown, in headless Chromium, for the
shipped course's largest lesson page and its quiz page served from a local server (target:
under 300 ms). The runtime marks the moment with performance.mark("scormgen:ready").
Chromium is started once and each load starts from a blank page of the same site, as a SCO
frame does in Moodle (loadSCO.php, then the SCO), and fetches everything again (the server
forbids caching): the figure is the page's own cost, not the browser's start-up.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scormgen.authoring.localserver import LocalServer  # noqa: E402
from scormgen.build import build  # noqa: E402
from scormgen.runtime.shipped import STATIC_FILES, shipped  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RUNS = 15
BLANK = "__blank.html"
SIZE_TARGET_KB = 40
TIME_TARGET_MS = 300


def print_sizes() -> None:
    static = resources.files("scormgen.runtime").joinpath("static")
    written = shipped_total = 0
    for name in STATIC_FILES:
        source, data = static.joinpath(name).read_bytes(), shipped(name)
        written += len(source)
        shipped_total += len(data)
        packed = len(gzip.compress(data, 9))
        print(
            f"{name:<12} {len(source) / 1024:6.1f} KB written, {len(data) / 1024:5.1f} KB shipped"
            f"   gzip {packed / 1024:5.1f} KB"
        )
    print(
        f"script + CSS {written / 1024:6.1f} KB written, {shipped_total / 1024:5.1f} KB shipped "
        f"uncompressed  (target < {SIZE_TARGET_KB} KB)"
    )


def largest_pages(folder: Path) -> list[str]:
    lessons = sorted(
        (p for p in folder.glob("*.html") if p.name != "verifica.html"),
        key=lambda p: p.stat().st_size,
    )
    return [lessons[-1].name] + (["verifica.html"] if (folder / "verifica.html").exists() else [])


def time_to_first_screen(url: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for _ in range(RUNS):
            page.goto(url.rsplit("/", 1)[0] + "/" + BLANK)
            page.goto(url)
            page.wait_for_function(
                "() => performance.getEntriesByName('scormgen:ready').length > 0"
            )
            times.append(
                page.evaluate("() => performance.getEntriesByName('scormgen:ready')[0].startTime")
            )
        browser.close()
    return times


def main() -> None:
    print_sizes()
    if not Path(CHROMIUM).exists():
        print("time to first screen: skipped, Debian's chromium is not installed")
        return
    with tempfile.TemporaryDirectory() as tmp:
        summary = build(REPO / "content", Path(tmp) / "build", ("scorm12",))
        unit = max(summary["units"], key=lambda u: sum(f["size"] for f in u["files"]))["id"]
        folder = Path(tmp) / "pkg"
        with zipfile.ZipFile(Path(tmp) / "build" / "scorm12" / f"{unit}.zip") as archive:
            archive.extractall(folder)
        (folder / BLANK).write_text("<!DOCTYPE html><title>-</title>", encoding="utf-8")
        with LocalServer({"/": folder}) as server:
            for page in largest_pages(folder):
                times = time_to_first_screen(f"{server.url}/{page}")
                median = statistics.median(times)
                print(
                    f"first screen of {unit}/{page}, {RUNS} loads: median {median:.0f} ms, "
                    f"max {max(times):.0f} ms  (target < {TIME_TARGET_MS} ms)"
                )


if __name__ == "__main__":
    main()
