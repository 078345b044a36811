"""The Moodle local plugin shipped in moodle_plugin/, packed as the zip Moodle's plugin installer takes."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from moodle_sync.moodle.site import PLUGIN

SOURCE = Path(__file__).parents[1] / "moodle_plugin"
FOLDER = PLUGIN.removeprefix("local_")  # Moodle installs local_x from a zip whose top folder is x/
FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def plugin_files() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def write_plugin_zip(out: Path) -> Path:
    """Write the installable zip atomically; the same sources always give the same bytes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in plugin_files():
                entry = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(SOURCE).as_posix()}", FIXED_TIME)
                entry.external_attr = 0o644 << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, path.read_bytes())
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out
