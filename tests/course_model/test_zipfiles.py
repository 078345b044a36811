import io
import zipfile

from course_model.zipfiles import deterministic_zip


def test_entry_order_does_not_change_the_bytes():
    first = deterministic_zip({"b.txt": b"2", "a.txt": b"1"})
    second = deterministic_zip({"a.txt": b"1", "b.txt": b"2"})
    assert first == second
    assert zipfile.ZipFile(io.BytesIO(first)).namelist() == ["a.txt", "b.txt"]


ENTRIES = {
    "imsmanifest.xml": b"<manifest/>" * 50,
    "shared/runtime.js": bytes(range(256)) * 40,
    "lezione-perché.html": "<p>È così</p>".encode() * 30,
    "vuoto.txt": b"",
}


def test_entries_are_readable_with_fixed_time_permissions_and_compression(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    ours = deterministic_zip(ENTRIES, b"scormgen")
    with zipfile.ZipFile(io.BytesIO(ours)) as archive:
        assert archive.testzip() is None and archive.comment == b"scormgen"
        assert {name: archive.read(name) for name in archive.namelist()} == ENTRIES
        infos = archive.infolist()
        assert {
            (i.date_time, i.external_attr >> 16, i.create_system, i.compress_type) for i in infos
        } == {((2026, 1, 1, 0, 0, 0), 0o100644, 3, zipfile.ZIP_DEFLATED)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225602")
    assert deterministic_zip(ENTRIES, b"scormgen") != ours  # the timestamp is in the bytes


def test_timestamps_before_1980_are_clamped(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    info = zipfile.ZipFile(io.BytesIO(deterministic_zip({"a": b""}))).infolist()[0]
    assert info.date_time == (1980, 1, 1, 0, 0, 0)
