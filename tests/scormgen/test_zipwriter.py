import io
import zipfile

import pytest

from scormgen import zipwriter
from scormgen.zipwriter import atomic_write, deterministic_zip


def test_entry_order_does_not_change_the_bytes():
    first = deterministic_zip({"b.txt": b"2", "a.txt": b"1"})
    second = deterministic_zip({"a.txt": b"1", "b.txt": b"2"})
    assert first == second
    assert zipfile.ZipFile(io.BytesIO(first)).namelist() == ["a.txt", "b.txt"]


def test_timestamps_before_1980_are_clamped(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    info = zipfile.ZipFile(io.BytesIO(deterministic_zip({"a": b""}))).infolist()[0]
    assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_atomic_write_replaces_whole_files(tmp_path):
    target = tmp_path / "sub" / "out.zip"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two" and list(target.parent.iterdir()) == [target]


def test_atomic_write_failure_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.zip"
    atomic_write(target, b"old")

    def fail(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(zipwriter.os, "replace", fail)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old" and list(tmp_path.iterdir()) == [target]
