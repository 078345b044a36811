"""`scormgen validate` on any zip from anywhere: bounded memory and time, one line per package
it cannot judge, never a traceback, and the other packages are still checked."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scormgen.authoring.validate import MAX_ENTRIES, Problem, validate_package
from tests.conftest import SCHEMAS

REPO = Path(__file__).resolve().parents[2]
MANIFEST = b"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
 xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<organizations default="o"><organization identifier="o"><title>T</title>
<item identifier="i" identifierref="r"><title>L</title></item></organization></organizations>
<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html">
<file href="index.html"/></resource></resources></manifest>
"""
PAGE = b"<!doctype html><title>L</title><p>" + b"Testo della lezione. " * 40


def package(manifest: bytes = MANIFEST, **entries: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest)
        archive.writestr("index.html", PAGE)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def central_directory_edit(data: bytes, name: bytes, offset: int, fmt: str, value: int) -> bytes:
    """`data` with a field of `name`'s central directory record set to `value`."""
    start = data.index(b"PK\x01\x02" + data[data.index(b"PK\x01\x02") + 4 :][:0])
    while data[start + 46 : start + 46 + len(name)] != name:
        start = data.index(b"PK\x01\x02", start + 4)
    field = start + offset
    return data[:field] + struct.pack(fmt, value) + data[field + struct.calcsize(fmt) :]


def judged(tmp_path: Path, data: bytes, schemas=None) -> list[str]:
    path = tmp_path / "p.zip"
    path.write_bytes(data)
    return [str(problem) for problem in validate_package(path, schemas)]


def test_the_sample_package_is_valid(tmp_path, schema_set):
    assert judged(tmp_path, package(), schema_set) == []


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path):
    assert judged(tmp_path, package(**{"zeri.bin": bytes(30 * 1024**2)})) == [
        "error: zip entry 'zeri.bin' would expand 1028 times, to 31457280 bytes: refused as a "
        "zip bomb"
    ]


def test_a_zip_that_says_it_expands_to_gigabytes_is_refused(tmp_path):
    data = central_directory_edit(package(), b"index.html", 24, "<I", 0xFFFFFF00)
    assert judged(tmp_path, data) == [
        f"error: the zip would expand to {0xFFFFFF00 + len(MANIFEST)} bytes: at most 2147483648 "
        "are read"
    ]


def test_too_many_entries_are_refused(tmp_path):
    names = {f"f{n}.txt": b"" for n in range(MAX_ENTRIES)}
    assert judged(tmp_path, package(**names)) == [
        f"error: the zip holds {MAX_ENTRIES + 2} entries: at most {MAX_ENTRIES} are read"
    ]


def test_an_encrypted_entry_is_one_line(tmp_path):
    data = central_directory_edit(package(), b"index.html", 8, "<H", 0x1)
    assert judged(tmp_path, data) == [
        "error: zip entry 'index.html' is encrypted: an LMS cannot open it"
    ]


@pytest.mark.parametrize("method", [99, 12, 14])
def test_an_unsupported_compression_method_is_one_line(tmp_path, method):
    data = central_directory_edit(package(), b"index.html", 10, "<H", method)
    assert judged(tmp_path, data) == [
        f"error: zip entry 'index.html' uses compression method {method}: LMSs read only "
        "stored and deflated entries"
    ]


def test_a_corrupt_entry_is_one_line(tmp_path):
    data = bytearray(package())
    start = data.index(b"PK\x03\x04", 1)  # the page's local header; its data follows
    data[start + 30 + len("index.html") + 5] ^= 0xFF
    [problem] = judged(tmp_path, bytes(data))
    assert problem.startswith("error: zip entry 'index.html' is corrupt: ")
    assert "\n" not in problem


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE manifest [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE manifest SYSTEM "http://example.com/evil.dtd">',
        b'<!DOCTYPE manifest [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
)
def test_a_manifest_with_a_dtd_is_refused(tmp_path, doctype):
    manifest = MANIFEST.replace(b"?>\n", b"?>\n" + doctype + b"\n", 1).replace(
        b"<title>T</title>", b"<title>&x;&b;</title>" if b"ENTITY" in doctype else b"<title/>"
    )
    refused = [
        "error: imsmanifest.xml declares a DTD (<!DOCTYPE>): refused, since its entities can "
        "read other files or grow without end"
    ]
    assert judged(tmp_path, package(manifest)) == refused
    if (SCHEMAS / "scorm12").is_dir():  # and refused as well with the schemas
        from scormgen.authoring.xsd import SchemaSet

        assert judged(tmp_path, package(manifest), SchemaSet(SCHEMAS)) == refused


def test_validate_checks_every_package_even_after_broken_ones(tmp_path):
    good, bomb, corrupt = tmp_path / "good.zip", tmp_path / "bomb.zip", tmp_path / "bad.zip"
    good.write_bytes(package())
    bomb.write_bytes(package(**{"zeri.bin": bytes(30 * 1024**2)}))
    corrupt.write_bytes(package()[:-30])
    run = subprocess.run(
        [sys.executable, "-m", "scormgen", "validate", bomb, corrupt, tmp_path / "none.zip", good],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    lines = run.stdout.splitlines()
    assert run.returncode == 1 and run.stderr == ""
    assert [line.split(": ")[0] for line in lines] == [
        str(bomb),
        str(corrupt),
        str(tmp_path / "none.zip"),
        str(good),
    ]
    assert lines[-1] == f"{good}: OK"


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
SAMPLE = package()


@st.composite
def mutated_zips(draw: st.DrawFn) -> bytes:
    data = bytearray(SAMPLE)
    for _ in range(draw(st.integers(1, 8))):
        where = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            data[where] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[where : where + draw(st.integers(1, 64))]
        else:
            data[where:where] = draw(st.binary(min_size=1, max_size=16))
        if not data:
            break
    return bytes(data)


@st.composite
def mutated_manifests(draw: st.DrawFn) -> bytes:
    text = MANIFEST.decode()
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 20))
        insert = draw(
            st.sampled_from(['"', "<", ">", "&", "&x;", "<!DOCTYPE x>", "]]>", "\x00", "é"])
            | st.text(max_size=12)
        )
        text = text[:where] + insert + text[where + cut :]
    return package(text.encode("utf-8", "surrogatepass"))


def one_line_problems(data: bytes, folder: Path) -> None:
    path = folder / "fuzz.zip"
    path.write_bytes(data)
    problems = validate_package(path)
    assert all(isinstance(p, Problem) and "\n" not in p.message for p in problems)


@FUZZ
@given(data=mutated_zips())
def test_fuzz_mutated_zips_give_a_result_or_one_line_problems(data, tmp_path_factory):
    one_line_problems(data, tmp_path_factory.mktemp("zip"))


@FUZZ
@given(data=mutated_manifests())
def test_fuzz_mutated_manifests_give_a_result_or_one_line_problems(data, tmp_path_factory):
    one_line_problems(data, tmp_path_factory.mktemp("manifest"))
