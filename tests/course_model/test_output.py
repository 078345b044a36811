from pathlib import Path

import pytest

from course_model import output
from course_model.errors import CourseError
from course_model.output import atomic_write, staged_output, write_synced


def test_atomic_write_replaces_whole_files(tmp_path):
    target = tmp_path / "sub" / "out.zip"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two" and list(target.parent.iterdir()) == [target]
    assert target.stat().st_mode & 0o777 == 0o644


def test_atomic_write_failure_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.zip"
    atomic_write(target, b"old")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", fail)
    with pytest.raises(CourseError, match=f"{target}: cannot write here: disk full"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old" and list(tmp_path.iterdir()) == [target]


def test_staged_files_replace_theirs_and_leave_the_others(tmp_path):
    out = tmp_path / "build"
    atomic_write(out / "scorm12" / "uf1.zip", b"old")
    atomic_write(out / "notes.txt", b"mine")
    with staged_output(out) as staging:
        assert staging.parent == out and staging.name.startswith(".staging-")
        write_synced(staging / "scorm12" / "uf1.zip", b"new")
        write_synced(staging / "qti21" / "uf1.zip", b"quiz")
        assert (out / "scorm12" / "uf1.zip").read_bytes() == b"old"  # nothing moves before the end
    assert (out / "scorm12" / "uf1.zip").read_bytes() == b"new"
    assert (out / "qti21" / "uf1.zip").read_bytes() == b"quiz"
    assert (out / "notes.txt").read_bytes() == b"mine"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "qti21", "scorm12"]


@pytest.mark.parametrize("existing", [False, True])
def test_a_failure_while_staging_changes_nothing(tmp_path, existing):
    out = tmp_path / "build"
    if existing:
        atomic_write(out / "scorm12" / "uf1.zip", b"old")
    with pytest.raises(ValueError):
        with staged_output(out) as staging:
            write_synced(staging / "scorm12" / "uf1.zip", b"new")
            raise ValueError("unit 2 is broken")
    if existing:
        assert [p.relative_to(out) for p in out.rglob("*")] == [
            Path("scorm12"),
            Path("scorm12/uf1.zip"),
        ]
        assert (out / "scorm12" / "uf1.zip").read_bytes() == b"old"
    else:
        assert list(tmp_path.iterdir()) == []
