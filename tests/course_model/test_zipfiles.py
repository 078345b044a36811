import io
import zipfile

from course_model import zipfiles as zipwriter
from course_model.zipfiles import Deflated, deterministic_zip


def test_entry_order_does_not_change_the_bytes():
    first = deterministic_zip({"b.txt": b"2", "a.txt": b"1"})
    second = deterministic_zip({"a.txt": b"1", "b.txt": b"2"})
    assert first == second
    assert zipfile.ZipFile(io.BytesIO(first)).namelist() == ["a.txt", "b.txt"]


ENTRIES = {"imsmanifest.xml": b"<manifest/>" * 50, "shared/runtime.js": bytes(range(256)) * 40,
           "lezione-perché.html": "<p>È così</p>".encode() * 30, "vuoto.txt": b""}


def _zipfile_writes(entries: dict[str, bytes], timestamp: tuple[int, ...], comment: bytes) -> bytes:
    """The same entries written by Python's zipfile with the settings deterministic_zip promises."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=timestamp)
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 3, 0o100644 << 16
            archive.writestr(info, entries[name], compresslevel=zipwriter.COMPRESSION_LEVEL)
        archive.comment = comment
    return buffer.getvalue()


def test_records_are_those_pythons_zipfile_writes(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    ours = deterministic_zip(ENTRIES, b"scormgen")
    assert ours == _zipfile_writes(ENTRIES, (2026, 1, 1, 0, 0, 0), b"scormgen")
    with zipfile.ZipFile(io.BytesIO(ours)) as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == ENTRIES
        assert all(info.external_attr >> 16 == 0o100644 for info in archive.infolist())


def test_packages_sharing_files_compress_each_once():
    deflated = Deflated()
    first = deterministic_zip(ENTRIES, deflated=deflated)
    renamed = {f"qti/{name}": data for name, data in ENTRIES.items()}
    assert deterministic_zip(renamed, deflated=deflated) == deterministic_zip(renamed)
    assert first == deterministic_zip(ENTRIES)
    assert len(deflated._by_data) == len(ENTRIES)


def test_timestamps_before_1980_are_clamped(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    info = zipfile.ZipFile(io.BytesIO(deterministic_zip({"a": b""}))).infolist()[0]
    assert info.date_time == (1980, 1, 1, 0, 0, 0)
