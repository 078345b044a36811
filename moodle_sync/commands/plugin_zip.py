"""The Moodle plugin shipped in moodle_plugin/, zipped as Moodle's plugin installer takes it."""

from __future__ import annotations

from pathlib import Path

from course_model.output import atomic_write, refuse_replacing
from course_model.zipfiles import deterministic_zip
from moodle_sync.moodle.site import PLUGIN

SOURCE = Path(__file__).parents[1] / "moodle_plugin"
FOLDER = PLUGIN.removeprefix("local_")  # Moodle installs local_x from a zip whose top folder is x/


def plugin_files() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def write_plugin_zip(out: Path) -> Path:
    """Write the installable zip atomically; the same sources always give the same bytes."""
    sources = plugin_files()
    refuse_replacing([out], sources)
    atomic_write(
        out,
        deterministic_zip(
            {
                f"{FOLDER}/{path.relative_to(SOURCE).as_posix()}": path.read_bytes()
                for path in sources
            }
        ),
    )
    return out
