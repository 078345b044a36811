"""Reproducible zips.

The same entries give the same bytes: entries sorted, one fixed timestamp (SOURCE_DATE_EPOCH
when set, else 1980-01-01), fixed permissions and creator system, fixed compression level.
The records are written here rather than by zipfile (they are the bytes zipfile would write)
so that packages sharing files can share their deflated contents.
"""

from __future__ import annotations

import os
import struct
import time
import zlib

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
COMPRESSION_LEVEL = 6


def fixed_timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return ZIP_EPOCH
    stamp = time.gmtime(max(int(epoch), 315532800))  # zip cannot store dates before 1980
    return (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min, stamp.tm_sec & ~1)


class Deflated:
    """Deflated file contents by content: packages that share files (the SCORM 1.2 and 2004
    packages of a unit, its QTI package) compress each file once."""

    def __init__(self) -> None:
        self._by_data: dict[bytes, tuple[int, bytes]] = {}

    def __call__(self, data: bytes) -> tuple[int, bytes]:
        """CRC-32 and raw deflate stream of `data`."""
        found = self._by_data.get(data)
        if found is None:
            compressor = zlib.compressobj(COMPRESSION_LEVEL, zlib.DEFLATED, -15)
            found = self._by_data[data] = (zlib.crc32(data), compressor.compress(data) + compressor.flush())
        return found


def deterministic_zip(entries: dict[str, bytes], comment: bytes = b"", deflated: Deflated | None = None) -> bytes:
    """A zip of `entries`, written record by record as the zip specification lays them out."""
    deflate = deflated or Deflated()
    time_, date = _dos_time(fixed_timestamp())
    local, central = [], []
    offset = 0
    for name in sorted(entries):
        data = entries[name]
        crc, stream = deflate(data)
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAME
        fields = (_VERSION, flags, _DEFLATE, time_, date, crc, len(stream), len(data), len(encoded))
        local += [_LOCAL_HEADER.pack(b"PK\x03\x04", *fields, 0), encoded, stream]
        central += [_CENTRAL_HEADER.pack(b"PK\x01\x02", _VERSION, _UNIX, *fields, 0, 0, 0, 0, _FILE_MODE, offset),
                    encoded]
        offset += _LOCAL_HEADER.size + len(encoded) + len(stream)
    directory = b"".join(central)
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, len(comment))
    return b"".join(local) + directory + end + comment


# Zip records (APPNOTE 4.3.7, 4.3.12, 4.3.16): version 2.0 (deflate), made on Unix so that the
# permission bits are honoured, regular file rw-r--r--.
_LOCAL_HEADER = struct.Struct("<4sHHHHHLLLHH")
_CENTRAL_HEADER = struct.Struct("<4sBBHHHHHLLLHHHHHLL")
_END_RECORD = struct.Struct("<4sHHHHLLH")
_VERSION = 20
_DEFLATE = 8
_UNIX = 3
_UTF8_NAME = 0x800
_FILE_MODE = 0o100644 << 16


def _dos_time(stamp: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = stamp
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
