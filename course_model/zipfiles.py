"""Reproducible zips: the same entries give the same bytes, whoever writes them (packages, plugin).

Entries sorted, one fixed timestamp (SOURCE_DATE_EPOCH when set, else 1980-01-01), fixed
permissions (rw-r--r--, made on Unix so they are honoured) and compression level.
"""

from __future__ import annotations

import io
import os
import time
import zipfile

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
COMPRESSION_LEVEL = 6


def fixed_timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return ZIP_EPOCH
    stamp = time.gmtime(max(int(epoch), 315532800))  # zip cannot store dates before 1980
    return (
        stamp.tm_year,
        stamp.tm_mon,
        stamp.tm_mday,
        stamp.tm_hour,
        stamp.tm_min,
        stamp.tm_sec & ~1,
    )


def deterministic_zip(entries: dict[str, bytes], comment: bytes = b"") -> bytes:
    timestamp = fixed_timestamp()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=timestamp)
            info.compress_type, info.create_system, info.external_attr = (
                zipfile.ZIP_DEFLATED,
                3,
                0o100644 << 16,
            )
            archive.writestr(info, entries[name], compresslevel=COMPRESSION_LEVEL)
        archive.comment = comment
    return buffer.getvalue()
