"""Deterministic zips and atomic file writes.

The same files give byte-identical zips: entries sorted, one fixed timestamp
(SOURCE_DATE_EPOCH, else 1980-01-01), permissions 0644. Writes go to a temporary file in
the target folder and are renamed into place, so a failed build leaves no half-written file.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

_EPOCH_1980 = (1980, 1, 1, 0, 0, 0)


def _timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return _EPOCH_1980
    stamp = time.gmtime(int(epoch))[:6]
    return max(stamp, _EPOCH_1980)  # zip cannot store dates before 1980


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """A zip of `files` (archive path → content)."""
    stamp = _timestamp()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, so the permissions are read back as written
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_zip(path: Path, files: Mapping[str, bytes]) -> None:
    write_atomic(path, zip_bytes(files))
