"""Writing outputs so that readers never see part of a file, and a failed build changes nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from course_model.errors import CourseError
from course_model.i18n import t


def write_synced(path: Path, data: bytes) -> None:
    """Write `data` to `path` (rw-r--r--, whatever the umask) and wait until it is on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o644)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part.

    A path that cannot be written (a folder, a place without the right to write) is a
    CourseError naming it, not the temporary file beside it."""
    if path.is_dir():
        raise CourseError(t("this is a folder: name a file to write"), path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _unwritable(path, exc) from None
    os.close(fd)
    try:
        write_synced(Path(tmp), data)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(path, exc) from None
        raise


def _unwritable(path: Path, exc: OSError) -> CourseError:
    return CourseError(t("cannot write here: {reason}", reason=exc.strerror or exc), path)


@contextmanager
def staged_output(out: Path) -> Iterator[Path]:
    """A hidden folder inside `out` for a build to write its files into, in parallel if it likes.

    When the block ends without an error, each file replaces its counterpart in `out` (other
    files there stay); when it ends with one, the folder is removed and `out` is left as it was.
    Staging inside `out` keeps the moves on one file system, even when `out` is a mount point.
    """
    if out.exists() and not out.is_dir():
        raise CourseError(t("{path} is a file; the build's output goes in a folder", path=out))
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out, prefix=".staging-"))
    try:
        yield staging
        for source in sorted(path for path in staging.rglob("*") if path.is_file()):
            target = out / source.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    except BaseException:
        if created:
            shutil.rmtree(out, ignore_errors=True)  # nothing in it but what this build put there
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
