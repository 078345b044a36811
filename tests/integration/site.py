"""The real Moodle the integration suite runs against: one on this machine, or any other.

On this machine, as ../shared/moodle-site/setup.sh builds it: MOODLE_INTEGRATION_SITE names
its folder (`/root/moodle-site`: the chroot, the exported Moodle code under src/,
tools/admin.token); MOODLE_INTEGRATION_URL its address (default http://127.0.0.1:8080). PHP
runs inside the chroot as the web server's user, as the site's own helpers do:
`/opt/tools/*.php`, or a script of this folder fed on standard input; the suite installs this
checkout's plugin there.

Any other site, a production-like one included: MOODLE_TEST_URL and MOODLE_TEST_TOKEN, a token
of a service with moodle-sync's functions and the ones the suite cleans up with (the plugin
installed by its administrator). What needs PHP on the site is skipped there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from moodle_sync.commands.plugin_zip import FOLDER, write_plugin_zip
from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.settings import Settings, Token

WEB_USER = "33:33"  # www-data in the chroot
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class RealSite:
    url: str
    root: Path | None = None  # the folder of a site built by setup.sh: PHP can run there
    token: str = ""  # the token given for a site reached through its web services only

    @classmethod
    def from_environment(cls) -> RealSite | str:
        """The configured site, or why the integration suite cannot run here."""
        folder = os.environ.get("MOODLE_INTEGRATION_SITE", "")
        url, token = os.environ.get("MOODLE_TEST_URL", ""), os.environ.get("MOODLE_TEST_TOKEN", "")
        if not folder and url and token:
            return cls(url.rstrip("/"), token=token)._answers("check MOODLE_TEST_URL")
        if not folder:
            return (
                "no real Moodle configured: set MOODLE_INTEGRATION_SITE to the folder of a site "
                "built by ../shared/moodle-site/setup.sh (e.g. /root/moodle-site), or "
                "MOODLE_TEST_URL and MOODLE_TEST_TOKEN"
            )
        site = cls(os.environ.get("MOODLE_INTEGRATION_URL", "http://127.0.0.1:8080"), Path(folder))
        if os.geteuid() != 0:
            return "the integration suite runs PHP in the site's chroot, which needs root"
        if not (site.chroot / "opt" / "tools").is_dir() or not site.plugin_dir.parent.is_dir():
            return f"{folder} is not a site built by ../shared/moodle-site/setup.sh"
        return site._answers("start it with tools/start.sh")

    def _answers(self, hint: str) -> RealSite | str:
        try:
            requests.get(self.url + "/login/index.php", timeout=10).raise_for_status()
        except requests.RequestException as exc:
            return f"the site at {self.url} does not answer ({exc}); {hint}"
        return self

    @property
    def chroot(self) -> Path:
        if self.root is None:
            pytest.skip("this needs PHP on the site: a site built by setup.sh on this machine")
        return self.root / "chroot"

    @property
    def plugin_dir(self) -> Path:
        return self.chroot.parent / "src" / "Modules" / "Moodle" / "public" / "local" / FOLDER

    def php(self, tool: str, *args: str) -> str:
        """Run one of the site's helpers (/opt/tools/TOOL); the last line it prints."""
        return self._run(["php", f"/opt/tools/{tool}", *args])

    def php_script(self, script: str, *args: str) -> str:
        """Run a PHP script of this folder inside the site; the last line it prints."""
        return self._run(["php", "--", *args], stdin=(HERE / script).read_bytes())

    def _run(self, command: list[str], stdin: bytes | None = None) -> str:
        done = subprocess.run(
            ["chroot", f"--userspec={WEB_USER}", str(self.chroot), *command],
            input=stdin,
            capture_output=True,
            timeout=600,
            check=False,
        )
        output = done.stdout.decode("utf-8", errors="replace").strip()
        if done.returncode != 0:
            raise AssertionError(
                f"{' '.join(command[:2])} failed: {done.stderr.decode(errors='replace')}{output}"
            )
        return output.splitlines()[-1] if output else ""

    def install_plugin(self, work: Path) -> bool:
        """Install this checkout's plugin as the docs say (zip, unzip into local/, upgrade);
        False when the site already runs these very files, or a later version of the plugin,
        which is kept (a warning says so): Moodle refuses to go back to an earlier version, and
        the site may be shared."""
        package = write_plugin_zip(work / "local_scormsync.zip")
        with zipfile.ZipFile(package) as archive:
            wanted = {
                name.removeprefix(f"{FOLDER}/"): archive.read(name)
                for name in archive.namelist()
                if not name.endswith("/")
            }
            installed = {
                p.relative_to(self.plugin_dir).as_posix(): p.read_bytes()
                for p in self.plugin_dir.rglob("*")
                if p.is_file()
            }
            if wanted == installed:
                return False
            ours, theirs = (
                _version(files.get("version.php", b"")) for files in (wanted, installed)
            )
            if theirs > ours:
                warnings.warn(
                    f"the site runs local_scormsync {theirs}, later than this checkout's {ours}: "
                    "the tests run against the site's",
                    stacklevel=2,
                )
                return False
            shutil.rmtree(self.plugin_dir, ignore_errors=True)
            archive.extractall(self.plugin_dir.parent)
        subprocess.run(["chown", "-R", WEB_USER, str(self.plugin_dir)], check=True)
        self._run(["php", "/opt/moodle/admin/cli/upgrade.php", "--non-interactive"])
        # Strings changed without a version change stay cached otherwise.
        self._run(["php", "/opt/moodle/admin/cli/purge_caches.php"])
        return True

    def admin_token(self) -> str:
        """The administrator's token of the site's 'wsclient' service (every function), or the
        token given for a site reached through its web services."""
        if self.root is None:
            return self.token
        return (self.root / "tools" / "admin.token").read_text(encoding="utf-8").strip()

    def client(self, token: str) -> MoodleClient:
        return MoodleClient(Settings(self.url, Token(token), timeout=300))


def _version(source: bytes) -> int:
    """The `$plugin->version` of a plugin's version.php (0 without one)."""
    found = re.search(rb"\$plugin->version\s*=\s*(\d+)", source)
    return int(found.group(1)) if found else 0
