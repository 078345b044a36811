"""Browser tests: built packages played in Debian's chromium inside an LMS harness whose API is
scorm-again."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from scormgen.authoring.localserver import LocalServer
from scormgen.build import build

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / "node_modules"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
UNIT = "uf1-prova"


def copy_course(source: Path, target: Path) -> Path:
    """A test course in `target`: the fixture files plus the project's standard.yml; returns its
    content folder."""
    shutil.copytree(source, target)
    shutil.copy(ROOT / "content" / "standard.yml", target / "content" / "standard.yml")
    return target / "content"


def build_and_extract(content: Path, out: Path) -> Path:
    """Build every unit and unpack each package to <out>/pkg/<format>/<unit>/ as an LMS would."""
    build(content, out / "build")
    for package in sorted((out / "build").glob("scorm*/*.zip")):
        with zipfile.ZipFile(package) as archive:
            archive.extractall(out / "pkg" / package.parent.name / package.stem)
    return out / "pkg"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (.ci/run installs it)")
    if not (NODE_MODULES / "scorm-again").is_dir() or not (NODE_MODULES / "axe-core").is_dir():
        pytest.skip(
            "scorm-again and axe-core are not installed: run `npm ci` at the repository root"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("course")
    return build_and_extract(copy_course(HERE / "course", work / "course"), work / "out")


def routes(packages: Path) -> dict[str, Path]:
    """The harness, its LMS (scorm-again), axe-core and the unpacked packages."""
    return {
        "/scorm-again/": NODE_MODULES / "scorm-again" / "dist",
        "/axe/": NODE_MODULES / "axe-core",
        "/pkg/": packages,
        "/": HERE,
    }


@pytest.fixture(scope="session")
def server(browser: object, packages: Path) -> Iterator[LocalServer]:
    with LocalServer(routes(packages)) as running:
        yield running


Variant = Callable[[str, Callable[[Path], None]], LocalServer]


@pytest.fixture(scope="session")
def course_variant(browser: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Variant]:
    """serve(name, edit): a server for a copy of the test course changed by `edit` (given the
    course's folder), built once per session under `name`."""
    servers: dict[str, LocalServer] = {}
    with ExitStack() as stack:

        def serve(name: str, edit: Callable[[Path], None]) -> LocalServer:
            if name not in servers:
                work = tmp_path_factory.mktemp(name)
                content = copy_course(HERE / "course", work / "course")
                edit(work / "course")
                packages = build_and_extract(content, work / "out")
                servers[name] = stack.enter_context(LocalServer(routes(packages)))
            return servers[name]

        yield serve


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()
