"""The integration suite: moodle-sync against a real Moodle (site.py, docs/moodle-sync.md).

Without MOODLE_INTEGRATION_SITE every test here is skipped with the reason. Each run works on
an edition and learners of its own (codes and usernames carry the run's time) and deletes
them at the end, unless MOODLE_INTEGRATION_KEEP=1 leaves them for a look in Moodle.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from course_model.plan import TIMEZONE
from moodle_sync.moodle import courses, users
from moodle_sync.moodle.client import MoodleClient
from scormgen.build import build
from tests.integration.site import RealSite

REPO = Path(__file__).resolve().parents[2]
RUN = time.strftime("%m%d%H%M%S")  # one run's editions, usernames and category
CATEGORY = f"Prove di moodle-sync {RUN}"


@dataclass(frozen=True)
class Cli:
    """`python3 -m moodle_sync` of this checkout against the real site, as an operator runs it."""

    env: dict[str, str]
    build: Path
    content: Path

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        options = ["--build", str(self.build), "--content", str(self.content)]
        done = subprocess.run(
            [sys.executable, "-m", "moodle_sync", *options, *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"moodle-sync {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
            )
        return done


@pytest.fixture(scope="session")
def site() -> RealSite:
    found = RealSite.from_environment()
    if isinstance(found, str):
        pytest.skip(found)
    return found


# What the suite cleans up with, besides what moodle-sync itself calls.
CLEANUP_FUNCTIONS = (
    "core_course_delete_courses",
    "core_user_delete_users",
    "core_course_delete_categories",
)


@pytest.fixture(scope="session")
def token(site: RealSite, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An administrator's token of the plugin's service, once this checkout's plugin is
    installed; on a site reached through its web services, the token given."""
    if site.root is None:
        return site.token
    site.install_plugin(tmp_path_factory.mktemp("plugin"))
    return site.php("service_token.php", "moodle_sync")


@pytest.fixture(scope="session")
def admin(site: RealSite) -> Iterator[MoodleClient]:
    """A client with every function of the site, for what the tests check and clean up."""
    with site.client(site.admin_token()) as client:
        functions = {f["name"] for f in client.call("core_webservice_get_site_info")["functions"]}
        missing = [name for name in CLEANUP_FUNCTIONS if name not in functions]
        if missing:  # never leave the run's course, users and category behind
            pytest.skip(f"the token cannot clean up after the suite: {', '.join(missing)}")
        yield client


@pytest.fixture(scope="session")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course's content with a category of this run's own, where everything it creates
    goes (and is deleted from at the end)."""
    repository = tmp_path_factory.mktemp("course")
    for folder in ("content", "quizzes"):  # unit.yml names quizzes from the repository's root
        shutil.copytree(REPO / folder, repository / folder)
    copy = repository / "content"
    plan = copy / "course.yml"
    text, count = re.subn(
        r"(?m)^(\s+category: ).*$", rf"\g<1>{CATEGORY}", plan.read_text(encoding="utf-8")
    )
    assert count == 1, "course.yml names the edition's category once"
    plan.write_text(text, encoding="utf-8")
    return copy


@pytest.fixture(scope="session")
def built(content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    build(content, out)
    return out


@pytest.fixture(scope="session")
def cli(site: RealSite, token: str, built: Path, content: Path) -> Cli:
    env = {
        **os.environ,
        "MOODLE_URL": site.url,
        "MOODLE_TOKEN": token,
        "LANG": "C.UTF-8",
        "LANGUAGE": "",
        "LC_ALL": "",
    }
    return Cli(env, built, content)


@pytest.fixture(scope="session")
def cleanup(admin: MoodleClient) -> Iterator[Callable[[str, int], None]]:
    """Register what a test made ('course' or 'user', id); it is deleted at the end of the run."""
    made: list[tuple[str, int]] = []
    yield lambda kind, ident: made.append((kind, ident))
    if os.environ.get("MOODLE_INTEGRATION_KEEP") == "1":
        return
    course_ids = [ident for kind, ident in made if kind == "course"]
    user_ids = [ident for kind, ident in made if kind == "user"]
    if course_ids:
        admin.call("core_course_delete_courses", courseids=course_ids)
    if user_ids:
        admin.call("core_user_delete_users", userids=user_ids)
    categories = admin.call(
        "core_course_get_categories", criteria=[{"key": "name", "value": CATEGORY}]
    )
    if categories:  # the run's own: whatever is left in it is the run's too
        admin.call(
            "core_course_delete_categories",
            categories=[{"id": int(category["id"]), "recursive": 1} for category in categories],
        )


@dataclass(frozen=True)
class Edition:
    code: str
    course_id: int


@pytest.fixture(scope="session")
def edition(cli: Cli, admin: MoodleClient, cleanup: Callable[[str, int], None]) -> Edition:
    """An edition of this run, deployed once."""
    code = f"IT-{RUN}"
    cli("deploy", "--edition", code)
    course = courses.find_course(admin, "idnumber", code)
    assert course is not None
    cleanup("course", int(course["id"]))
    return Edition(code, int(course["id"]))


@dataclass(frozen=True)
class Enrolled:
    csv: Path
    ids: dict[str, int]  # by username, in the file's order
    output: str  # what enrol printed


@pytest.fixture(scope="session")
def enrolled(
    cli: Cli,
    edition: Edition,
    admin: MoodleClient,
    cleanup: Callable[[str, int], None],
    tmp_path_factory: pytest.TempPathFactory,
) -> Enrolled:
    """Two learners of this run enrolled from a CSV; they joined today, so they may enter now."""
    today = dt.datetime.now(TIMEZONE).date().isoformat()
    csv = tmp_path_factory.mktemp("enrol") / "iscritti.csv"
    csv.write_text(
        "username,firstname,lastname,email,birthdate,education,joined\n"
        f"it{RUN}a,Anna,Esposito,it{RUN}a@example.org,1990-05-01,Diploma,{today}\n"
        f"it{RUN}b,Bruno,D'Amico,it{RUN}b@example.org,1985-02-03,Laurea,{today}\n",
        encoding="utf-8",
    )
    done = cli("enrol", str(csv), "--edition", edition.code, check=False)
    found = users.users_by_username(admin, [f"it{RUN}a", f"it{RUN}b"])
    for user in found.values():
        cleanup("user", int(user["id"]))
    assert done.returncode == 0, done.stdout + done.stderr
    return Enrolled(csv, {name: int(found[name]["id"]) for name in sorted(found)}, done.stdout)
